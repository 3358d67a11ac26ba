//! The grid editor (`/c/{slug}/grid`): moderators build, fix and publish the grid; hosts
//! place their own sessions where the camp allows it. Follows the camp's live channel, so
//! every change by someone else shows up within a second.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::LoadError;
use crate::api::{
    get_grid, ApplyProposal, MoveSession, PinSession, ProposeGrid, PublishGrid, SetRoomAvailable,
    UndoGrid, UpdateGridSettings,
};
use crate::components::form::{action_error, FormStatus, TextField};
use crate::components::grid::{GridCtx, GridTable, PreviewMove};
use crate::components::grid_panels::{ConflictList, MovePanel, Names, UnplacedList};
use crate::components::live::use_live;
use crate::error::AppError;
use crate::i18n::{format_date, number, tr, tr_with, use_lang, Arg, Lang, Msg, Phrase};
use crate::view::{GridEditor, ProposalView};

/// The page's actions; each one's outcome reloads the grid, so a refused change shows the
/// grid as it is now next to the message.
#[derive(Clone, Copy)]
struct Actions {
    undo: ServerAction<UndoGrid>,
    publish: ServerAction<PublishGrid>,
    propose: ServerAction<ProposeGrid>,
    apply: ServerAction<ApplyProposal>,
    settings: ServerAction<UpdateGridSettings>,
    availability: ServerAction<SetRoomAvailable>,
}

/// Bumps `reload` after every run of `action` and keeps its error in `error`.
fn follow<T>(action: ServerAction<T>, reload: RwSignal<u32>, error: RwSignal<Option<AppError>>)
where
    T: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    T::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            error.set(result.err());
            reload.update(|n| *n += 1);
        }
    });
}

#[component]
pub fn GridPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let live = use_live(slug);
    let error = RwSignal::new(None::<AppError>);
    let actions = Actions {
        undo: ServerAction::new(),
        publish: ServerAction::new(),
        propose: ServerAction::new(),
        apply: ServerAction::new(),
        settings: ServerAction::new(),
        availability: ServerAction::new(),
    };
    let editor = Resource::new(move || (slug(), live.reload.get()), |(s, _)| get_grid(s));
    let lang = use_lang();
    // The proposal is marked in the grid while it fits the grid shown (applying a stale one
    // is refused anyway). The grid is read only while there is a proposal.
    let preview = Memo::new(move |_| match actions.propose.value().get() {
        Some(Ok(p)) => match editor.get() {
            Some(Ok(e)) if p.version == e.version => preview_moves(&p, &e, lang),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    });
    let ctx = GridCtx {
        slug: StoredValue::new(slug()),
        version: RwSignal::new(0),
        picked: RwSignal::new(None),
        dragged: RwSignal::new(None),
        moving: ServerAction::<MoveSession>::new(),
        pinning: ServerAction::<PinSession>::new(),
        choosing: RwSignal::new(None),
        cursor: RwSignal::new(None),
        in_grid: StoredValue::new(false),
        follow: StoredValue::new(false),
        picked_in_grid: StoredValue::new(false),
        settling: StoredValue::new(None),
        preview,
    };
    follow(ctx.moving, live.reload, error);
    ctx.settle_moves();
    follow(ctx.pinning, live.reload, error);
    follow(actions.undo, live.reload, error);
    follow(actions.publish, live.reload, error);
    follow(actions.apply, live.reload, error);
    follow(actions.availability, live.reload, error);
    Effect::new(move |_| {
        if let Some(Ok(e)) = editor.get() {
            ctx.version.set(e.version);
        }
    });
    let day = RwSignal::new(0usize);
    view! {
        <Title text=Msg::GridTitle.text(lang)/>
        <div class="page-head">
            <h1>{tr(Msg::GridTitle)}</h1>
            <p class="page-actions">
                <a class="btn btn-secondary" href=move || format!("/c/{}", slug())>{tr(Msg::BackToBoard)}</a>
            </p>
        </div>
        <crate::pages::camp::OfflineNote live/>
        <FormStatus error=error.into()/>
        <Transition fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || editor.get().map(|e| match e {
                Ok(e) => view! { <GridView editor=e ctx actions day/> }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn GridView(
    editor: GridEditor,
    ctx: GridCtx,
    actions: Actions,
    day: RwSignal<usize>,
) -> impl IntoView {
    // Every live update draws the editor anew; whoever is on the move panel, a session chip
    // or a cell stays there.
    crate::components::focus::keep_across_redraw();
    let lang = use_lang();
    let days = editor.days.clone();
    if days.is_empty() || editor.rooms.is_empty() {
        return view! { <p class="notice">{tr(Msg::GridNeedsPlan)}</p> }.into_any();
    }
    let tabs = (days.len() > 1).then(|| {
        days.iter()
            .enumerate()
            .map(|(i, d)| {
                view! {
                    <button type="button" class="tab" aria-pressed=move || if day.get() == i { "true" } else { "false" }
                        on:click=move |_| day.set(i)>
                        {format_date(lang, d.date)}
                    </button>
                }
            })
            .collect_view()
    });
    let table_editor = editor.clone();
    view! {
        <GridStatus editor=editor.clone() ctx actions/>
        <MovePanel editor=editor.clone() ctx/>
        <ConflictSummary editor=editor.clone()/>
        // The grid first and at full width; what is not placed yet follows below it.
        <section aria-labelledby="grid-title" class="grid-main">
            <h2 id="grid-title" class="sr-only">{tr(Msg::GridPlan)}</h2>
            {tabs.map(|t| view! { <div class="tabs" role="group" aria-label=Msg::Days.text(lang)>{t}</div> })}
            {move || {
                let d = days.get(day.get()).or(days.first()).cloned();
                d.map(|d| view! { <GridTable editor=table_editor.clone() day=d ctx/> })
            }}
            <p id="grid-keys" class="muted grid-keys">{tr(Msg::GridKeys)}</p>
        </section>
        <UnplacedList editor=editor.clone() ctx/>
        {editor.is_moderator.then(|| view! {
            <div class="stack">
                <ProposalPanel editor=editor.clone() ctx actions/>
                <GridSettings editor=editor.clone() ctx actions/>
                <RoomAvailability editor=editor.clone() ctx actions/>
                <GridHistory editor=editor.clone()/>
            </div>
        })}
    }
    .into_any()
}

/// The conflicts in one line ("11 conflicts, 3 block publishing") that opens into the list;
/// the cells carry their marks in the grid.
#[component]
fn ConflictSummary(editor: GridEditor) -> impl IntoView {
    let lang = use_lang();
    let total = editor.conflicts.len() as i64;
    let blocking = editor.conflicts.iter().filter(|c| c.blocking).count() as i64;
    if total == 0 {
        return view! { <ConflictList editor/> }.into_any();
    }
    let class = if blocking > 0 {
        "conflicts is-blocking"
    } else {
        "conflicts"
    };
    view! {
        <details class=class>
            <summary>
                <strong>{Phrase::ConflictCount.count(lang, total)}</strong>
                {(blocking > 0).then(|| view! {
                    <span class="conflicts-blocking">{Phrase::BlockingCount.count(lang, blocking)}</span>
                })}
            </summary>
            <ConflictList editor/>
        </details>
    }
    .into_any()
}

/// Draft or published, and the moderators' undo and publish.
#[component]
fn GridStatus(editor: GridEditor, ctx: GridCtx, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let state = match editor.published_version {
        Some(v) if v == editor.version => Msg::GridPublishedCurrent.text(lang).to_string(),
        Some(_) => Msg::GridDraftChanged.text(lang).to_string(),
        None => Msg::GridNotPublished.text(lang).to_string(),
    };
    let mut notes = vec![state];
    if editor.locked {
        notes.push(Msg::GridLockedNote.text(lang).to_string());
    } else if editor.self_service && !editor.is_moderator {
        notes.push(Msg::SelfServiceNote.text(lang).to_string());
    }
    let version = editor.version;
    let publishable = editor.published_version != Some(version);
    view! {
        <div class="grid-status">
            <p class="muted">{notes.join(" · ")}</p>
            {editor.is_moderator.then(|| view! {
                <div class="button-row">
                    <button type="button" class="btn btn-secondary" on:click=move |_| {
                        actions.undo.dispatch(UndoGrid { camp: ctx.slug.get_value(), version });
                    }>{tr(Msg::Undo)}</button>
                    <button type="button" class="btn btn-primary" disabled=!publishable on:click=move |_| {
                        actions.publish.dispatch(PublishGrid { camp: ctx.slug.get_value(), version });
                    }>{tr(Msg::Publish)}</button>
                </div>
            })}
        </div>
    }
}

/// "Suggest a grid": shows the proposal's score and moves; applied only when accepted.
#[component]
fn ProposalPanel(editor: GridEditor, ctx: GridCtx, actions: Actions) -> impl IntoView {
    let editor = StoredValue::new(editor);
    let replace = RwSignal::new(false);
    let result = move || actions.propose.value().get();
    Effect::new(move |_| {
        // An applied proposal is done: hide it.
        if let Some(Ok(_)) = actions.apply.value().get() {
            actions.propose.value().set(None);
        }
    });
    view! {
        <section class="card stack" aria-labelledby="proposal-title">
            <h2 id="proposal-title">{tr(Msg::ProposalTitle)}</h2>
            <p class="muted">{tr(Msg::ProposalLead)}</p>
            <label class="check">
                <input type="checkbox" prop:checked=move || replace.get()
                    on:change=move |ev| replace.set(event_target_checked(&ev))/>
                <span>{tr(Msg::ProposalReplace)}</span>
            </label>
            <div class="button-row">
                <button type="button" class="btn btn-secondary" on:click=move |_| {
                    actions.propose.dispatch(ProposeGrid { camp: ctx.slug.get_value(), replace_unpinned: replace.get_untracked() });
                }>{tr(Msg::ProposalCompute)}</button>
            </div>
            <div aria-live="polite">
                {move || result().map(|r| match r {
                    Ok(p) => view! { <ProposalResult proposal=p editor=editor.get_value() ctx actions/> }.into_any(),
                    Err(e) => view! { <p class="notice notice-error">{e.summary().text(use_lang())}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

#[component]
fn ProposalResult(
    proposal: ProposalView,
    editor: GridEditor,
    ctx: GridCtx,
    actions: Actions,
) -> impl IntoView {
    let lang = use_lang();
    let row = |label: Msg, hint: Msg, before: i64, after: i64| {
        let (change, class) = score_change(lang, before, after);
        view! {
            <tr>
                <th scope="row">{label.text(lang)}<span class="score-hint muted">{hint.text(lang)}</span></th>
                <td>{number(lang, before)}</td>
                <td>{number(lang, after)}</td>
                <td class=class>{change}</td>
            </tr>
        }
    };
    let (b, a) = (proposal.before, proposal.after);
    let (version, replace) = (proposal.version, proposal.replace_unpinned);
    let moves = proposal.moves.len();
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    view! {
        // Narrow screens scroll the table inside its own box, never the page.
        <div class="score-wrap">
        <table class="score-table">
            <caption>{tr(Msg::ProposalScore)}</caption>
            <thead>
                <tr>
                    <td></td>
                    <th scope="col">{tr(Msg::Now)}</th>
                    <th scope="col">{tr(Msg::Proposed)}</th>
                    <th scope="col">{tr(Msg::ScoreChange)}</th>
                </tr>
            </thead>
            <tbody>
                {row(Msg::ScoreConflicting, Msg::ScoreConflictingHint, n(b.conflicting_interest), n(a.conflicting_interest))}
                {row(Msg::ScoreOverCapacity, Msg::ScoreOverCapacityHint, b.over_capacity.into(), a.over_capacity.into())}
                {row(Msg::ScoreUnplaced, Msg::ScoreUnplacedHint, b.unplaced.into(), a.unplaced.into())}
                {row(Msg::ScoreHostsTwice, Msg::ScoreHostsTwiceHint, b.double_booked_hosts.into(), a.double_booked_hosts.into())}
            </tbody>
        </table>
        </div>
        <p class="muted">{tr(Msg::ScoreLessIsBetter)}</p>
        <p class="muted">{tr(Msg::ProposalPreviewHint)}</p>
        <ProposalMoves proposal=proposal.clone() editor/>
        <div class="button-row">
            <button type="button" class="btn btn-primary" disabled=moves == 0 on:click=move |_| {
                actions.apply.dispatch(ApplyProposal { camp: ctx.slug.get_value(), version, replace_unpinned: replace });
            }>{tr(Msg::ProposalApply)}</button>
            <button type="button" class="btn btn-link" on:click=move |_| actions.propose.value().set(None)>
                {tr(Msg::ProposalDiscard)}
            </button>
        </div>
    }
}

/// What the proposal would change, one line per session, before anything is applied.
#[component]
fn ProposalMoves(proposal: ProposalView, editor: GridEditor) -> impl IntoView {
    let lang = use_lang();
    let names = Names::new(&editor, lang);
    let items = proposal
        .moves
        .iter()
        .map(|(session, cell)| {
            let title = names.title(*session);
            let line = match cell {
                Some(c) => Phrase::ProposalMoveTo.fill(
                    lang,
                    &[
                        Arg::Text("title", &title),
                        Arg::Text("room", &names.room(c.room)),
                        Arg::Text("time", &names.slot(c.slot)),
                    ],
                ),
                None => Phrase::ProposalTakeOut.fill(lang, &[Arg::Text("title", &title)]),
            };
            view! { <li>{line}</li> }
        })
        .collect_view();
    let count = proposal.moves.len() as i64;
    // A short list is open at once; a long one stays one line until asked for.
    let few = count <= 8;
    view! {
        <details class="proposal-moves" open=few>
            <summary>{tr_with(Phrase::ProposalMoves, &[Arg::Num("n", count)])}</summary>
            <ul class="plain-list">{items}</ul>
        </details>
    }
}

/// The proposal's moves with the titles the grid shows.
fn preview_moves(proposal: &ProposalView, editor: &GridEditor, lang: Lang) -> Vec<PreviewMove> {
    let names = Names::new(editor, lang);
    proposal
        .moves
        .iter()
        .map(|(session, to)| PreviewMove {
            session: *session,
            title: names.title(*session),
            to: *to,
        })
        .collect()
}

/// The change from now to the proposal, signed ("−3", "+1", "±0"), and whether it is better
/// (every score counts something to avoid, so less is better).
fn score_change(lang: crate::i18n::Lang, before: i64, after: i64) -> (String, &'static str) {
    let d = after - before;
    match d.signum() {
        -1 => (format!("\u{2212}{}", number(lang, -d)), "is-better"),
        1 => (format!("+{}", number(lang, d)), "is-worse"),
        _ => ("±0".to_string(), ""),
    }
}

/// Lock against self-service, and the audience-overlap threshold.
#[component]
fn GridSettings(editor: GridEditor, ctx: GridCtx, actions: Actions) -> impl IntoView {
    let error = action_error(actions.settings);
    let percent = ((editor.overlap_threshold * 100.0).round() as i64).to_string();
    view! {
        <section class="card stack" aria-labelledby="grid-settings-title">
            <h2 id="grid-settings-title">{tr(Msg::GridSettings)}</h2>
            <ActionForm action=actions.settings attr:class="form stack" attr:novalidate=true>
                <input type="hidden" name="camp" value=ctx.slug.get_value()/>
                <div class="field">
                    <label class="check" for="grid-locked">
                        <input type="checkbox" id="grid-locked" name="locked" checked=editor.locked/>
                        <span>{tr(Msg::GridLock)}</span>
                    </label>
                </div>
                <TextField id="overlap_percent" name="overlap_percent" label=Msg::OverlapPercent
                    hint=Msg::OverlapHint value=percent error kind="number"/>
                <FormStatus error/>
                <div class="button-row">
                    <button type="submit" class="btn btn-primary">{tr(Msg::Save)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Cells where a room cannot be used (a video room booked elsewhere, a break-out room that
/// opens later); a session placed there is flagged as a conflict.
#[component]
fn RoomAvailability(editor: GridEditor, ctx: GridCtx, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let names = Names::new(&editor, lang);
    let slot_options: Vec<(String, String)> = editor
        .days
        .iter()
        .flat_map(|d| d.slots.iter())
        .map(|s| (s.id.to_string(), names.slot(s.id)))
        .collect();
    let listed = editor
        .unavailable
        .iter()
        .map(|c| {
            let label = names.cell(*c);
            let cell = *c;
            view! {
                <li>
                    {label} " "
                    <button type="button" class="btn btn-link" on:click=move |_| {
                        actions.availability.dispatch(SetRoomAvailable {
                            camp: ctx.slug.get_value(), room: cell.room, slot: cell.slot, available: true,
                        });
                    }>{tr(Msg::MakeAvailable)}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card stack" aria-labelledby="availability-title">
            <h2 id="availability-title">{tr(Msg::Availability)}</h2>
            <ul class="history">{listed}</ul>
            <ActionForm action=actions.availability attr:class="form stack" attr:novalidate=true>
                <input type="hidden" name="camp" value=ctx.slug.get_value()/>
                <input type="hidden" name="available" value="false"/>
                <div class="move-fields">
                    <div class="field">
                        <label for="unavailable-room">{tr(Msg::Room)}</label>
                        <select id="unavailable-room" name="room">
                            {editor.rooms.iter().map(|r| view! { <option value=r.id.to_string()>{r.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="unavailable-slot">{tr(Msg::Slot)}</label>
                        <select id="unavailable-slot" name="slot">
                            {slot_options.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="button-row">
                    <button type="submit" class="btn btn-secondary">{tr(Msg::MakeUnavailable)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Who changed what, when; newest first.
#[component]
fn GridHistory(editor: GridEditor) -> impl IntoView {
    let lang = use_lang();
    let items = editor
        .history
        .iter()
        .map(|h| {
            let who = h.actor.clone().unwrap_or_default();
            let sessions = h.sessions.join(", ");
            let what = action_label(&h.action).fill(lang, &[Arg::Text("sessions", &sessions)]);
            view! {
                <li class:is-undone=h.undone>
                    <span class="muted">{h.at.clone()}</span> " " {who} ": " {what}
                    {h.undone.then(|| view! { " " <span class="badge">{tr(Msg::Undone)}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="card">
            <summary>{tr(Msg::GridHistory)} " (" {editor.history.len()} ")"</summary>
            <ol class="history">{items}</ol>
        </details>
    }
}

fn action_label(action: &str) -> Phrase {
    match action {
        "place" => Phrase::ActionPlace,
        "move" => Phrase::ActionMove,
        "swap" => Phrase::ActionSwap,
        "unplace" => Phrase::ActionUnplace,
        "pin" => Phrase::ActionPin,
        "unpin" => Phrase::ActionUnpin,
        "proposal" => Phrase::ActionProposal,
        "undo" => Phrase::ActionUndo,
        _ => Phrase::ActionPublish,
    }
}
