//! How good a grid is, as one comparable value. Computed here from scratch; the proposal keeps
//! the same numbers up to date move by move (`search.rs`), and the tests check both agree.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::index::{distinct, Index};
use super::GridModel;

/// Lower is better, compared field by field in declaration order: a double-booked host is
/// worse than anything else, a session left out is worse than a full room, and a full room is
/// worse than people who miss one of two wanted sessions.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Score {
    /// Over slots and hosts: sessions of that host in that slot beyond the first.
    pub double_booked_hosts: u32,
    /// Sessions without a placement.
    pub unplaced: u32,
    /// Interest marks on sessions without a placement.
    pub unplaced_interest: u64,
    /// Placed sessions with more interest than their room's capacity.
    pub over_capacity: u32,
    /// Over slots and people (voters and hosts): wanted sessions in that slot beyond the first.
    pub conflicting_interest: u64,
    /// Over placed sessions: interest beyond the room's capacity.
    pub excess_interest: u64,
}

impl GridModel {
    pub fn score(&self) -> Score {
        let index = Index::new(self);
        let runs = index.runs();
        let mut score = Score::default();
        for (session, run) in self.sessions.iter().zip(&runs) {
            let interest = session.interest();
            match run {
                None => {
                    score.unplaced += 1;
                    score.unplaced_interest += u64::from(interest);
                }
                Some(run) => {
                    let excess = interest.saturating_sub(self.rooms[run.room].capacity);
                    score.over_capacity += u32::from(excess > 0);
                    score.excess_interest += u64::from(excess);
                }
            }
        }
        for running in index.by_slot(&runs) {
            let hosts = running
                .iter()
                .flat_map(|&s| distinct(&self.sessions[s].hosts));
            score.double_booked_hosts += beyond_first(hosts) as u32;
            let people = running.iter().flat_map(|&s| self.sessions[s].audience());
            score.conflicting_interest += beyond_first(people);
        }
        score
    }
}

/// Sum over distinct ids of (occurrences - 1).
fn beyond_first(ids: impl Iterator<Item = Uuid>) -> u64 {
    let mut seen: HashMap<Uuid, u64> = HashMap::new();
    let mut total = 0;
    for id in ids {
        let n = seen.entry(id).or_insert(0);
        total += u64::from(*n > 0);
        *n += 1;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{cell, grid, id};
    use super::super::GridSession;
    use super::*;

    fn session(n: u128, host: u128, length: u8, voters: &[u128]) -> GridSession {
        GridSession {
            id: id(n),
            hosts: vec![id(host)],
            length,
            voters: voters.iter().map(|&v| id(v)).collect(),
        }
    }

    #[test]
    fn counts_each_missed_wish_once() {
        let mut m = grid(&[2, 10, 10], &[2]);
        m.sessions = vec![
            // Three sessions that voters 1 and 2 want, at the same time.
            session(1, 50, 2, &[1, 2, 3]),
            session(2, 51, 1, &[1, 2]),
            session(3, 52, 1, &[1, 50]),
            // Unplaced.
            session(4, 53, 1, &[1, 4, 4]),
        ];
        let m = m.place(id(1), cell(&m, 0, 0)).unwrap();
        let m = m.place(id(2), cell(&m, 1, 1)).unwrap();
        let m = m.place(id(3), cell(&m, 2, 1)).unwrap();
        let expected = Score {
            double_booked_hosts: 0,
            unplaced: 1,
            // Duplicated marks count once.
            unplaced_interest: 2,
            over_capacity: 1,
            // Slot 1: voter 1 wants three sessions (2 missed), voter 2 two (1 missed), and
            // host 50 runs session 1 while wanting session 3 (1 missed).
            conflicting_interest: 4,
            excess_interest: 1,
        };
        assert_eq!(m.score(), expected);
    }

    #[test]
    fn counts_double_booked_hosts_per_slot() {
        let mut m = grid(&[10, 10, 10], &[2]);
        m.sessions = vec![
            session(1, 50, 2, &[]),
            session(2, 50, 1, &[]),
            session(3, 50, 1, &[]),
        ];
        let m = m.place(id(1), cell(&m, 0, 0)).unwrap();
        let m = m.place(id(2), cell(&m, 1, 0)).unwrap();
        let m = m.place(id(3), cell(&m, 2, 1)).unwrap();
        assert_eq!(m.score().double_booked_hosts, 2);
    }

    #[test]
    fn compares_hosts_then_unplaced_then_capacity_then_conflicts() {
        let s = |double_booked_hosts, unplaced, over_capacity, conflicting_interest| Score {
            double_booked_hosts,
            unplaced,
            over_capacity,
            conflicting_interest,
            ..Score::default()
        };
        assert!(s(0, 9, 9, 9) < s(1, 0, 0, 0));
        assert!(s(0, 0, 9, 9) < s(0, 1, 0, 0));
        assert!(s(0, 0, 0, 9) < s(0, 0, 1, 0));
        assert!(s(0, 0, 0, 1) < s(0, 0, 0, 2));
    }
}
