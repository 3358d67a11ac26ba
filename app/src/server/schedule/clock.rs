//! "Now" for the schedule. In production it is the system clock. Started with
//! `CAMPGRID_TEST_CLOCK=1`, the server instead honours a `campgrid_now` cookie (RFC 3339), so
//! that each browser of an end-to-end test sees the camp at the moment it chose, without any
//! shared state between tests.
use std::sync::OnceLock;

use chrono::{DateTime, Utc};

use crate::cookies::cookie_value;

pub const NOW_COOKIE: &str = "campgrid_now";

fn test_clock_enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var("CAMPGRID_TEST_CLOCK").is_ok_and(|v| v == "1"))
}

/// The moment a request with this `Cookie` header asks about.
pub fn now_for(cookie_header: Option<&str>) -> DateTime<Utc> {
    if test_clock_enabled() {
        if let Some(at) = cookie_header
            .and_then(|h| cookie_value(h, NOW_COOKIE))
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
        {
            return at.with_timezone(&Utc);
        }
    }
    Utc::now()
}
