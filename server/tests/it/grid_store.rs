//! Store tests of the grid (placements, versions, undo, publishing), each run on SQLite and
//! on PostgreSQL.
use crate::common;

use app::domain::RoomSettings;
use app::server::store::{NewSession, PlacementRow, SessionCells, SessionFlag, Store, StoreError};
use common::{camp_with_moderator, person, slot, stores};
use uuid::Uuid;

/// A camp with its moderator, two rooms, three slots and four sessions (the last one takes
/// two slots), all hosted by the moderator.
struct Camp {
    id: Uuid,
    moderator: Uuid,
    rooms: Vec<Uuid>,
    slots: Vec<Uuid>,
    sessions: Vec<Uuid>,
}

async fn camp(store: &Store, slug: &str) -> Camp {
    let (id, moderator) = camp_with_moderator(store, slug).await;
    let mut rooms = Vec::new();
    for name in ["Raum 1", "Raum 2"] {
        let room = RoomSettings {
            name: name.into(),
            video_url: "https://meet.example.org/r".into(),
            capacity: 30,
        };
        rooms.push(store.add_room(id, &room, moderator).await.unwrap());
    }
    let mut slots = Vec::new();
    for (starts, ends) in [("09:00", "09:45"), ("10:00", "10:45"), ("11:00", "11:45")] {
        slots.push(
            store
                .add_slot(id, &slot(starts, ends), moderator)
                .await
                .unwrap(),
        );
    }
    let hosts = [moderator];
    let mut sessions = Vec::new();
    for (i, length_slots) in [1, 1, 1, 2].into_iter().enumerate() {
        let title = format!("Session {i}");
        let new = NewSession {
            title: &title,
            description: "",
            format: "talk",
            tags: &[],
            hosts: &hosts,
            length_slots,
        };
        sessions.push(store.create_session(id, &new).await.unwrap());
    }
    Camp {
        id,
        moderator,
        rooms,
        slots,
        sessions,
    }
}

fn at(session: Uuid, cells: &[(Uuid, Uuid)]) -> SessionCells {
    SessionCells {
        session,
        cells: cells.to_vec(),
        pinned: false,
    }
}

fn cell(session: Uuid, room: Uuid, slot: Uuid) -> PlacementRow {
    PlacementRow {
        session,
        room,
        slot,
        pinned: false,
    }
}

/// The grid as a set, independent of the store's order.
async fn grid(store: &Store, camp: Uuid) -> Vec<(Uuid, Uuid, Uuid, bool)> {
    let mut cells: Vec<_> = store
        .placements(camp)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.session, p.room, p.slot, p.pinned))
        .collect();
    cells.sort();
    cells
}

fn sorted(mut cells: Vec<(Uuid, Uuid, Uuid, bool)>) -> Vec<(Uuid, Uuid, Uuid, bool)> {
    cells.sort();
    cells
}

#[tokio::test]
async fn sessions_are_placed_moved_swapped_and_unplaced() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-moves").await;
        let (r, s, m) = (&c.rooms, &c.slots, c.moderator);
        let (a, b, long) = (c.sessions[0], c.sessions[1], c.sessions[3]);
        let state = store.grid_state(c.id).await.unwrap();
        assert_eq!(
            (state.version, state.locked, state.overlap_threshold),
            (0, false, 0.5)
        );
        assert!(store.placements(c.id).await.unwrap().is_empty());

        // Place A and B into the first slot.
        let changes = [at(a, &[(r[0], s[0])]), at(b, &[(r[1], s[0])])];
        let v1 = store
            .change_grid(c.id, Some(0), "place", &changes, m)
            .await
            .unwrap();
        assert_eq!(v1, 1, "{be}");
        assert_eq!(
            store.placements(c.id).await.unwrap(),
            vec![cell(a, r[0], s[0]), cell(b, r[1], s[0])],
            "{be}: ordered by slot, then room"
        );

        // Move A one slot down, pinned.
        let pinned = SessionCells {
            pinned: true,
            ..at(a, &[(r[0], s[1])])
        };
        let v2 = store
            .change_grid(c.id, Some(v1), "move", &[pinned], m)
            .await
            .unwrap();
        assert_eq!(
            grid(&store, c.id).await,
            sorted(vec![(a, r[0], s[1], true), (b, r[1], s[0], false)]),
            "{be}"
        );

        // Swap A and B in one call: each takes the other's cell.
        let swap = [at(a, &[(r[1], s[0])]), at(b, &[(r[0], s[1])])];
        let v3 = store
            .change_grid(c.id, Some(v2), "swap", &swap, m)
            .await
            .unwrap();
        assert_eq!(
            grid(&store, c.id).await,
            sorted(vec![(a, r[1], s[0], false), (b, r[0], s[1], false)]),
            "{be}"
        );

        // A two-slot session takes two rows; unplacing it removes both.
        let v4 = store
            .change_grid(
                c.id,
                Some(v3),
                "place",
                &[at(long, &[(r[1], s[1]), (r[1], s[2])])],
                m,
            )
            .await
            .unwrap();
        let mine: Vec<_> = store
            .placements(c.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|p| p.session == long)
            .collect();
        assert_eq!(
            mine,
            vec![cell(long, r[1], s[1]), cell(long, r[1], s[2])],
            "{be}"
        );
        let v5 = store
            .change_grid(c.id, Some(v4), "unplace", &[at(long, &[]), at(b, &[])], m)
            .await
            .unwrap();
        assert_eq!(
            store.placements(c.id).await.unwrap(),
            vec![cell(a, r[1], s[0])],
            "{be}"
        );
        assert_eq!(
            (v2, v3, v4, v5),
            (2, 3, 4, 5),
            "every change bumps the version"
        );
        assert_eq!(store.grid_state(c.id).await.unwrap().version, 5);
        let audit = store.audit_actions(c.id).await.unwrap();
        assert_eq!(audit[0], "grid.unplace", "{be}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_moderators_moving_one_session_at_once_one_wins_the_other_is_stale() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-race").await;
        let (r, s) = (c.rooms.clone(), c.slots.clone());
        let other = person(&store, "Second moderator", true).await;
        let a = c.sessions[0];
        let mut version = store
            .change_grid(
                c.id,
                Some(0),
                "place",
                &[at(a, &[(r[0], s[0])])],
                c.moderator,
            )
            .await
            .unwrap();
        for round in 0..5 {
            // Both saw `version` and move A to a different cell.
            let targets = [(c.moderator, (r[1], s[1])), (other, (r[0], s[2]))];
            let tasks: Vec<_> = targets
                .into_iter()
                .map(|(actor, target)| {
                    let store = store.clone();
                    let camp = c.id;
                    tokio::spawn(async move {
                        let result = store
                            .change_grid(camp, Some(version), "move", &[at(a, &[target])], actor)
                            .await;
                        (target, result)
                    })
                })
                .collect();
            let mut won = Vec::new();
            let mut stale = 0;
            for task in tasks {
                match task.await.unwrap() {
                    (target, Ok(v)) => won.push((target, v)),
                    (_, Err(StoreError::Stale)) => stale += 1,
                    (_, Err(e)) => panic!("{be} round {round}: {e}"),
                }
            }
            assert_eq!((won.len(), stale), (1, 1), "{be} round {round}");
            let ((room, slot), v) = won[0];
            assert_eq!(v, version + 1, "{be}");
            assert_eq!(store.grid_state(c.id).await.unwrap().version, v);
            assert_eq!(
                store.placements(c.id).await.unwrap(),
                vec![cell(a, room, slot)],
                "{be}: A is where the winner put it, once"
            );
            // Put A back for the next round.
            version = store
                .change_grid(
                    c.id,
                    Some(v),
                    "move",
                    &[at(a, &[(r[0], s[0])])],
                    c.moderator,
                )
                .await
                .unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hosts_picking_one_free_cell_at_once_one_wins_the_other_gets_a_conflict() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-picks").await;
        let (a, b) = (c.sessions[0], c.sessions[1]);
        let (host_a, host_b) = (
            person(&store, "Host A", false).await,
            person(&store, "Host B", false).await,
        );
        for (round, &slot) in c.slots.iter().enumerate() {
            let room = c.rooms[round % 2];
            let tasks: Vec<_> = [(a, host_a), (b, host_b)]
                .into_iter()
                .map(|(session, host)| {
                    let store = store.clone();
                    let camp = c.id;
                    tokio::spawn(async move {
                        let pick = [at(session, &[(room, slot)])];
                        (
                            session,
                            store.change_grid(camp, None, "pick", &pick, host).await,
                        )
                    })
                })
                .collect();
            let mut winners = Vec::new();
            let mut taken = 0;
            for task in tasks {
                match task.await.unwrap() {
                    (session, Ok(_)) => winners.push(session),
                    (_, Err(StoreError::Duplicate)) => taken += 1,
                    (_, Err(e)) => panic!("{be} round {round}: {e}"),
                }
            }
            assert_eq!((winners.len(), taken), (1, 1), "{be} round {round}");
            let in_cell: Vec<_> = store
                .placements(c.id)
                .await
                .unwrap()
                .into_iter()
                .filter(|p| (p.room, p.slot) == (room, slot))
                .map(|p| p.session)
                .collect();
            assert_eq!(in_cell, winners, "{be} round {round}");
            // Unplace both for the next round.
            store
                .change_grid(
                    c.id,
                    None,
                    "unplace",
                    &[at(a, &[]), at(b, &[])],
                    c.moderator,
                )
                .await
                .unwrap();
        }
        // Every successful change got its own version: 3 picks and 3 clean-ups.
        assert_eq!(store.grid_state(c.id).await.unwrap().version, 6, "{be}");
    }
}

#[tokio::test]
async fn refused_changes_leave_the_grid_as_it_was() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-refused").await;
        let foreign = camp(&store, "grid-foreign").await;
        let (r, s, m) = (&c.rooms, &c.slots, c.moderator);
        let (a, b, d) = (c.sessions[0], c.sessions[1], c.sessions[2]);
        let v = store
            .change_grid(
                c.id,
                Some(0),
                "place",
                &[at(a, &[(r[0], s[0])]), at(b, &[(r[1], s[0])])],
                m,
            )
            .await
            .unwrap();
        let before = grid(&store, c.id).await;
        let history = store.grid_history(c.id, 10).await.unwrap().len();

        // D into A's cell, together with a valid move of B: neither happens.
        let taken = store
            .change_grid(
                c.id,
                Some(v),
                "place",
                &[at(b, &[(r[1], s[2])]), at(d, &[(r[0], s[0])])],
                m,
            )
            .await;
        assert!(
            matches!(taken, Err(StoreError::Duplicate)),
            "{be}: {taken:?}"
        );
        // The same session twice in one change.
        let twice = store
            .change_grid(
                c.id,
                Some(v),
                "place",
                &[at(d, &[(r[0], s[1])]), at(d, &[])],
                m,
            )
            .await;
        assert!(
            matches!(twice, Err(StoreError::Duplicate)),
            "{be}: {twice:?}"
        );
        // A room, a slot or a session of another camp.
        for change in [
            at(d, &[(foreign.rooms[0], s[1])]),
            at(d, &[(r[0], foreign.slots[1])]),
            at(foreign.sessions[0], &[(r[0], s[1])]),
            at(Uuid::new_v4(), &[]),
        ] {
            let result = store
                .change_grid(c.id, Some(v), "place", &[change], m)
                .await;
            assert!(
                matches!(result, Err(StoreError::NotFound)),
                "{be}: {result:?}"
            );
        }
        // An old version.
        let stale = store
            .change_grid(c.id, Some(v - 1), "place", &[at(d, &[(r[0], s[1])])], m)
            .await;
        assert!(matches!(stale, Err(StoreError::Stale)), "{be}: {stale:?}");
        // No such camp.
        let missing = store
            .change_grid(Uuid::new_v4(), Some(0), "place", &[], m)
            .await;
        assert!(
            matches!(missing, Err(StoreError::NotFound)),
            "{be}: {missing:?}"
        );

        assert_eq!(grid(&store, c.id).await, before, "{be}");
        assert_eq!(store.grid_state(c.id).await.unwrap().version, v, "{be}");
        assert_eq!(store.grid_history(c.id, 10).await.unwrap().len(), history);
        assert!(store.placements(foreign.id).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn undo_walks_back_and_the_history_says_who_did_what() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-undo").await;
        let (r, s) = (&c.rooms, &c.slots);
        let (a, b) = (c.sessions[0], c.sessions[1]);
        let other = person(&store, "Zoe", true).await;

        let v1 = store
            .change_grid(
                c.id,
                Some(0),
                "place",
                &[at(a, &[(r[0], s[0])])],
                c.moderator,
            )
            .await
            .unwrap();
        let after_place = grid(&store, c.id).await;
        let v2 = store
            .change_grid(c.id, Some(v1), "move", &[at(a, &[(r[1], s[1])])], other)
            .await
            .unwrap();
        let v3 = store
            .change_grid(
                c.id,
                Some(v2),
                "swap",
                &[at(a, &[(r[0], s[2])]), at(b, &[(r[1], s[1])])],
                c.moderator,
            )
            .await
            .unwrap();

        let history = store.grid_history(c.id, 10).await.unwrap();
        let summary: Vec<_> = history
            .iter()
            .map(|h| {
                (
                    h.version,
                    h.action.as_str(),
                    h.actor_name.as_deref(),
                    h.undone,
                )
            })
            .collect();
        let mo = "Mo grid-undo";
        assert_eq!(
            summary,
            vec![
                (3, "swap", Some(mo), false),
                (2, "move", Some("Zoe"), false),
                (1, "place", Some(mo), false),
            ],
            "{be}"
        );
        assert_eq!(history[1].before, vec![at(a, &[(r[0], s[0])])], "{be}");
        assert_eq!(history[1].after, vec![at(a, &[(r[1], s[1])])], "{be}");
        assert_eq!(
            history[0].before,
            vec![at(a, &[(r[1], s[1])]), at(b, &[])],
            "{be}: an unplaced session's before is empty"
        );
        assert_eq!(store.grid_history(c.id, 1).await.unwrap().len(), 1);

        // A stale undo does nothing.
        let stale = store.undo_grid(c.id, v2, other).await;
        assert!(matches!(stale, Err(StoreError::Stale)), "{be}: {stale:?}");

        // Two undos: the swap, then the move.
        let v4 = store.undo_grid(c.id, v3, other).await.unwrap();
        assert_eq!(
            grid(&store, c.id).await,
            vec![(a, r[1], s[1], false)],
            "{be}: swap undone"
        );
        let v5 = store.undo_grid(c.id, v4, other).await.unwrap();
        assert_eq!(grid(&store, c.id).await, after_place, "{be}: move undone");
        assert_eq!((v4, v5), (4, 5));

        let history = store.grid_history(c.id, 10).await.unwrap();
        let summary: Vec<_> = history
            .iter()
            .map(|h| {
                (
                    h.version,
                    h.action.as_str(),
                    h.actor_name.as_deref(),
                    h.undone,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (5, "undo", Some("Zoe"), false),
                (4, "undo", Some("Zoe"), false),
                (3, "swap", Some(mo), true),
                (2, "move", Some("Zoe"), true),
                (1, "place", Some(mo), false),
            ],
            "{be}"
        );
        assert!(history.windows(2).all(|w| w[0].at >= w[1].at));

        // A new change, then undo: the new change goes, not the one before it.
        let v6 = store
            .change_grid(
                c.id,
                Some(v5),
                "place",
                &[at(b, &[(r[1], s[0])])],
                c.moderator,
            )
            .await
            .unwrap();
        let v7 = store.undo_grid(c.id, v6, c.moderator).await.unwrap();
        assert_eq!(grid(&store, c.id).await, after_place, "{be}");
        // Publishing is no step to undo: the next undo takes the first placement back.
        store.publish_grid(c.id, v7, c.moderator).await.unwrap();
        let v8 = store.undo_grid(c.id, v7, c.moderator).await.unwrap();
        assert!(grid(&store, c.id).await.is_empty(), "{be}");
        let nothing = store.undo_grid(c.id, v8, c.moderator).await;
        assert!(
            matches!(nothing, Err(StoreError::NotFound)),
            "{be}: {nothing:?}"
        );
        assert_eq!(store.grid_state(c.id).await.unwrap().version, v8);
    }
}

#[tokio::test]
async fn publishing_takes_a_snapshot_that_later_changes_leave_alone() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-publish").await;
        let (r, s, m) = (&c.rooms, &c.slots, c.moderator);
        let (a, b) = (c.sessions[0], c.sessions[1]);
        assert!(store.published_placements(c.id).await.unwrap().is_empty());

        let v1 = store
            .change_grid(
                c.id,
                Some(0),
                "place",
                &[
                    SessionCells {
                        pinned: true,
                        ..at(a, &[(r[0], s[0])])
                    },
                    at(b, &[(r[1], s[0])]),
                ],
                m,
            )
            .await
            .unwrap();
        let (previous, published) = store.publish_grid(c.id, v1, m).await.unwrap();
        assert!(previous.is_empty(), "{be}");
        assert_eq!(published, v1);
        let state = store.grid_state(c.id).await.unwrap();
        assert_eq!(
            (state.version, state.published_version),
            (v1, Some(v1)),
            "{be}"
        );
        assert!(state.published_at.is_some());
        let first = store.published_placements(c.id).await.unwrap();
        assert_eq!(first, store.placements(c.id).await.unwrap(), "{be}");

        // Draft changes stay drafts.
        let v2 = store
            .change_grid(c.id, Some(v1), "move", &[at(b, &[(r[1], s[2])])], m)
            .await
            .unwrap();
        assert_eq!(store.published_placements(c.id).await.unwrap(), first);
        let state = store.grid_state(c.id).await.unwrap();
        assert_eq!((state.version, state.published_version), (v2, Some(v1)));

        // Publishing what one saw before the last change is refused.
        let stale = store.publish_grid(c.id, v1, m).await;
        assert!(matches!(stale, Err(StoreError::Stale)), "{be}: {stale:?}");
        assert_eq!(store.published_placements(c.id).await.unwrap(), first);

        let (previous, published) = store.publish_grid(c.id, v2, m).await.unwrap();
        assert_eq!((previous, published), (first, v2), "{be}");
        assert_eq!(
            store.published_placements(c.id).await.unwrap(),
            store.placements(c.id).await.unwrap()
        );
        // Publishing changes no placement, so the version stays.
        assert_eq!(store.grid_state(c.id).await.unwrap().version, v2);
        let history = store.grid_history(c.id, 1).await.unwrap();
        assert_eq!(
            (history[0].action.as_str(), history[0].version),
            ("publish", v2)
        );
    }
}

#[tokio::test]
async fn settings_availability_and_interest() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-settings").await;
        let foreign = camp(&store, "grid-settings-other").await;
        let (r, s, m) = (&c.rooms, &c.slots, c.moderator);

        store.set_grid_locked(c.id, true, m).await.unwrap();
        store.set_overlap_threshold(c.id, 0.3, m).await.unwrap();
        let state = store.grid_state(c.id).await.unwrap();
        assert_eq!((state.locked, state.overlap_threshold), (true, 0.3), "{be}");
        assert_eq!(state.version, 0, "settings are no placement change");
        store.set_grid_locked(c.id, false, m).await.unwrap();
        assert!(!store.grid_state(c.id).await.unwrap().locked);
        let out_of_range = store.set_overlap_threshold(c.id, 1.5, m).await;
        assert!(out_of_range.is_err(), "{be}");
        let nowhere = store.set_grid_locked(Uuid::new_v4(), true, m).await;
        assert!(matches!(nowhere, Err(StoreError::NotFound)), "{be}");

        assert!(store.room_unavailable(c.id).await.unwrap().is_empty());
        store
            .set_room_available(c.id, r[0], s[1], false, m)
            .await
            .unwrap();
        store
            .set_room_available(c.id, r[0], s[1], false, m)
            .await
            .unwrap();
        store
            .set_room_available(c.id, r[1], s[2], false, m)
            .await
            .unwrap();
        let mut expected = vec![(r[0], s[1]), (r[1], s[2])];
        expected.sort();
        assert_eq!(
            store.room_unavailable(c.id).await.unwrap(),
            expected,
            "{be}"
        );
        store
            .set_room_available(c.id, r[0], s[1], true, m)
            .await
            .unwrap();
        assert_eq!(
            store.room_unavailable(c.id).await.unwrap(),
            vec![(r[1], s[2])]
        );
        let foreign_cell = store
            .set_room_available(c.id, foreign.rooms[0], s[0], false, m)
            .await;
        assert!(matches!(foreign_cell, Err(StoreError::NotFound)), "{be}");
        assert!(store.room_unavailable(foreign.id).await.unwrap().is_empty());

        // Interest: two participants mark sessions 0 to 2; 1 is hidden, 2 withdrawn.
        let mut people = Vec::new();
        for name in ["Ann", "Ben"] {
            let p = person(&store, name, false).await;
            store.add_participant(c.id, p, None).await.unwrap();
            people.push(p);
        }
        for &p in &people {
            for &session in &c.sessions[..3] {
                store.set_vote(c.id, session, p, true).await.unwrap();
            }
        }
        store
            .set_session_flag(c.id, c.sessions[1], SessionFlag::Hidden, true, m)
            .await
            .unwrap();
        store
            .set_session_flag(c.id, c.sessions[2], SessionFlag::Withdrawn, true, m)
            .await
            .unwrap();
        let mut expected: Vec<_> = people.iter().map(|&p| (c.sessions[0], p)).collect();
        expected.sort();
        assert_eq!(store.grid_interest(c.id).await.unwrap(), expected, "{be}");
        assert!(store.grid_interest(foreign.id).await.unwrap().is_empty());
    }
}

/// Issue 12, defect 5: deleting a room or slot that holds sessions, in the draft grid or in
/// the published schedule, is refused, so that neither changes without a grid version, a
/// history entry and a notice; once they are out of both, it can be deleted.
#[tokio::test]
async fn rooms_and_slots_that_hold_sessions_are_not_deleted() {
    for store in stores().await {
        let be = store.backend();
        let c = camp(&store, "grid-delete-plan").await;
        let (r, s, m) = (&c.rooms, &c.slots, c.moderator);
        let long = c.sessions[3];
        // The two-slot session covers slots 1 and 2 of room 0.
        let v1 = store
            .change_grid(
                c.id,
                Some(0),
                "place",
                &[at(long, &[(r[0], s[1]), (r[0], s[2])])],
                m,
            )
            .await
            .unwrap();
        store.publish_grid(c.id, v1, m).await.unwrap();
        for refused in [
            store.delete_room(c.id, r[0], m).await,
            store.delete_slot(c.id, s[1], m).await,
            store.delete_slot(c.id, s[2], m).await,
        ] {
            assert!(
                matches!(refused, Err(StoreError::InUse)),
                "{be}: {refused:?}"
            );
        }
        assert_eq!(store.slots(c.id).await.unwrap().len(), 3, "{be}");
        assert_eq!(
            store.published_placements(c.id).await.unwrap().len(),
            2,
            "{be}"
        );

        // Out of the draft, but still published: still refused.
        let v2 = store
            .change_grid(c.id, Some(v1), "unplace", &[at(long, &[])], m)
            .await
            .unwrap();
        let published = store.delete_slot(c.id, s[2], m).await;
        assert!(matches!(published, Err(StoreError::InUse)), "{be}");
        // Published without it: now the plan may change.
        store.publish_grid(c.id, v2, m).await.unwrap();
        store.delete_slot(c.id, s[2], m).await.unwrap();
        store.delete_room(c.id, r[0], m).await.unwrap();
        // An empty room or slot goes at once.
        store.delete_slot(c.id, s[0], m).await.unwrap();
    }
}
