//! Around the grid table: the "move to" panel (moving by keyboard or on a phone), the list
//! of conflicts with links to their cells, and the unplaced sessions.
use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;

use super::grid::{cell_id, slot_labels, GridCtx, SessionChip};
use crate::api::{Cell, Conflict, ConflictKind, GridEditor, PinSession};
use crate::i18n::{tr, use_lang, Lang, Msg};

/// Shown while a session is picked: choose room and slot, then confirm; moderators also pin
/// it or take it out of the grid. Focus moves here when a session is picked.
#[component]
pub fn MovePanel(editor: GridEditor, ctx: GridCtx) -> impl IntoView {
    let lang = use_lang();
    let heading: NodeRef<leptos::html::H2> = NodeRef::new();
    let room: NodeRef<leptos::html::Select> = NodeRef::new();
    let slot: NodeRef<leptos::html::Select> = NodeRef::new();
    Effect::new(move |_| {
        if ctx.picked.get().is_some() {
            if let Some(h) = heading.get() {
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
    let confirm = move |_| {
        let (Some(s), Some(r), Some(t)) = (ctx.picked.get_untracked(), room.get(), slot.get())
        else {
            return;
        };
        let (Ok(r), Ok(t)) = (Uuid::parse_str(&r.value()), Uuid::parse_str(&t.value())) else {
            return;
        };
        ctx.move_to(s, Some(Cell { room: r, slot: t }));
    };
    view! {
        {move || selected().map(|id| {
            let title = titles.get(&id).cloned().unwrap_or_default();
            let current = placed.get(&id).copied();
            let (current_room, current_slot) = current.map(|(c, _)| (c.room, c.slot)).unzip();
            let pinned = current.is_some_and(|(_, p)| p);
            view! {
                <section class="card move-panel" aria-labelledby="move-title">
                    <h2 id="move-title" tabindex="-1" node_ref=heading>
                        {tr(Msg::MoveTitle)} ": " {title}
                    </h2>
                    <div class="move-fields">
                        <div class="field">
                            <label for="move-room">{tr(Msg::Room)}</label>
                            <select id="move-room" node_ref=room>
                                {rooms.iter().map(|(rid, name)| view! {
                                    <option value=rid.to_string() selected=Some(*rid) == current_room>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="move-slot">{tr(Msg::Slot)}</label>
                            <select id="move-slot" node_ref=slot>
                                {slots.iter().map(|(sid, label)| view! {
                                    <option value=sid.to_string() selected=Some(*sid) == current_slot>{label.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
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
                            focus(&format!("chip-{id}"));
                        }>{tr(Msg::Cancel)}</button>
                    </div>
                    <p class="muted">{tr(Msg::MoveHint)}</p>
                </section>
            }
        })}
    }
}

/// Moves keyboard focus to the element with `id`, once the page has drawn it.
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        let id = id.to_string();
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
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

/// Names for the ids a conflict carries.
struct Names {
    lang: Lang,
    sessions: HashMap<Uuid, String>,
    rooms: HashMap<Uuid, String>,
    slots: HashMap<Uuid, String>,
    people: HashMap<Uuid, String>,
}

impl Names {
    fn new(editor: &GridEditor, lang: Lang) -> Names {
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

    fn cell(&self, cell: Cell) -> String {
        format!(
            "{}, {}",
            Self::get(&self.rooms, &cell.room),
            Self::get(&self.slots, &cell.slot)
        )
    }

    fn explain(&self, conflict: &Conflict) -> String {
        let t = |m: Msg| m.text(self.lang);
        let title = |id: &Uuid| format!("„{}“", Self::get(&self.sessions, id));
        match &conflict.kind {
            ConflictKind::HostDoubleBooked { host, sessions } => format!(
                "{} {}: {}",
                Self::get(&self.people, host),
                t(Msg::ConflictHostTwice),
                sessions.iter().map(title).collect::<Vec<_>>().join(", ")
            ),
            ConflictKind::OverCapacity {
                session,
                interest,
                capacity,
            } => format!(
                "{}: {interest} {} {capacity} {}",
                title(session),
                t(Msg::ConflictOverCapacity),
                t(Msg::Seats)
            ),
            ConflictKind::AudienceOverlap { sessions, share } => format!(
                "{} / {}: {} % {}",
                title(&sessions.0),
                title(&sessions.1),
                (share * 100.0).round(),
                t(Msg::ConflictOverlap)
            ),
            ConflictKind::RoomUnavailable { session } => {
                format!("{}: {}", title(session), t(Msg::ConflictUnavailable))
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
