//! The session board: pitch form, session cards and interest buttons.
use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{BoardSession, PitchSession, Vote};
use crate::components::form::{
    action_error, action_ok, reset_on_success, FormStatus, SelectField, TextArea, TextField,
};
use crate::domain::{Format, PITCH_DESCRIPTION_MAX, TITLE_MAX};
use crate::i18n::{tr, use_lang, Msg};

#[component]
pub fn PitchForm(
    slug: String,
    long_sessions: bool,
    action: ServerAction<PitchSession>,
) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(action);
    let form = reset_on_success(action);
    let formats: Vec<(String, String)> = Format::ALL
        .iter()
        .map(|f| (f.as_str().to_string(), f.label().text(lang).to_string()))
        .collect();
    let lengths = vec![
        ("1".to_string(), tr(Msg::LengthOne).to_string()),
        ("2".to_string(), tr(Msg::LengthTwo).to_string()),
    ];
    view! {
        <section class="card" aria-labelledby="pitch-title">
            <h2 id="pitch-title">{tr(Msg::PitchTitle)}</h2>
            <ActionForm action node_ref=form attr:class="form stack" attr:novalidate=true>
                <FormStatus error ok=action_ok(action) ok_msg=Msg::Pitched/>
                <input type="hidden" name="camp" value=slug/>
                <TextField id="pitch-title-field" name="title" label=Msg::FieldTitle required=true maxlength=TITLE_MAX error/>
                <TextArea id="pitch-description" name="description" label=Msg::FieldPitchDescription maxlength=PITCH_DESCRIPTION_MAX error/>
                <div class="field-row">
                    <SelectField id="pitch-format" name="format" label=Msg::FieldFormat options=formats selected="discussion" error/>
                    {long_sessions.then(|| view! {
                        <SelectField id="pitch-length" name="length_slots" label=Msg::FieldLength options=lengths.clone() selected="1" error/>
                    })}
                </div>
                <TextField id="pitch-tags" name="tags" label=Msg::FieldTags hint=Msg::HintTags error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::PitchSubmit)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn SessionCard(
    slug: String,
    session: BoardSession,
    voting_open: bool,
    live_counts: RwSignal<HashMap<Uuid, i64>>,
) -> impl IntoView {
    let lang = use_lang();
    let heading_id = format!("session-{}", session.id.simple());
    view! {
        <li class="session-card">
            <h3 id=heading_id>{session.title.clone()}</h3>
            <p class="cluster muted">
                <span class="badge">{session.format.label().text(lang)}</span>
                {session.tags.iter().map(|t| view! { <span class="badge">"#" {t.clone()}</span> }).collect_view()}
            </p>
            {(!session.description.is_empty()).then(|| view! { <p class="session-description">{session.description.clone()}</p> })}
            <p class="muted">{tr(Msg::HostedBy)} ": " {session.hosts.join(", ")}</p>
            <VoteButton slug session voting_open live_counts/>
        </li>
    }
}

#[component]
fn VoteButton(
    slug: String,
    session: BoardSession,
    voting_open: bool,
    live_counts: RwSignal<HashMap<Uuid, i64>>,
) -> impl IntoView {
    let action = ServerAction::<Vote>::new();
    let marked = RwSignal::new(session.marked);
    let id = session.id;
    Effect::new(move |_| {
        if let Some(Ok(n)) = action.value().get() {
            marked.update(|m| *m = !*m);
            if let Some(n) = n {
                live_counts.update(|m| {
                    m.insert(id, n);
                });
            }
        }
    });
    // The newest count: from the live channel or our own vote, else from the page's snapshot.
    let initial = session.votes;
    let count = move || initial.map(|n| live_counts.with(|m| m.get(&id).copied()).unwrap_or(n));
    let error = action_error(action);
    let lang = use_lang();
    let counter = move || match count() {
        Some(n) => format!("{n} {}", Msg::InterestedCount.text(lang)),
        None => Msg::VotesHidden.text(lang).to_string(),
    };
    if session.hosted {
        return view! { <p class="vote-row"><span class="badge badge-mod">{tr(Msg::YourSession)}</span> <span class="muted">{counter}</span></p> }.into_any();
    }
    view! {
        <div class="vote-row">
            <button
                class="btn btn-secondary vote-button"
                type="button"
                aria-pressed=move || if marked.get() { "true" } else { "false" }
                disabled=!voting_open
                on:click=move |_| {
                    action.dispatch(Vote { camp: slug.clone(), session: id, mark: !marked.get_untracked() });
                }
            >
                {move || if marked.get() { Msg::InterestMarked.text(lang) } else { Msg::Interest.text(lang) }}
            </button>
            <span class="muted" aria-live="polite">{counter}</span>
            <FormStatus error/>
        </div>
    }
    .into_any()
}
