//! Made-up grids for tests and the proposal benchmark: a seeded, hand-written generator (no
//! `rand`), so the same seed gives the same camp everywhere.
use chrono::NaiveDate;
use uuid::Uuid;

use super::{Cell, GridModel, GridRoom, GridSession, GridSlot};

/// splitmix64: tiny, fast and good enough to make up camps.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True in `percent` of the draws.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// An index drawn with probability proportional to `weights` (not all zero).
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut r = self.next_u64() % weights.iter().sum::<u64>();
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        unreachable!("r is below the sum")
    }
}

/// A readable, stable id for tests: `id(3)` is always the same uuid.
pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Rooms with the given capacities (ids 1000+), and per day the given number of slots (ids
/// 2000+, in time order); no sessions.
pub fn grid(capacities: &[u32], slots_per_day: &[usize]) -> GridModel {
    let rooms = (capacities.iter().enumerate())
        .map(|(i, &capacity)| GridRoom {
            id: id(1000 + i as u128),
            capacity,
            unavailable: vec![],
        })
        .collect();
    let first = NaiveDate::from_ymd_opt(2030, 5, 6).expect("a date");
    let days = (slots_per_day.iter().enumerate()).flat_map(|(d, &n)| (0..n).map(move |_| d));
    let slots = (days.enumerate())
        .map(|(i, d)| GridSlot {
            id: id(2000 + i as u128),
            day: first + chrono::Days::new(d as u64),
        })
        .collect();
    GridModel {
        rooms,
        slots,
        ..GridModel::default()
    }
}

/// The cell of room `room` and slot `slot`, by position.
pub fn cell(model: &GridModel, room: usize, slot: usize) -> Cell {
    Cell {
        room: model.rooms[room].id,
        slot: model.slots[slot].id,
    }
}

/// What a made-up camp looks like.
#[derive(Clone, Debug)]
pub struct CampShape {
    pub sessions: usize,
    pub rooms: usize,
    pub slots_per_day: Vec<usize>,
    pub voters: usize,
    /// Interest marks per voter: at least `marks.0`, fewer than `marks.1`.
    pub marks: (usize, usize),
    pub two_slot_percent: usize,
    /// Cells where a room is not available.
    pub unavailable: usize,
}

impl CampShape {
    /// The benchmark of issue 4: 60 sessions, 8 rooms, 6 slots, 300 voters, ~3,000 marks.
    pub fn benchmark() -> Self {
        CampShape {
            sessions: 60,
            rooms: 8,
            slots_per_day: vec![6],
            voters: 300,
            marks: (8, 13),
            two_slot_percent: 5,
            unavailable: 2,
        }
    }
}

/// Topics that draw the same people; voters favour one or two of them.
const TOPICS: usize = 8;
const CAPACITIES: [u32; 8] = [20, 30, 40, 50, 60, 80, 100, 150];

/// A camp of `shape` with overlapping interests: sessions have a topic and a skewed
/// popularity, and each voter marks mostly sessions of their favourite topics. Hosts are
/// voters too, some host two sessions, and nobody marks their own session. Nothing is placed.
pub fn camp(seed: u64, shape: &CampShape) -> GridModel {
    let mut rng = Rng::new(seed);
    let capacities: Vec<u32> = (0..shape.rooms)
        .map(|_| CAPACITIES[rng.below(CAPACITIES.len())])
        .collect();
    let mut model = grid(&capacities, &shape.slots_per_day);
    let cells = model.rooms.len() * model.slots.len();
    for _ in 0..shape.unavailable.min(cells) {
        let (room, slot) = (rng.below(model.rooms.len()), rng.below(model.slots.len()));
        let slot = model.slots[slot].id;
        model.rooms[room].unavailable.push(slot);
    }
    let person = |n: usize| id(1_000_000 + n as u128);
    model.sessions = (0..shape.sessions)
        .map(|i| GridSession {
            id: id(10_000 + i as u128),
            hosts: hosts(&mut rng, shape, person),
            length: if rng.percent(shape.two_slot_percent) {
                2
            } else {
                1
            },
            voters: vec![],
        })
        .collect();
    add_votes(&mut rng, shape, &mut model.sessions, person);
    model
}

/// One host, sometimes a co-host, drawn from a pool small enough that some host twice.
fn hosts(rng: &mut Rng, shape: &CampShape, person: impl Fn(usize) -> Uuid) -> Vec<Uuid> {
    let pool = (shape.sessions * 4 / 5).clamp(1, shape.voters.max(1));
    let mut hosts = vec![person(rng.below(pool))];
    if rng.percent(25) {
        let co = person(rng.below(pool));
        if co != hosts[0] {
            hosts.push(co);
        }
    }
    hosts
}

fn add_votes(
    rng: &mut Rng,
    shape: &CampShape,
    sessions: &mut [GridSession],
    person: impl Fn(usize) -> Uuid,
) {
    if sessions.is_empty() {
        return;
    }
    let topic: Vec<usize> = sessions.iter().map(|_| rng.below(TOPICS)).collect();
    // Zipf-like: a few sessions draw many marks, most draw some.
    let popularity: Vec<u64> = (0..sessions.len())
        .map(|_| 1000 / (1 + rng.below(12) as u64))
        .collect();
    for v in 0..shape.voters {
        let voter = person(v);
        let favourites = [rng.below(TOPICS), rng.below(TOPICS)];
        let mut weights: Vec<u64> = (0..sessions.len())
            .map(|s| {
                if sessions[s].hosts.contains(&voter) {
                    0 // nobody marks their own session
                } else if favourites.contains(&topic[s]) {
                    popularity[s] * 6
                } else {
                    popularity[s]
                }
            })
            .collect();
        let (lo, hi) = shape.marks;
        let wanted = lo + rng.below(hi.saturating_sub(lo).max(1));
        for _ in 0..wanted {
            if weights.iter().all(|&w| w == 0) {
                break;
            }
            let s = rng.weighted(&weights);
            weights[s] = 0;
            sessions[s].voters.push(voter);
        }
    }
}
