//! The proposal's working state: the grid as positions, with its score kept up to date on every
//! put and take, so that trying a move costs a few hundred additions instead of a rescoring.
//! Everything is integer and iterated in index order, so a search is deterministic.
use std::collections::HashMap;
use std::ops::Range;

use uuid::Uuid;

use super::index::{self, distinct};
use super::{GridModel, Score};

/// One session as the search sees it.
pub(super) struct Job {
    pub len: usize,
    pub interest: u32,
    /// Voters and hosts, as person numbers.
    pub audience: Vec<u32>,
    pub hosts: Vec<u32>,
}

/// The grid as numbers: rooms, slots and people by position.
pub(super) struct Problem<'a> {
    pub model: &'a GridModel,
    pub rooms: usize,
    pub slots: usize,
    people: usize,
    hosts: usize,
    /// By `room * slots + slot`.
    open: Vec<bool>,
    pub jobs: Vec<Job>,
    /// Every cell as a start position, slot by slot and room by room.
    pub positions: Vec<Pos>,
}

/// Numbers ids in order of first appearance.
#[derive(Default)]
struct Numbering(HashMap<Uuid, u32>);

impl Numbering {
    fn number(&mut self, ids: &[Uuid]) -> Vec<u32> {
        ids.iter()
            .map(|id| {
                let next = self.0.len() as u32;
                *self.0.entry(*id).or_insert(next)
            })
            .collect()
    }
}

impl<'a> Problem<'a> {
    pub fn new(model: &'a GridModel) -> Self {
        let (mut people, mut hosts) = (Numbering::default(), Numbering::default());
        let jobs = model
            .sessions
            .iter()
            .map(|s| Job {
                len: s.span(),
                interest: s.interest(),
                audience: people.number(&s.audience()),
                hosts: hosts.number(&distinct(&s.hosts)),
            })
            .collect();
        let open = model
            .rooms
            .iter()
            .flat_map(|r| model.slots.iter().map(|s| !r.unavailable.contains(&s.id)))
            .collect();
        Problem {
            model,
            rooms: model.rooms.len(),
            slots: model.slots.len(),
            people: people.0.len(),
            hosts: hosts.0.len(),
            open,
            jobs,
            positions: (0..model.slots.len())
                .flat_map(|slot| (0..model.rooms.len()).map(move |room| (room, slot)))
                .collect(),
        }
    }

    /// The slots job `i` covers from `slot`, if they lie on one day.
    pub fn span(&self, i: usize, slot: usize) -> Option<Range<usize>> {
        index::span(self.model, self.jobs[i].len, slot)
    }
}

/// Where a session sits: room and first slot.
pub(super) type Pos = (usize, usize);

#[derive(Clone)]
pub(super) struct State<'p> {
    pub p: &'p Problem<'p>,
    pub at: Vec<Option<Pos>>,
    /// The session in each cell, by `room * slots + slot`.
    occupant: Vec<Option<u32>>,
    /// How many running sessions each person wants, by `slot * people + person`.
    wanted: Vec<u16>,
    /// How many sessions each host runs, by `slot * hosts + host`.
    hosting: Vec<u16>,
    pub score: Score,
    /// Where each session is in the current grid, and how many are elsewhere now: between two
    /// grids of equal score, the one with fewer changes is better for the moderators.
    home: Vec<Option<Pos>>,
    changes: u32,
}

impl<'p> State<'p> {
    /// Nothing placed yet; `home` is where each session is in the current grid.
    pub fn empty(p: &'p Problem<'p>, home: Vec<Option<Pos>>) -> Self {
        let score = Score {
            unplaced: p.jobs.len() as u32,
            unplaced_interest: p.jobs.iter().map(|j| u64::from(j.interest)).sum(),
            ..Score::default()
        };
        State {
            p,
            at: vec![None; p.jobs.len()],
            occupant: vec![None; p.rooms * p.slots],
            wanted: vec![0; p.slots * p.people],
            hosting: vec![0; p.slots * p.hosts],
            score,
            home,
            changes: 0,
        }
    }

    /// What the search minimises: the score, then the changes to the current grid.
    pub fn key(&self) -> (Score, u32) {
        (self.score, self.changes)
    }

    /// Can the unplaced job `i` go to `pos` without taking a used or unavailable cell and
    /// without double-booking a host?
    pub fn fits(&self, i: usize, (room, slot): Pos) -> bool {
        let Some(range) = self.p.span(i, slot) else {
            return false;
        };
        let hosts = &self.p.jobs[i].hosts;
        range.into_iter().all(|t| {
            let cell = room * self.p.slots + t;
            self.p.open[cell]
                && self.occupant[cell].is_none()
                && hosts
                    .iter()
                    .all(|&h| self.hosting[t * self.p.hosts + h as usize] == 0)
        })
    }

    /// Places job `i`, which must be unplaced. Cells already used keep their first occupant,
    /// which only happens for fixed placements of an invalid grid.
    pub fn put(&mut self, i: usize, (room, slot): Pos) {
        let p = self.p;
        let job = &p.jobs[i];
        let range = p.span(i, slot).expect("placed within a day");
        self.at[i] = Some((room, slot));
        for t in range {
            self.occupant[room * p.slots + t].get_or_insert(i as u32);
            let wanted = &mut self.wanted[t * p.people..][..p.people];
            for &a in &job.audience {
                self.score.conflicting_interest += u64::from(wanted[a as usize] > 0);
                wanted[a as usize] += 1;
            }
            let hosting = &mut self.hosting[t * p.hosts..][..p.hosts];
            for &h in &job.hosts {
                self.score.double_booked_hosts += u32::from(hosting[h as usize] > 0);
                hosting[h as usize] += 1;
            }
        }
        self.count_room(i, room, true);
        self.changes += u32::from(self.home[i] != Some((room, slot)));
    }

    /// Removes job `i` from the grid: the exact inverse of `put`.
    pub fn take(&mut self, i: usize) {
        let p = self.p;
        let job = &p.jobs[i];
        let (room, slot) = self.at[i].take().expect("taken while placed");
        for t in p.span(i, slot).expect("placed within a day") {
            let cell = &mut self.occupant[room * p.slots + t];
            if *cell == Some(i as u32) {
                *cell = None;
            }
            let wanted = &mut self.wanted[t * p.people..][..p.people];
            for &a in &job.audience {
                wanted[a as usize] -= 1;
                self.score.conflicting_interest -= u64::from(wanted[a as usize] > 0);
            }
            let hosting = &mut self.hosting[t * p.hosts..][..p.hosts];
            for &h in &job.hosts {
                hosting[h as usize] -= 1;
                self.score.double_booked_hosts -= u32::from(hosting[h as usize] > 0);
            }
        }
        self.count_room(i, room, false);
        self.changes -= u32::from(self.home[i] != Some((room, slot)));
    }

    /// Adds (or removes) what placing job `i` in `room` does to the score besides conflicts.
    fn count_room(&mut self, i: usize, room: usize, placed: bool) {
        let interest = self.p.jobs[i].interest;
        let excess = interest.saturating_sub(self.p.model.rooms[room].capacity);
        let (over, excess) = (u32::from(excess > 0), u64::from(excess));
        let s = &mut self.score;
        if placed {
            s.unplaced -= 1;
            s.unplaced_interest -= u64::from(interest);
            s.over_capacity += over;
            s.excess_interest += excess;
        } else {
            s.unplaced += 1;
            s.unplaced_interest += u64::from(interest);
            s.over_capacity -= over;
            s.excess_interest -= excess;
        }
    }

    /// The session whose placement covers the cell.
    pub fn occupant(&self, (room, slot): Pos) -> Option<usize> {
        self.occupant[room * self.p.slots + slot].map(|i| i as usize)
    }

    /// Places the unplaced job `i` where the key ends up lowest, preferring the smallest
    /// room that is big enough, then the earliest slot and the leftmost room. False when no
    /// cell fits.
    pub fn place_best(&mut self, i: usize) -> bool {
        let p = self.p;
        let mut best: Option<((Score, u32), u32, Pos)> = None;
        for &pos in &p.positions {
            if !self.fits(i, pos) {
                continue;
            }
            self.put(i, pos);
            let key = (self.key(), p.model.rooms[pos.0].capacity);
            self.take(i);
            if best.is_none_or(|(k, cap, _)| key < (k, cap)) {
                best = Some((key.0, key.1, pos));
            }
        }
        let Some((_, _, pos)) = best else {
            return false;
        };
        self.put(i, pos);
        true
    }
}
