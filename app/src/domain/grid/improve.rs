//! Local improvement: moves and swaps of the sessions the proposal may change, each kept only
//! when it lowers the score (or, at equal score, the changes to the current grid), until a
//! whole pass finds nothing better. Pinned sessions are never in `movable`, and `State::fits`
//! keeps hosts single-booked and unavailable cells empty.
use super::search::{Pos, State};
use super::Score;

type Key = (Score, u32);

/// A bound for pathological inputs; real grids settle in a handful of passes.
const MAX_PASSES: usize = 50;

#[derive(Clone, Copy)]
enum Move {
    To(Pos),
    Swap(usize),
}

pub(super) fn improve(state: &mut State, movable: &[usize]) {
    for _ in 0..MAX_PASSES {
        let mut better = false;
        for &i in movable {
            better |= match state.at[i] {
                Some(home) => best_move(state, i, home, movable),
                // A move may have freed a cell for a session that did not fit before.
                None => state.place_best(i),
            };
        }
        if !better {
            break;
        }
    }
}

/// Makes the best strictly improving move of job `i`, if there is one.
fn best_move(state: &mut State, i: usize, home: Pos, movable: &[usize]) -> bool {
    let mut best: (Key, Option<Move>) = (state.key(), None);
    let mut consider = |key: Key, m: Move| {
        if key < best.0 {
            best = (key, Some(m));
        }
    };
    state.take(i);
    let p = state.p;
    for &pos in &p.positions {
        if pos != home && state.fits(i, pos) {
            state.put(i, pos);
            consider(state.key(), Move::To(pos));
            state.take(i);
        }
    }
    for &j in movable {
        if let Some(key) = swapped(state, i, home, j) {
            consider(key, Move::Swap(j));
        }
    }
    match best.1 {
        None => state.put(i, home),
        Some(Move::To(pos)) => state.put(i, pos),
        Some(Move::Swap(j)) => {
            let there = state.at[j].expect("swapped with a placed session");
            state.take(j);
            state.put(i, there);
            state.put(j, home);
        }
    }
    best.1.is_some()
}

/// The key if the taken job `i` went to `j`'s place and `j` to `home`, leaving the state as it
/// was. `None` when that is not possible.
fn swapped(state: &mut State, i: usize, home: Pos, j: usize) -> Option<Key> {
    let there = state.at[j].filter(|_| j != i)?;
    state.take(j);
    let mut key = None;
    if state.fits(i, there) {
        state.put(i, there);
        if state.fits(j, home) {
            state.put(j, home);
            key = Some(state.key());
            state.take(j);
        }
        state.take(i);
    }
    state.put(j, there);
    key
}

/// Iterated local search: from the best grid so far, shake a few sessions at random, improve
/// again, and keep the result when it is no worse. The random draws are seeded by a constant,
/// so the same input still gives the same grid.
pub(super) fn explore(state: &mut State, movable: &[usize], rounds: usize) {
    if movable.is_empty() || state.p.positions.is_empty() {
        return;
    }
    let mut rng = SplitMix(0x00c0_ffee);
    let mut current = state.clone();
    for _ in 0..rounds {
        let mut trial = current.clone();
        for _ in 0..KICKS {
            kick(&mut trial, movable, &mut rng);
        }
        improve(&mut trial, movable);
        if trial.key() <= current.key() {
            current = trial;
            if current.key() < state.key() {
                *state = current.clone();
            }
        }
    }
}

/// Sessions shaken per round: enough to leave a local optimum, few enough to stay near it.
const KICKS: usize = 3;

/// Moves one random movable session to a random cell, swapping with its occupant if needed,
/// whether or not that is better; does nothing if the move is not allowed.
fn kick(state: &mut State, movable: &[usize], rng: &mut SplitMix) {
    let p = state.p;
    let i = movable[rng.below(movable.len())];
    let target = p.positions[rng.below(p.positions.len())];
    let Some(home) = state.at[i] else {
        return;
    };
    state.take(i);
    match state.occupant(target) {
        None if state.fits(i, target) => state.put(i, target),
        Some(j) if movable.contains(&j) && swapped(state, i, home, j).is_some() => {
            let there = state.at[j].expect("an occupant is placed");
            state.take(j);
            state.put(i, there);
            state.put(j, home);
        }
        _ => state.put(i, home),
    }
}

/// splitmix64, enough for shaking a grid.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}
