//! Property tests of the proposal on made-up camps (see `testkit`), some already partly
//! placed and pinned.
use proptest::prelude::*;
use uuid::Uuid;

use super::testkit::{camp, cell, CampShape, Rng};
use super::{greedy, propose, ConflictKind, GridModel, Placement, Proposal, ProposalOptions};

fn shape() -> impl Strategy<Value = CampShape> {
    let days = prop::collection::vec(1usize..4, 1..3);
    (
        0usize..16,
        0usize..5,
        days,
        0usize..30,
        0usize..40,
        0usize..4,
    )
        .prop_map(
            |(sessions, rooms, slots_per_day, voters, two_slot_percent, unavailable)| CampShape {
                sessions,
                rooms,
                slots_per_day,
                voters,
                marks: (1, 6),
                two_slot_percent,
                unavailable,
            },
        )
}

/// Places some sessions where they can go (a moderator may ignore conflicts, so hosts may be
/// double-booked and rooms unavailable) and pins some of those.
fn scatter(mut model: GridModel, seed: u64, placed: usize, pinned: usize) -> GridModel {
    let mut rng = Rng::new(seed ^ 0x5ca7);
    let cells = model.rooms.len() * model.slots.len();
    for s in 0..model.sessions.len() {
        if cells == 0 || !rng.percent(placed) {
            continue;
        }
        let (room, slot) = (rng.below(model.rooms.len()), rng.below(model.slots.len()));
        let id = model.sessions[s].id;
        if let Ok(next) = model.place(id, cell(&model, room, slot)) {
            model = next
                .set_pinned(id, rng.percent(pinned))
                .expect("just placed");
        }
    }
    model
}

fn model() -> impl Strategy<Value = (GridModel, ProposalOptions)> {
    (
        any::<u64>(),
        shape(),
        0usize..80,
        0usize..100,
        any::<bool>(),
    )
        .prop_map(|(seed, shape, placed, pinned, replace_unpinned)| {
            let model = scatter(camp(seed, &shape), seed, placed, pinned);
            (model, ProposalOptions { replace_unpinned })
        })
}

/// The placements a proposal must leave exactly as they are.
fn fixed(model: &GridModel, options: ProposalOptions) -> Vec<Placement> {
    let stays = |p: &&Placement| p.pinned || !options.replace_unpinned;
    model.placements.iter().filter(stays).copied().collect()
}

fn new_placements<'a>(
    model: &GridModel,
    options: ProposalOptions,
    p: &'a Proposal,
) -> Vec<&'a Placement> {
    let fixed = fixed(model, options);
    p.placements.iter().filter(|p| !fixed.contains(p)).collect()
}

fn check(model: &GridModel, options: ProposalOptions, p: &Proposal) -> Result<(), TestCaseError> {
    let after = p.apply(model);
    // Never moves or removes what stays, in particular a pin.
    prop_assert_eq!(
        &p.placements[..fixed(model, options).len()],
        &fixed(model, options)[..]
    );
    // Every new placement fits (consecutive slots of one day) and takes free cells.
    prop_assert_eq!(after.check(), Ok(()));
    for new in new_placements(model, options, p) {
        let cells = after.cells(new).expect("fits the grid");
        let room = model
            .rooms
            .iter()
            .find(|r| r.id == new.room)
            .expect("a room");
        prop_assert!(cells.iter().all(|c| !room.unavailable.contains(&c.slot)));
        prop_assert!(!new.pinned);
    }
    // No host is double-booked beyond what the fixed placements already do.
    let only_fixed = GridModel {
        placements: fixed(model, options),
        ..model.clone()
    };
    let before = only_fixed.score().double_booked_hosts;
    prop_assert_eq!(p.score_after.double_booked_hosts, before);
    prop_assert_eq!(p.score_before, model.score());
    prop_assert_eq!(p.score_after, after.score());
    // Every session is placed or listed as unplaced, never both.
    for s in &model.sessions {
        let placed = after.placement(s.id).is_some();
        prop_assert_ne!(placed, p.unplaced.contains(&s.id));
    }
    Ok(())
}

/// An unplaced session has no cell left that is free, available and leaves its hosts free.
fn nothing_fits(after: &GridModel, session: Uuid) -> bool {
    let hosts_busy = |placed: &GridModel| placed.score().double_booked_hosts;
    after.rooms.iter().enumerate().all(|(r, room)| {
        (0..after.slots.len()).all(|t| {
            let c = cell(after, r, t);
            let Ok(placed) = after.place(session, c) else {
                return true;
            };
            let cells = placed.cells(placed.placement(session).unwrap()).unwrap();
            let available = cells.iter().all(|c| !room.unavailable.contains(&c.slot));
            !available || hosts_busy(&placed) > hosts_busy(after)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn proposals_keep_every_rule((model, options) in model()) {
        let best = propose(&model, options);
        check(&model, options, &best)?;
        let base = greedy(&model, options);
        check(&model, options, &base)?;
        prop_assert!(best.score_after <= base.score_after);
        for &s in &best.unplaced {
            prop_assert!(nothing_fits(&best.apply(&model), s));
        }
    }

    #[test]
    fn proposals_are_deterministic((model, options) in model()) {
        prop_assert_eq!(propose(&model, options), propose(&model, options));
        prop_assert_eq!(greedy(&model, options), greedy(&model, options));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn conflicts_agree_with_the_score((model, _) in model()) {
        let score = model.score();
        let conflicts = model.conflicts(0.0);
        let blocking = conflicts.iter().any(|c| c.blocking);
        prop_assert_eq!(blocking, score.double_booked_hosts > 0);
        let over = conflicts
            .iter()
            .filter(|c| matches!(c.kind, ConflictKind::OverCapacity { .. }))
            .count();
        prop_assert_eq!(over, score.over_capacity as usize);
        for c in &conflicts {
            prop_assert!(!c.cells.is_empty());
            if let ConflictKind::AudienceOverlap { share, .. } = c.kind {
                prop_assert!(share > 0.0 && share <= 1.0);
            }
        }
        prop_assert_eq!(conflicts, model.conflicts(0.0));
    }
}
