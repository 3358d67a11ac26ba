//! Around the grid table: the "move to" panel (moving by keyboard or on a phone), the list
//! of conflicts with links to their cells, and the unplaced sessions.
use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;

use super::focus::focus;
use super::grid::{cell_id, slot_labels, Choosing, GridCtx, SessionChip};
use crate::api::PinSession;
use crate::i18n::{tr, use_lang, Arg, Lang, Msg, Phrase};
use crate::view::{Cell, Conflict, ConflictKind, GridEditor};

/// Shown while a session is picked: choose room and slot, then confirm; moderators also pin
/// it or take it out of the grid. Focus moves here when a session is picked.
#[component]
pub fn MovePanel(editor: GridEditor, ctx: GridCtx) -> impl IntoView {
    let lang = use_lang();
    let heading: NodeRef<leptos::html::H2> = NodeRef::new();
    let room: NodeRef<leptos::html::Select> = NodeRef::new();
    let slot: NodeRef<leptos::html::Select> = NodeRef::new();
    // A new pick starts a new choice and takes focus; the same pick after a live reload of
    // the grid keeps both, so a person in the middle of choosing is never interrupted.
    Effect::new(move |_| {
        let picked = ctx.picked.get();
        let known = ctx.choosing.get_untracked().map(|c| c.session);
        if picked == known {
            return;
        }
        ctx.choosing.set(picked.map(|session| Choosing {
            session,
            seen_version: Some(ctx.version.get_untracked()),
            cell: None,
        }));
        // A pick made with the keys in the grid keeps the focus there.
        let in_grid = ctx.picked_in_grid.get_value();
        ctx.picked_in_grid.set_value(false);
        if picked.is_some() && !in_grid {
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        }
    });

    let labels = slot_labels(&editor.days, lang);
    let slots: Vec<(Uuid, String)> = editor
        .days
        .iter()
        .flat_map(|d| d.slots.iter().map(|s| s.id))
        .map(|id| (id, labels.get(&id).cloned().unwrap_or_default()))
        .collect();
    let rooms: Vec<(Uuid, String)> = editor
        .rooms
        .iter()
        .map(|r| (r.id, r.name.clone()))
        .collect();
    let titles: HashMap<Uuid, String> = editor
        .sessions
        .iter()
        .map(|s| (s.id, s.title.clone()))
        .collect();
    let placed: HashMap<Uuid, (Cell, bool)> = editor
        .placements
        .iter()
        .map(|p| {
            (
                p.session,
                (
                    Cell {
                        room: p.room,
                        slot: p.slot,
                    },
                    p.pinned,
                ),
            )
        })
        .collect();
    let is_moderator = editor.is_moderator;
    let selected = move || ctx.picked.get();
    let chosen_cell = move || {
        let (r, t) = (room.get_untracked()?, slot.get_untracked()?);
        let (r, t) = (
            Uuid::parse_str(&r.value()).ok()?,
            Uuid::parse_str(&t.value()).ok()?,
        );
        Some(Cell { room: r, slot: t })
    };
    let remember = move |_| {
        let cell = chosen_cell();
        ctx.choosing.update(|c| {
            if let Some(c) = c {
                c.cell = cell;
            }
        });
    };
    let confirm = move |_| {
        let (Some(choosing), Some(cell)) = (ctx.choosing.get_untracked(), chosen_cell()) else {
            return;
        };
        ctx.move_chosen(choosing, cell);
    };
    let changed_meanwhile = move || {
        ctx.choosing
            .get()
            .and_then(|c| c.seen_version)
            .is_some_and(|seen| seen != ctx.version.get())
    };
    view! {
        {move || selected().map(|id| {
            let title = titles.get(&id).cloned().unwrap_or_default();
            let current = placed.get(&id).copied();
            // What the person chose so far wins over where the session is now.
            let chosen = ctx.choosing.get_untracked().and_then(|c| c.cell);
            let (current_room, current_slot) =
                chosen.or(current.map(|(c, _)| c)).map(|c| (c.room, c.slot)).unzip();
            let pinned = current.is_some_and(|(_, p)| p);
            view! {
                <section class="card move-panel" aria-labelledby="move-title" on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        ctx.picked.set(None);
                        back_to(id, current.map(|(c, _)| c));
                    }
                }>
                    <h2 id="move-title" tabindex="-1" node_ref=heading>
                        {tr(Msg::MoveTitle)} ": " {title}
                    </h2>
                    <div class="move-fields">
                        <div class="field">
                            <label for="move-room">{tr(Msg::Room)}</label>
                            <select id="move-room" node_ref=room on:change=remember>
                                {rooms.iter().map(|(rid, name)| view! {
                                    <option value=rid.to_string() selected=Some(*rid) == current_room>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="move-slot">{tr(Msg::Slot)}</label>
                            <select id="move-slot" node_ref=slot on:change=remember>
                                {slots.iter().map(|(sid, label)| view! {
                                    <option value=sid.to_string() selected=Some(*sid) == current_slot>{label.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <p class="notice notice-warn" role="status" hidden=move || !changed_meanwhile()>
                        {tr(Msg::GridChangedWhileChoosing)}
                    </p>
                    <div class="button-row">
                        <button type="button" class="btn btn-primary" on:click=confirm>{tr(Msg::MoveConfirm)}</button>
                        {current.is_some().then(|| view! {
                            <button type="button" class="btn btn-secondary" on:click=move |_| ctx.move_to(id, None)>
                                {tr(Msg::Unplace)}
                            </button>
                        })}
                        {(is_moderator && current.is_some()).then(|| view! {
                            <button type="button" class="btn btn-secondary" on:click=move |_| {
                                ctx.pinning.dispatch(PinSession {
                                    camp: ctx.slug.get_value(),
                                    version: ctx.version.get_untracked(),
                                    session: id,
                                    pinned: !pinned,
                                });
                                ctx.picked.set(None);
                            }>
                                {tr(if pinned { Msg::Unpin } else { Msg::Pin })}
                            </button>
                        })}
                        <button type="button" class="btn btn-link" on:click=move |_| {
                            ctx.picked.set(None);
                            back_to(id, current.map(|(c, _)| c));
                        }>{tr(Msg::Cancel)}</button>
                    </div>
                    <p class="muted">{tr(Msg::MoveHint)}</p>
                </section>
            }
        })}
    }
}

/// Where the focus goes when a move is called off: the session's cell in the grid, or its
/// chip among the unplaced ones.
fn back_to(session: Uuid, placed: Option<Cell>) {
    match placed {
        Some(cell) => focus(&cell_id(cell)),
        None => focus(&format!("chip-{session}")),
    }
}

/// Every conflict, blocking ones first, each with links to the cells involved.
#[component]
pub fn ConflictList(editor: GridEditor) -> impl IntoView {
    let lang = use_lang();
    if editor.conflicts.is_empty() {
        return view! { <p class="notice notice-success">{tr(Msg::NoConflicts)}</p> }.into_any();
    }
    let names = Names::new(&editor, lang);
    let items = editor
        .conflicts
        .iter()
        .map(|c| {
            let class = if c.blocking {
                "conflict is-blocking"
            } else {
                "conflict"
            };
            let links = c
                .cells
                .iter()
                .map(|&cell| {
                    view! { <li><a href=format!("#{}", cell_id(cell))>{names.cell(cell)}</a></li> }
                })
                .collect_view();
            view! {
                <li class=class>
                    <p>
                        {c.blocking.then(|| view! { <strong>{tr(Msg::Blocking)} " "</strong> })}
                        {names.explain(c)}
                    </p>
                    <ul class="conflict-cells" aria-label=Msg::ConflictCells.text(lang)>{links}</ul>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="conflict-list">{items}</ul> }.into_any()
}

/// Names for the ids the grid editor carries: session titles, rooms, slots, hosts.
pub(crate) struct Names {
    lang: Lang,
    sessions: HashMap<Uuid, String>,
    rooms: HashMap<Uuid, String>,
    slots: HashMap<Uuid, String>,
    people: HashMap<Uuid, String>,
}

impl Names {
    pub(crate) fn new(editor: &GridEditor, lang: Lang) -> Names {
        Names {
            lang,
            sessions: editor
                .sessions
                .iter()
                .map(|s| (s.id, s.title.clone()))
                .collect(),
            rooms: editor
                .rooms
                .iter()
                .map(|r| (r.id, r.name.clone()))
                .collect(),
            slots: slot_labels(&editor.days, lang),
            people: editor
                .hosts
                .iter()
                .map(|p| (p.id, p.name.clone()))
                .collect(),
        }
    }

    fn get(map: &HashMap<Uuid, String>, id: &Uuid) -> String {
        map.get(id).cloned().unwrap_or_default()
    }

    pub(crate) fn title(&self, session: Uuid) -> String {
        Self::get(&self.sessions, &session)
    }

    pub(crate) fn room(&self, room: Uuid) -> String {
        Self::get(&self.rooms, &room)
    }

    pub(crate) fn slot(&self, slot: Uuid) -> String {
        Self::get(&self.slots, &slot)
    }

    /// "Raum Nord, Mo. 10.03.2026, 09:30"
    pub(crate) fn cell(&self, cell: Cell) -> String {
        format!(
            "{}, {}",
            Self::get(&self.rooms, &cell.room),
            Self::get(&self.slots, &cell.slot)
        )
    }

    fn explain(&self, conflict: &Conflict) -> String {
        let lang = self.lang;
        let name = |id: &Uuid| Self::get(&self.sessions, id);
        let quoted = |id: &Uuid| Phrase::Quoted.fill(lang, &[Arg::Text("title", &name(id))]);
        match &conflict.kind {
            ConflictKind::HostDoubleBooked { host, sessions } => {
                let sessions = sessions.iter().map(quoted).collect::<Vec<_>>().join(", ");
                Phrase::HostTwice.fill(
                    lang,
                    &[
                        Arg::Text("name", &Self::get(&self.people, host)),
                        Arg::Text("sessions", &sessions),
                    ],
                )
            }
            ConflictKind::OverCapacity {
                session,
                interest,
                capacity,
            } => {
                let seats = Phrase::Seats.count(lang, i64::from(*capacity));
                Phrase::OverCapacity.fill(
                    lang,
                    &[
                        Arg::Text("title", &name(session)),
                        Arg::Num("n", i64::from(*interest)),
                        Arg::Text("seats", &seats),
                    ],
                )
            }
            ConflictKind::AudienceOverlap { sessions, share } => Phrase::Overlap.fill(
                lang,
                &[
                    Arg::Text("a", &name(&sessions.0)),
                    Arg::Text("b", &name(&sessions.1)),
                    Arg::Num("n", (share * 100.0).round() as i64),
                ],
            ),
            ConflictKind::RoomUnavailable { session } => {
                Phrase::Unavailable.fill(lang, &[Arg::Text("title", &name(session))])
            }
        }
    }
}

/// Sessions not in the grid yet, most wanted first.
#[component]
pub fn UnplacedList(editor: GridEditor, ctx: GridCtx) -> impl IntoView {
    let placed: std::collections::HashSet<Uuid> =
        editor.placements.iter().map(|p| p.session).collect();
    let can_move = |hosted: bool| editor.is_moderator || (editor.self_service && hosted);
    let items: Vec<_> = editor
        .sessions
        .iter()
        .filter(|s| !placed.contains(&s.id) && can_move(s.hosted))
        .cloned()
        .collect();
    let others = editor
        .sessions
        .iter()
        .filter(|s| !placed.contains(&s.id))
        .count()
        - items.len();
    view! {
        <section class="unplaced" aria-labelledby="unplaced-title">
            <h2 id="unplaced-title">{tr(Msg::Unplaced)} " (" {items.len() + others} ")"</h2>
            {items.is_empty().then(|| view! { <p class="muted">{tr(Msg::NothingUnplaced)}</p> })}
            <ul class="chip-list">
                {items.into_iter().map(|s| view! { <li><SessionChip session=s ctx pinned=false movable=true/></li> }).collect_view()}
            </ul>
        </section>
    }
}
