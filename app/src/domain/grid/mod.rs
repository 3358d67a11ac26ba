//! The grid: sessions placed into rooms x slots. Plain data that crosses server functions, the
//! checks for one move (`can_place`, `place`, `unplace`, `swap`), the conflicts shown in the
//! editor and the automatic proposal. Runs on the server and in the browser alike, so a move is
//! judged the same way before and after it is stored.
mod conflicts;
mod improve;
mod index;
#[cfg(test)]
mod properties;
mod proposal;
mod score;
mod search;
// Made-up camps for tests and the proposal benchmark; never in a release build.
#[cfg(any(test, feature = "testkit"))]
#[doc(hidden)]
pub mod testkit;

pub use conflicts::{Conflict, ConflictKind};
pub use proposal::{greedy, propose, propose_with, Proposal, ProposalOptions};
pub use score::Score;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use index::Index;

/// A room as the grid needs it: one column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRoom {
    pub id: Uuid,
    pub capacity: u32,
    /// Slots in which this room cannot be used.
    pub unavailable: Vec<Uuid>,
}

/// A time slot: one row. Slots of the grid are listed in time order; two slots are consecutive
/// when they are adjacent in that list and on the same day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridSlot {
    pub id: Uuid,
    pub day: NaiveDate,
}

/// A session with what placing it depends on. `voters` are the people who marked interest;
/// they stay ids inside the domain and are never shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridSession {
    pub id: Uuid,
    pub hosts: Vec<Uuid>,
    /// Number of consecutive slots it takes (1 or 2; 0 is read as 1).
    pub length: u8,
    pub voters: Vec<Uuid>,
}

impl GridSession {
    /// The slots it spans; a session never takes none.
    pub fn span(&self) -> usize {
        usize::from(self.length.max(1))
    }

    /// How many distinct people marked interest.
    pub fn interest(&self) -> u32 {
        index::distinct(&self.voters).len() as u32
    }

    /// Everyone who wants to be in the room: voters and hosts, each once, sorted. A host who
    /// marked another session misses it just like a voter does when the two run together.
    pub fn audience(&self) -> Vec<Uuid> {
        index::distinct(&[&self.voters[..], &self.hosts[..]].concat())
    }
}

/// A session in a room, starting at `slot` and running for its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Placement {
    pub session: Uuid,
    pub room: Uuid,
    pub slot: Uuid,
    /// Pinned placements are never moved by the proposal.
    pub pinned: bool,
}

/// One room in one slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cell {
    pub room: Uuid,
    pub slot: Uuid,
}

/// Everything the grid editor and the proposal work on. `rooms` are in column order, `slots`
/// in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridModel {
    pub rooms: Vec<GridRoom>,
    pub slots: Vec<GridSlot>,
    pub sessions: Vec<GridSession>,
    pub placements: Vec<Placement>,
}

/// Why a move cannot be made. Conflicts (a busy host, a full or unavailable room) are not
/// errors: the editor shows them and the moderator decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PlaceError {
    #[error("unknown session {0}")]
    UnknownSession(Uuid),
    #[error("unknown room {0}")]
    UnknownRoom(Uuid),
    #[error("unknown slot {0}")]
    UnknownSlot(Uuid),
    #[error("cell is taken by session {by}")]
    CellTaken { cell: Cell, by: Uuid },
    /// A longer session starts in a slot that has too few slots after it on the same day.
    #[error("no following slot on the same day")]
    NoSecondSlot,
    #[error("session {0} is not placed")]
    NotPlaced(Uuid),
}

impl GridModel {
    pub fn placement(&self, session: Uuid) -> Option<&Placement> {
        self.placements.iter().find(|p| p.session == session)
    }

    /// The cells a placement covers (two for a two-slot session), or `None` if it does not
    /// fit the grid.
    pub fn cells(&self, placement: &Placement) -> Option<Vec<Cell>> {
        let index = Index::new(self);
        let (_, room, range) = index.locate(placement).ok()?;
        Some(index.cells(room, range))
    }

    /// Can `session` go to `cell` (moving it if it is placed elsewhere)? Its own current cells
    /// count as free, so a two-slot session may shift by one slot.
    pub fn can_place(&self, session: Uuid, cell: Cell) -> Result<(), PlaceError> {
        let index = Index::new(self);
        let s = index.session(session)?;
        let room = index.room(cell.room)?;
        let range = index.span(s, index.slot(cell.slot)?)?;
        for slot in range {
            if let Some(by) = index.occupant(room, slot, &self.placements, session) {
                let cell = index.cell(room, slot);
                return Err(PlaceError::CellTaken { cell, by });
            }
        }
        Ok(())
    }

    /// The grid after moving (or first placing) `session` to `cell`. A moved placement keeps
    /// its pin.
    pub fn place(&self, session: Uuid, cell: Cell) -> Result<GridModel, PlaceError> {
        self.can_place(session, cell)?;
        let mut next = self.clone();
        let pinned = self.placement(session).is_some_and(|p| p.pinned);
        next.placements.retain(|p| p.session != session);
        next.placements.push(Placement {
            session,
            room: cell.room,
            slot: cell.slot,
            pinned,
        });
        Ok(next)
    }

    pub fn unplace(&self, session: Uuid) -> Result<GridModel, PlaceError> {
        Index::new(self).session(session)?;
        if self.placement(session).is_none() {
            return Err(PlaceError::NotPlaced(session));
        }
        let mut next = self.clone();
        next.placements.retain(|p| p.session != session);
        Ok(next)
    }

    /// The grid after `a` and `b` trade places (each starts where the other started). Each
    /// keeps its pin.
    pub fn swap(&self, a: Uuid, b: Uuid) -> Result<GridModel, PlaceError> {
        let at = |s: Uuid| {
            let p = self.placement(s).ok_or(PlaceError::NotPlaced(s))?;
            Ok::<_, PlaceError>(Cell {
                room: p.room,
                slot: p.slot,
            })
        };
        let (cell_a, cell_b) = (at(a)?, at(b)?);
        let mut without = self.clone();
        without
            .placements
            .retain(|p| p.session != a && p.session != b);
        let pin = |s: Uuid| self.placement(s).is_some_and(|p| p.pinned);
        let mut next = without.place(a, cell_b)?.place(b, cell_a)?;
        for p in &mut next.placements {
            if p.session == a || p.session == b {
                p.pinned = pin(p.session);
            }
        }
        Ok(next)
    }

    /// The grid after `session`, not placed yet, takes the place of `occupant`, which goes
    /// back to the sessions without a place (there is no cell to trade for). `occupant`'s pin
    /// goes with it: a moderator's explicit move overrides what the proposal must keep.
    pub fn displace(&self, session: Uuid, occupant: Uuid) -> Result<GridModel, PlaceError> {
        let p = self
            .placement(occupant)
            .ok_or(PlaceError::NotPlaced(occupant))?;
        let cell = Cell {
            room: p.room,
            slot: p.slot,
        };
        self.unplace(occupant)?.place(session, cell)
    }

    /// The grid with the pin of `session`'s placement set or cleared.
    pub fn set_pinned(&self, session: Uuid, pinned: bool) -> Result<GridModel, PlaceError> {
        let mut next = self.clone();
        let p = next
            .placements
            .iter_mut()
            .find(|p| p.session == session)
            .ok_or(PlaceError::NotPlaced(session))?;
        p.pinned = pinned;
        Ok(next)
    }

    /// Checks a whole grid as it was loaded: every placement fits and no two share a cell.
    pub fn check(&self) -> Result<(), PlaceError> {
        let mut grid = GridModel {
            placements: Vec::new(),
            ..self.clone()
        };
        for p in &self.placements {
            let cell = Cell {
                room: p.room,
                slot: p.slot,
            };
            grid = grid.place(p.session, cell)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::{cell, grid, id};
    use super::*;

    /// Two rooms; day one has slots 0 and 1, day two has slot 2. Session 1 takes one slot,
    /// session 2 takes two.
    fn model() -> GridModel {
        let mut m = grid(&[30, 60], &[2, 1]);
        m.sessions = vec![session(1, 1), session(2, 2)];
        m
    }

    fn session(n: u128, length: u8) -> GridSession {
        GridSession {
            id: id(n),
            hosts: vec![id(100 + n)],
            length,
            voters: vec![],
        }
    }

    #[test]
    fn unknown_ids_are_errors() {
        let m = model();
        let c = cell(&m, 0, 0);
        let e = |session, room, slot| m.can_place(session, Cell { room, slot }).unwrap_err();
        assert_eq!(e(id(9), c.room, c.slot), PlaceError::UnknownSession(id(9)));
        assert_eq!(e(id(1), id(9), c.slot), PlaceError::UnknownRoom(id(9)));
        assert_eq!(e(id(1), c.room, id(9)), PlaceError::UnknownSlot(id(9)));
    }

    #[test]
    fn a_two_slot_session_needs_the_next_slot_of_the_same_day() {
        let m = model();
        assert_eq!(m.can_place(id(2), cell(&m, 0, 0)), Ok(()));
        // Slot 1 is the last of day one, slot 2 the last of the grid.
        assert_eq!(
            m.can_place(id(2), cell(&m, 0, 1)),
            Err(PlaceError::NoSecondSlot)
        );
        assert_eq!(
            m.can_place(id(2), cell(&m, 1, 2)),
            Err(PlaceError::NoSecondSlot)
        );
        assert_eq!(m.can_place(id(1), cell(&m, 0, 2)), Ok(()));
    }

    #[test]
    fn taken_cells_are_refused_but_own_cells_are_free() {
        let m = model().place(id(2), cell(&model(), 0, 0)).unwrap();
        let taken = |c: Cell| PlaceError::CellTaken { cell: c, by: id(2) };
        // Both slots of the two-slot session are taken.
        assert_eq!(
            m.can_place(id(1), cell(&m, 0, 0)),
            Err(taken(cell(&m, 0, 0)))
        );
        assert_eq!(
            m.can_place(id(1), cell(&m, 0, 1)),
            Err(taken(cell(&m, 0, 1)))
        );
        assert_eq!(m.can_place(id(1), cell(&m, 1, 1)), Ok(()));
        // Moving within its own cells is fine.
        assert_eq!(m.can_place(id(2), cell(&m, 0, 0)), Ok(()));
        let m = m.place(id(1), cell(&m, 1, 1)).unwrap();
        let by_1 = PlaceError::CellTaken {
            cell: cell(&m, 1, 1),
            by: id(1),
        };
        assert_eq!(m.can_place(id(2), cell(&m, 1, 0)), Err(by_1));
    }

    #[test]
    fn place_moves_and_keeps_the_pin() {
        let m = model().place(id(1), cell(&model(), 0, 0)).unwrap();
        let m = m.set_pinned(id(1), true).unwrap();
        let m = m.place(id(1), cell(&m, 1, 2)).unwrap();
        let expected = Placement {
            session: id(1),
            room: m.rooms[1].id,
            slot: m.slots[2].id,
            pinned: true,
        };
        assert_eq!(m.placements, vec![expected]);
        assert_eq!(
            m.cells(&expected),
            Some(vec![cell(&m, 1, 2)]),
            "one cell for one slot"
        );
    }

    #[test]
    fn unplace_needs_a_placement() {
        let m = model();
        assert_eq!(m.unplace(id(1)), Err(PlaceError::NotPlaced(id(1))));
        assert_eq!(m.unplace(id(9)), Err(PlaceError::UnknownSession(id(9))));
        let placed = m.place(id(1), cell(&m, 0, 0)).unwrap();
        assert_eq!(placed.unplace(id(1)), Ok(m));
    }

    #[test]
    fn swap_trades_places_and_checks_both() {
        let m = model().place(id(1), cell(&model(), 1, 0)).unwrap();
        let m = m.place(id(2), cell(&m, 0, 0)).unwrap();
        let m = m.set_pinned(id(2), true).unwrap();
        let swapped = m.swap(id(1), id(2)).unwrap();
        let at = |s| swapped.placement(s).map(|p| (p.room, p.slot, p.pinned));
        assert_eq!(at(id(1)), Some((m.rooms[0].id, m.slots[0].id, false)));
        assert_eq!(at(id(2)), Some((m.rooms[1].id, m.slots[0].id, true)));
        assert_eq!(swapped.check(), Ok(()));
        // The two-slot session cannot start in the last slot of day two.
        let m = m.place(id(1), cell(&m, 1, 2)).unwrap();
        assert_eq!(m.swap(id(1), id(2)), Err(PlaceError::NoSecondSlot));
        assert_eq!(
            model().swap(id(1), id(2)),
            Err(PlaceError::NotPlaced(id(1)))
        );
    }

    #[test]
    fn an_unplaced_session_takes_a_taken_cell_and_its_occupant_leaves() {
        let m = model().place(id(2), cell(&model(), 0, 0)).unwrap();
        let m = m.set_pinned(id(2), true).unwrap();
        let next = m.displace(id(1), id(2)).unwrap();
        let at = |s| next.placement(s).map(|p| (p.room, p.slot, p.pinned));
        assert_eq!(at(id(1)), Some((m.rooms[0].id, m.slots[0].id, false)));
        assert_eq!(at(id(2)), None);
        assert_eq!(next.check(), Ok(()));
        assert_eq!(
            model().displace(id(1), id(2)),
            Err(PlaceError::NotPlaced(id(2)))
        );
    }

    #[test]
    fn check_finds_overlapping_placements() {
        let mut m = model().place(id(2), cell(&model(), 0, 0)).unwrap();
        assert_eq!(m.check(), Ok(()));
        m.placements.push(Placement {
            session: id(1),
            room: m.rooms[0].id,
            slot: m.slots[1].id,
            pinned: false,
        });
        let taken = PlaceError::CellTaken {
            cell: cell(&m, 0, 1),
            by: id(2),
        };
        assert_eq!(m.check(), Err(taken));
    }
}
