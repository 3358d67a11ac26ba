//! The session board: pitch form, search and filters, session cards and interest buttons.
use leptos::prelude::*;
use leptos_router::components::Form;
use uuid::Uuid;

use crate::api::{PitchSession, Vote};
use crate::components::form::{action_error, action_ok, reset_on_success, FormStatus};
use crate::components::live::Live;
use crate::components::session_form::{SessionChoices, SessionFields, SessionValues};
use crate::domain::text::{linkify, Piece};
use crate::domain::{BoardQuery, Format, Sort};
use crate::i18n::{tr, use_lang, Msg, Phrase};
use crate::view::BoardSession;

/// The address of a session's own page.
pub fn session_href(slug: &str, id: Uuid) -> String {
    format!("/c/{slug}/s/{id}")
}

#[component]
pub fn PitchForm(
    slug: String,
    choices: SessionChoices,
    action: ServerAction<PitchSession>,
) -> impl IntoView {
    let error = action_error(action);
    let form = reset_on_success(action);
    // People come to the board to read and vote: the form stays folded behind one button
    // until someone wants to pitch (a <details>, so it opens before and without wasm too).
    view! {
        <details class="pitch" id="pitch">
            <summary class="btn btn-primary">{tr(Msg::PitchTitle)}</summary>
            <div class="card">
                <ActionForm action node_ref=form attr:class="form stack" attr:novalidate=true attr:aria-label=Msg::PitchTitle.text(use_lang())>
                    <FormStatus error ok=action_ok(action) ok_msg=Msg::Pitched/>
                    <input type="hidden" name="camp" value=slug/>
                    <SessionFields prefix="pitch" values=SessionValues::default() choices error/>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit">{tr(Msg::PitchSubmit)}</button>
                    </div>
                </ActionForm>
            </div>
        </details>
    }
}

/// Search, filters and order as a plain GET form: the result has a shareable address and
/// works before the page is interactive.
#[component]
pub fn BoardFilters(
    slug: String,
    query: BoardQuery,
    tags: Signal<Option<Vec<String>>>,
) -> impl IntoView {
    let lang = use_lang();
    let format = query.format.map(Format::as_str).unwrap_or("");
    let tag = query.tag.clone().unwrap_or_default();
    let sort_label = |s: Sort| match s {
        Sort::Newest => Msg::SortNewest,
        Sort::Interest => Msg::SortInterest,
        Sort::Title => Msg::SortTitle,
    };
    let reset = format!("/c/{slug}");
    let more_open = query.format.is_some() || query.tag.is_some() || query.sort != Sort::default();
    view! {
        <Form method="GET" action="" noscroll=true attr:class="filters" attr:role="search" attr:aria-label=Msg::SearchTitle.text(lang)>
            // On a phone the three choices fold behind one line and the search shares its row
            // with the button, so the sessions start on the first screen; from 720 px all stand
            // in one row, always open (see main.css). The order on screen is the order in the
            // page, so Tab follows what the eye sees.
            <details class="filter-more" open=more_open>
                <summary>{tr(Msg::FilterAndSort)}</summary>
                <div class="filter-more-fields">
                    <div class="field">
                        <label for="board-format">{tr(Msg::FieldFilterFormat)}</label>
                        <select id="board-format" name="format">
                            <option value="" selected=format.is_empty()>{tr(Msg::AnyFormat)}</option>
                            {Format::ALL.into_iter().map(|f| view! {
                                <option value=f.as_str() selected=f.as_str() == format>{f.label().text(lang)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="board-tag">{tr(Msg::FieldFilterTag)}</label>
                        <select id="board-tag" name="tag">
                            <option value="" selected=tag.is_empty()>{tr(Msg::AnyTag)}</option>
                            <Transition>
                                <For each=move || tags.get().unwrap_or_default() key=|t| t.clone() let:t>
                                    <option value=t.clone() selected=t == tag>{format!("#{t}")}</option>
                                </For>
                            </Transition>
                        </select>
                    </div>
                    <div class="field">
                        <label for="board-sort">{tr(Msg::FieldSort)}</label>
                        <select id="board-sort" name="sort">
                            {Sort::ALL.into_iter().map(|s| view! {
                                <option value=s.as_str() selected=s == query.sort>{sort_label(s).text(lang)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
            </details>
            <div class="field filter-search">
                <label for="board-q">{tr(Msg::FieldSearch)}</label>
                <input id="board-q" type="search" name="q" value=query.q.clone() maxlength="200"/>
            </div>
            <div class="filter-actions">
                <button class="btn btn-secondary" type="submit">{tr(Msg::ApplyFilter)}</button>
                {query.is_filtered().then(|| view! { <a class="btn btn-link" href=reset.clone()>{tr(Msg::ResetFilter)}</a> })}
            </div>
        </Form>
    }
}

/// Plain text with its line breaks, web links clickable; nothing else is interpreted.
#[component]
pub fn Description(text: String, #[prop(optional)] class: &'static str) -> impl IntoView {
    let pieces = linkify(&text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.into_any(),
            Piece::Link(href) => {
                let text = href.clone();
                view! { <a href=href rel="noopener noreferrer nofollow ugc">{text}</a> }.into_any()
            }
            Piece::Break => view! { <br/> }.into_any(),
        })
        .collect_view();
    view! { <p class=format!("session-description {class}")>{pieces}</p> }
}

/// A session's format, length and tags.
#[component]
pub fn SessionBadges(session: BoardSession) -> impl IntoView {
    let lang = use_lang();
    view! {
        {session.placed.clone().map(|p| view! {
            <p class="placed">
                <span class="sr-only">{tr(Msg::PlacedAt)} " "</span>
                <strong>{p.room}</strong> " · " {crate::i18n::format_date(lang, p.day)} ", " {p.starts}
            </p>
        })}
        <p class="cluster">
            {session.hidden.then(|| view! { <span class="badge badge-warn">{tr(Msg::Hidden)}</span> })}
            <span class="badge">{session.format.label().text(lang)}</span>
            {(session.length_slots > 1).then(|| view! { <span class="badge">{tr(Msg::LengthTwo)}</span> })}
            {session.tags.iter().map(|t| view! { <span class="badge badge-tag">"#" {t.clone()}</span> }).collect_view()}
        </p>
    }
}

#[component]
pub fn SessionCard(
    slug: String,
    session: BoardSession,
    voting_open: Signal<bool>,
    live: Live,
    marks: RwSignal<i64>,
) -> impl IntoView {
    let heading_id = format!("session-{}", session.id.simple());
    let href = session_href(&slug, session.id);
    view! {
        <li class="session-card">
            <h3 id=heading_id><a href=href>{session.title.clone()}</a></h3>
            <SessionBadges session=session.clone()/>
            {(!session.description.is_empty()).then(|| view! { <Description text=session.description.clone() class="clamp"/> })}
            <p class="muted">{tr(Msg::HostedBy)} ": " {session.hosts.join(", ")}</p>
            <VoteButton slug session voting_open live marks/>
        </li>
    }
}

#[component]
pub fn VoteButton(
    slug: String,
    session: BoardSession,
    voting_open: Signal<bool>,
    live: Live,
    /// The viewer's marks in the camp, for "votes left".
    marks: RwSignal<i64>,
) -> impl IntoView {
    let action = ServerAction::<Vote>::new();
    let marked = RwSignal::new(session.marked);
    let id = session.id;
    Effect::new(move |_| {
        if let Some(Ok(n)) = action.value().get() {
            let now_marked = !marked.get_untracked();
            marked.set(now_marked);
            marks.update(|m| *m += if now_marked { 1 } else { -1 });
            live.counts.update(|m| {
                m.insert(id, n);
            });
        }
    });
    let snapshot = session.votes;
    let error = action_error(action);
    let lang = use_lang();
    let counter = move || match live.count(id, snapshot) {
        Some(n) => Phrase::Interested.count(lang, n),
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
                disabled=move || !voting_open.get()
                on:click=move |_| {
                    action.dispatch(Vote { camp: slug.clone(), session: id, mark: !marked.get_untracked() });
                }
            >
                // A tick for "interested": the star means "keep in my agenda" on the schedule.
                <span aria-hidden="true">{move || if marked.get() { "✓ " } else { "+ " }}</span>
                {move || if marked.get() { Msg::InterestMarked.text(lang) } else { Msg::Interest.text(lang) }}
                <span class="sr-only">": " {session.title.clone()}</span>
            </button>
            <span class="muted vote-count">{counter}</span>
            <FormStatus error/>
        </div>
    }
    .into_any()
}
