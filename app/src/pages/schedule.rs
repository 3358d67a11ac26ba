//! The published schedule for attendees: now and next with the whole grid by day, one room's
//! plan, and a session's own page. Server-rendered, so it reads before the wasm arrives, and
//! live afterwards.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::LoadError;
use crate::api::get_schedule;
use crate::components::board::Description;
use crate::components::live::use_live;
use crate::components::schedule::{
    DayGrid, MovedNotice, NowNextView, ScheduleCtx, ScheduleNav, ScheduleOffline, SessionLine,
    StarButton,
};
use crate::domain::Format;
use crate::i18n::{format_date, tr, use_lang, Arg, Msg, Phrase};
use crate::view::ScheduleView;

/// Loads the schedule of the route's camp, keeps it live, provides the schedule context and
/// renders `body` with it. Every attendee view is one of these.
#[component]
pub fn ScheduleShell(body: fn(ScheduleView) -> AnyView) -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let ctx = ScheduleCtx::new(slug());
    provide_context(ctx);
    let live = use_live(slug);
    let data = Resource::new(
        move || (slug(), live.reload.get()),
        |(s, _)| get_schedule(s),
    );
    register_offline_copy();
    Effect::new(move |_| {
        if let Some(Ok(_)) = data.get() {
            ctx.load_local_stars();
        }
    });
    view! {
        <ScheduleOffline live/>
        <MovedNotice live/>
        <Transition fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(v) => {
                    ctx.refresh(&v);
                    body(v)
                }
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Transition>
    }
}

/// Asks the browser to keep copies of the schedule views for when the network is gone
/// (the service worker at `/sw.js`).
fn register_offline_copy() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        let _ = window().navigator().service_worker().register("/sw.js");
    });
}

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! { <ScheduleShell body=schedule_body/> }
}

fn schedule_body(v: ScheduleView) -> AnyView {
    view! { <ScheduleMain v/> }.into_any()
}

#[component]
fn ScheduleMain(v: ScheduleView) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let format = Memo::new(move |_| query.read().get("format").and_then(|f| Format::parse(&f)));
    let tag = Memo::new(move |_| query.read().get("tag").unwrap_or_default());
    let name = v.schedule.camp.name.clone();
    let slug = v.schedule.camp.slug.clone();
    let days = v.schedule.days();
    let tags = v.schedule.tags();
    let schedule = StoredValue::new(v.schedule.clone());
    let shown = Signal::derive(move || {
        let (f, t) = (format.get(), tag.get());
        schedule.with_value(|s| {
            s.sessions
                .iter()
                .filter(|x| x.matches(f, &t))
                .map(|x| x.id)
                .collect::<Vec<_>>()
        })
    });
    let day_links = days
        .iter()
        .map(|d| view! { <li><a href=format!("#day-{d}")>{format_date(lang, *d)}</a></li> })
        .collect_view();
    let day_sections = days
        .iter()
        .map(|&d| {
            view! {
                <section class="day" id=format!("day-{d}") aria-labelledby=format!("day-h-{d}")>
                    <h3 id=format!("day-h-{d}")>{format_date(lang, d)}</h3>
                    <DayGrid schedule day=d shown/>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=Phrase::PageTitle.fill(lang, &[Arg::Text("page", Msg::ScheduleTitle.text(lang)), Arg::Text("camp", &name)])/>
        <div class="page-head">
            <h1>{name.clone()}</h1>
            <p class="muted schedule-lead">{tr(Msg::ScheduleLead)}</p>
        </div>
        <ScheduleNav current="schedule"/>
        <section id="now" class="card" aria-labelledby="now-h">
            <h2 id="now-h">{tr(Msg::NowAndNext)}</h2>
            <NowNextView schedule=v.schedule.clone()/>
        </section>
        <section id="days" aria-labelledby="days-h">
            <h2 id="days-h">{tr(Msg::ScheduleTitle)}</h2>
            <ScheduleFilter tags format tag/>
            <ul class="day-links">{day_links}</ul>
            {day_sections}
        </section>
        <Exports slug is_moderator=v.is_moderator/>
    }
}

/// Format and tag filter: a plain GET form, so it works before the wasm arrives.
#[component]
fn ScheduleFilter(
    tags: Vec<String>,
    format: Memo<Option<Format>>,
    tag: Memo<String>,
) -> impl IntoView {
    let format_options = Format::ALL
        .into_iter()
        .map(|f| {
            view! { <option value=f.as_str() selected=move || format.get() == Some(f)>{tr(f.label())}</option> }
        })
        .collect_view();
    let tag_options = tags
        .into_iter()
        .map(|t| {
            let selected = t.clone();
            view! { <option value=t.clone() selected=move || tag.get() == selected>{t.clone()}</option> }
        })
        .collect_view();
    view! {
        <form class="filters schedule-filter" method="get" action="#days">
            <div class="field">
                <label for="sched-format">{tr(Msg::FieldFilterFormat)}</label>
                <select id="sched-format" name="format">
                    <option value="">{tr(Msg::AnyFormat)}</option>
                    {format_options}
                </select>
            </div>
            <div class="field">
                <label for="sched-tag">{tr(Msg::FieldFilterTag)}</label>
                <select id="sched-tag" name="tag">
                    <option value="">{tr(Msg::AnyTag)}</option>
                    {tag_options}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn">{tr(Msg::ApplyFilter)}</button>
            </div>
        </form>
    }
}

/// Stable addresses of the schedule for calendar and conference apps.
#[component]
fn Exports(slug: String, is_moderator: bool) -> impl IntoView {
    view! {
        <section class="card exports" aria-labelledby="exports-h">
            <h2 id="exports-h">{tr(Msg::ExportsTitle)}</h2>
            <ul>
                <li><a href=format!("/c/{slug}/schedule.ics") rel="external">{tr(Msg::ExportIcs)}</a></li>
                <li><a href=format!("/c/{slug}/schedule.xml") rel="external">{tr(Msg::ExportXml)}</a></li>
                <li><a href=format!("/c/{slug}/schedule.json") rel="external">{tr(Msg::ExportJson)}</a></li>
                {is_moderator.then(|| view! {
                    <li><a href=format!("/c/{slug}/schedule.csv") rel="external">{tr(Msg::ExportCsv)}</a></li>
                })}
            </ul>
        </section>
    }
}

/// The id in the route's `name` parameter.
fn param_id(name: &'static str) -> Uuid {
    use_params_map()
        .read_untracked()
        .get(name)
        .and_then(|s| Uuid::parse_str(&s).ok())
        .unwrap_or_default()
}

#[component]
pub fn RoomPlanPage() -> impl IntoView {
    view! { <ScheduleShell body=room_body/> }
}

fn room_body(v: ScheduleView) -> AnyView {
    let lang = use_lang();
    let id = param_id("room");
    let Some(room) = v.schedule.room(id).cloned() else {
        return view! { <LoadError error=crate::error::AppError::NotFound/> }.into_any();
    };
    let slug = v.schedule.camp.slug.clone();
    let sessions: Vec<_> = v
        .schedule
        .sessions
        .iter()
        .filter(|s| s.room == id)
        .cloned()
        .collect();
    let empty = sessions.is_empty();
    let items = sessions
        .into_iter()
        .map(|s| view! { <li><SessionLine session=s room=room.name.clone() show_day=true/></li> })
        .collect_view();
    view! {
        <Title text=format!("{} – {}", room.name, v.schedule.camp.name)/>
        <div class="page-head">
            <h1>{room.name.clone()}</h1>
            <p class="muted">{v.schedule.camp.name.clone()}</p>
            <p class="page-actions">
                <a class="btn btn-primary btn-join" href=room.video_url.clone() rel="noopener noreferrer">
                    {Phrase::JoinRoom.fill(lang, &[Arg::Text("room", &room.name)])}
                </a>
                <a class="btn" href=format!("/c/{slug}/schedule.ics?room={id}") rel="external">{tr(Msg::RoomCalendar)}</a>
            </p>
        </div>
        <ScheduleNav current="room"/>
        {empty.then(|| view! { <p class="empty">{tr(Msg::RoomPlanEmpty)}</p> })}
        <ul class="sched-list">{items}</ul>
    }
    .into_any()
}

#[component]
pub fn ScheduleSessionPage() -> impl IntoView {
    view! { <ScheduleShell body=session_body/> }
}

fn session_body(v: ScheduleView) -> AnyView {
    let lang = use_lang();
    let id = param_id("id");
    let slug = v.schedule.camp.slug.clone();
    let Some(s) = v.schedule.session(id).cloned() else {
        return view! {
            <div class="page-head">
                <h1>{tr(Msg::NotInSchedule)}</h1>
                <p><a href=format!("/c/{slug}/schedule")>{tr(Msg::BackToSchedule)}</a></p>
            </div>
        }
        .into_any();
    };
    let room = v.schedule.room(s.room).cloned();
    let room_name = room.as_ref().map(|r| r.name.clone()).unwrap_or_default();
    let video = room.map(|r| r.video_url).unwrap_or_default();
    let tz = v.schedule.camp.time_zone.clone();
    let when = format!(
        "{}, {}–{} ({tz})",
        format_date(lang, s.day),
        crate::domain::local_time(s.starts_at, &tz),
        crate::domain::local_time(s.ends_at, &tz)
    );
    let title = s.title.clone();
    view! {
        <Title text=format!("{} – {}", s.title, v.schedule.camp.name)/>
        <div class="page-head">
            <p class="muted"><a href=format!("/c/{slug}/schedule")>{tr(Msg::BackToSchedule)}</a></p>
            <h1>{s.title.clone()}</h1>
        </div>
        <article class="card session-detail">
            <dl class="facts">
                <dt>{tr(Msg::When)}</dt><dd>{when}</dd>
                <dt>{tr(Msg::Room)}</dt>
                <dd><a href=format!("/c/{slug}/schedule/room/{}", s.room)>{room_name.clone()}</a></dd>
                <dt>{tr(Msg::Hosts)}</dt><dd>{s.hosts.join(", ")}</dd>
                <dt>{tr(Msg::FieldFormat)}</dt><dd>{tr(s.format.label())}</dd>
                {(!s.tags.is_empty()).then(|| view! {
                    <dt>{tr(Msg::FieldTags)}</dt><dd>{s.tags.join(", ")}</dd>
                })}
            </dl>
            <Description text=s.description.clone()/>
            <p class="page-actions">
                <a class="btn btn-primary btn-join" href=video rel="noopener noreferrer">
                    {Phrase::JoinRoom.fill(lang, &[Arg::Text("room", &room_name)])}
                </a>
                <a class="btn" href=format!("/c/{slug}/schedule.ics?session={id}") rel="external">{tr(Msg::AddToCalendar)}</a>
                <StarButton id title/>
            </p>
        </article>
    }
    .into_any()
}
