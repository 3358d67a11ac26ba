//! The push hub: small camp events, numbered per camp, fanned out to every open page of the
//! camp. The database stays the truth; an event only tells pages to fetch a fresh snapshot.
//! Behind a trait so that a PostgreSQL LISTEN/NOTIFY hub can fan out across instances later.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::sync::broadcast;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind")]
pub enum EventKind {
    SessionPitched {
        session: Uuid,
    },
    /// Edited, withdrawn, hidden or restored.
    SessionChanged {
        session: Uuid,
    },
    /// Voting opened or closed, blind voting or the budget changed.
    RulesChanged,
    /// The camp's settings (name, address, time zone, who may read the schedule), rooms or
    /// slots changed: pages fetch what they show anew, and the schedule cache forgets it.
    CampChanged,
    /// `count` is `None` while blind voting hides the counts. `version` numbers the
    /// session's votes in commit order: events may be published in another order.
    VoteCountChanged {
        session: Uuid,
        count: Option<i64>,
        version: i64,
    },
    /// The draft grid changed (a move, an undo, settings): editors fetch it anew.
    GridChanged {
        version: i64,
    },
    /// A new version of the grid is what attendees see now; `moved` says what changed.
    GridPublished {
        version: i64,
        moved: Vec<MovedSession>,
    },
}

/// A session whose published room or time changed; no room: it left the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MovedSession {
    pub session: Uuid,
    pub title: String,
    pub room: Option<String>,
    pub starts_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CampEvent {
    /// Grows by one per camp: a page that sees a gap knows it missed something.
    pub seq: u64,
    #[serde(flatten)]
    pub kind: EventKind,
    /// This event as JSON, serialised once when published and shared by every subscriber
    /// (a vote reaches thousands of open pages).
    #[serde(skip)]
    json: Arc<str>,
}

impl CampEvent {
    fn new(seq: u64, kind: EventKind) -> CampEvent {
        let mut event = CampEvent {
            seq,
            kind,
            json: Arc::from(""),
        };
        event.json = serde_json::to_string(&event).unwrap_or_default().into();
        event
    }

    /// `{"seq":5,"kind":"VoteCountChanged",...}`
    pub fn json(&self) -> &Arc<str> {
        &self.json
    }
}

pub trait Push: Send + Sync {
    fn publish(&self, camp: Uuid, kind: EventKind);
    fn subscribe(&self, camp: Uuid) -> broadcast::Receiver<CampEvent>;
    /// `person` lost access to `camp` (removed): their open live channels close. Not a camp
    /// event, so that no other member's page learns who was removed.
    fn revoke(&self, camp: Uuid, person: Uuid);
    /// Every revocation, of all camps: they are rare, so each channel can watch them all.
    fn revocations(&self) -> broadcast::Receiver<(Uuid, Uuid)>;
}

/// One process, in memory.
pub struct LocalHub {
    camps: Mutex<HashMap<Uuid, (u64, broadcast::Sender<CampEvent>)>>,
    revoked: broadcast::Sender<(Uuid, Uuid)>,
}

impl Default for LocalHub {
    fn default() -> Self {
        LocalHub {
            camps: Mutex::default(),
            revoked: broadcast::channel(256).0,
        }
    }
}

impl LocalHub {
    pub fn shared() -> Arc<dyn Push> {
        Arc::new(LocalHub::default())
    }

    fn with_camp<T>(
        &self,
        camp: Uuid,
        f: impl FnOnce(&mut (u64, broadcast::Sender<CampEvent>)) -> T,
    ) -> T {
        let mut camps = self.camps.lock().unwrap_or_else(|e| e.into_inner());
        let entry = camps
            .entry(camp)
            .or_insert_with(|| (0, broadcast::channel(1024).0));
        f(entry)
    }
}

impl Push for LocalHub {
    fn publish(&self, camp: Uuid, kind: EventKind) {
        self.with_camp(camp, |(seq, tx)| {
            *seq += 1;
            // No listener is fine: nobody has the page open.
            let _ = tx.send(CampEvent::new(*seq, kind));
        });
    }

    fn subscribe(&self, camp: Uuid) -> broadcast::Receiver<CampEvent> {
        self.with_camp(camp, |(_, tx)| tx.subscribe())
    }

    fn revoke(&self, camp: Uuid, person: Uuid) {
        let _ = self.revoked.send((camp, person));
    }

    fn revocations(&self) -> broadcast::Receiver<(Uuid, Uuid)> {
        self.revoked.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn events_are_numbered_per_camp() {
        let hub = LocalHub::default();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let mut rx = hub.subscribe(a);
        hub.publish(a, EventKind::RulesChanged);
        hub.publish(b, EventKind::RulesChanged);
        hub.publish(
            a,
            EventKind::VoteCountChanged {
                session: b,
                count: Some(3),
                version: 1,
            },
        );
        assert_eq!(rx.recv().await.unwrap().seq, 1);
        let second = rx.recv().await.unwrap();
        assert_eq!(
            (second.seq, second.kind),
            (
                2,
                EventKind::VoteCountChanged {
                    session: b,
                    count: Some(3),
                    version: 1
                }
            )
        );
    }

    #[test]
    fn each_event_is_serialised_once_for_all_subscribers() {
        let hub = LocalHub::default();
        let camp = Uuid::nil();
        let (mut one, mut two) = (hub.subscribe(camp), hub.subscribe(camp));
        hub.publish(
            camp,
            EventKind::VoteCountChanged {
                session: Uuid::nil(),
                count: Some(3),
                version: 1,
            },
        );
        let (a, b) = (one.try_recv().unwrap(), two.try_recv().unwrap());
        assert_eq!(
            &**a.json(),
            r#"{"seq":1,"kind":"VoteCountChanged","session":"00000000-0000-0000-0000-000000000000","count":3,"version":1}"#
        );
        assert!(Arc::ptr_eq(a.json(), b.json()));
    }
}
