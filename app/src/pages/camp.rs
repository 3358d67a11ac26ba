//! The camp page: what the camp is, its days, slots and rooms. Later issues fill it with the
//! board, the grid and the schedule.
use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::LoadError;
use crate::api::{get_board, get_camp, CampView, PitchSession};
use crate::components::board::{PitchForm, SessionCard};
use crate::components::form::count_successes;

type BoardResource = Resource<Result<crate::api::Board, crate::error::AppError>>;
use crate::components::camp_plan::{DayList, RoomList};
use crate::domain::Role;
use crate::i18n::{tr, Msg};

#[component]
pub fn CampPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let camp = Resource::new(slug, get_camp);
    // Resources live here, not in the views below: the server may render those twice, and a
    // resource created twice breaks hydration.
    let pitch = ServerAction::<PitchSession>::new();
    let pitched = RwSignal::new(0u32);
    count_successes(pitch, pitched);
    let board = Resource::new(move || (slug(), pitched.get()), |(s, _)| get_board(s));
    let live_counts = RwSignal::new(HashMap::new());
    listen(slug, pitched, live_counts);
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || camp.get().map(|c| match c {
                Ok(c) => view! { <CampOverview camp=c board pitch live_counts/> }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CampOverview(
    camp: CampView,
    board: BoardResource,
    pitch: ServerAction<PitchSession>,
    live_counts: RwSignal<HashMap<Uuid, i64>>,
) -> impl IntoView {
    let settings = format!("/c/{}/settings", camp.slug);
    view! {
        <Title text=camp.name.clone()/>
        <div class="page-head">
            <h1>{camp.name.clone()}</h1>
            <p class="lead">{tr(Msg::CampLead)}</p>
            {(camp.my_role == Role::Moderator).then(|| view! {
                <p class="page-actions">
                    <a class="btn btn-secondary" href=settings>{tr(Msg::OpenSettings)}</a>
                </p>
            })}
        </div>
        {(!camp.description.is_empty()).then(|| view! { <p class="camp-description">{camp.description.clone()}</p> })}
        <p class="muted">{camp.member_count} " " {tr(Msg::MembersCount)}</p>
        <div class="grid-2">
            <section class="card" aria-labelledby="camp-days">
                <h2 id="camp-days">{tr(Msg::CampDays)}</h2>
                <DayList days=camp.days.clone() camp=None/>
            </section>
            <section class="card" aria-labelledby="camp-rooms">
                <h2 id="camp-rooms">{tr(Msg::CampRooms)}</h2>
                <RoomList rooms=camp.rooms.clone() camp=None/>
            </section>
        </div>
        <SessionBoard slug=camp.slug.clone() long_sessions=camp.long_sessions board pitch live_counts/>
    }
}

/// Pitches and interest, updated live: the list reloads when someone pitches, counts change in
/// place. The pitch form stays outside the reloading part, so nothing typed is lost.
#[component]
fn SessionBoard(
    slug: String,
    long_sessions: bool,
    board: BoardResource,
    pitch: ServerAction<PitchSession>,
    live_counts: RwSignal<HashMap<Uuid, i64>>,
) -> impl IntoView {
    let card_slug = slug.clone();
    view! {
        <section class="stack board" aria-labelledby="board-title">
            <h2 id="board-title">{tr(Msg::BoardTitle)}</h2>
            <PitchForm slug long_sessions action=pitch/>
            <Transition>
                {move || board.get().and_then(|b| b.ok()).map(|b| {
                    let slug = card_slug.clone();
                    view! {
                        {b.sessions.is_empty().then(|| view! { <p class="empty">{tr(Msg::NoSessions)}</p> })}
                        <ul class="session-list">
                            {b.sessions.into_iter().map(|s| view! {
                                <SessionCard slug=slug.clone() session=s voting_open=b.voting_open live_counts/>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Transition>
        </section>
    }
}

/// Follows the camp's live channel: a pitch (or a missed event) reloads the board, a vote
/// count is applied in place. The browser's EventSource reconnects by itself; after a
/// reconnect the board is reloaded, so nothing that happened meanwhile is missed.
fn listen(
    slug: impl Fn() -> String + 'static,
    reload: RwSignal<u32>,
    counts: RwSignal<HashMap<Uuid, i64>>,
) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Ok(source) = web_sys::EventSource::new(&format!("/c/{}/events", slug())) else {
            return;
        };
        let last_seq = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data().as_string().unwrap_or_default();
                let event: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
                let seq = event["seq"].as_u64().unwrap_or(0);
                let gap = last_seq.get() != 0 && seq != last_seq.get() + 1;
                last_seq.set(seq);
                let session = event["session"]
                    .as_str()
                    .and_then(|s| Uuid::parse_str(s).ok());
                match (event["kind"].as_str(), session, event["count"].as_i64()) {
                    (Some("VoteCountChanged"), Some(id), Some(count)) if !gap => {
                        counts.update(|m| {
                            m.insert(id, count);
                        })
                    }
                    (Some("VoteCountChanged"), _, None) if !gap => {}
                    _ => reload.update(|n| *n += 1),
                }
            });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // The first `open` is the initial connection; every later one is a reconnect.
        let opened = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if opened.replace(true) {
                reload.update(|n| *n += 1);
            }
        });
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        on_open.forget();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (slug, reload, counts);
}
