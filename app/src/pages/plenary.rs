//! The plenary screen: large and high in contrast for sharing in the plenary video call. The
//! current and the next slot in every room, and a clock; it follows publications live.
use leptos::prelude::*;
use leptos_meta::Title;

use super::schedule::ScheduleShell;
use crate::components::schedule::use_schedule;
use crate::domain::schedule::{Phase, RoomNow};
use crate::i18n::{tr, use_lang, Arg, Msg, Phrase};
use crate::view::ScheduleView;

#[component]
pub fn PlenaryPage() -> impl IntoView {
    view! { <ScheduleShell body=plenary_body/> }
}

fn plenary_body(v: ScheduleView) -> AnyView {
    view! { <PlenaryMain v/> }.into_any()
}

#[component]
fn PlenaryMain(v: ScheduleView) -> impl IntoView {
    let ctx = use_schedule();
    let lang = use_lang();
    let name = v.schedule.camp.name.clone();
    let schedule = StoredValue::new(v.schedule);
    let rows = |rooms: &[RoomNow]| {
        rooms
            .iter()
            .map(|r| {
                let (title, hosts) = r
                    .session
                    .map(|s| (s.title.clone(), s.hosts.join(", ")))
                    .unwrap_or_else(|| ("–".into(), String::new()));
                view! {
                    <li class="plenary-room">
                        <span class="plenary-room-name">{r.room.name.clone()}</span>
                        <span class="plenary-title">{title}</span>
                        <span class="plenary-hosts">{hosts}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let body = move || {
        let now = ctx.now.get();
        schedule.with_value(|s| {
            let nn = s.now_next(now);
            let current = nn.current.map(|slot| {
                let head = Phrase::RunningNowAt.fill(lang, &[Arg::Text("time", &ctx.span(slot.starts_at, slot.ends_at))]);
                view! { <section class="plenary-block"><h2>{head}</h2><ul>{rows(&nn.now)}</ul></section> }
            });
            let next = nn.next.map(|slot| {
                let head = Phrase::NextSlotAt.fill(lang, &[Arg::Text("time", &ctx.span(slot.starts_at, slot.ends_at))]);
                view! { <section class="plenary-block"><h2>{head}</h2><ul>{rows(&nn.coming)}</ul></section> }
            });
            let message = match nn.phase {
                Phase::Empty => Some(Msg::NotPublishedYet),
                Phase::After => Some(Msg::ThanksTitle),
                _ => None,
            };
            view! {
                {message.map(|m| view! { <p class="plenary-message">{tr(m)}</p> })}
                <div class="plenary-blocks">{current} {next}</div>
            }
        })
    };
    view! {
        <Title text=Phrase::PageTitle.fill(lang, &[Arg::Text("page", Msg::PlenaryScreen.text(lang)), Arg::Text("camp", &name)])/>
        <div class="plenary-screen">
            <header class="plenary-head">
                <h1>{name.clone()}</h1>
                <p class="plenary-clock" aria-label=tr(Msg::PlenaryClock)>{move || ctx.time(ctx.now.get())}</p>
            </header>
            {body}
        </div>
    }
}
