//! Wire types: the published schedule as a reader gets it.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::domain::schedule::Schedule;

/// What every schedule view starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleView {
    pub schedule: Schedule,
    /// The server's "now" when this was read (the test clock, if set); the browser keeps
    /// its own clock in step with it.
    pub now: DateTime<Utc>,
    /// The signed-in member's stars; `None` for an anonymous reader, whose stars stay in
    /// the browser.
    pub stars: Option<Vec<Uuid>>,
    pub is_moderator: bool,
    /// The member has a calendar subscription of their agenda.
    pub has_feed: bool,
}
