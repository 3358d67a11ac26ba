//! "Suggest a grid": places the unplaced sessions, and optionally re-places every unpinned one,
//! so that no host is double-booked, the most wanted sessions get rooms big enough and as few
//! people as possible want two sessions of one slot. Deterministic: the search shakes the grid
//! with draws from a constant seed, and every tie is broken by position (session, slot and
//! room order of the model).
use std::cmp::Reverse;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::improve::{explore, improve};
use super::index::Index;
use super::search::{Pos, Problem, State};
use super::{GridModel, Placement, Score};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalOptions {
    /// Also move sessions that are placed but not pinned; otherwise only unplaced sessions are
    /// placed and every existing placement stays.
    pub replace_unpinned: bool,
}

/// A suggested grid, applied only when a moderator accepts it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The whole grid as proposed: the placements that stay, as they were, then the new ones in
    /// session order (never pinned).
    pub placements: Vec<Placement>,
    pub score_before: Score,
    pub score_after: Score,
    /// Sessions left without a cell, in session order.
    pub unplaced: Vec<Uuid>,
}

impl Proposal {
    /// The grid with this proposal accepted.
    pub fn apply(&self, model: &GridModel) -> GridModel {
        GridModel {
            placements: self.placements.clone(),
            ..model.clone()
        }
    }
}

/// The baseline: sessions by interest, most wanted first, each to the free cell where the score
/// grows least (see `State::place_best`).
pub fn greedy(model: &GridModel, options: ProposalOptions) -> Proposal {
    let setup = Setup::new(model, options);
    setup.proposal(&setup.greedy(false))
}

/// The greedy grid, then improved by moves and swaps; when unpinned sessions may move, also the
/// current grid completed and improved the same way. The best score wins (on a tie the grid
/// with fewer changes to the current one) and is improved further by a bounded iterated local
/// search; only better grids replace it, so a proposal is never worse than `greedy`.
pub fn propose(model: &GridModel, options: ProposalOptions) -> Proposal {
    propose_with(model, options, EXPLORE_ROUNDS)
}

/// Rounds of iterated local search after the first improvement.
const EXPLORE_ROUNDS: usize = 30;

/// `propose` with a chosen search effort, for measuring what more rounds would buy.
#[doc(hidden)]
pub fn propose_with(model: &GridModel, options: ProposalOptions, rounds: usize) -> Proposal {
    let setup = Setup::new(model, options);
    let mut candidates = Vec::new();
    if options.replace_unpinned {
        let mut kept = setup.greedy(true);
        improve(&mut kept, &setup.movable);
        candidates.push(kept);
    }
    let baseline = setup.greedy(false);
    let mut improved = baseline.clone();
    improve(&mut improved, &setup.movable);
    candidates.extend([baseline, improved]);
    // `min_by_key` keeps the first of equal keys.
    let best = candidates.into_iter().min_by_key(|s| s.key());
    let mut best = best.expect("at least one candidate");
    explore(&mut best, &setup.movable, rounds);
    setup.proposal(&best)
}

/// What stays and what may move.
struct Setup<'a> {
    model: &'a GridModel,
    problem: Problem<'a>,
    /// Placements that stay, verbatim.
    fixed: Vec<Placement>,
    /// By session: whether it has a placement that stays, and where that one runs.
    has_fixed: Vec<bool>,
    fixed_at: Vec<Option<Pos>>,
    /// By session: its current placement, when it may move.
    current: Vec<Option<Pos>>,
    /// Sessions that may be placed or moved, most wanted first.
    movable: Vec<usize>,
}

impl<'a> Setup<'a> {
    fn new(model: &'a GridModel, options: ProposalOptions) -> Self {
        let index = Index::new(model);
        let stays = |p: &Placement| p.pinned || !options.replace_unpinned;
        let n = model.sessions.len();
        let (mut has_fixed, mut fixed_at, mut current) =
            (vec![false; n], vec![None; n], vec![None; n]);
        for p in &model.placements {
            let Ok(s) = index.session(p.session) else {
                continue;
            };
            // As in `Index::runs`, the first placement that fits the grid is where it runs.
            let at = index
                .locate(p)
                .ok()
                .map(|(_, room, slots)| (room, slots.start));
            let slot = if stays(p) {
                &mut fixed_at[s]
            } else {
                &mut current[s]
            };
            has_fixed[s] |= stays(p);
            *slot = slot.or(at);
        }
        let problem = Problem::new(model);
        let mut movable: Vec<usize> = (0..n).filter(|&s| !has_fixed[s]).collect();
        movable.sort_by_key(|&s| (Reverse(problem.jobs[s].interest), s));
        Setup {
            model,
            fixed: model.placements.iter().copied().filter(stays).collect(),
            problem,
            has_fixed,
            fixed_at,
            current,
            movable,
        }
    }

    /// The fixed placements, then (if `keep_current`) the current ones that still fit, then
    /// greedily the rest.
    fn greedy(&self, keep_current: bool) -> State<'_> {
        let home = (self.fixed_at.iter().zip(&self.current)).map(|(f, c)| f.or(*c));
        let mut state = State::empty(&self.problem, home.collect());
        for (i, at) in self.fixed_at.iter().enumerate() {
            if let Some(pos) = *at {
                state.put(i, pos);
            }
        }
        for &i in &self.movable {
            match self.current[i] {
                Some(pos) if keep_current && state.fits(i, pos) => state.put(i, pos),
                _ => {}
            }
        }
        for &i in &self.movable {
            if state.at[i].is_none() {
                state.place_best(i);
            }
        }
        state
    }

    fn proposal(&self, state: &State) -> Proposal {
        let model = self.model;
        let mut placements = self.fixed.clone();
        for (i, session) in model.sessions.iter().enumerate() {
            if let (false, Some((room, slot))) = (self.has_fixed[i], state.at[i]) {
                placements.push(Placement {
                    session: session.id,
                    room: model.rooms[room].id,
                    slot: model.slots[slot].id,
                    pinned: false,
                });
            }
        }
        let unplaced = (model.sessions.iter().zip(&state.at))
            .filter(|(_, at)| at.is_none())
            .map(|(s, _)| s.id)
            .collect();
        let proposal = Proposal {
            placements,
            score_before: model.score(),
            score_after: state.score,
            unplaced,
        };
        debug_assert_eq!(proposal.apply(model).score(), state.score);
        proposal
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{cell, grid, id};
    use super::super::{Cell, GridSession};
    use super::*;

    const REPLACE: ProposalOptions = ProposalOptions {
        replace_unpinned: true,
    };

    fn session(n: u128, host: u128, length: u8, voters: std::ops::Range<u128>) -> GridSession {
        GridSession {
            id: id(n),
            hosts: vec![id(host)],
            length,
            voters: voters.map(id).collect(),
        }
    }

    fn at(model: &GridModel, p: &Proposal, session: u128) -> Option<Cell> {
        let p = p.placements.iter().find(|p| p.session == id(session))?;
        let room = model.rooms.iter().position(|r| r.id == p.room)?;
        let slot = model.slots.iter().position(|s| s.id == p.slot)?;
        Some(cell(model, room, slot))
    }

    #[test]
    fn sessions_with_one_audience_run_at_different_times() {
        let mut m = grid(&[100, 100], &[2]);
        m.sessions = vec![
            session(1, 51, 1, 0..20),
            session(2, 52, 1, 0..20),
            session(3, 53, 1, 20..40),
            session(4, 54, 1, 20..40),
        ];
        let p = propose(&m, ProposalOptions::default());
        assert_eq!(p.score_after.conflicting_interest, 0);
        assert!(p.unplaced.is_empty());
        assert_ne!(at(&m, &p, 1).unwrap().slot, at(&m, &p, 2).unwrap().slot);
        assert_ne!(at(&m, &p, 3).unwrap().slot, at(&m, &p, 4).unwrap().slot);
    }

    #[test]
    fn the_most_wanted_session_gets_the_big_room() {
        let mut m = grid(&[10, 100], &[1]);
        m.sessions = vec![session(1, 51, 1, 0..5), session(2, 52, 1, 10..60)];
        let p = propose(&m, ProposalOptions::default());
        assert_eq!(at(&m, &p, 2), Some(cell(&m, 1, 0)));
        assert_eq!(at(&m, &p, 1), Some(cell(&m, 0, 0)));
        assert_eq!(p.score_after.over_capacity, 0);
    }

    #[test]
    fn pins_stay_and_hosts_are_never_double_booked() {
        let mut m = grid(&[100, 100], &[2]);
        // Sessions 1 and 2 share host 50; 2 and 3 share their audience.
        m.sessions = vec![
            session(1, 50, 1, 0..0),
            session(2, 50, 1, 0..10),
            session(3, 53, 1, 0..10),
        ];
        let m = m.place(id(1), cell(&m, 1, 0)).unwrap();
        let m = m.set_pinned(id(1), true).unwrap();
        let p = propose(&m, REPLACE);
        assert_eq!(p.placements[0], m.placements[0]);
        // Session 2 must avoid slot 0 (its host), so session 3 goes there.
        assert_eq!(at(&m, &p, 2).unwrap().slot, m.slots[1].id);
        assert_eq!(at(&m, &p, 3).unwrap().slot, m.slots[0].id);
        assert_eq!(p.score_after.double_booked_hosts, 0);
    }

    #[test]
    fn unavailable_rooms_and_two_slot_sessions_are_respected() {
        let mut m = grid(&[100, 20], &[3]);
        m.rooms[0].unavailable = vec![m.slots[1].id];
        m.sessions = vec![session(1, 51, 2, 0..50)];
        let p = propose(&m, ProposalOptions::default());
        // The big room has no two free consecutive slots; the small one has.
        assert_eq!(at(&m, &p, 1), Some(cell(&m, 1, 0)));
        m.rooms[1].unavailable = vec![m.slots[1].id];
        let p = propose(&m, ProposalOptions::default());
        assert_eq!(p.unplaced, vec![id(1)]);
        assert_eq!(p.placements, vec![]);
    }

    #[test]
    fn a_full_grid_leaves_out_the_least_wanted() {
        let mut m = grid(&[100], &[2]);
        m.sessions = vec![
            session(1, 51, 1, 0..1),
            session(2, 52, 1, 0..3),
            session(3, 53, 1, 0..2),
        ];
        let p = propose(&m, ProposalOptions::default());
        assert_eq!(p.unplaced, vec![id(1)]);
        assert_eq!(p.score_after.unplaced_interest, 1);
    }

    #[test]
    fn unpinned_placements_move_only_when_allowed() {
        let mut m = grid(&[100, 100], &[2]);
        m.sessions = vec![session(1, 51, 1, 0..10), session(2, 52, 1, 0..10)];
        let m = m.place(id(1), cell(&m, 0, 0)).unwrap();
        let m = m.place(id(2), cell(&m, 1, 0)).unwrap();
        let kept = propose(&m, ProposalOptions::default());
        assert_eq!(kept.placements, m.placements);
        assert_eq!(kept.score_after, kept.score_before);
        let moved = propose(&m, REPLACE);
        assert_eq!(moved.score_before.conflicting_interest, 10);
        assert_eq!(moved.score_after.conflicting_interest, 0);
        // Only one of them had to move.
        let kept = |s| at(&m, &moved, s) == at(&m, &kept, s);
        assert!(kept(1) != kept(2), "{moved:?}");
    }

    #[test]
    fn improves_on_greedy_in_the_benchmark_camp() {
        use super::super::testkit::{camp, CampShape};
        let m = camp(4, &CampShape::benchmark());
        let (base, best) = (greedy(&m, REPLACE), propose(&m, REPLACE));
        assert!(best.score_after < base.score_after, "{best:?}");
        assert_eq!(best, propose(&m, REPLACE));
    }
}
