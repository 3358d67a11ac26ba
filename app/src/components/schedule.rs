//! Pieces of the attendees' schedule views: the shared context (clock, stars), the navigation,
//! a session line with its star, what runs now and next, and a day of the grid.
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::SetStar;
use crate::components::live::{moved_line, Live, Moved, PublishedNotice};
use crate::domain::local_time;
use crate::domain::schedule::{minutes_left, Phase, RoomNow, Schedule, ScheduleSession};
use crate::i18n::{format_date, tr, tr_with, use_lang, Arg, Msg, Phrase};
use crate::view::ScheduleView;

/// What every schedule view of a page shares.
#[derive(Clone, Copy)]
pub struct ScheduleCtx {
    pub slug: StoredValue<String>,
    pub time_zone: StoredValue<String>,
    /// The camp's "now", kept in step with the server's clock (the test clock, if set).
    pub now: RwSignal<DateTime<Utc>>,
    /// When the data on screen was read, for "offline, as of 14:05".
    pub read_at: RwSignal<DateTime<Utc>>,
    pub stars: RwSignal<Vec<Uuid>>,
    /// Stars live on the server (a signed-in member) or in this browser.
    pub on_server: StoredValue<bool>,
    pub star_action: ServerAction<SetStar>,
}

impl ScheduleCtx {
    /// Made once per page; `refresh` is called with every freshly read schedule.
    pub fn new(slug: String) -> ScheduleCtx {
        let ctx = ScheduleCtx {
            slug: StoredValue::new(slug),
            time_zone: StoredValue::new(String::new()),
            now: RwSignal::new(DateTime::<Utc>::UNIX_EPOCH),
            read_at: RwSignal::new(DateTime::<Utc>::UNIX_EPOCH),
            stars: RwSignal::new(Vec::new()),
            on_server: StoredValue::new(false),
            star_action: ServerAction::new(),
        };
        tick(ctx);
        ctx
    }

    pub fn refresh(&self, view: &ScheduleView) {
        self.time_zone
            .set_value(view.schedule.camp.time_zone.clone());
        self.now.set(view.now);
        self.read_at.set(view.now);
        self.on_server.set_value(view.stars.is_some());
        if let Some(stars) = &view.stars {
            self.stars.set(stars.clone());
        }
    }

    /// An anonymous reader's stars come from this browser's storage, read after hydration so
    /// that the first render matches the server's.
    pub fn load_local_stars(&self) {
        if !self.on_server.get_value() {
            self.stars.set(local_stars(&self.slug.get_value()));
        }
    }

    pub fn time(&self, at: DateTime<Utc>) -> String {
        local_time(at, &self.time_zone.get_value())
    }

    pub fn span(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
        format!("{}–{}", self.time(from), self.time(to))
    }

    pub fn is_starred(&self, id: Uuid) -> bool {
        self.stars.with(|s| s.contains(&id))
    }

    pub fn toggle_star(&self, id: Uuid) {
        let starred = !self.is_starred(id);
        self.stars.update(|s| {
            s.retain(|x| *x != id);
            if starred {
                s.push(id);
            }
        });
        if self.on_server.get_value() {
            self.star_action.dispatch(SetStar {
                camp: self.slug.get_value(),
                session: id,
                starred,
            });
        } else {
            save_local_stars(&self.slug.get_value(), &self.stars.get_untracked());
        }
    }
}

/// Moves the clock on every 20 seconds, from the server's "now" plus the time since it was
/// read in this browser.
fn tick(ctx: ScheduleCtx) {
    #[cfg(feature = "hydrate")]
    {
        let base = RwSignal::new(None::<(DateTime<Utc>, f64)>);
        Effect::new(move |_| {
            base.set(Some((ctx.read_at.get(), js_sys_now())));
        });
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if let Some((at, then)) = base.get_untracked() {
                    let elapsed = chrono::Duration::milliseconds((js_sys_now() - then) as i64);
                    ctx.now.set(at + elapsed);
                }
            },
            std::time::Duration::from_secs(20),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

fn stars_key(slug: &str) -> String {
    format!("campgrid:stars:{slug}")
}

/// An anonymous reader's stars, kept in this browser.
fn local_stars(slug: &str) -> Vec<Uuid> {
    #[cfg(feature = "hydrate")]
    {
        window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(&stars_key(slug)).ok().flatten())
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = stars_key(slug);
        Vec::new()
    }
}

fn save_local_stars(slug: &str, stars: &[Uuid]) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(json)) = (
        window().local_storage().ok().flatten(),
        serde_json::to_string(stars),
    ) {
        let _ = storage.set_item(&stars_key(slug), &json);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (slug, stars);
}

pub fn use_schedule() -> ScheduleCtx {
    expect_context::<ScheduleCtx>()
}

/// The tabs of the attendee views.
#[component]
pub fn ScheduleNav(current: &'static str) -> impl IntoView {
    let ctx = use_schedule();
    let slug = ctx.slug.get_value();
    let link = move |key: &'static str, href: String, msg: Msg| {
        let current = (key == current).then_some("page");
        view! { <li><a href=href aria-current=current>{tr(msg)}</a></li> }
    };
    view! {
        <nav class="schedule-nav" aria-label=tr(Msg::ScheduleNavLabel)>
            <ul>
                {link("now", format!("/c/{slug}/schedule#now"), Msg::NowAndNext)}
                {link("schedule", format!("/c/{slug}/schedule#days"), Msg::ScheduleTitle)}
                {link("agenda", format!("/c/{slug}/agenda"), Msg::MyAgenda)}
                {link("plenary", format!("/c/{slug}/plenary"), Msg::PlenaryScreen)}
            </ul>
        </nav>
    }
}

/// "offline, as of 14:05" while the page cannot reach the server.
#[component]
pub fn ScheduleOffline(live: Live) -> impl IntoView {
    let ctx = use_schedule();
    view! {
        <p class="notice notice-offline" role="status" hidden=move || live.online.get()>
            {move || tr_with(Phrase::OfflineAsOf, &[Arg::Text("time", &ctx.time(ctx.read_at.get()))])}
        </p>
    }
}

/// After a publication: the reader's own starred sessions that moved or were cancelled, up
/// front; then everything that moved.
#[component]
pub fn MovedNotice(live: Live) -> impl IntoView {
    let ctx = use_schedule();
    let lang = use_lang();
    let mine = move || {
        live.published.get().map(|moved| {
            moved
                .into_iter()
                .filter(|m| ctx.is_starred(m.session))
                .collect::<Vec<_>>()
        })
    };
    let line = move |m: &Moved| moved_line(m, &ctx.time_zone.get_value(), lang, Phrase::Cancelled);
    view! {
        <div role="alert">
            {move || mine().filter(|m| !m.is_empty()).map(|moved| view! {
                <div class="notice notice-warn starred-moved">
                    <p><strong>{tr(Msg::YourSessionMoved)}</strong></p>
                    <ul>{moved.iter().map(|m| view! { <li>{line(m)}</li> }).collect_view()}</ul>
                </div>
            })}
        </div>
        <PublishedNotice
            live
            time_zone=Signal::derive(move || ctx.time_zone.get_value())
            title=Msg::SchedulePublishedNotice
            gone=Phrase::Cancelled
        />
    }
}

/// The star toggle of one session.
#[component]
pub fn StarButton(id: Uuid, title: String) -> impl IntoView {
    let ctx = use_schedule();
    let starred = move || ctx.is_starred(id);
    // A toggle: the name stays, `aria-pressed` tells whether it is on.
    let label = tr_with(Phrase::StarSession, &[Arg::Text("title", &title)]);
    view! {
        <button
            type="button"
            class="btn star"
            aria-pressed=move || starred().to_string()
            aria-label=label
            on:click=move |_| ctx.toggle_star(id)
        >
            <span aria-hidden="true">{move || if starred() { "★" } else { "☆" }}</span>
            <span class="star-text">{tr(Msg::Star)}</span>
        </button>
    }
}

/// A session in a list: time, room, title (to its page), hosts and the star.
#[component]
pub fn SessionLine(
    session: ScheduleSession,
    room: String,
    #[prop(optional)] show_day: bool,
    #[prop(optional)] warn: bool,
) -> impl IntoView {
    let ctx = use_schedule();
    let lang = use_lang();
    let slug = ctx.slug.get_value();
    let href = format!("/c/{slug}/schedule/s/{}", session.id);
    let when = format!(
        "{}{}",
        if show_day {
            format!("{}, ", format_date(lang, session.day))
        } else {
            String::new()
        },
        ctx.span(session.starts_at, session.ends_at)
    );
    let hosts = session.hosts.join(", ");
    let title = session.title.clone();
    view! {
        <article class="sched-item" class:clash=warn>
            <div class="sched-item-main">
                <p class="sched-when">{when}" · "{room}</p>
                <h3 class="sched-title"><a href=href>{session.title.clone()}</a></h3>
                <p class="sched-meta">
                    <span class="badge">{tr(session.format.label())}</span>
                    {(!hosts.is_empty()).then(|| view! { <span>{hosts}</span> })}
                </p>
            </div>
            <StarButton id=session.id title/>
        </article>
    }
}

/// What runs now and next in every room, with the join buttons.
#[component]
pub fn NowNextView(schedule: Schedule) -> impl IntoView {
    let ctx = use_schedule();
    let schedule = StoredValue::new(schedule);
    let lang = use_lang();
    move || {
        let now = ctx.now.get();
        schedule.with_value(|s| {
            let nn = s.now_next(now);
            let next_title = nn.next.map(|slot| {
                let label = if nn.phase == Phase::Before { Phrase::FirstSlotAt } else { Phrase::NextSlotAt };
                let time = slot_label(lang, &ctx, slot.day, slot.starts_at, slot.ends_at);
                label.fill(lang, &[Arg::Text("time", &time)])
            });
            let body = match nn.phase {
                Phase::Empty => view! { <p class="empty">{tr(Msg::NotPublishedYet)}</p> }.into_any(),
                Phase::After => view! {
                    <div class="notice notice-success">
                        <p><strong>{tr(Msg::ThanksTitle)}</strong></p>
                        <p>{tr(Msg::ThanksText)}</p>
                    </div>
                }
                .into_any(),
                _ => view! {
                    {nn.current.map(|slot| view! {
                        <h3>{Phrase::RunningNowAt.fill(lang, &[Arg::Text("time", &ctx.span(slot.starts_at, slot.ends_at))])}</h3>
                        <RoomCards rooms=owned(&nn.now) now=Some(now)/>
                    })}
                    {(nn.current.is_none() && nn.phase == Phase::Running).then(|| view! {
                        <p class="muted">{tr(Msg::Break)}</p>
                    })}
                    {next_title.map(|t| view! {
                        <h3>{t}</h3>
                        <RoomCards rooms=owned(&nn.coming) now=None/>
                    })}
                }
                .into_any(),
            };
            view! { <div class="now-next">{body}</div> }
        })
    }
}

fn slot_label(
    lang: crate::i18n::Lang,
    ctx: &ScheduleCtx,
    day: chrono::NaiveDate,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> String {
    format!("{}, {}", format_date(lang, day), ctx.span(from, to))
}

/// (room name, video link, session) for rendering outside the schedule's borrow.
type RoomEntry = (String, String, Option<ScheduleSession>);

fn owned(rooms: &[RoomNow]) -> Vec<RoomEntry> {
    rooms
        .iter()
        .map(|r| {
            (
                r.room.name.clone(),
                r.room.video_url.clone(),
                r.session.cloned(),
            )
        })
        .collect()
}

/// One card per room: the session, its time left (now) and the join link.
#[component]
fn RoomCards(rooms: Vec<RoomEntry>, now: Option<DateTime<Utc>>) -> impl IntoView {
    let ctx = use_schedule();
    let lang = use_lang();
    let slug = ctx.slug.get_value();
    rooms
        .into_iter()
        .map(|(room, url, session)| {
            let join_label = Phrase::JoinRoomShort.fill(lang, &[Arg::Text("room", &room)]);
            let Some(s) = session else {
                // An empty room takes one quiet line, not a card with a join button.
                return view! {
                    <p class="room-free"><span class="room-card-room">{room}</span>" "{tr(Msg::RoomFree)}</p>
                }
                .into_any();
            };
            let left = now.map(|n| Phrase::MinutesLeft.count(lang, minutes_left(n, s.ends_at)));
            let href = format!("/c/{slug}/schedule/s/{}", s.id);
            let title = s.title.clone();
            view! {
                <section class="room-card" aria-label=room.clone()>
                    <p class="room-card-room">{room.clone()}</p>
                    <h4 class="room-card-title"><a href=href>{s.title.clone()}</a></h4>
                    <p class="sched-meta">{s.hosts.join(", ")}</p>
                    {left.map(|l| view! { <p class="time-left">{l}</p> })}
                    <StarButton id=s.id title/>
                    <a class="btn btn-primary btn-join" href=url rel="noopener noreferrer" aria-label=join_label>
                        {tr(Msg::Join)}
                    </a>
                </section>
            }
            .into_any()
        })
        .collect_view()
}

/// One day of the published grid: each slot with what runs in every room.
#[component]
pub fn DayGrid(
    schedule: StoredValue<Schedule>,
    day: chrono::NaiveDate,
    #[prop(into)] shown: Signal<Vec<Uuid>>,
) -> impl IntoView {
    let ctx = use_schedule();
    let slug = ctx.slug.get_value();
    let (slots, rooms) = schedule.with_value(|s| {
        (
            s.slots_of(day).cloned().collect::<Vec<_>>(),
            s.rooms.clone(),
        )
    });
    let room_heads = rooms
        .iter()
        .map(|r| view! { <a class="day-grid-room" href=format!("/c/{slug}/schedule/room/{}", r.id)>{r.name.clone()}</a> })
        .collect_view();
    let rows = slots
        .into_iter()
        .map(|slot| {
            let cells = rooms
                .iter()
                .map(|room| {
                    let session = schedule.with_value(|s| s.at(room.id, slot.id).cloned());
                    let continued = session.as_ref().is_some_and(|s| s.slots.first() != Some(&slot.id));
                    let name = room.name.clone();
                    view! {
                        <div class="day-grid-cell" data-room=name.clone()>
                            <span class="day-grid-cell-room">{name.clone()}</span>
                            {session.map(|s| {
                                let id = s.id;
                                let title = s.title.clone();
                                let href = format!("/c/{slug}/schedule/s/{id}");
                                view! {
                                    <div class="day-grid-session" hidden=move || !shown.with(|v| v.contains(&id))>
                                        <a href=href>{s.title.clone()}</a>
                                        {continued.then(|| view! { <span class="muted">" "{tr(Msg::Continued)}</span> })}
                                        <span class="sched-meta">{s.hosts.join(", ")}</span>
                                        {(!continued).then(|| view! { <StarButton id title/> })}
                                    </div>
                                }
                            })}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="day-grid-row" aria-label=ctx.span(slot.starts_at, slot.ends_at)>
                    <h3 class="day-grid-time">{ctx.span(slot.starts_at, slot.ends_at)}</h3>
                    {cells}
                </section>
            }
        })
        .collect_view();
    let columns = format!("--rooms: {}", rooms.len().max(1));
    view! {
        <div class="day-grid" style=columns>
            <div class="day-grid-head">
                <span class="day-grid-time">{tr(Msg::GridTime)}</span>
                {room_heads}
            </div>
            {rows}
        </div>
    }
}
