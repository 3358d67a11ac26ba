//! The grid editor's pieces: the rooms x slots table (a per-slot list on phones), session
//! chips that can be dragged or picked, and the "move to" panel that does the same by
//! keyboard. Every way of moving ends in the same `MoveSession` call.
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{BoardSession, Cell, DayView, GridEditor, MoveSession, PinSession, RoomView};
use crate::i18n::{format_date, tr, use_lang, Arg, Msg, Phrase};

/// What the grid page shares with its pieces.
#[derive(Clone, Copy)]
pub struct GridCtx {
    pub slug: StoredValue<String>,
    /// The version of the grid on screen; every change is checked against it.
    pub version: RwSignal<i64>,
    /// The session chosen for moving (by click, tap or keyboard).
    pub picked: RwSignal<Option<Uuid>>,
    /// The session being dragged with the mouse.
    pub dragged: RwSignal<Option<Uuid>>,
    pub moving: ServerAction<MoveSession>,
    pub pinning: ServerAction<PinSession>,
    /// The move panel's own state, kept across live reloads of the grid: the picked session
    /// with the grid version it was picked at, and the cell chosen in the panel so far.
    pub choosing: RwSignal<Option<Choosing>>,
}

/// What a person is in the middle of choosing in the move panel. A live update of the grid
/// never rewrites it: the panel keeps the chosen cell and says that the grid changed, and
/// the move is sent at the version the choice was made on, so the server refuses it with
/// the conflict message instead of applying it to a grid the person has not seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choosing {
    pub session: Uuid,
    /// The grid version the choice was made on; `None` once a refusal has shown the person
    /// that the grid changed (then the next press is checked against the current grid).
    pub seen_version: Option<i64>,
    pub cell: Option<Cell>,
}

impl GridCtx {
    /// The panel's move: at the version the person saw. The panel stays open until the
    /// move is stored (see `MovePanel`), so a refused choice is not lost.
    pub fn move_chosen(&self, choosing: Choosing, cell: Cell) {
        self.moving.dispatch(MoveSession {
            camp: self.slug.get_value(),
            version: choosing
                .seen_version
                .unwrap_or_else(|| self.version.get_untracked()),
            session: choosing.session,
            room: Some(cell.room),
            slot: Some(cell.slot),
        });
    }

    /// Once per page: a stored move ends the choice; a refused one leaves it open, and the
    /// person has now seen the new grid (the panel says so), so the next press is checked
    /// against that. (Not in the panel: it is drawn anew with every live reload.)
    pub fn settle_moves(&self) {
        let ctx = *self;
        Effect::new(move |_| match ctx.moving.value().get() {
            Some(Ok(_)) => ctx.picked.set(None),
            Some(Err(_)) => ctx.choosing.update(|c| {
                if let Some(c) = c {
                    c.seen_version = None;
                }
            }),
            None => {}
        });
    }

    pub fn move_to(&self, session: Uuid, target: Option<Cell>) {
        self.moving.dispatch(MoveSession {
            camp: self.slug.get_value(),
            version: self.version.get_untracked(),
            session,
            room: target.map(|c| c.room),
            slot: target.map(|c| c.slot),
        });
        self.picked.set(None);
        self.dragged.set(None);
    }
}

/// The id of a cell's element, for links from conflicts and for focus.
pub fn cell_id(cell: Cell) -> String {
    format!("cell-{}-{}", cell.room, cell.slot)
}

/// "Mo. 10.03.2026 09:30" for each slot id.
pub fn slot_labels(days: &[DayView], lang: crate::i18n::Lang) -> HashMap<Uuid, String> {
    days.iter()
        .flat_map(|d| {
            let date = format_date(lang, d.date);
            d.slots
                .iter()
                .map(move |s| (s.id, format!("{date}, {}", s.starts)))
        })
        .collect()
}

/// Which session covers which cell, and whether the cell is its first.
struct Occupancy {
    cells: HashMap<Cell, (Uuid, bool)>,
}

impl Occupancy {
    fn new(editor: &GridEditor) -> Occupancy {
        let order: Vec<(Uuid, usize)> = editor
            .days
            .iter()
            .enumerate()
            .flat_map(|(d, day)| day.slots.iter().map(move |s| (s.id, d)))
            .collect();
        let length: HashMap<Uuid, i64> = editor
            .sessions
            .iter()
            .map(|s| (s.id, s.length_slots))
            .collect();
        let mut cells = HashMap::new();
        for p in &editor.placements {
            let Some(i) = order.iter().position(|(id, _)| *id == p.slot) else {
                continue;
            };
            cells.insert(
                Cell {
                    room: p.room,
                    slot: p.slot,
                },
                (p.session, true),
            );
            let second = order.get(i + 1).filter(|(_, day)| *day == order[i].1);
            if let (Some(2), Some((slot, _))) = (length.get(&p.session), second) {
                cells.insert(
                    Cell {
                        room: p.room,
                        slot: *slot,
                    },
                    (p.session, false),
                );
            }
        }
        Occupancy { cells }
    }
}

/// One day of the grid: rooms as columns, slots as rows. On narrow screens the same table
/// is laid out as one block per slot (see `style/main.css`).
#[component]
pub fn GridTable(editor: GridEditor, day: DayView, ctx: GridCtx) -> impl IntoView {
    let lang = use_lang();
    let occupancy = Occupancy::new(&editor);
    let sessions: HashMap<Uuid, BoardSession> =
        editor.sessions.iter().map(|s| (s.id, s.clone())).collect();
    let conflicted: HashSet<Cell> = editor
        .conflicts
        .iter()
        .flat_map(|c| c.cells.iter().copied())
        .collect();
    let unavailable: HashSet<Cell> = editor.unavailable.iter().copied().collect();
    let can_place = editor.is_moderator || editor.self_service;
    let caption = format_date(lang, day.date);
    let rooms = editor.rooms.len();
    let region_label = caption.clone();
    let rows = day
        .slots
        .iter()
        .map(|slot| {
            let cells = editor
                .rooms
                .iter()
                .filter_map(|room| {
                    let cell = Cell { room: room.id, slot: slot.id };
                    let occupant = occupancy.cells.get(&cell).copied();
                    if matches!(occupant, Some((_, false))) {
                        return None; // covered by the row above (rowspan)
                    }
                    let session = occupant.and_then(|(id, _)| sessions.get(&id).cloned());
                    let info = CellInfo {
                        cell,
                        room: room.clone(),
                        time: format!("{}–{}", slot.starts, slot.ends),
                        conflict: conflicted.contains(&cell),
                        unavailable: unavailable.contains(&cell),
                        can_place,
                        is_moderator: editor.is_moderator,
                        pinned: editor
                            .placements
                            .iter()
                            .any(|p| Some(p.session) == session.as_ref().map(|s| s.id) && p.pinned),
                    };
                    Some(view! { <GridCell info session ctx/> })
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="grid-time">{format!("{}–{}", slot.starts, slot.ends)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        // Wide grids scroll sideways; the region takes focus so keyboards can scroll it.
        <div class="grid-scroll" tabindex="0" role="region" aria-label=region_label>
            <table class="grid-table" style=format!("--rooms: {rooms}")>
                <caption class="sr-only">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="grid-time">{tr(Msg::GridTime)}</th>
                        {editor.rooms.iter().map(|r| view! {
                            <th scope="col">
                                {r.name.clone()}
                                <span class="muted grid-capacity">{Phrase::Seats.count(lang, r.capacity)}</span>
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[derive(Clone)]
struct CellInfo {
    cell: Cell,
    room: RoomView,
    time: String,
    conflict: bool,
    unavailable: bool,
    can_place: bool,
    is_moderator: bool,
    pinned: bool,
}

#[component]
fn GridCell(info: CellInfo, session: Option<BoardSession>, ctx: GridCtx) -> impl IntoView {
    let lang = use_lang();
    let cell = info.cell;
    let span = session.as_ref().map_or(1, |s| s.length_slots.clamp(1, 2));
    let class = format!(
        "grid-cell{}{}",
        if info.conflict { " has-conflict" } else { "" },
        if info.unavailable {
            " is-unavailable"
        } else {
            ""
        }
    );
    let occupied = session.is_some();
    // Hosts pick free cells only; moderators also swap with the session already there.
    let target_ok = info.can_place && (info.is_moderator || !occupied);
    let room_name = info.room.name.clone();
    let place_label = {
        let (room, time) = (info.room.name.clone(), info.time.clone());
        move || Phrase::MoveHereTo.fill(lang, &[Arg::Text("room", &room), Arg::Text("time", &time)])
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(s) = ctx.dragged.get_untracked() {
            ctx.move_to(s, Some(cell));
        }
    };
    let here = session_id(&session);
    let picked_other = move || ctx.picked.get().is_some_and(|p| Some(p) != here);
    let session_for_chip = session.clone();
    view! {
        <td
            id=cell_id(cell)
            class=class
            rowspan=span
            data-room=room_name
            on:dragover=move |ev: leptos::ev::DragEvent| if target_ok { ev.prevent_default() }
            on:drop=on_drop
        >
            {info.conflict.then(|| view! { <span class="conflict-mark" title=Msg::ConflictHere.text(lang)>"!"<span class="sr-only">{tr(Msg::ConflictHere)}</span></span> })}
            {match session_for_chip {
                Some(s) => {
                    let movable = info.is_moderator || (info.can_place && s.hosted);
                    view! { <SessionChip session=s ctx pinned=info.pinned movable/> }.into_any()
                }
                None if info.unavailable => view! { <span class="cell-free muted">{tr(Msg::RoomUnavailable)}</span> }.into_any(),
                None => view! { <span class="cell-free muted">{tr(Msg::CellFree)}</span> }.into_any(),
            }}
            {move || (target_ok && picked_other()).then(|| {
                let label = place_label();
                view! {
                    <button type="button" class="btn btn-secondary btn-place" aria-label=label
                        on:click=move |_| if let Some(s) = ctx.picked.get_untracked() { ctx.move_to(s, Some(cell)) }>
                        {tr(Msg::MoveHere)}
                    </button>
                }
            })}
        </td>
    }
}

fn session_id(session: &Option<BoardSession>) -> Option<Uuid> {
    session.as_ref().map(|s| s.id)
}

/// A session in the grid or in the list of unplaced ones: drag it, or press it to pick it.
#[component]
pub fn SessionChip(
    session: BoardSession,
    ctx: GridCtx,
    pinned: bool,
    /// Moderators move every session; hosts (self-service) only their own.
    movable: bool,
) -> impl IntoView {
    let lang = use_lang();
    let id = session.id;
    let interest = session.votes.map(|n| Phrase::Interested.count(lang, n));
    let hosts = session.hosts.join(", ");
    let long = session.length_slots > 1;
    let title = session.title.clone();
    let handle = if movable {
        view! {
            <button
                type="button"
                class="chip-title"
                id=format!("chip-{id}")
                aria-pressed=move || if ctx.picked.get() == Some(id) { "true" } else { "false" }
                on:click=move |_| ctx.picked.update(|p| *p = if *p == Some(id) { None } else { Some(id) })
            >
                {title}
            </button>
        }
        .into_any()
    } else {
        view! { <span class="chip-title">{title}</span> }.into_any()
    };
    view! {
        <div
            class="chip"
            class:is-picked=move || ctx.picked.get() == Some(id)
            draggable=if movable { "true" } else { "false" }
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                ctx.dragged.set(Some(id));
                // Firefox starts a drag only when it carries data.
                #[cfg(feature = "hydrate")]
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &id.to_string());
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = ev;
            }
            on:dragend=move |_| ctx.dragged.set(None)
        >
            {handle}
            <span class="chip-meta muted">
                {interest}
                {(!hosts.is_empty()).then(|| format!(" · {hosts}"))}
            </span>
            <span class="chip-badges">
                {long.then(|| view! { <span class="badge">{tr(Msg::TwoSlots)}</span> })}
                {pinned.then(|| view! { <span class="badge badge-mod">{tr(Msg::Pinned)}</span> })}
            </span>
        </div>
    }
}
