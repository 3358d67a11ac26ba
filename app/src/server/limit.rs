//! A small in-memory limiter for failed sign-ins. Keyed by the account (e-mail), not by IP:
//! whole ministries share a handful of gateway addresses.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Default)]
pub struct Limiter {
    attempts: Arc<Mutex<HashMap<String, (u32, Instant)>>>,
}

const WINDOW: Duration = Duration::from_secs(60);
const MAX_ATTEMPTS: u32 = 10;

impl Limiter {
    /// Counts one attempt for `key`; false once `MAX_ATTEMPTS` fell into the current window.
    pub fn allow(&self, key: &str) -> bool {
        let mut map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, (_, start)| now.duration_since(*start) < WINDOW);
        let entry = map.entry(key.to_string()).or_insert((0, now));
        entry.0 += 1;
        entry.0 <= MAX_ATTEMPTS
    }

    pub fn reset(&self, key: &str) {
        self.attempts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_per_key() {
        let l = Limiter::default();
        for _ in 0..MAX_ATTEMPTS {
            assert!(l.allow("a@x.de"));
        }
        assert!(!l.allow("a@x.de"));
        assert!(l.allow("b@x.de"));
        l.reset("a@x.de");
        assert!(l.allow("a@x.de"));
    }
}
