//! My agenda: the starred sessions in time order, with a warning where two share a time, and
//! for members a secret calendar subscription of it.
use leptos::prelude::*;
use leptos_meta::Title;

use super::schedule::ScheduleShell;
use crate::api::{RenewAgendaFeed, RevokeAgendaFeed};
use crate::components::form::{action_error, FormStatus};
use crate::components::schedule::{use_schedule, ScheduleNav, SessionLine};
use crate::i18n::{tr, use_lang, Arg, Msg, Phrase};
use crate::view::ScheduleView;

#[component]
pub fn AgendaPage() -> impl IntoView {
    view! { <ScheduleShell body=agenda_body/> }
}

fn agenda_body(v: ScheduleView) -> AnyView {
    view! { <AgendaMain v/> }.into_any()
}

#[component]
fn AgendaMain(v: ScheduleView) -> impl IntoView {
    let ctx = use_schedule();
    let lang = use_lang();
    let on_server = v.stars.is_some();
    let slug = v.schedule.camp.slug.clone();
    let name = v.schedule.camp.name.clone();
    let schedule = StoredValue::new(v.schedule);
    let list = move || {
        let stars = ctx.stars.get();
        schedule.with_value(|s| {
            let clashes = s.clashes(&stars);
            let title = |id| s.session(id).map(|x| x.title.clone()).unwrap_or_default();
            let warnings = clashes
                .iter()
                .map(|&(a, b)| {
                    let text = Phrase::Clash.fill(
                        lang,
                        &[Arg::Text("a", &title(a)), Arg::Text("b", &title(b))],
                    );
                    view! { <li>{text}</li> }
                })
                .collect_view();
            let items = s
                .agenda(&stars)
                .into_iter()
                .map(|x| {
                    let warn = clashes.iter().any(|&(a, b)| a == x.id || b == x.id);
                    let room = s.room(x.room).map(|r| r.name.clone()).unwrap_or_default();
                    view! { <li><SessionLine session=x.clone() room show_day=true warn/></li> }
                })
                .collect_view();
            let empty = s.agenda(&stars).is_empty();
            view! {
                {(!clashes.is_empty()).then(|| view! {
                    <div class="notice notice-warn clash-warning"><ul>{warnings}</ul></div>
                })}
                {empty.then(|| view! { <p class="empty">{tr(Msg::AgendaEmpty)}</p> })}
                <ul class="sched-list">{items}</ul>
            }
        })
    };
    view! {
        <Title text=Phrase::PageTitle.fill(lang, &[Arg::Text("page", Msg::MyAgenda.text(lang)), Arg::Text("camp", &name)])/>
        <div class="page-head">
            <h1>{tr(Msg::MyAgenda)}</h1>
            <p class="muted">
                {tr(if on_server { Msg::AgendaLeadServer } else { Msg::AgendaLeadLocal })}
            </p>
        </div>
        <ScheduleNav current="agenda"/>
        <div role="status">{list}</div>
        {on_server.then(|| view! { <FeedPanel slug has_feed=v.has_feed/> })}
    }
}

/// The secret calendar address of the agenda: create, renew, revoke.
#[component]
fn FeedPanel(slug: String, has_feed: bool) -> impl IntoView {
    let renew = ServerAction::<RenewAgendaFeed>::new();
    let revoke = ServerAction::<RevokeAgendaFeed>::new();
    let active = RwSignal::new(has_feed);
    let url = move || match renew.value().get() {
        Some(Ok(path)) => Some(format!("{}{path}", origin())),
        _ => None,
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = renew.value().get() {
            active.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = revoke.value().get() {
            active.set(false);
            renew.value().set(None);
        }
    });
    let renew_slug = slug.clone();
    let revoked = move || revoke.value().get().is_some_and(|r| r.is_ok()) && !active.get();
    view! {
        <section class="card feed" aria-labelledby="feed-h">
            <h2 id="feed-h">{tr(Msg::FeedTitle)}</h2>
            <p>{tr(Msg::FeedText)}</p>
            <div role="status">
                {move || url().map(|u| view! {
                    <div class="field">
                        <label for="feed-url">{tr(Msg::FeedUrlLabel)}</label>
                        <input id="feed-url" type="text" readonly value=u/>
                    </div>
                })}
                {move || (active.get() && url().is_none()).then(|| view! { <p class="muted">{tr(Msg::FeedActive)}</p> })}
                {move || revoked().then(|| view! { <p class="notice notice-success">{tr(Msg::FeedRevoked)}</p> })}
            </div>
            <FormStatus error=action_error(renew)/>
            <FormStatus error=action_error(revoke)/>
            <p class="page-actions">
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=move |_| { renew.dispatch(RenewAgendaFeed { camp: renew_slug.clone() }); }
                >
                    {move || tr(if active.get() { Msg::FeedRenew } else { Msg::FeedCreate })}
                </button>
                {move || active.get().then(|| {
                    let slug = slug.clone();
                    view! {
                        <button type="button" class="btn" on:click=move |_| { revoke.dispatch(RevokeAgendaFeed { camp: slug.clone() }); }>
                            {tr(Msg::FeedRevoke)}
                        </button>
                    }
                })}
            </p>
        </section>
    }
}

fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().origin().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}
