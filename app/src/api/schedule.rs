//! The published schedule for attendees, their starred sessions and the agenda subscription.
use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::view::ScheduleView;

#[server(endpoint = "get_schedule")]
pub async fn get_schedule(camp: String) -> Result<ScheduleView, AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::view(&app_state()?, &camp).await)
}

/// Stars (or unstars) a session in the signed-in member's agenda.
#[server(endpoint = "set_star")]
pub async fn set_star(camp: String, session: Uuid, starred: bool) -> Result<(), AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::set_star(&app_state()?, &camp, session, starred).await)
}

/// A new secret address for subscribing to the member's agenda in a calendar app; any earlier
/// one stops working. Returns the path with the secret.
#[server(endpoint = "renew_agenda_feed")]
pub async fn renew_agenda_feed(camp: String) -> Result<String, AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::renew_feed(&app_state()?, &camp).await)
}

/// Revokes the member's agenda subscription.
#[server(endpoint = "revoke_agenda_feed")]
pub async fn revoke_agenda_feed(camp: String) -> Result<(), AppError> {
    use crate::server::{schedule, state::app_state};
    super::respond(schedule::revoke_feed(&app_state()?, &camp).await)
}
