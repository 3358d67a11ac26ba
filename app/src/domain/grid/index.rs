//! Ids to positions, shared by the move checks, the conflicts and the score. Only looked up,
//! never iterated, so hash order cannot leak into any result.
use std::collections::HashMap;
use std::ops::Range;

use uuid::Uuid;

use super::{Cell, GridModel, PlaceError, Placement};

pub(super) struct Index<'a> {
    pub model: &'a GridModel,
    rooms: HashMap<Uuid, usize>,
    slots: HashMap<Uuid, usize>,
    sessions: HashMap<Uuid, usize>,
}

/// Where one session runs: its room and the slots it covers.
#[derive(Clone, Debug)]
pub(super) struct Run {
    pub room: usize,
    pub slots: Range<usize>,
}

fn positions<T>(items: &[T], id: impl Fn(&T) -> Uuid) -> HashMap<Uuid, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        // The first of duplicated ids wins, as everywhere else in the grid.
        map.entry(id(item)).or_insert(i);
    }
    map
}

impl<'a> Index<'a> {
    pub fn new(model: &'a GridModel) -> Self {
        Index {
            model,
            rooms: positions(&model.rooms, |r| r.id),
            slots: positions(&model.slots, |s| s.id),
            sessions: positions(&model.sessions, |s| s.id),
        }
    }

    pub fn session(&self, id: Uuid) -> Result<usize, PlaceError> {
        self.sessions
            .get(&id)
            .copied()
            .ok_or(PlaceError::UnknownSession(id))
    }

    pub fn room(&self, id: Uuid) -> Result<usize, PlaceError> {
        self.rooms
            .get(&id)
            .copied()
            .ok_or(PlaceError::UnknownRoom(id))
    }

    pub fn slot(&self, id: Uuid) -> Result<usize, PlaceError> {
        self.slots
            .get(&id)
            .copied()
            .ok_or(PlaceError::UnknownSlot(id))
    }

    /// The slots session `s` covers when it starts at `slot`.
    pub fn span(&self, s: usize, slot: usize) -> Result<Range<usize>, PlaceError> {
        span(self.model, self.model.sessions[s].span(), slot).ok_or(PlaceError::NoSecondSlot)
    }

    pub fn locate(&self, p: &Placement) -> Result<(usize, usize, Range<usize>), PlaceError> {
        let s = self.session(p.session)?;
        let room = self.room(p.room)?;
        let range = self.span(s, self.slot(p.slot)?)?;
        Ok((s, room, range))
    }

    pub fn cell(&self, room: usize, slot: usize) -> Cell {
        Cell {
            room: self.model.rooms[room].id,
            slot: self.model.slots[slot].id,
        }
    }

    pub fn cells(&self, room: usize, slots: Range<usize>) -> Vec<Cell> {
        slots.map(|slot| self.cell(room, slot)).collect()
    }

    /// The session other than `except` whose placement covers the cell, if any.
    pub fn occupant(
        &self,
        room: usize,
        slot: usize,
        placements: &[Placement],
        except: Uuid,
    ) -> Option<Uuid> {
        placements
            .iter()
            .filter(|p| p.session != except)
            .find(|p| {
                self.locate(p)
                    .is_ok_and(|(_, r, range)| r == room && range.contains(&slot))
            })
            .map(|p| p.session)
    }

    /// Where each session runs, by session position. Lenient on purpose, since conflicts are
    /// also shown for a grid that is not fully valid: placements that do not fit are left out
    /// and only the first placement of a session counts.
    pub fn runs(&self) -> Vec<Option<Run>> {
        let mut runs = vec![None; self.model.sessions.len()];
        for p in &self.model.placements {
            if let Ok((s, room, slots)) = self.locate(p) {
                runs[s].get_or_insert(Run { room, slots });
            }
        }
        runs
    }

    /// Sessions running in each slot, in session order.
    pub fn by_slot(&self, runs: &[Option<Run>]) -> Vec<Vec<usize>> {
        let mut slots = vec![Vec::new(); self.model.slots.len()];
        for (s, run) in runs.iter().enumerate() {
            for slot in run.iter().flat_map(|r| r.slots.clone()) {
                slots[slot].push(s);
            }
        }
        slots
    }
}

/// The `len` slots starting at `slot`, if they all lie on the same day.
pub(super) fn span(model: &GridModel, len: usize, slot: usize) -> Option<Range<usize>> {
    let range = slot..slot + len;
    let slots = model.slots.get(range.clone())?;
    let day = slots.first()?.day;
    slots.iter().all(|s| s.day == day).then_some(range)
}

/// The ids once each, sorted.
pub(super) fn distinct(ids: &[Uuid]) -> Vec<Uuid> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}
