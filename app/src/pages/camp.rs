//! The camp page: what the camp is, its days, slots and rooms, and the session board with
//! pitching, search and interest marks, updated live.
use std::collections::HashSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::LoadError;
use crate::api::{get_board, get_camp, PitchSession};
use crate::components::board::{BoardFilters, PitchForm, SessionCard};
use crate::components::camp_plan::{DayList, RoomList};
use crate::components::form::count_successes;
use crate::components::live::{use_live, Live, PublishedNotice};
use crate::components::session_form::SessionChoices;
use crate::domain::{BoardQuery, Role};
use crate::error::AppError;
use crate::i18n::{tr, tr_with, use_lang, Arg, Msg, Phrase};
use crate::view::{Board, CampView};

type BoardResource = Resource<Result<Board, AppError>>;

/// The search form's fields in the page address.
type QueryArgs = (String, String, String, String);

#[component]
pub fn CampPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let args = Memo::new(move |_| {
        let q = query.read();
        let arg = |k: &str| q.get(k).unwrap_or_default();
        (arg("q"), arg("format"), arg("tag"), arg("sort"))
    });
    let camp = Resource::new(slug, get_camp);
    // Resources live here, not in the views below: the server may render those twice, and a
    // resource created twice breaks hydration.
    let pitch = ServerAction::<PitchSession>::new();
    let live = use_live(slug);
    count_successes(pitch, live.reload);
    let board = Resource::new(
        move || (slug(), args.get(), live.reload.get()),
        |(s, (q, format, tag, sort), _)| get_board(s, Some(q), Some(format), Some(tag), Some(sort)),
    );
    let marks = RwSignal::new(0i64);
    let announcement = follow_board(board, args, live, marks);
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || camp.get().map(|c| match c {
                Ok(c) => view! { <CampOverview camp=c board pitch live marks announcement args/> }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// Keeps the page's counts and marks in step with each fresh board, and returns what to
/// announce to screen readers: the titles of sessions that appeared since the last board of
/// the same search.
fn follow_board(
    board: BoardResource,
    args: Memo<QueryArgs>,
    live: Live,
    marks: RwSignal<i64>,
) -> RwSignal<String> {
    let announcement = RwSignal::new(String::new());
    let known: StoredValue<Option<(QueryArgs, HashSet<Uuid>)>> = StoredValue::new(None);
    let lang = use_lang();
    Effect::new(move |_| {
        let Some(Ok(b)) = board.get() else { return };
        live.reset_counts(b.sessions.iter().map(|s| (s.id, s.votes)));
        marks.set(b.marks_used);
        let current = args.get_untracked();
        let ids: HashSet<Uuid> = b.sessions.iter().map(|s| s.id).collect();
        if let Some((prev_args, prev)) = known.get_value() {
            let new: Vec<&str> = b
                .sessions
                .iter()
                .filter(|s| !prev.contains(&s.id))
                .map(|s| s.title.as_str())
                .collect();
            if prev_args == current && !new.is_empty() {
                let titles = new.join("; ");
                announcement.set(Phrase::NewSessions.fill(
                    lang,
                    &[
                        Arg::Num("n", new.len() as i64),
                        Arg::Text("titles", &titles),
                    ],
                ));
            }
        }
        known.set_value(Some((current, ids)));
    });
    announcement
}

#[component]
fn CampOverview(
    camp: CampView,
    board: BoardResource,
    pitch: ServerAction<PitchSession>,
    live: Live,
    marks: RwSignal<i64>,
    announcement: RwSignal<String>,
    args: Memo<QueryArgs>,
) -> impl IntoView {
    let settings = format!("/c/{}/settings", camp.slug);
    let grid = format!("/c/{}/grid", camp.slug);
    let (filter_slug, hidden_slug) = (camp.slug.clone(), camp.slug.clone());
    let latest = move || board.get().and_then(Result::ok);
    let choices = SessionChoices {
        long_sessions: camp.long_sessions,
        people: Signal::derive(move || latest().map(|b| b.people)),
        tags: Signal::derive(move || latest().map(|b| b.tags)),
    };
    view! {
        <Title text=camp.name.clone()/>
        // People come to read and vote: a short head, then the sessions; what the camp is
        // about follows below the board.
        <div class="page-head page-head-compact">
            <h1>{camp.name.clone()}</h1>
            <p class="page-actions">
                <a class="btn btn-primary" href=format!("/c/{}/schedule", camp.slug)>{tr(Msg::OpenSchedule)}</a>
                {(camp.my_role == Role::Moderator || camp.self_service_slots).then(|| view! {
                    <a class="btn btn-secondary" href=grid>{tr(Msg::OpenGrid)}</a>
                })}
                {(camp.my_role == Role::Moderator).then(|| view! {
                    <a class="btn btn-secondary" href=settings>{tr(Msg::OpenSettings)}</a>
                })}
            </p>
        </div>
        <OfflineNote live/>
        <PublishedNotice live time_zone=camp.time_zone.clone() title=Msg::GridPublishedNotice gone=Phrase::LeftGrid/>
        <div class="sr-only" aria-live="polite" aria-atomic="true">{move || announcement.get()}</div>
        <section class="stack board" aria-labelledby="board-title">
            <div class="board-head">
                <h2 id="board-title">{tr(Msg::BoardTitle)}</h2>
                <PitchForm slug=camp.slug.clone() choices action=pitch/>
            </div>
            {move || {
                let (q, format, tag, sort) = args.get();
                let query = BoardQuery::parse(&q, &format, &tag, &sort);
                view! { <BoardFilters slug=filter_slug.clone() query tags=choices.tags/> }
            }}
            <Transition>
                {move || board.get().map(|b| match b {
                    Ok(b) => view! { <BoardSummary board=b marks args/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                })}
                <SessionList slug=camp.slug.clone() board live marks/>
                {move || latest().map(|b| view! { <HiddenSessions slug=hidden_slug.clone() board=b/> })}
            </Transition>
        </section>
        <section class="about" aria-labelledby="camp-about">
            <h2 id="camp-about">{tr(Msg::AboutCamp)}</h2>
            {(!camp.description.is_empty()).then(|| view! { <p class="camp-description">{camp.description.clone()}</p> })}
            <p class="muted">{tr_with(Phrase::Participants, &[Arg::Num("n", camp.member_count as i64)])}</p>
        </section>
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
    }
}

/// A quiet line while the live channel is down; the page catches up when it is back.
#[component]
pub fn OfflineNote(live: Live) -> impl IntoView {
    view! {
        <p class="notice notice-offline" role="status" hidden=move || live.online.get()>
            {tr(Msg::Offline)}
        </p>
    }
}

/// Notes on voting and how many sessions the search found.
#[component]
fn BoardSummary(board: Board, marks: RwSignal<i64>, args: Memo<QueryArgs>) -> impl IntoView {
    let lang = use_lang();
    let (q, format, tag, sort) = args.get_untracked();
    let filtered = BoardQuery::parse(&q, &format, &tag, &sort).is_filtered();
    let shown = board.sessions.iter().filter(|s| !s.hidden).count();
    let budget = board.rules.vote_budget;
    view! {
        <VotingNotes rules=board.rules.clone() budget marks/>
        {(board.total == 0).then(|| view! { <p class="empty">{tr(Msg::NoSessions)}</p> })}
        {(board.total > 0 && shown == 0).then(|| view! { <p class="empty">{tr(Msg::NoMatches)}</p> })}
        {filtered.then(|| view! {
            <p class="muted" role="status">{Phrase::ShowingOf.fill(lang, &[Arg::Num("shown", shown as i64), Arg::Num("n", board.total as i64)])}</p>
        })}
    }
}

/// The sessions, rendered once and then diffed: cards are keyed by what they show, so a reload
/// re-renders only changed cards, and the keyboard focus stays where it is.
#[component]
fn SessionList(
    slug: String,
    board: BoardResource,
    live: Live,
    marks: RwSignal<i64>,
) -> impl IntoView {
    let latest = move || board.get().and_then(Result::ok);
    let voting_open = Signal::derive(move || latest().is_some_and(|b| b.rules.voting_open));
    let visible = move || {
        latest()
            .map(|b| {
                b.sessions
                    .into_iter()
                    .filter(|s| !s.hidden)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <ul class="session-list">
            <For each=visible key=|s| s.render_key() let:s>
                <SessionCard slug=slug.clone() session=s voting_open live marks/>
            </For>
        </ul>
    }
}

/// Moderators find hidden sessions here, to restore them on their page.
#[component]
fn HiddenSessions(slug: String, board: Board) -> impl IntoView {
    let lang = use_lang();
    let hidden: Vec<_> = board.sessions.into_iter().filter(|s| s.hidden).collect();
    (!hidden.is_empty()).then(|| view! {
        <details class="card hidden-sessions">
            <summary>{Phrase::HiddenSessions.count(lang, hidden.len() as i64)}</summary>
            <ul class="plain-list">
                {hidden.into_iter().map(|s| view! {
                    <li><a href=crate::components::board::session_href(&slug, s.id)>{s.title}</a></li>
                }).collect_view()}
            </ul>
        </details>
    })
}

/// Closed or blind voting, and how many marks the budget leaves.
#[component]
pub fn VotingNotes(
    rules: crate::view::BoardRules,
    budget: Option<i64>,
    marks: RwSignal<i64>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        {(!rules.voting_open).then(|| view! { <p class="notice">{tr(Msg::VotingClosedNote)}</p> })}
        {(rules.voting_open && rules.blind_voting).then(|| view! { <p class="notice">{tr(Msg::BlindVotingNote)}</p> })}
        {(rules.voting_open && budget.is_some()).then(|| view! {
            <p class="muted votes-left">
                {move || Phrase::VotesLeft.count(lang, (budget.unwrap_or(0) - marks.get()).max(0))}
            </p>
        })}
    }
}
