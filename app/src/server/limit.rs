//! A small in-memory limiter, keyed by what is attempted (the account's or recipient's e-mail),
//! not by IP: whole ministries share a handful of gateway addresses.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct Limiter {
    attempts: Arc<Mutex<HashMap<String, (u32, Instant)>>>,
    max: u32,
    window: Duration,
}

/// Failed sign-ins: 10 a minute per account.
const WINDOW: Duration = Duration::from_secs(60);
const MAX_ATTEMPTS: u32 = 10;

impl Default for Limiter {
    fn default() -> Self {
        Limiter::new(MAX_ATTEMPTS, WINDOW)
    }
}

impl Limiter {
    pub fn new(max: u32, window: Duration) -> Limiter {
        Limiter {
            attempts: Arc::default(),
            max,
            window,
        }
    }

    /// Mails with a link: 3 in 10 minutes per address, so that nobody can flood an inbox.
    pub fn for_mails() -> Limiter {
        Limiter::new(3, Duration::from_secs(600))
    }

    /// Wrong invite tokens: 60 a minute per camp, then every check of that camp's link waits
    /// for the minute to end, so that guesses cannot run at full speed (the tokens have 256
    /// bits; this keeps floods out of the database and the log).
    pub fn for_invites() -> Limiter {
        Limiter::new(60, Duration::from_secs(60))
    }

    /// Whether `key` used up its attempts in the current window (without counting one).
    pub fn exhausted(&self, key: &str) -> bool {
        let map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .is_some_and(|(n, start)| *n >= self.max && start.elapsed() < self.window)
    }

    /// Counts one attempt for `key`; false once `max` fell into the current window.
    pub fn allow(&self, key: &str) -> bool {
        let mut map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let window = self.window;
        map.retain(|_, (_, start)| now.duration_since(*start) < window);
        let entry = map.entry(key.to_string()).or_insert((0, now));
        entry.0 += 1;
        entry.0 <= self.max
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
        assert!(l.exhausted("a@x.de") && !l.exhausted("b@x.de"));
        l.reset("a@x.de");
        assert!(l.allow("a@x.de"));
        assert!(!l.exhausted("a@x.de"));
    }
}
