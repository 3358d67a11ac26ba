//! Days with their slots, and rooms: shown on the camp page, editable on the settings page.
use leptos::prelude::*;

use crate::api::{DayView, DeleteRoom, DeleteSlot, RoomView};
use crate::i18n::{format_date, tr, use_lang, Msg};

/// With `camp` set (moderators on the settings page) each entry gets a delete button whose
/// action is `(slug, delete action)`.
#[component]
pub fn DayList(
    days: Vec<DayView>,
    camp: Option<(String, ServerAction<DeleteSlot>)>,
) -> impl IntoView {
    let lang = use_lang();
    if days.is_empty() {
        return view! { <p class="empty">{tr(Msg::NoSlots)}</p> }.into_any();
    }
    days.into_iter()
        .map(|day| {
            let camp = camp.clone();
            let date = format_date(lang, day.date);
            view! {
                <h3 class="day-title">{date.clone()}</h3>
                <ul class="list">
                    {day.slots.into_iter().map(|slot| {
                        let label = format!("{}–{}", slot.starts, slot.ends);
                        let delete = camp.clone().map(|(slug, action)| {
                            let aria = format!("{} {date} {label}", tr(Msg::DeleteSlotLabel));
                            view! {
                                <ActionForm action>
                                    <input type="hidden" name="camp" value=slug/>
                                    <input type="hidden" name="slot" value=slot.id.to_string()/>
                                    <button class="btn btn-secondary btn-small" type="submit" aria-label=aria>{tr(Msg::Delete)}</button>
                                </ActionForm>
                            }
                        });
                        view! {
                            <li class="list-row">
                                <span>{label.clone()}</span>
                                {delete}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
pub fn RoomList(
    rooms: Vec<RoomView>,
    camp: Option<(String, ServerAction<DeleteRoom>)>,
) -> impl IntoView {
    if rooms.is_empty() {
        return view! { <p class="empty">{tr(Msg::NoRooms)}</p> }.into_any();
    }
    view! {
        <ul class="list">
            {rooms.into_iter().map(|room| {
                let delete = camp.clone().map(|(slug, action)| {
                    let aria = format!("{} {}", tr(Msg::DeleteRoomLabel), room.name);
                    view! {
                        <ActionForm action>
                            <input type="hidden" name="camp" value=slug/>
                            <input type="hidden" name="room" value=room.id.to_string()/>
                            <button class="btn btn-secondary btn-small" type="submit" aria-label=aria>{tr(Msg::Delete)}</button>
                        </ActionForm>
                    }
                });
                let join_label = format!("{}: {}", tr(Msg::JoinRoom), room.name);
                view! {
                    <li class="list-row">
                        <span>
                            <strong>{room.name.clone()}</strong>
                            <span class="muted">" · " {room.capacity} " " {tr(Msg::CapacityShort)}</span>
                        </span>
                        <span class="cluster">
                            <a href=room.video_url.clone() rel="noopener noreferrer" target="_blank" aria-label=join_label>{tr(Msg::JoinRoom)}</a>
                            {delete}
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
