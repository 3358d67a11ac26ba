//! The published schedule on the server: built from the store (`build`), kept (`cache`),
//! exported (`export`), and the clock that says what "now" is.
pub mod build;
pub mod cache;
pub mod clock;
pub mod export;

use uuid::Uuid;

use crate::domain::schedule::Schedule;
use crate::error::AppError;
use crate::server::access::{self, member, Caller};
use crate::server::auth::{random_token, token_hash};
use crate::server::AppState;
use crate::view::ScheduleView;

/// The schedule with the reader's own stars, at the reader's "now".
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn view(state: &AppState, slug: &str) -> Result<ScheduleView, AppError> {
    let caller = Caller::current();
    let reader = access::reader(state, &caller, slug).await?;
    let (_, schedule) = state
        .schedule_cache
        .schedule(&state.store, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let schedule = Schedule::clone(&schedule);
    let (stars, is_moderator, has_feed) = match &reader.member {
        Some(m) => (
            Some(state.store.stars(m.camp.id, m.person.id).await?),
            m.is_moderator(),
            state.store.has_agenda_feed(m.camp.id, m.person.id).await?,
        ),
        None => (None, false, false),
    };
    Ok(ScheduleView {
        schedule,
        now: caller.now,
        stars,
        is_moderator,
        has_feed,
    })
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn set_star(
    state: &AppState,
    slug: &str,
    session: Uuid,
    starred: bool,
) -> Result<(), AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    Ok(state
        .store
        .set_star(access.camp.id, access.person.id, session, starred)
        .await?)
}

/// Replaces the member's agenda subscription secret; returns the new address (a path).
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn renew_feed(state: &AppState, slug: &str) -> Result<String, AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    let key = random_token();
    state
        .store
        .set_agenda_feed(access.camp.id, access.person.id, &token_hash(&key))
        .await?;
    Ok(format!("/c/{}/agenda.ics?key={key}", access.camp.slug))
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn revoke_feed(state: &AppState, slug: &str) -> Result<(), AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    Ok(state
        .store
        .delete_agenda_feed(access.camp.id, access.person.id)
        .await?)
}
