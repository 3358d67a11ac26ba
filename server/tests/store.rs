//! Store tests, each run on SQLite and on PostgreSQL.
mod common;

use app::domain::{CampInput, RoomSettings, SlotInput, SlotTimes};
use app::server::store::{NewSession, Store, StoreError};
use chrono::{Duration, Utc};
use common::{person, stores};
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

fn slot(starts: &str, ends: &str) -> SlotTimes {
    SlotInput {
        day: "2026-03-10".into(),
        starts: starts.into(),
        ends: ends.into(),
    }
    .validate("Europe/Berlin")
    .unwrap()
}

async fn camp(store: &Store) -> (Uuid, Uuid) {
    let moderator = person(store, "Mo", true).await;
    let camp = store
        .create_camp(&settings("next-camp"), "token", moderator)
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
        let dup = store
            .create_camp(&settings("next-camp"), "other", moderator)
            .await;
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
        store.remove_member(id, alex, moderator).await.unwrap();
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

#[tokio::test]
async fn one_vote_per_person_and_session_under_concurrency() {
    for store in stores().await {
        let (id, moderator) = camp(&store).await;
        let hosts = [moderator];
        let new = NewSession {
            title: "OZG",
            description: "",
            format: "talk",
            tags: &[],
            hosts: &hosts,
        };
        let session = store.create_session(id, &new).await.unwrap();
        let mut voters = Vec::new();
        for i in 0..40 {
            voters.push(person(&store, &format!("P{i}"), false).await);
        }
        // Every voter sends the same vote twice at once: exactly one of each pair counts.
        let mut tasks = Vec::new();
        for voter in voters.iter().chain(voters.iter()) {
            let (store, voter) = (store.clone(), *voter);
            tasks.push(tokio::spawn(async move {
                store.add_vote(id, session, voter).await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(()) => ok += 1,
                Err(StoreError::Duplicate) => {}
                Err(e) => panic!("{}: {e}", store.backend()),
            }
        }
        assert_eq!(ok, 40, "{}", store.backend());
        assert_eq!(store.vote_count(session).await.unwrap(), 40);
    }
}

#[tokio::test]
async fn sign_in_sessions_expire() {
    for store in stores().await {
        let p = person(&store, "Mo", true).await;
        store
            .create_auth_session("live", p, Utc::now() + Duration::hours(1))
            .await
            .unwrap();
        store
            .create_auth_session("dead", p, Utc::now() - Duration::seconds(1))
            .await
            .unwrap();
        assert_eq!(
            store.person_by_session("live").await.unwrap().map(|x| x.id),
            Some(p)
        );
        assert!(
            store.person_by_session("dead").await.unwrap().is_none(),
            "{}",
            store.backend()
        );
        store.delete_auth_session("live").await.unwrap();
        assert!(store.person_by_session("live").await.unwrap().is_none());
        assert!(store.moderator_exists().await.unwrap());
    }
}
