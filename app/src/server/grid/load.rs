//! Reads a camp's grid from the store into the domain's `GridModel`, and turns a changed
//! model back into the store's `SessionCells`.
use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::grid::{Cell, GridModel, GridRoom, GridSession, GridSlot, Placement};
use crate::error::AppError;
use crate::server::access::CampAccess;
use crate::server::reads::{rules_view, show_counts, Extras};
use crate::server::store::{GridStateRow, PlacementRow, RoomRow, SessionCells, SlotRow};
use crate::server::AppState;
use crate::view::{BoardSession, PersonOption};

/// A camp's grid as the service works with it.
pub struct Loaded {
    pub grid: GridStateRow,
    pub model: GridModel,
    pub rooms: Vec<RoomRow>,
    pub slots: Vec<SlotRow>,
    /// Placeable sessions (neither withdrawn nor hidden), most wanted first.
    pub sessions: Vec<BoardSession>,
    pub hosts: Vec<PersonOption>,
}

impl Loaded {
    pub async fn read(state: &AppState, access: &CampAccess) -> Result<Loaded, AppError> {
        let store = &state.store;
        let camp = access.camp.id;
        let grid = store.grid_state(camp).await?;
        let rooms = store.rooms(camp).await?;
        let slots = store.slots(camp).await?;
        let unavailable = store.room_unavailable(camp).await?;
        let rules = rules_view(store.voting_rules(camp).await?);
        let extras = Extras::load(&state.store, camp).await?;
        let mut sessions: Vec<BoardSession> = store
            .board(camp, access.person.id, false)
            .await?
            .into_iter()
            .map(|r| extras.session(r, show_counts(&rules)))
            .collect();
        let host_ids = extras.host_ids();
        let mut voters: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (session, person) in store.grid_interest(camp).await? {
            voters.entry(session).or_default().push(person);
        }
        let model = GridModel {
            rooms: rooms
                .iter()
                .map(|r| GridRoom {
                    id: r.id,
                    capacity: r.capacity.clamp(0, u32::MAX as i64) as u32,
                    unavailable: unavailable
                        .iter()
                        .filter(|(room, _)| *room == r.id)
                        .map(|(_, slot)| *slot)
                        .collect(),
                })
                .collect(),
            slots: slots
                .iter()
                .map(|s| GridSlot {
                    id: s.id,
                    day: s.day,
                })
                .collect(),
            sessions: sessions
                .iter()
                .map(|s| GridSession {
                    id: s.id,
                    hosts: host_ids.get(&s.id).cloned().unwrap_or_default(),
                    length: s.length_slots.clamp(1, 2) as u8,
                    voters: voters.remove(&s.id).unwrap_or_default(),
                })
                .collect(),
            placements: first_cells(&store.placements(camp).await?, &slots),
        };
        // Most wanted first: by interest (as the store counts it, also under blind voting).
        let interest: HashMap<Uuid, u32> = model
            .sessions
            .iter()
            .map(|s| (s.id, s.interest()))
            .collect();
        sessions.sort_by_key(|s| std::cmp::Reverse(interest.get(&s.id).copied().unwrap_or(0)));
        Ok(Loaded {
            grid,
            model,
            rooms,
            slots,
            sessions,
            hosts: extras.host_people(),
        })
    }

    pub fn title(&self, session: Uuid) -> Option<&str> {
        self.sessions
            .iter()
            .find(|s| s.id == session)
            .map(|s| s.title.as_str())
    }
}

/// The store keeps one row per cell; the domain one placement per session, at its first slot.
pub fn first_cells(rows: &[PlacementRow], slots: &[SlotRow]) -> Vec<Placement> {
    let order: HashMap<Uuid, usize> = slots.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut first: HashMap<Uuid, &PlacementRow> = HashMap::new();
    for row in rows {
        let earlier = |other: &&PlacementRow| order.get(&other.slot) <= order.get(&row.slot);
        if !first.get(&row.session).is_some_and(earlier) {
            first.insert(row.session, row);
        }
    }
    let mut placements: Vec<Placement> = first
        .into_values()
        .map(|r| Placement {
            session: r.session,
            room: r.room,
            slot: r.slot,
            pinned: r.pinned,
        })
        .collect();
    placements.sort_by_key(|p| (order.get(&p.slot).copied(), p.room, p.session));
    placements
}

/// Every session whose placement differs between `before` and `after`, with its new cells.
pub fn changes(before: &GridModel, after: &GridModel) -> Vec<SessionCells> {
    after
        .sessions
        .iter()
        .filter(|s| before.placement(s.id) != after.placement(s.id))
        .map(|s| {
            let placement = after.placement(s.id);
            SessionCells {
                session: s.id,
                cells: placement
                    .and_then(|p| after.cells(p))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|Cell { room, slot }| (room, slot))
                    .collect(),
                pinned: placement.is_some_and(|p| p.pinned),
            }
        })
        .collect()
}
