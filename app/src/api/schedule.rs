//! The published schedule for attendees, their starred sessions and the agenda subscription.
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::domain::schedule::Schedule;
use crate::error::AppError;

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

#[server(endpoint = "get_schedule")]
pub async fn get_schedule(slug: String) -> Result<ScheduleView, AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::view(&app_state()?, &slug).await)
}

/// Stars (or unstars) a session in the signed-in member's agenda.
#[server(endpoint = "set_star")]
pub async fn set_star(slug: String, session: Uuid, starred: bool) -> Result<(), AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::set_star(&app_state()?, &slug, session, starred).await)
}

/// A new secret address for subscribing to the member's agenda in a calendar app; any earlier
/// one stops working. Returns the path with the secret.
#[server(endpoint = "renew_agenda_feed")]
pub async fn renew_agenda_feed(slug: String) -> Result<String, AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::renew_feed(&app_state()?, &slug).await)
}

/// Revokes the member's agenda subscription.
#[server(endpoint = "revoke_agenda_feed")]
pub async fn revoke_agenda_feed(slug: String) -> Result<(), AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::revoke_feed(&app_state()?, &slug).await)
}
