//! A session's own page, with a shareable address: everything about it, the interest button,
//! and for its hosts and the moderators the edit form, withdrawing and hiding.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::camp::{OfflineNote, VotingNotes};
use super::LoadError;
use crate::api::{get_session, SetSessionHidden, UpdateSession, WithdrawSession};
use crate::components::board::{Description, SessionBadges, VoteButton};
use crate::components::form::{action_error, action_ok, count_successes, FormStatus};
use crate::components::live::{use_live, Live};
use crate::components::session_form::{SessionChoices, SessionFields, SessionValues};
use crate::error::AppError;
use crate::i18n::{tr, Msg};
use crate::view::SessionPage;

/// Every change this page can make; the session is re-read after each.
#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateSession>,
    withdraw: ServerAction<WithdrawSession>,
    hide: ServerAction<SetSessionHidden>,
}

#[component]
pub fn SessionPageView() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| Uuid::parse_str(&s).ok())
            .unwrap_or_default()
    };
    let actions = Actions {
        update: ServerAction::new(),
        withdraw: ServerAction::new(),
        hide: ServerAction::new(),
    };
    let live = use_live(slug);
    count_successes(actions.update, live.reload);
    count_successes(actions.hide, live.reload);
    count_successes(actions.withdraw, live.reload);
    // A conflict means someone else saved first: show their version.
    Effect::new(move |_| {
        if let Some(Err(AppError::Conflict(_))) = actions.update.value().get() {
            live.reload.update(|n| *n += 1);
        }
    });
    let page = Resource::new(
        move || (slug(), id(), live.reload.get()),
        |(s, id, _)| get_session(s, id),
    );
    let marks = RwSignal::new(0i64);
    Effect::new(move |_| {
        if let Some(Ok(p)) = page.get() {
            live.reset_counts([(p.session.id, p.session.votes)]);
        }
    });
    view! {
        <OfflineNote live/>
        <Transition fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || page.get().map(|p| match p {
                Ok(p) => view! { <SessionView slug=slug() page=p live marks actions/> }.into_any(),
                Err(_) if actions.withdraw.value().get().is_some_and(|r| r.is_ok()) => {
                    view! { <Withdrawn slug=slug()/> }.into_any()
                }
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Withdrawn(slug: String) -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>{tr(Msg::Withdrawn)}</h1>
            <p><a href=format!("/c/{slug}")>{tr(Msg::BackToBoard)}</a></p>
        </div>
    }
}

#[component]
fn SessionView(
    slug: String,
    page: SessionPage,
    live: Live,
    marks: RwSignal<i64>,
    actions: Actions,
) -> impl IntoView {
    let s = page.session.clone();
    let board = format!("/c/{slug}");
    view! {
        <Title text=s.title.clone()/>
        <p class="breadcrumb"><a href=board>{"← "}{tr(Msg::BackToBoard)}</a></p>
        <article class="stack session-page" aria-labelledby="session-title">
            <div class="page-head">
                <h1 id="session-title">{s.title.clone()}</h1>
                <SessionBadges session=s.clone()/>
            </div>
            {s.hidden.then(|| view! { <p class="notice notice-warn">{tr(Msg::HiddenNote)}</p> })}
            {(!s.description.is_empty()).then(|| view! { <Description text=s.description.clone()/> })}
            <p class="muted">{tr(Msg::HostedBy)} ": " {s.hosts.join(", ")}</p>
            <VotingNotes rules=page.rules.clone() budget=None marks/>
            <VoteButton slug=slug.clone() session=s.clone() voting_open=Signal::stored(page.rules.voting_open) live marks/>
            {page.can_edit.then(|| view! { <EditSession slug=slug.clone() page=page.clone() action=actions.update/> })}
            {(page.can_withdraw || page.is_moderator).then(|| view! { <SessionActions slug=slug.clone() page=page.clone() actions/> })}
        </article>
    }
}

#[component]
fn EditSession(
    slug: String,
    page: SessionPage,
    action: ServerAction<UpdateSession>,
) -> impl IntoView {
    let error = action_error(action);
    let s = page.session;
    let values = SessionValues {
        title: s.title,
        description: s.description,
        format: s.format,
        tags: s.tags.join(", "),
        length_slots: s.length_slots,
        co_hosts: page.co_hosts,
    };
    let choices = SessionChoices {
        long_sessions: page.rules.long_sessions,
        people: Signal::stored(Some(page.people)),
        tags: Signal::stored(Some(page.tags)),
    };
    view! {
        <details class="card" open=move || error.get().is_some()>
            <summary><h2 class="summary-heading">{tr(Msg::EditSession)}</h2></summary>
            <ActionForm action attr:class="form stack" attr:novalidate=true>
                <FormStatus error ok=action_ok(action) ok_msg=Msg::SessionSaved/>
                <input type="hidden" name="camp" value=slug/>
                <input type="hidden" name="session" value=s.id.to_string()/>
                <input type="hidden" name="version" value=page.version/>
                <SessionFields prefix="edit" values choices error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::SaveSession)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

/// Withdrawing (hosts, with a confirmation) and hiding or restoring (moderators).
#[component]
fn SessionActions(slug: String, page: SessionPage, actions: Actions) -> impl IntoView {
    let id = page.session.id;
    let hidden = page.session.hidden;
    let withdraw_error = action_error(actions.withdraw);
    let hide_slug = slug.clone();
    let hide_error = action_error(actions.hide);
    view! {
        <section class="card stack" aria-labelledby="session-actions">
            <h2 id="session-actions">{tr(Msg::SessionDetails)}</h2>
            {page.is_moderator.then(|| view! {
                <ActionForm action=actions.hide attr:class="form">
                    <FormStatus error=hide_error/>
                    <input type="hidden" name="camp" value=hide_slug.clone()/>
                    <input type="hidden" name="session" value=id.to_string()/>
                    <input type="hidden" name="hidden" value=(!hidden).to_string()/>
                    <button class="btn btn-secondary" type="submit">
                        {if hidden { tr(Msg::RestoreSession) } else { tr(Msg::HideSession) }}
                    </button>
                </ActionForm>
            })}
            {page.can_withdraw.then(|| view! {
                <ActionForm action=actions.withdraw attr:class="form stack">
                    <FormStatus error=withdraw_error/>
                    <input type="hidden" name="camp" value=slug.clone()/>
                    <input type="hidden" name="session" value=id.to_string()/>
                    <div class="field">
                        <label class="check" for="withdraw-confirm">
                            <input type="checkbox" id="withdraw-confirm" required=true/>
                            <span>{tr(Msg::WithdrawConfirm)}</span>
                        </label>
                    </div>
                    <div class="form-actions">
                        <button class="btn btn-danger" type="submit">{tr(Msg::WithdrawSession)}</button>
                    </div>
                </ActionForm>
            })}
        </section>
    }
}
