//! The camp page: what the camp is, its days, slots and rooms. Later issues fill it with the
//! board, the grid and the schedule.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || camp.get().map(|c| match c {
                Ok(c) => view! { <CampOverview camp=c board pitch/> }.into_any(),
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
        <SessionBoard slug=camp.slug.clone() board pitch/>
    }
}

/// Pitches and interest. (Live updates from other people follow with the push channel.)
#[component]
fn SessionBoard(
    slug: String,
    board: BoardResource,
    pitch: ServerAction<PitchSession>,
) -> impl IntoView {
    let card_slug = slug.clone();
    view! {
        <section class="stack board" aria-labelledby="board-title">
            <h2 id="board-title">{tr(Msg::BoardTitle)}</h2>
            <Suspense>
                {move || board.get().and_then(|b| b.ok()).map(|b| {
                    let slug = card_slug.clone();
                    view! {
                        <PitchForm slug=slug.clone() long_sessions=b.long_sessions action=pitch/>
                        {b.sessions.is_empty().then(|| view! { <p class="empty">{tr(Msg::NoSessions)}</p> })}
                        <ul class="session-list">
                            {b.sessions.into_iter().map(|s| view! {
                                <SessionCard slug=slug.clone() session=s voting_open=b.voting_open/>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
    }
}
