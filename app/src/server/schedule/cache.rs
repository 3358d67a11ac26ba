//! The built schedules and their rendered exports, per camp, in memory. A hot request for a
//! public camp's export is answered from here without touching the database.
//!
//! Every change that can alter a published schedule either publishes a push event or (camp
//! settings, rooms, slots) calls `invalidate` directly; `Invalidating` wraps the push hub and
//! drops the camp's entry on every event except vote counts and draft grid changes. Each
//! invalidation gives the camp a new, larger `generation`, which other caches (rendered pages)
//! can key on. Within one process only: several instances would each need the events.
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use sha2::{Digest, Sha256};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::domain::schedule::Schedule;
use crate::error::AppError;
use crate::server::push::{CampEvent, EventKind, Push};
use crate::server::store::Store;

/// Rendered exports kept per camp (rooms, single sessions and origins make the variants).
const MAX_EXPORTS_PER_CAMP: usize = 1024;

/// One rendered export: the bytes, the same gzip-compressed, and a strong validator (a hash
/// of the bytes, so equal content always gets the equal tag, also after a restart).
#[derive(Debug)]
pub struct Rendered {
    pub body: Bytes,
    pub gzip: Bytes,
    /// Without quotes; the gzip body's tag is this with `-gz` appended.
    pub etag: String,
}

impl Rendered {
    pub fn new(body: String) -> Rendered {
        let digest = Sha256::digest(body.as_bytes());
        let etag = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let gzip = gz
            .write_all(body.as_bytes())
            .and_then(|()| gz.finish())
            .unwrap_or_default();
        Rendered {
            body: Bytes::from(body),
            gzip: Bytes::from(gzip),
            etag,
        }
    }
}

struct Entry {
    schedule: Arc<Schedule>,
    exports: HashMap<String, Arc<Rendered>>,
}

#[derive(Default)]
struct Inner {
    /// slug → camp id, for the camps in `camps`.
    slugs: HashMap<String, Uuid>,
    camps: HashMap<Uuid, Entry>,
    generations: HashMap<Uuid, u64>,
}

#[derive(Default)]
pub struct ScheduleCache {
    inner: Mutex<Inner>,
    /// Shared by all camps, so a camp's generation only ever grows.
    counter: AtomicU64,
}

impl ScheduleCache {
    /// A cache and the push hub that keeps it fresh (wraps `hub`; use the returned one).
    pub fn with_push(hub: Arc<dyn Push>) -> (Arc<ScheduleCache>, Arc<dyn Push>) {
        let cache = Arc::new(ScheduleCache::default());
        let push: Arc<dyn Push> = Arc::new(Invalidating {
            inner: hub,
            cache: cache.clone(),
        });
        (cache, push)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Grows whenever the camp's published schedule may have changed; 0 until the first
    /// change in this process.
    pub fn generation(&self, camp: Uuid) -> u64 {
        self.lock().generations.get(&camp).copied().unwrap_or(0)
    }

    /// Forgets the camp's schedule, its exports and its slug.
    fn invalidate(&self, camp: Uuid) {
        let generation = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let mut inner = self.lock();
        inner.generations.insert(camp, generation);
        inner.camps.remove(&camp);
        inner.slugs.retain(|_, id| *id != camp);
    }

    /// The cached schedule of a camp by slug.
    pub fn cached(&self, slug: &str) -> Option<(Uuid, Arc<Schedule>)> {
        let inner = self.lock();
        let id = *inner.slugs.get(slug)?;
        inner.camps.get(&id).map(|e| (id, e.schedule.clone()))
    }

    /// The schedule of the camp with this slug (no access check), from the cache or built from
    /// the store and kept; `None` for an unknown camp.
    pub async fn schedule(
        &self,
        store: &Store,
        slug: &str,
    ) -> Result<Option<(Uuid, Arc<Schedule>)>, AppError> {
        if let Some(hit) = self.cached(slug) {
            return Ok(Some(hit));
        }
        let Some(first) = store.camp_by_slug(slug).await? else {
            return Ok(None);
        };
        // Read the camp again after noting the generation: a change in between bumps the
        // generation, and then what was read is not kept.
        let generation = self.generation(first.id);
        let camp = match store.camp_by_slug(slug).await? {
            Some(camp) if camp.id == first.id => camp,
            Some(other) => {
                let schedule = super::build::build(store, &other).await?;
                return Ok(Some((other.id, Arc::new(schedule))));
            }
            None => return Ok(None),
        };
        let schedule = Arc::new(super::build::build(store, &camp).await?);
        let mut inner = self.lock();
        if inner.generations.get(&camp.id).copied().unwrap_or(0) == generation {
            inner.slugs.insert(slug.to_string(), camp.id);
            inner.camps.insert(
                camp.id,
                Entry {
                    schedule: schedule.clone(),
                    exports: HashMap::new(),
                },
            );
        }
        Ok(Some((camp.id, schedule)))
    }

    /// The export `key` of `schedule` (as returned by `schedule`), rendered once per schedule.
    pub fn export(
        &self,
        camp: Uuid,
        schedule: &Arc<Schedule>,
        key: &str,
        render: impl FnOnce(&Schedule) -> String,
    ) -> Arc<Rendered> {
        let current = |inner: &mut Inner| {
            inner
                .camps
                .get(&camp)
                .filter(|e| Arc::ptr_eq(&e.schedule, schedule))
                .map(|e| e.exports.get(key).cloned())
        };
        if let Some(Some(hit)) = current(&mut self.lock()) {
            return hit;
        }
        let rendered = Arc::new(Rendered::new(render(schedule)));
        let mut inner = self.lock();
        if let Some(entry) = inner
            .camps
            .get_mut(&camp)
            .filter(|e| Arc::ptr_eq(&e.schedule, schedule))
        {
            if entry.exports.len() < MAX_EXPORTS_PER_CAMP {
                entry.exports.insert(key.to_string(), rendered.clone());
            }
        }
        rendered
    }
}

/// The push hub with the schedule cache in front: every event still reaches the hub.
pub struct Invalidating {
    inner: Arc<dyn Push>,
    cache: Arc<ScheduleCache>,
}

impl Push for Invalidating {
    fn publish(&self, camp: Uuid, kind: EventKind) {
        match kind {
            EventKind::VoteCountChanged { .. } | EventKind::GridChanged { .. } => {}
            _ => self.cache.invalidate(camp),
        }
        self.inner.publish(camp, kind);
    }

    fn subscribe(&self, camp: Uuid) -> broadcast::Receiver<CampEvent> {
        self.inner.subscribe(camp)
    }

    fn revoke(&self, camp: Uuid, person: Uuid) {
        self.inner.revoke(camp, person);
    }

    fn revocations(&self) -> broadcast::Receiver<(Uuid, Uuid)> {
        self.inner.revocations()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::push::LocalHub;

    #[test]
    fn rendered_exports_have_a_gzip_twin_and_a_content_tag() {
        let a = Rendered::new("x".repeat(1000));
        let b = Rendered::new("x".repeat(1000));
        assert_eq!(a.etag, b.etag);
        assert_eq!(a.etag.len(), 32);
        assert!(a.gzip.len() < a.body.len());
        assert_eq!(&a.gzip[..2], &[0x1f, 0x8b]);
        assert_ne!(Rendered::new("y".into()).etag, a.etag);
    }

    #[tokio::test]
    async fn events_invalidate_except_votes_and_draft_changes() {
        let (cache, push) = ScheduleCache::with_push(LocalHub::shared());
        let camp = Uuid::from_u128(1);
        let mut rx = push.subscribe(camp);
        push.publish(camp, EventKind::GridChanged { version: 2 });
        push.publish(
            camp,
            EventKind::VoteCountChanged {
                session: camp,
                count: None,
                version: 1,
            },
        );
        assert_eq!(cache.generation(camp), 0);
        push.publish(
            camp,
            EventKind::GridPublished {
                version: 2,
                moved: Vec::new(),
            },
        );
        let first = cache.generation(camp);
        assert!(first > 0);
        push.publish(camp, EventKind::SessionChanged { session: camp });
        assert!(cache.generation(camp) > first);
        assert_eq!(cache.generation(Uuid::from_u128(2)), 0);
        // Every event is forwarded.
        for _ in 0..4 {
            rx.try_recv().unwrap();
        }
    }

    /// Settings, rooms and slots reach the published schedule: their one event clears it.
    #[tokio::test]
    async fn a_changed_camp_invalidates_its_schedule() {
        let (cache, push) = ScheduleCache::with_push(LocalHub::shared());
        let camp = Uuid::from_u128(1);
        push.publish(camp, EventKind::CampChanged);
        assert!(cache.generation(camp) > 0);
        assert_eq!(cache.generation(Uuid::from_u128(2)), 0);
    }

    #[test]
    fn exports_are_kept_only_for_the_current_schedule() {
        let cache = ScheduleCache::default();
        let camp = Uuid::from_u128(1);
        let schedule = Arc::new(crate::domain::schedule::tests::sample());
        cache.lock().camps.insert(
            camp,
            Entry {
                schedule: schedule.clone(),
                exports: HashMap::new(),
            },
        );
        cache.lock().slugs.insert("demo".into(), camp);
        let mut renders = 0;
        for _ in 0..2 {
            cache.export(camp, &schedule, "ics", |_| {
                renders += 1;
                "body".into()
            });
        }
        assert_eq!(renders, 1);
        assert!(cache.cached("demo").is_some());
        cache.invalidate(camp);
        assert!(cache.cached("demo").is_none());
        cache.export(camp, &schedule, "ics", |_| {
            renders += 1;
            "body".into()
        });
        assert_eq!(renders, 2);
    }
}
