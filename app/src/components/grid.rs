//! The grid editor's pieces: the rooms x slots table (a per-slot list on phones), session
//! chips that can be dragged or picked, and the "move to" panel that does the same by
//! keyboard. Every way of moving ends in the same `MoveSession` call.
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{MoveSession, PinSession};
use crate::i18n::{format_date, tr, use_lang, Arg, Msg, Phrase};
use crate::view::{BoardSession, Cell, DayView, GridEditor, RoomView};

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
    /// Where the keyboard is in the grid (the one cell in the Tab order), kept across live
    /// reloads, and whether the focus was there: a reload draws the table anew, and the focus
    /// goes back to this cell instead of falling to the top of the page.
    pub cursor: RwSignal<Option<Cell>>,
    pub in_grid: StoredValue<bool>,
    /// Set by a move: the next drawing of the grid puts the focus on the moved session,
    /// wherever the move was made (the move panel's button is gone by then).
    pub follow: StoredValue<bool>,
    /// Set by a pick made in the grid with the keyboard: the focus stays in the grid instead
    /// of moving to the move panel.
    pub picked_in_grid: StoredValue<bool>,
    /// The session of a move sent from the panel and not yet answered: the panel stays open
    /// until it is stored. A move made in the grid lets go of the pick when it is sent, and
    /// a new pick ends this, so that an answer arriving after the live reload never drops a
    /// pick the person made since.
    pub settling: StoredValue<Option<Uuid>>,
    /// The computed proposal's moves, marked in the cells until it is applied or dropped
    /// (empty when there is none, or the grid has changed since).
    pub preview: Memo<Vec<PreviewMove>>,
}

/// A move of the proposal: where the session would go (`None`: out of the grid).
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewMove {
    pub session: Uuid,
    pub title: String,
    pub to: Option<Cell>,
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
        self.settling.set_value(Some(choosing.session));
        self.follow_to(cell);
    }

    /// After a move the focus goes to the moved session's new cell once the grid is redrawn.
    fn follow_to(&self, cell: Cell) {
        self.cursor.set(Some(cell));
        self.follow.set_value(true);
    }

    /// Enter or Space on a cell: pick its session, put the picked one here, or (on the picked
    /// session itself) let go of it.
    fn press(&self, cell: Cell, here: Option<Uuid>, movable: bool, target_ok: bool) {
        match self.picked.get_untracked() {
            None if movable => {
                self.picked_in_grid.set_value(true);
                self.pick(here);
            }
            Some(p) if Some(p) == here => self.pick(None),
            Some(p) if target_ok => self.move_to(p, Some(cell)),
            _ => {}
        }
    }

    /// A new pick (or letting go of one) by the person.
    fn pick(&self, session: Option<Uuid>) {
        self.settling.set_value(None);
        self.picked.set(session);
    }

    /// Once per page: a stored move from the panel ends the choice; a refused one leaves it
    /// open, and the person has now seen the new grid (the panel says so), so the next press
    /// is checked against that. (Not in the panel: it is drawn anew with every live reload.)
    pub fn settle_moves(&self) {
        let ctx = *self;
        Effect::new(move |_| match ctx.moving.value().get() {
            Some(Ok(_)) => {
                let settled = ctx.settling.get_value();
                ctx.settling.set_value(None);
                if settled.is_some() && ctx.picked.get_untracked() == settled {
                    ctx.picked.set(None);
                }
            }
            Some(Err(_)) => {
                ctx.settling.set_value(None);
                ctx.choosing.update(|c| {
                    if let Some(c) = c {
                        c.seen_version = None;
                    }
                })
            }
            None => {}
        });
    }

    pub fn move_to(&self, session: Uuid, target: Option<Cell>) {
        if let Some(cell) = target {
            self.follow_to(cell);
        }
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

/// Where the arrow keys go in one day's table: rooms are columns, slots rows, and a two-slot
/// session's cell covers the one below it, which is not drawn.
#[derive(Clone, Debug, Default)]
struct Layout {
    rooms: Vec<Uuid>,
    slots: Vec<Uuid>,
    covered: HashSet<(usize, usize)>,
}

impl Layout {
    fn new(editor: &GridEditor, day: &DayView, occupancy: &Occupancy) -> Layout {
        let rooms: Vec<Uuid> = editor.rooms.iter().map(|r| r.id).collect();
        let slots: Vec<Uuid> = day.slots.iter().map(|s| s.id).collect();
        let mut covered = HashSet::new();
        for (r, room) in rooms.iter().enumerate() {
            for (s, slot) in slots.iter().enumerate() {
                let cell = Cell {
                    room: *room,
                    slot: *slot,
                };
                if matches!(occupancy.cells.get(&cell), Some((_, false))) {
                    covered.insert((r, s));
                }
            }
        }
        Layout {
            rooms,
            slots,
            covered,
        }
    }

    fn cell(&self, (r, s): (usize, usize)) -> Cell {
        Cell {
            room: self.rooms[r],
            slot: self.slots[s],
        }
    }

    fn position(&self, cell: Cell) -> Option<(usize, usize)> {
        let r = self.rooms.iter().position(|id| *id == cell.room)?;
        let s = self.slots.iter().position(|id| *id == cell.slot)?;
        Some((r, s)).filter(|p| !self.covered.contains(p))
    }

    /// The drawn cell at a position: itself, or the two-slot cell above that covers it.
    fn drawn(&self, (r, s): (usize, usize)) -> (usize, usize) {
        if self.covered.contains(&(r, s)) {
            (r, s - 1)
        } else {
            (r, s)
        }
    }

    /// The cell a key leads to from `from`, if the key moves at all.
    fn step(&self, (r, s): (usize, usize), key: &str) -> Option<(usize, usize)> {
        let to = match key {
            "ArrowLeft" => (r.checked_sub(1)?, s),
            "ArrowRight" => (r + 1, s),
            "ArrowUp" => (r, s.checked_sub(1)?),
            // Past the lower half of a two-slot session.
            "ArrowDown" => (r, s + 1 + usize::from(self.covered.contains(&(r, s + 1)))),
            "Home" => (0, s),
            "End" => (self.rooms.len().checked_sub(1)?, s),
            _ => return None,
        };
        (to.0 < self.rooms.len() && to.1 < self.slots.len()).then(|| self.drawn(to))
    }
}

/// After the table is drawn anew (a live update, a move): the focus goes back to the cursor
/// cell if it was in the grid or a move was made, and only if it is nowhere else now, so a
/// redraw never takes the focus from where a person is working.
fn restore_focus(ctx: GridCtx) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        let wanted = ctx.follow.get_value() || ctx.in_grid.get_value();
        ctx.follow.set_value(false);
        let lost = super::focus::focus_lost();
        if let (true, true, Some(cell)) = (wanted, lost, ctx.cursor.get_untracked()) {
            super::focus::focus_now(&cell_id(cell));
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Whether focus that leaves the table goes somewhere else on the page. (Focus lost because
/// the table is drawn anew has no new target and comes back with `restore_focus`.)
fn focus_left(ev: &leptos::ev::FocusEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let to = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let table = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        match (to, table) {
            (Some(to), Some(table)) => !table.contains(Some(&to)),
            _ => false,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// One day of the grid: rooms as columns, slots as rows. On narrow screens the same table
/// is laid out as one block per slot (see `style/main.css`). The table is one stop in the
/// Tab order: arrow keys move between cells, Enter or Space picks a session and puts it
/// down, Escape lets go.
#[component]
pub fn GridTable(editor: GridEditor, day: DayView, ctx: GridCtx) -> impl IntoView {
    let lang = use_lang();
    let occupancy = Occupancy::new(&editor);
    let layout = StoredValue::new(Layout::new(&editor, &day, &occupancy));
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
    // The cell in the Tab order: the cursor where it is drawn on this day, else the first.
    let first =
        layout.with_value(|l| (!l.rooms.is_empty() && !l.slots.is_empty()).then(|| l.cell((0, 0))));
    let active = Memo::new(move |_| {
        ctx.cursor
            .get()
            .filter(|c| layout.with_value(|l| l.position(*c).is_some()))
            .or(first)
    });
    restore_focus(ctx);
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
                    let tab_stop = Signal::derive(move || active.get() == Some(cell));
                    Some(view! { <GridCell info session ctx layout tab_stop/> })
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
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        if focus_left(&ev) {
            ctx.in_grid.set_value(false);
        }
    };
    view! {
        // Wide grids scroll sideways inside this region, never the page.
        <div class="grid-scroll" role="region" aria-label=region_label on:focusout=on_focusout>
            <table class="grid-table" role="grid" aria-describedby="grid-keys" style=format!("--rooms: {rooms}")>
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
fn GridCell(
    info: CellInfo,
    session: Option<BoardSession>,
    ctx: GridCtx,
    layout: StoredValue<Layout>,
    /// Whether this cell is the table's one stop in the Tab order.
    tab_stop: Signal<bool>,
) -> impl IntoView {
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
    let movable = session
        .as_ref()
        .is_some_and(|s| info.is_moderator || (info.can_place && s.hosted));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // Keys on the cell itself; its buttons are there for pointers.
        if ev.target() != ev.current_target() {
            return;
        }
        match ev.key().as_str() {
            "Enter" | " " => {
                ev.prevent_default();
                ctx.press(cell, here, movable, target_ok);
            }
            "Escape" if ctx.picked.get_untracked().is_some() => {
                ev.prevent_default();
                ctx.picked.set(None);
            }
            key => {
                let to = layout.with_value(|l| {
                    l.position(cell)
                        .and_then(|p| l.step(p, key))
                        .map(|p| l.cell(p))
                });
                if let Some(to) = to {
                    ev.prevent_default();
                    ctx.cursor.set(Some(to));
                    // At once, not after the next frame: the next key may come first.
                    super::focus::focus_now(&cell_id(to));
                }
            }
        }
    };
    let on_focus = move |_| {
        ctx.in_grid.set_value(true);
        if ctx.cursor.get_untracked() != Some(cell) {
            ctx.cursor.set(Some(cell));
        }
    };
    let session_for_chip = session.clone();
    // The proposal's preview: who would come here, and whether this session would leave.
    let incoming = move || {
        ctx.preview.with(|moves| {
            moves
                .iter()
                .find(|m| m.to == Some(cell) && Some(m.session) != here)
                .map(|m| m.title.clone())
        })
    };
    let leaving = move || {
        here.is_some_and(|h| {
            ctx.preview
                .with(|moves| moves.iter().any(|m| m.session == h && m.to != Some(cell)))
        })
    };
    view! {
        <td
            id=cell_id(cell)
            class=move || {
                let proposed = if incoming().is_some() { " is-proposed" } else { "" };
                let leaves = if leaving() { " is-leaving" } else { "" };
                format!("{class}{proposed}{leaves}")
            }
            rowspan=span
            data-room=room_name
            tabindex=move || if tab_stop.get() { "0" } else { "-1" }
            aria-selected=move || if here.is_some() && ctx.picked.get() == here { "true" } else { "false" }
            on:keydown=on_key
            on:focusin=on_focus
            on:dragover=move |ev: leptos::ev::DragEvent| if target_ok { ev.prevent_default() }
            on:drop=on_drop
        >
            {info.conflict.then(|| view! { <span class="conflict-mark" title=Msg::ConflictHere.text(lang)>"!"<span class="sr-only">{tr(Msg::ConflictHere)}</span></span> })}
            {match session_for_chip {
                Some(s) => {
                    view! { <SessionChip session=s ctx pinned=info.pinned movable in_grid=true/> }.into_any()
                }
                None if info.unavailable => view! { <span class="cell-free muted">{tr(Msg::RoomUnavailable)}</span> }.into_any(),
                None => view! { <span class="cell-free muted">{tr(Msg::CellFree)}</span> }.into_any(),
            }}
            {move || leaving().then(|| view! { <span class="proposal-leaves">{tr(Msg::ProposalLeaves)}</span> })}
            {move || incoming().map(|title| view! {
                <span class="proposal-mark">{Phrase::ProposalHere.fill(lang, &[Arg::Text("title", &title)])}</span>
            })}
            {move || (target_ok && picked_other()).then(|| {
                let label = place_label();
                view! {
                    <button type="button" class="btn btn-secondary btn-place" aria-label=label tabindex="-1"
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
    /// In the grid the cell takes the keys, so the chip's button is for pointers only.
    #[prop(optional)]
    in_grid: bool,
) -> impl IntoView {
    let lang = use_lang();
    let id = session.id;
    let interest = session.votes.map(|n| Phrase::Interested.count(lang, n));
    let hosts = session.hosts.join(", ");
    let long = session.length_slots > 1;
    let title = session.title.clone();
    // The whole title on hover, where the grid cuts it.
    let full_title = title.clone();
    let handle = if movable {
        view! {
            <button
                type="button"
                class="chip-title"
                id=format!("chip-{id}")
                tabindex=in_grid.then_some("-1")
                title=full_title
                aria-pressed=move || if ctx.picked.get() == Some(id) { "true" } else { "false" }
                on:click=move |_| ctx.pick((ctx.picked.get_untracked() != Some(id)).then_some(id))
            >
                {title}
            </button>
        }
        .into_any()
    } else {
        view! { <span class="chip-title" title=full_title>{title}</span> }.into_any()
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
