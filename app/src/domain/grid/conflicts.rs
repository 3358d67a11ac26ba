//! Conflicts the grid editor shows live. Each names the cells involved so the page can link to
//! them, and never a voter: audience overlap is a share, not a list of people.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::index::{distinct, Index, Run};
use super::{Cell, GridModel};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ConflictKind {
    /// One host runs several sessions in the same slot.
    HostDoubleBooked { host: Uuid, sessions: Vec<Uuid> },
    /// The session is placed where its room is not available.
    RoomUnavailable { session: Uuid },
    OverCapacity {
        session: Uuid,
        interest: u32,
        capacity: u32,
    },
    /// Two sessions run at the same time although many want both: `share` is the number of
    /// people who marked both divided by the interest of the smaller one.
    AudienceOverlap { sessions: (Uuid, Uuid), share: f32 },
}

impl ConflictKind {
    /// A blocking conflict cannot be lived with; the others are warnings.
    pub fn is_blocking(&self) -> bool {
        matches!(self, ConflictKind::HostDoubleBooked { .. })
    }

    fn rank(&self) -> u8 {
        match self {
            ConflictKind::HostDoubleBooked { .. } => 0,
            ConflictKind::RoomUnavailable { .. } => 1,
            ConflictKind::OverCapacity { .. } => 2,
            ConflictKind::AudienceOverlap { .. } => 3,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub blocking: bool,
    /// The cells where it happens, in grid order (a two-slot session conflicts in both).
    pub cells: Vec<Cell>,
}

impl GridModel {
    /// All conflicts of the grid: blocking ones first, then by kind, each kind in the order of
    /// the slot and room where it first occurs. Two sessions overlap when their share of common
    /// interest is at least `overlap_threshold` (and someone marked both).
    pub fn conflicts(&self, overlap_threshold: f32) -> Vec<Conflict> {
        let index = Index::new(self);
        let runs = index.runs();
        let voters: Vec<Vec<Uuid>> = self.sessions.iter().map(|s| distinct(&s.voters)).collect();
        let mut found = Found::default();
        for (slot, mut running) in index.by_slot(&runs).into_iter().enumerate() {
            running.sort_by_key(|&s| runs[s].as_ref().map(|r| r.room));
            let at = |s: usize| index.cell(runs[s].as_ref().map_or(0, |r| r.room), slot);
            for &s in &running {
                let run = runs[s].as_ref().expect("running sessions are placed");
                self.placed_conflicts(&index, s, run, slot, &mut found);
            }
            self.host_conflicts(&running, &at, &mut found);
            overlap_conflicts(self, &running, &voters, overlap_threshold, &at, &mut found);
        }
        let mut conflicts = found.0;
        conflicts.sort_by_key(|c| c.kind.rank());
        conflicts
    }

    /// Conflicts of one session with its room, reported once at its first slot.
    fn placed_conflicts(&self, index: &Index, s: usize, run: &Run, slot: usize, found: &mut Found) {
        if slot != run.slots.start {
            return;
        }
        let session = &self.sessions[s];
        let room = &self.rooms[run.room];
        let unavailable: Vec<Cell> = index
            .cells(run.room, run.slots.clone())
            .into_iter()
            .filter(|c| room.unavailable.contains(&c.slot))
            .collect();
        if !unavailable.is_empty() {
            let kind = ConflictKind::RoomUnavailable {
                session: session.id,
            };
            found.add(kind, unavailable);
        }
        let interest = session.interest();
        if interest > room.capacity {
            let kind = ConflictKind::OverCapacity {
                session: session.id,
                interest,
                capacity: room.capacity,
            };
            found.add(kind, index.cells(run.room, run.slots.clone()));
        }
    }

    fn host_conflicts(&self, running: &[usize], at: &dyn Fn(usize) -> Cell, found: &mut Found) {
        let mut hosts: Vec<Uuid> = Vec::new();
        for &s in running {
            for h in &self.sessions[s].hosts {
                if !hosts.contains(h) {
                    hosts.push(*h);
                }
            }
        }
        for host in hosts {
            let mut hosting: Vec<usize> = running
                .iter()
                .copied()
                .filter(|&s| self.sessions[s].hosts.contains(&host))
                .collect();
            if hosting.len() < 2 {
                continue;
            }
            let cells = hosting.iter().map(|&s| at(s)).collect();
            // Sessions in model order, so the same pair is one conflict in every slot.
            hosting.sort_unstable();
            let sessions = hosting.iter().map(|&s| self.sessions[s].id).collect();
            found.add(ConflictKind::HostDoubleBooked { host, sessions }, cells);
        }
    }
}

fn overlap_conflicts(
    model: &GridModel,
    running: &[usize],
    voters: &[Vec<Uuid>],
    threshold: f32,
    at: &dyn Fn(usize) -> Cell,
    found: &mut Found,
) {
    for (i, &a) in running.iter().enumerate() {
        for &b in &running[i + 1..] {
            let Some(share) = share(&voters[a], &voters[b]) else {
                continue;
            };
            if share >= threshold {
                let cells = vec![at(a), at(b)];
                // The pair in model order, so it is one conflict in every slot it shares.
                let (a, b) = (a.min(b), a.max(b));
                let sessions = (model.sessions[a].id, model.sessions[b].id);
                found.add(ConflictKind::AudienceOverlap { sessions, share }, cells);
            }
        }
    }
}

/// Common voters over the smaller interest; `None` when nobody marked both.
fn share(a: &[Uuid], b: &[Uuid]) -> Option<f32> {
    let common = a.iter().filter(|v| b.binary_search(v).is_ok()).count();
    (common > 0).then(|| common as f32 / a.len().min(b.len()) as f32)
}

/// Conflicts in the order found; the same conflict met again in a later slot only adds cells.
#[derive(Default)]
struct Found(Vec<Conflict>);

impl Found {
    fn add(&mut self, kind: ConflictKind, cells: Vec<Cell>) {
        if let Some(c) = self.0.iter_mut().find(|c| c.kind == kind) {
            c.cells.extend(cells);
            return;
        }
        let blocking = kind.is_blocking();
        self.0.push(Conflict {
            kind,
            blocking,
            cells,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{cell, grid, id};
    use super::super::{GridSession, Placement};
    use super::*;

    fn session(n: u128, hosts: &[u128], length: u8, voters: std::ops::Range<u128>) -> GridSession {
        GridSession {
            id: id(n),
            hosts: hosts.iter().map(|&h| id(h)).collect(),
            length,
            voters: voters.map(id).collect(),
        }
    }

    /// Room 0 holds 5 people, room 1 is unavailable in slot 1. Session 1 (two slots, six
    /// voters) runs in room 0; session 2 (same host, four voters, three of them shared) in
    /// room 1, slot 1; session 3 (nobody interested) in room 1, slot 0.
    fn model() -> GridModel {
        let mut m = grid(&[5, 100], &[3]);
        m.rooms[1].unavailable = vec![m.slots[1].id];
        m.sessions = vec![
            session(1, &[50], 2, 1..7),
            session(2, &[50], 1, 4..8),
            session(3, &[51], 1, 0..0),
        ];
        for (s, room, slot) in [(1, 0, 0), (2, 1, 1), (3, 1, 0)] {
            m.placements.push(Placement {
                session: id(s),
                room: m.rooms[room].id,
                slot: m.slots[slot].id,
                pinned: false,
            });
        }
        m
    }

    #[test]
    fn finds_every_kind_blocking_first() {
        let m = model();
        let c = |room, slot| cell(&m, room, slot);
        let conflict = |kind: ConflictKind, cells| Conflict {
            blocking: kind.is_blocking(),
            kind,
            cells,
        };
        let expected = vec![
            conflict(
                ConflictKind::HostDoubleBooked {
                    host: id(50),
                    sessions: vec![id(1), id(2)],
                },
                vec![c(0, 1), c(1, 1)],
            ),
            conflict(
                ConflictKind::RoomUnavailable { session: id(2) },
                vec![c(1, 1)],
            ),
            conflict(
                ConflictKind::OverCapacity {
                    session: id(1),
                    interest: 6,
                    capacity: 5,
                },
                vec![c(0, 0), c(0, 1)],
            ),
            conflict(
                ConflictKind::AudienceOverlap {
                    sessions: (id(1), id(2)),
                    share: 0.75,
                },
                vec![c(0, 1), c(1, 1)],
            ),
        ];
        assert_eq!(m.conflicts(0.5), expected);
        assert!(expected[0].blocking && !expected[1].blocking);
        assert_eq!(m.conflicts(0.75).len(), 4, "the threshold is inclusive");
        assert_eq!(m.conflicts(0.8).len(), 3);
    }

    #[test]
    fn placement_order_does_not_matter() {
        let m = model();
        let mut reversed = m.clone();
        reversed.placements.reverse();
        assert_eq!(reversed.conflicts(0.1), m.conflicts(0.1));
    }

    #[test]
    fn two_slot_sessions_conflict_once_in_both_slots() {
        let mut m = grid(&[100, 100], &[2]);
        m.sessions = vec![session(1, &[50], 2, 0..4), session(2, &[50, 51], 2, 2..6)];
        let mut m = m.place(id(1), cell(&m, 0, 0)).unwrap();
        m = m.place(id(2), cell(&m, 1, 0)).unwrap();
        let all = vec![
            cell(&m, 0, 0),
            cell(&m, 1, 0),
            cell(&m, 0, 1),
            cell(&m, 1, 1),
        ];
        let conflicts = m.conflicts(0.5);
        assert_eq!(conflicts.len(), 2, "{conflicts:?}");
        assert!(conflicts.iter().all(|c| c.cells == all));
        let host = ConflictKind::HostDoubleBooked {
            host: id(50),
            sessions: vec![id(1), id(2)],
        };
        assert_eq!(conflicts[0].kind, host);
        let overlap = ConflictKind::AudienceOverlap {
            sessions: (id(1), id(2)),
            share: 0.5,
        };
        assert_eq!(conflicts[1].kind, overlap);
    }

    #[test]
    fn sessions_in_different_slots_do_not_conflict() {
        let mut m = grid(&[100, 100], &[2]);
        m.sessions = vec![session(1, &[50], 1, 0..4), session(2, &[50], 1, 0..4)];
        let m = m.place(id(1), cell(&m, 0, 0)).unwrap();
        let m = m.place(id(2), cell(&m, 0, 1)).unwrap();
        assert_eq!(m.conflicts(0.0), vec![]);
    }
}
