//! The automatic grid proposal on the camp of issue 4: 60 sessions, 8 rooms, 6 slots and 300
//! voters with overlapping interests (`testkit::CampShape::benchmark`). Prints the scores of
//! three such camps against the greedy baseline once, then times the proposal (target: well
//! under a second).
//!
//!     cargo bench -p app --features ssr --bench proposal
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use app::domain::grid::testkit::{camp, CampShape};
use app::domain::grid::{greedy, propose, propose_with, GridModel, ProposalOptions, Score};
use criterion::{criterion_group, criterion_main, Criterion};
use uuid::Uuid;

const OPTIONS: ProposalOptions = ProposalOptions {
    replace_unpinned: true,
};

fn line(name: &str, s: &Score) {
    eprintln!(
        "  {name:<22} conflicting interest {:>4}, over capacity {:>2} (excess {:>3}), \
         unplaced {:>2} ({:>3} marks), double-booked hosts {}",
        s.conflicting_interest,
        s.over_capacity,
        s.excess_interest,
        s.unplaced,
        s.unplaced_interest,
        s.double_booked_hosts,
    );
}

/// No grid of the same placed sessions does better: a person who wants sessions filling more
/// slots than the day has misses at least the difference.
fn lower_bound(grid: &GridModel) -> usize {
    let mut wanted: HashMap<Uuid, usize> = HashMap::new();
    for s in &grid.sessions {
        if grid.placement(s.id).is_some() {
            for person in s.audience() {
                *wanted.entry(person).or_default() += s.span();
            }
        }
    }
    let slots = grid.slots.len();
    wanted.values().map(|&n| n.saturating_sub(slots)).sum()
}

fn report() {
    for seed in [1, 2, 3] {
        let model = camp(seed, &CampShape::benchmark());
        let marks: usize = model.sessions.iter().map(|s| s.voters.len()).sum();
        let rooms: Vec<u32> = model.rooms.iter().map(|r| r.capacity).collect();
        eprintln!("camp {seed}: {marks} marks, room capacities {rooms:?}");
        line("greedy", &greedy(&model, OPTIONS).score_after);
        let start = Instant::now();
        let proposal = propose(&model, OPTIONS);
        line(
            &format!("proposal ({:.0?})", start.elapsed()),
            &proposal.score_after,
        );
        let start = Instant::now();
        let more = propose_with(&model, OPTIONS, 300);
        line(
            &format!("10x effort ({:.0?})", start.elapsed()),
            &more.score_after,
        );
        let bound = lower_bound(&proposal.apply(&model));
        eprintln!("  conflicting interest of these placed sessions is at least {bound}");
    }
}

fn bench(c: &mut Criterion) {
    report();
    let model = camp(1, &CampShape::benchmark());
    c.bench_function("propose (60 sessions, 8x6 grid, 300 voters)", |b| {
        b.iter(|| propose(black_box(&model), OPTIONS))
    });
    c.bench_function("greedy (60 sessions, 8x6 grid, 300 voters)", |b| {
        b.iter(|| greedy(black_box(&model), OPTIONS))
    });
    let proposed = propose(&model, OPTIONS).apply(&model);
    c.bench_function("conflicts of the proposed grid", |b| {
        b.iter(|| black_box(&proposed).conflicts(0.3))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
