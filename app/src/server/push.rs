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
    SessionPitched,
    /// `count` is `None` while blind voting hides the counts.
    VoteCountChanged {
        session: Uuid,
        count: Option<i64>,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct CampEvent {
    /// Grows by one per camp: a page that sees a gap knows it missed something.
    pub seq: u64,
    #[serde(flatten)]
    pub kind: EventKind,
}

pub trait Push: Send + Sync {
    fn publish(&self, camp: Uuid, kind: EventKind);
    fn subscribe(&self, camp: Uuid) -> broadcast::Receiver<CampEvent>;
}

/// One process, in memory.
#[derive(Default)]
pub struct LocalHub {
    camps: Mutex<HashMap<Uuid, (u64, broadcast::Sender<CampEvent>)>>,
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
            let _ = tx.send(CampEvent { seq: *seq, kind });
        });
    }

    fn subscribe(&self, camp: Uuid) -> broadcast::Receiver<CampEvent> {
        self.with_camp(camp, |(_, tx)| tx.subscribe())
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
        hub.publish(a, EventKind::SessionPitched);
        hub.publish(b, EventKind::SessionPitched);
        hub.publish(
            a,
            EventKind::VoteCountChanged {
                session: b,
                count: Some(3),
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
                    count: Some(3)
                }
            )
        );
    }
}
