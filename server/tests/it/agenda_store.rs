//! Store tests of "my agenda": stars and the agenda subscription secret, each run on SQLite and
//! on PostgreSQL.
use crate::common;

use app::server::store::{NewSession, Store, StoreError};
use common::{camp_with_moderator, person, stores};
use uuid::Uuid;

/// A camp with a moderator, a participant and one session; returns (camp, participant, session).
async fn camp(store: &Store, slug: &str) -> (Uuid, Uuid, Uuid) {
    let (camp, moderator) = camp_with_moderator(store, slug).await;
    let pia = person(store, &format!("Pia {slug}"), false).await;
    store.add_participant(camp, pia, None).await.unwrap();
    let session = store
        .create_session(
            camp,
            &NewSession {
                title: "Akte digital",
                description: "",
                format: "talk",
                tags: &[],
                hosts: &[moderator],
                length_slots: 1,
            },
        )
        .await
        .unwrap();
    (camp, pia, session)
}

#[tokio::test]
async fn stars_are_idempotent_and_stay_in_their_camp() {
    for store in stores().await {
        let (camp, pia, session) = camp(&store, "stars-camp").await;
        let (other, _, foreign) = camp_b(&store).await;
        store.set_star(camp, pia, session, true).await.unwrap();
        store.set_star(camp, pia, session, true).await.unwrap();
        assert_eq!(store.stars(camp, pia).await.unwrap(), vec![session]);
        // A session of another camp cannot be starred through this one.
        assert!(matches!(
            store.set_star(camp, pia, foreign, true).await,
            Err(StoreError::NotFound)
        ));
        assert!(store.stars(other, pia).await.unwrap().is_empty());
        store.set_star(camp, pia, session, false).await.unwrap();
        store.set_star(camp, pia, session, false).await.unwrap();
        assert!(store.stars(camp, pia).await.unwrap().is_empty());
    }
}

async fn camp_b(store: &Store) -> (Uuid, Uuid, Uuid) {
    camp(store, "other-camp").await
}

#[tokio::test]
async fn a_new_agenda_secret_revokes_the_old_one() {
    for store in stores().await {
        let (camp, pia, _) = camp(&store, "feed-camp").await;
        assert!(!store.has_agenda_feed(camp, pia).await.unwrap());
        store.set_agenda_feed(camp, pia, "hash-1").await.unwrap();
        assert_eq!(
            store.agenda_feed_owner(camp, "hash-1").await.unwrap(),
            Some(pia)
        );
        store.set_agenda_feed(camp, pia, "hash-2").await.unwrap();
        assert_eq!(store.agenda_feed_owner(camp, "hash-1").await.unwrap(), None);
        assert_eq!(
            store.agenda_feed_owner(camp, "hash-2").await.unwrap(),
            Some(pia)
        );
        assert!(store.has_agenda_feed(camp, pia).await.unwrap());
        store.delete_agenda_feed(camp, pia).await.unwrap();
        assert_eq!(store.agenda_feed_owner(camp, "hash-2").await.unwrap(), None);
        // A removed member's secret opens nothing.
        store.set_agenda_feed(camp, pia, "hash-3").await.unwrap();
        let members = store.members(camp).await.unwrap();
        let mo = members
            .iter()
            .find(|m| m.role == "moderator")
            .unwrap()
            .person_id;
        store.remove_member(camp, pia, mo).await.unwrap();
        assert_eq!(store.agenda_feed_owner(camp, "hash-3").await.unwrap(), None);
    }
}
