//! Store tests, each run on SQLite and on PostgreSQL.
use crate::common;

use app::domain::{CampInput, Role, RoomSettings, VoteRefusal};
use app::server::store::{NewSession, SessionFlag, Store, StoreError};
use chrono::{Duration, Utc};
use common::{person, slot, stores};
use uuid::Uuid;

fn settings(slug: &str) -> app::domain::CampSettings {
    CampInput {
        name: "NExT Camp".into(),
        slug: slug.into(),
        time_zone: "Europe/Berlin".into(),
        email_domains: "bund.de".into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

async fn camp(store: &Store) -> (Uuid, Uuid) {
    let moderator = person(store, "Mo", true).await;
    let camp = store
        .create_camp(&settings("next-camp"), moderator)
        .await
        .unwrap();
    (camp, moderator)
}

#[tokio::test]
async fn camps_have_unique_slugs_and_their_creator_moderates() {
    for store in stores().await {
        let (id, moderator) = camp(&store).await;
        let found = store.camp_by_slug("next-camp").await.unwrap().unwrap();
        assert_eq!(found.id, id, "{}", store.backend());
        assert_eq!(found.email_domains(), vec!["bund.de"]);
        let dup = store.create_camp(&settings("next-camp"), moderator).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate)),
            "{}: {dup:?}",
            store.backend()
        );
        let mine = store.camps_of_person(moderator).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].role, "moderator");
        assert!(store.camp_by_slug("nope").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn stale_camp_updates_are_refused() {
    for store in stores().await {
        let (id, moderator) = camp(&store).await;
        store
            .update_camp(id, 1, &settings("next-renamed"), moderator)
            .await
            .unwrap();
        let again = store
            .update_camp(id, 1, &settings("next-other"), moderator)
            .await;
        assert!(
            matches!(again, Err(StoreError::Stale)),
            "{}",
            store.backend()
        );
        let c = store.camp_by_id(id).await.unwrap().unwrap();
        assert_eq!((c.slug.as_str(), c.version), ("next-renamed", 2));
    }
}

#[tokio::test]
async fn slots_of_one_day_never_overlap() {
    for store in stores().await {
        let (id, moderator) = camp(&store).await;
        store
            .add_slot(id, &slot("09:00", "09:45"), moderator)
            .await
            .unwrap();
        let overlap = store.add_slot(id, &slot("09:30", "10:15"), moderator).await;
        assert!(
            matches!(overlap, Err(StoreError::SlotOverlap)),
            "{}: {overlap:?}",
            store.backend()
        );
        let second = store
            .add_slot(id, &slot("09:45", "10:30"), moderator)
            .await
            .unwrap();
        let slots = store.slots(id).await.unwrap();
        assert_eq!(slots.len(), 2);
        assert!(slots[0].starts_at < slots[1].starts_at);
        assert_eq!(slots[0].day.to_string(), "2026-03-10");
        store.delete_slot(id, second, moderator).await.unwrap();
        store.delete_slot(id, slots[0].id, moderator).await.unwrap();
        assert!(store.slots(id).await.unwrap().is_empty());
        let missing = store.delete_slot(id, second, moderator).await;
        assert!(matches!(missing, Err(StoreError::NotFound)));
    }
}

#[tokio::test]
async fn rooms_have_unique_names_and_positive_capacity() {
    for store in stores().await {
        let (id, moderator) = camp(&store).await;
        let room = |name: &str, capacity| RoomSettings {
            name: name.into(),
            video_url: "https://meet.example.org/r".into(),
            capacity,
        };
        store
            .add_room(id, &room("Raum 1", 30), moderator)
            .await
            .unwrap();
        store
            .add_room(id, &room("Raum 2", 20), moderator)
            .await
            .unwrap();
        let dup = store.add_room(id, &room("Raum 1", 10), moderator).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate)),
            "{}",
            store.backend()
        );
        // The schema itself refuses what validation should have caught.
        let zero = store.add_room(id, &room("Raum 3", 0), moderator).await;
        assert!(
            matches!(zero, Err(StoreError::Db(_))),
            "{}: {zero:?}",
            store.backend()
        );
        let bad_link = RoomSettings {
            video_url: "javascript:alert(1)".into(),
            ..room("Raum 4", 5)
        };
        assert!(store.add_room(id, &bad_link, moderator).await.is_err());
        let rooms = store.rooms(id).await.unwrap();
        assert_eq!(
            rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["Raum 1", "Raum 2"]
        );
    }
}

#[tokio::test]
async fn members_join_once_and_can_be_removed() {
    for store in stores().await {
        let (id, moderator) = camp(&store).await;
        let alex = person(&store, "Alex", false).await;
        store
            .add_participant(id, alex, Some("alex@bund.de"))
            .await
            .unwrap();
        store
            .add_participant(id, alex, Some("alex@bund.de"))
            .await
            .unwrap();
        assert_eq!(
            store.members(id).await.unwrap().len(),
            2,
            "{}",
            store.backend()
        );
        // Every member request starts with one read of camp, sign-in and membership.
        let soon = Utc::now() + Duration::hours(1);
        store.create_sign_in("alex", alex, soon, "").await.unwrap();
        store
            .create_sign_in("alex-old", alex, Utc::now() - Duration::seconds(1), "")
            .await
            .unwrap();
        let (camp_row, who, member) = store
            .member_access("next-camp", "alex")
            .await
            .unwrap()
            .expect("a member's access");
        assert_eq!((camp_row.id, who.id, who.is_moderator), (id, alex, false));
        assert_eq!((member.role.as_str(), who.email), ("participant", None));
        assert_eq!(member.email.as_deref(), Some("alex@bund.de"));
        assert!(store
            .member_access("other", "alex")
            .await
            .unwrap()
            .is_none());
        assert!(store
            .member_access("next-camp", "alex-old")
            .await
            .unwrap()
            .is_none());
        store.remove_member(id, alex, moderator).await.unwrap();
        assert!(
            store
                .member_access("next-camp", "alex")
                .await
                .unwrap()
                .is_none(),
            "{}",
            store.backend()
        );
        assert_eq!(store.members(id).await.unwrap().len(), 1);
        let m = store.membership(id, alex).await.unwrap().unwrap();
        assert!(m.removed_at.is_some());
        assert!(store.camps_of_person(alex).await.unwrap().is_empty());
        let actions = store.audit_actions(id).await.unwrap();
        assert_eq!(
            actions[..2],
            ["member.remove".to_string(), "member.join".to_string()]
        );
    }
}

/// The current moderators of a camp, by name.
async fn moderators(store: &Store, camp: Uuid) -> Vec<String> {
    let mut names: Vec<String> = store
        .members(camp)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.role() == Role::Moderator)
        .map(|m| m.display_name)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn moderators_make_co_moderators_and_a_camp_keeps_at_least_one() {
    for store in stores().await {
        let backend = store.backend();
        let (id, mo) = camp(&store).await;
        let alex = person(&store, "Alex", false).await;
        let kim = person(&store, "Kim", false).await;
        store.add_participant(id, alex, None).await.unwrap();
        store.add_participant(id, kim, None).await.unwrap();

        // A second moderator: Alex can now do what Mo does (the role is read per request).
        store
            .set_member_role(id, alex, Role::Moderator, mo)
            .await
            .unwrap();
        assert_eq!(moderators(&store, id).await, ["Alex", "Mo"], "{backend}");
        let m = store.membership(id, alex).await.unwrap().unwrap();
        assert_eq!(m.role(), Role::Moderator);
        // Giving a role someone has already changes nothing and records nothing.
        store
            .set_member_role(id, alex, Role::Moderator, mo)
            .await
            .unwrap();
        assert_eq!(store.audit_actions(id).await.unwrap()[0], "member.promote");

        // Alex takes the role from Mo; then Alex is the last and keeps it.
        store
            .set_member_role(id, mo, Role::Participant, alex)
            .await
            .unwrap();
        assert_eq!(moderators(&store, id).await, ["Alex"], "{backend}");
        let last = store
            .set_member_role(id, alex, Role::Participant, alex)
            .await;
        assert!(
            matches!(last, Err(StoreError::LastModerator)),
            "{backend}: {last:?}"
        );
        // Removing the last moderator is refused too.
        let removed = store.remove_member(id, alex, mo).await;
        assert!(
            matches!(removed, Err(StoreError::LastModerator)),
            "{backend}: {removed:?}"
        );
        assert_eq!(moderators(&store, id).await, ["Alex"], "{backend}");

        // With a second one again, a co-moderator can be removed; a removed person or a
        // stranger has no role to change.
        store
            .set_member_role(id, kim, Role::Moderator, alex)
            .await
            .unwrap();
        store.remove_member(id, kim, alex).await.unwrap();
        assert_eq!(moderators(&store, id).await, ["Alex"], "{backend}");
        for nobody in [kim, Uuid::new_v4()] {
            let refused = store
                .set_member_role(id, nobody, Role::Moderator, alex)
                .await;
            assert!(
                matches!(refused, Err(StoreError::NotFound)),
                "{backend}: {refused:?}"
            );
        }
        let actions = store.audit_actions(id).await.unwrap();
        assert_eq!(
            actions[..4],
            [
                "member.remove",
                "member.promote",
                "member.demote",
                "member.promote"
            ],
            "{backend}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_moderators_taking_the_role_from_each_other_at_once_leave_one() {
    for store in stores().await {
        let backend = store.backend();
        for round in 0..15 {
            let a = person(&store, "Ada", true).await;
            let b = person(&store, "Bo", false).await;
            let id = store
                .create_camp(&settings(&format!("race-{round}")), a)
                .await
                .unwrap();
            store.add_participant(id, b, None).await.unwrap();
            store
                .set_member_role(id, b, Role::Moderator, a)
                .await
                .unwrap();
            // Each demotes the other at the same moment; in odd rounds Ada removes Bo instead.
            let (s1, s2) = (store.clone(), store.clone());
            let first = tokio::spawn(async move {
                if round % 2 == 0 {
                    s1.set_member_role(id, b, Role::Participant, a).await
                } else {
                    s1.remove_member(id, b, a).await
                }
            });
            let second =
                tokio::spawn(async move { s2.set_member_role(id, a, Role::Participant, b).await });
            let results = [first.await.unwrap(), second.await.unwrap()];
            let refused = results
                .iter()
                .filter(|r| matches!(r, Err(StoreError::LastModerator)))
                .count();
            let done = results.iter().filter(|r| r.is_ok()).count();
            assert_eq!(
                (done, refused),
                (1, 1),
                "{backend}, round {round}: {results:?}"
            );
            assert_eq!(
                moderators(&store, id).await.len(),
                1,
                "{backend}, round {round}"
            );
        }
    }
}

/// A camp with `n` participants and `sessions` sessions hosted by its moderator.
async fn voting_camp(store: &Store, n: usize, sessions: usize) -> (Uuid, Vec<Uuid>, Vec<Uuid>) {
    let (id, moderator) = camp(store).await;
    let hosts = [moderator];
    let mut ids = Vec::new();
    for i in 0..sessions {
        let title = format!("Session {i}");
        let new = NewSession {
            title: &title,
            description: "",
            format: "talk",
            tags: &[],
            hosts: &hosts,
            length_slots: 1,
        };
        ids.push(store.create_session(id, &new).await.unwrap());
    }
    let mut people = Vec::new();
    for i in 0..n {
        let p = person(store, &format!("P{i}"), false).await;
        store.add_participant(id, p, None).await.unwrap();
        people.push(p);
    }
    (id, ids, people)
}

#[tokio::test]
async fn two_hundred_participants_toggling_at_once_are_counted_exactly() {
    for store in stores().await {
        let (camp, sessions, people) = voting_camp(&store, 200, 2).await;
        let (a, b) = (sessions[0], sessions[1]);
        // Everybody marks A at once. Each answer has its own count, numbered in the order the
        // votes committed (what keeps live pages from showing an older count last).
        let marks = people.iter().map(|&p| {
            let store = store.clone();
            tokio::spawn(async move { store.set_vote(camp, a, p, true).await })
        });
        let mut tallies = Vec::new();
        for t in marks.collect::<Vec<_>>() {
            let tally = t.await.unwrap().unwrap();
            tallies.push((tally.version, tally.count));
        }
        tallies.sort();
        let expected: Vec<(i64, i64)> = (1..=200).map(|n| (n, n)).collect();
        assert_eq!(tallies, expected, "{}", store.backend());
        assert_eq!(
            store.vote_count(a).await.unwrap(),
            200,
            "{}",
            store.backend()
        );
        // Then the first half takes A back while the second half marks B, and everyone sends
        // one duplicate of their request: duplicates are refused, nothing is counted twice.
        let mut tasks = Vec::new();
        for (i, &p) in people.iter().enumerate() {
            for _ in 0..2 {
                let store = store.clone();
                let (session, mark) = if i < 100 { (a, false) } else { (b, true) };
                tasks.push(tokio::spawn(async move {
                    store.set_vote(camp, session, p, mark).await
                }));
            }
        }
        let mut refused = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => {}
                Err(StoreError::Vote(VoteRefusal::NotMarked | VoteRefusal::AlreadyMarked)) => {
                    refused += 1
                }
                Err(e) => panic!("{}: {e}", store.backend()),
            }
        }
        assert_eq!(refused, 200, "{}", store.backend());
        assert_eq!(
            store.vote_count(a).await.unwrap(),
            100,
            "{}",
            store.backend()
        );
        assert_eq!(
            store.vote_count(b).await.unwrap(),
            100,
            "{}",
            store.backend()
        );
    }
}

#[tokio::test]
async fn the_vote_budget_holds_under_concurrency() {
    for store in stores().await {
        let (camp, sessions, people) = voting_camp(&store, 20, 6).await;
        store
            .set_voting_rules(camp, true, false, Some(3), people[0])
            .await
            .unwrap();
        // Every participant tries to mark all six sessions at the same moment.
        let mut tasks = Vec::new();
        for &p in &people {
            for &s in &sessions {
                let store = store.clone();
                tasks.push(tokio::spawn(async move {
                    store.set_vote(camp, s, p, true).await
                }));
            }
        }
        let (mut ok, mut over) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(StoreError::Vote(VoteRefusal::Budget)) => over += 1,
                Err(e) => panic!("{}: {e}", store.backend()),
            }
        }
        assert_eq!((ok, over), (60, 60), "{}", store.backend());
        let mut total = 0;
        for &s in &sessions {
            total += store.vote_count(s).await.unwrap();
        }
        assert_eq!(total, 60, "nobody above the budget on {}", store.backend());
    }
}

#[tokio::test]
async fn votes_follow_the_rules() {
    for store in stores().await {
        let (camp, sessions, people) = voting_camp(&store, 1, 1).await;
        let (s, p) = (sessions[0], people[0]);
        let host: Uuid = store
            .members(camp)
            .await
            .unwrap()
            .iter()
            .find(|m| m.role == "moderator")
            .unwrap()
            .person_id;
        let own = store.set_vote(camp, s, host, true).await;
        assert!(
            matches!(own, Err(StoreError::Vote(VoteRefusal::OwnSession))),
            "{}",
            store.backend()
        );
        assert_eq!(store.set_vote(camp, s, p, true).await.unwrap().count, 1);
        store
            .set_voting_rules(camp, false, false, None, host)
            .await
            .unwrap();
        let closed = store.set_vote(camp, s, p, false).await;
        assert!(
            matches!(closed, Err(StoreError::Vote(VoteRefusal::Closed))),
            "{}",
            store.backend()
        );
        assert_eq!(
            store.vote_count(s).await.unwrap(),
            1,
            "nothing stored changes"
        );
    }
}

#[tokio::test]
async fn sign_in_sessions_expire() {
    for store in stores().await {
        let p = person(&store, "Mo", true).await;
        store
            .create_sign_in("live", p, Utc::now() + Duration::hours(1), "")
            .await
            .unwrap();
        store
            .create_sign_in("dead", p, Utc::now() - Duration::seconds(1), "")
            .await
            .unwrap();
        assert_eq!(
            store.person_by_sign_in("live").await.unwrap().map(|x| x.id),
            Some(p)
        );
        assert!(
            store.person_by_sign_in("dead").await.unwrap().is_none(),
            "{}",
            store.backend()
        );
        store.delete_sign_in("live").await.unwrap();
        assert!(store.person_by_sign_in("live").await.unwrap().is_none());
        assert!(store.moderator_exists().await.unwrap());
    }
}

fn edit<'a>(title: &'a str, hosts: &'a [Uuid]) -> NewSession<'a> {
    NewSession {
        title,
        description: "",
        format: "discussion",
        tags: &[],
        hosts,
        length_slots: 1,
    }
}

#[tokio::test]
async fn two_editors_of_one_version_one_wins_the_other_is_stale() {
    for store in stores().await {
        let (camp, sessions, people) = voting_camp(&store, 2, 1).await;
        let s = sessions[0];
        let host = store
            .board_session(camp, people[0], s)
            .await
            .unwrap()
            .created_by;
        let version = store.board_session(camp, host, s).await.unwrap().version;
        let tasks: Vec<_> = ["A", "B"]
            .into_iter()
            .map(|title| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .update_session(camp, s, version, &edit(title, &[host]), host)
                        .await
                })
            })
            .collect();
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        let stale = results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::Stale)))
            .count();
        assert_eq!(
            (results.iter().filter(|r| r.is_ok()).count(), stale),
            (1, 1),
            "{}: {results:?}",
            store.backend()
        );
        let row = store.board_session(camp, host, s).await.unwrap();
        assert_eq!(row.version, version + 1);
        assert!(row.title == "A" || row.title == "B");
    }
}

#[tokio::test]
async fn co_hosts_lose_their_mark_and_hidden_or_withdrawn_sessions_leave_the_board() {
    for store in stores().await {
        let (camp, sessions, people) = voting_camp(&store, 2, 2).await;
        let (s, t) = (sessions[0], sessions[1]);
        let (p, q) = (people[0], people[1]);
        let row = store.board_session(camp, p, s).await.unwrap();
        store.set_vote(camp, s, p, true).await.unwrap();
        store.set_vote(camp, s, q, true).await.unwrap();
        // p becomes a co-host: their own mark lapses, q's stays.
        let hosts = [row.created_by, p];
        store
            .update_session(camp, s, row.version, &edit("Neu", &hosts), row.created_by)
            .await
            .unwrap();
        assert_eq!(store.vote_count(s).await.unwrap(), 1, "{}", store.backend());
        let mine = store.board_session(camp, p, s).await.unwrap();
        assert!(mine.hosted && !mine.marked);

        store
            .set_session_flag(camp, t, SessionFlag::Hidden, true, row.created_by)
            .await
            .unwrap();
        let ids = |rows: Vec<app::server::store::BoardRow>| {
            rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(store.board(camp, q, false).await.unwrap()), vec![s]);
        assert_eq!(ids(store.board(camp, q, true).await.unwrap()).len(), 2);
        let hidden = store.set_vote(camp, t, q, true).await;
        assert!(matches!(
            hidden,
            Err(StoreError::Vote(VoteRefusal::Unavailable))
        ));

        // q's mark on s counts against the budget until s is withdrawn.
        assert_eq!(store.marks_used(camp, q).await.unwrap(), 1);
        store
            .set_session_flag(camp, s, SessionFlag::Withdrawn, true, p)
            .await
            .unwrap();
        assert_eq!(store.marks_used(camp, q).await.unwrap(), 0);
        assert!(store
            .board(camp, q, true)
            .await
            .unwrap()
            .iter()
            .all(|r| r.id != s));
        let again = store
            .set_session_flag(camp, s, SessionFlag::Withdrawn, true, p)
            .await;
        assert!(
            matches!(again, Err(StoreError::NotFound)),
            "{}",
            store.backend()
        );
        let edit_withdrawn = store
            .update_session(camp, s, row.version + 2, &edit("X", &hosts), p)
            .await;
        assert!(matches!(edit_withdrawn, Err(StoreError::NotFound)));
    }
}

/// Issue 12, defect 7: hiding a marked session frees the mark for the budget; restoring it
/// must not leave anyone with more counted marks than the budget. The rule: the restored
/// mark lapses for those whose budget is spent meanwhile, and stays for everyone else.
#[tokio::test]
async fn a_restored_session_never_lifts_anyone_over_the_budget() {
    for store in stores().await {
        let (camp, sessions, people) = voting_camp(&store, 3, 5).await;
        let (moderator, p, q) = (people[0], people[1], people[2]);
        store
            .set_voting_rules(camp, true, false, Some(3), moderator)
            .await
            .unwrap();
        for &s in &sessions[..3] {
            store.set_vote(camp, s, p, true).await.unwrap();
        }
        store.set_vote(camp, sessions[0], q, true).await.unwrap();
        let hide = |hidden| {
            store.set_session_flag(camp, sessions[0], SessionFlag::Hidden, hidden, moderator)
        };
        hide(true).await.unwrap();
        assert_eq!(store.marks_used(camp, p).await.unwrap(), 2);
        store.set_vote(camp, sessions[3], p, true).await.unwrap();
        hide(false).await.unwrap();
        let backend = store.backend();
        assert_eq!(
            store.marks_used(camp, p).await.unwrap(),
            3,
            "p at the budget on {backend}"
        );
        assert_eq!(
            store.vote_count(sessions[0]).await.unwrap(),
            1,
            "only q's mark stays on {backend}"
        );
        assert!(
            !store
                .board_session(camp, p, sessions[0])
                .await
                .unwrap()
                .marked
        );
        assert!(
            store
                .board_session(camp, q, sessions[0])
                .await
                .unwrap()
                .marked
        );
        let over = store.set_vote(camp, sessions[4], p, true).await;
        assert!(
            matches!(over, Err(StoreError::Vote(VoteRefusal::Budget))),
            "{backend}"
        );

        // Without a budget a restore keeps every mark.
        store
            .set_voting_rules(camp, true, false, None, moderator)
            .await
            .unwrap();
        store.set_vote(camp, sessions[4], p, true).await.unwrap();
        store.set_vote(camp, sessions[0], p, true).await.unwrap();
        hide(true).await.unwrap();
        hide(false).await.unwrap();
        assert_eq!(store.vote_count(sessions[0]).await.unwrap(), 2, "{backend}");
    }
}

fn first_moderator(name: &str) -> app::server::store::NewPerson<'_> {
    app::server::store::NewPerson {
        display_name: name,
        email: None,
        password_hash: None,
        is_moderator: true,
    }
}

#[tokio::test]
async fn a_setup_token_is_kept_as_a_hash_used_once_and_expires() {
    let day_ago = || Utc::now() - Duration::hours(24);
    for store in stores().await {
        let b = store.backend();
        store.add_setup_token("hash-old").await.unwrap();
        // Made before `valid_from`: expired.
        let expired = store
            .create_first_moderator(
                "hash-old",
                Utc::now() + Duration::seconds(1),
                first_moderator("Eve"),
            )
            .await
            .unwrap();
        assert_eq!(expired, None, "{b}");
        let wrong = store
            .create_first_moderator("no-such-hash", day_ago(), first_moderator("Eve"))
            .await
            .unwrap();
        assert_eq!(wrong, None, "{b}");
        assert!(!store.moderator_exists().await.unwrap(), "{b}");

        store.add_setup_token("hash-new").await.unwrap();
        let created = store
            .create_first_moderator("hash-new", day_ago(), first_moderator("Mo"))
            .await
            .unwrap();
        assert!(created.is_some(), "{b}");
        // Used up, and so is every other token made before it.
        for hash in ["hash-new", "hash-old"] {
            let again = store
                .create_first_moderator(hash, day_ago(), first_moderator("Eve"))
                .await
                .unwrap();
            assert_eq!(again, None, "{b}: {hash}");
        }
        // A token made after a moderator exists opens nothing.
        store.add_setup_token("hash-late").await.unwrap();
        let late = store
            .create_first_moderator("hash-late", day_ago(), first_moderator("Eve"))
            .await
            .unwrap();
        assert_eq!(late, None, "{b}");
    }
}

#[tokio::test]
async fn of_twenty_concurrent_setups_exactly_one_creates_a_moderator() {
    for store in stores().await {
        store.add_setup_token("hash").await.unwrap();
        let since = Utc::now() - Duration::hours(1);
        let calls = (0..20).map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let name = format!("Mo {i}");
                store
                    .create_first_moderator("hash", since, first_moderator(&name))
                    .await
            })
        });
        let mut created = 0;
        for call in calls.collect::<Vec<_>>() {
            if call.await.unwrap().unwrap().is_some() {
                created += 1;
            }
        }
        assert_eq!(created, 1, "{}", store.backend());
    }
}

#[tokio::test]
async fn a_removal_sets_the_marks_aside_and_undoing_it_brings_them_back() {
    for store in stores().await {
        let (camp, sessions, people) = voting_camp(&store, 2, 2).await;
        let (alex, kim) = (people[0], people[1]);
        for &s in &sessions {
            store.set_vote(camp, s, alex, true).await.unwrap();
        }
        store.set_vote(camp, sessions[0], kim, true).await.unwrap();
        let moderator = store.members(camp).await.unwrap()[0].person_id;
        store
            .create_sign_in("alex-device", alex, Utc::now() + Duration::days(1), "")
            .await
            .unwrap();

        store.remove_member(camp, alex, moderator).await.unwrap();
        assert_eq!(
            store.vote_count(sessions[0]).await.unwrap(),
            1,
            "{}",
            store.backend()
        );
        assert_eq!(store.vote_count(sessions[1]).await.unwrap(), 0);
        assert_eq!(store.marks_used(camp, alex).await.unwrap(), 0);
        // Without a verified address the sign-in stays (access is refused per request), so
        // that an undo gives the same device its person back.
        assert!(store
            .person_by_sign_in("alex-device")
            .await
            .unwrap()
            .is_some());
        assert_eq!(
            store.removed_members(camp).await.unwrap()[0].person_id,
            alex
        );

        store.restore_member(camp, alex, moderator).await.unwrap();
        assert_eq!(store.vote_count(sessions[0]).await.unwrap(), 2);
        assert_eq!(store.vote_count(sessions[1]).await.unwrap(), 1);
        assert!(store.removed_members(camp).await.unwrap().is_empty());
        assert!(matches!(
            store.restore_member(camp, alex, moderator).await,
            Err(StoreError::NotFound)
        ));
    }
}

#[tokio::test]
async fn invite_links_from_before_0011_are_kept_as_a_hash_until_regenerated() {
    use app::server::invites::InviteKey;
    for store in stores().await {
        let (camp, moderator) = common::camp_with_moderator(&store, "legacy-camp").await;
        // What migration 0011 finds in a camp made before it: the token in plain.
        let sql = "UPDATE camps SET invite_legacy = 'old-link' WHERE id = $1";
        match &store {
            Store::Sqlite(p) => sqlx::query(sql).bind(camp).execute(&p.read).await.map(drop),
            Store::Postgres(p) => sqlx::query(sql).bind(camp).execute(p).await.map(drop),
        }
        .unwrap();
        store.hash_legacy_invites().await.unwrap();
        let row = store.camp_by_id(camp).await.unwrap().unwrap();
        assert!(
            row.invite_legacy.starts_with("sha256:"),
            "{}",
            store.backend()
        );
        assert!(!row.invite_legacy.contains("old-link"));
        let key = InviteKey::random();
        assert!(key.admits(&row, "old-link"), "the old link still admits");
        assert!(
            key.admits(&row, &key.token(&row)),
            "and so does the derived one"
        );
        store.next_invite_link(camp, moderator).await.unwrap();
        let row = store.camp_by_id(camp).await.unwrap().unwrap();
        assert_eq!(row.invite_generation, 2);
        assert!(!key.admits(&row, "old-link"), "a new link ends the old one");
    }
}
