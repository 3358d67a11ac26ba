//! Days with their slots, and rooms: shown on the camp page, editable on the settings page.
use leptos::prelude::*;

use crate::api::{DeleteRoom, DeleteSlot, UpdateRoom};
use crate::components::form::{action_error, count_successes, FormStatus, TextField};
use crate::domain::{ROOM_NAME_MAX, URL_MAX};
use crate::i18n::{format_date, tr, tr_with, use_lang, Arg, Msg, Phrase};
use crate::view::{DayView, RoomView};

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
                            let aria = tr_with(Phrase::DeleteSlot, &[Arg::Text("date", &date), Arg::Text("time", &label)]);
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
    camp: Option<(String, ServerAction<DeleteRoom>, RwSignal<u32>)>,
) -> impl IntoView {
    if rooms.is_empty() {
        return view! { <p class="empty">{tr(Msg::NoRooms)}</p> }.into_any();
    }
    view! {
        <ul class="list">
            {rooms.into_iter().map(|room| {
                let editor = camp.clone().map(|(slug, _, changes)| view! { <RoomEditor slug room=room.clone() changes/> });
                let delete = camp.clone().map(|(slug, action, _)| {
                    let aria = tr_with(Phrase::DeleteRoom, &[Arg::Text("room", &room.name)]);
                    view! {
                        <ActionForm action>
                            <input type="hidden" name="camp" value=slug/>
                            <input type="hidden" name="room" value=room.id.to_string()/>
                            <button class="btn btn-secondary btn-small" type="submit" aria-label=aria>{tr(Msg::Delete)}</button>
                        </ActionForm>
                    }
                });
                let join_label = tr_with(Phrase::JoinRoom, &[Arg::Text("room", &room.name)]);
                view! {
                    <li class="list-row">
                        <span>
                            <strong>{room.name.clone()}</strong>
                            <span class="muted">" · " {tr_with(Phrase::Seats, &[Arg::Num("n", room.capacity)])}</span>
                        </span>
                        <span class="cluster">
                            <a href=room.video_url.clone() rel="noopener noreferrer" target="_blank" aria-label=join_label>{tr(Msg::JoinRoom)}</a>
                            {delete}
                        </span>
                        {editor}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Edits one room in place: its own action, so messages appear at this room's fields only.
#[component]
fn RoomEditor(slug: String, room: RoomView, changes: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<UpdateRoom>::new();
    count_successes(action, changes);
    let error = action_error(action);
    let prefix = format!("room-{}", room.id.simple());
    view! {
        <details class="room-editor">
            <summary>{tr(Msg::EditRoom)} <span class="sr-only">" " {room.name.clone()}</span></summary>
            <ActionForm action attr:class="form stack" attr:novalidate=true>
                <FormStatus error/>
                <input type="hidden" name="camp" value=slug/>
                <input type="hidden" name="room" value=room.id.to_string()/>
                <TextField id=format!("{prefix}-name") name="name" label=Msg::FieldRoomName value=room.name required=true maxlength=ROOM_NAME_MAX error/>
                <TextField id=format!("{prefix}-url") name="video_url" label=Msg::FieldVideoUrl kind="url" value=room.video_url required=true maxlength=URL_MAX error/>
                <TextField id=format!("{prefix}-capacity") name="capacity" label=Msg::FieldCapacity kind="number" value=room.capacity.to_string() required=true error/>
                <div class="form-actions">
                    <button class="btn btn-primary btn-small" type="submit">{tr(Msg::Save)}</button>
                </div>
            </ActionForm>
        </details>
    }
}
