//! The session service: pitches and interest marks, for members of the camp only.
use std::collections::HashMap;

use uuid::Uuid;

use super::auth::require_member;
use super::push::EventKind;
use super::store::NewSession;
use super::AppState;
use crate::api::{Board, BoardSession};
use crate::domain::{Format, PitchInput};
use crate::error::AppError;

async fn member(state: &AppState, slug: &str) -> Result<super::auth::CampAccess, AppError> {
    let camp = state
        .store
        .camp_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    require_member(state, camp).await
}

pub async fn board(state: &AppState, slug: &str) -> Result<Board, AppError> {
    let access = member(state, slug).await?;
    let camp = access.camp.id;
    let rules = state.store.voting_rules(camp).await?;
    let rows = state.store.board(camp, access.person.id).await?;
    let mut hosts: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (session, name) in state.store.session_hosts(camp).await? {
        hosts.entry(session).or_default().push(name);
    }
    let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (session, tag) in state.store.session_tags(camp).await? {
        tags.entry(session).or_default().push(tag);
    }
    // Blind voting hides the counts from everyone until voting closes.
    let show_counts = !rules.blind_voting || !rules.voting_open;
    let sessions = rows
        .into_iter()
        .map(|r| BoardSession {
            id: r.id,
            format: Format::parse(&r.format).unwrap_or(Format::Other),
            tags: tags.remove(&r.id).unwrap_or_default(),
            hosts: hosts.remove(&r.id).unwrap_or_default(),
            votes: show_counts.then_some(r.votes),
            title: r.title,
            description: r.description,
            marked: r.marked,
            hosted: r.hosted,
        })
        .collect();
    Ok(Board {
        sessions,
        voting_open: rules.voting_open,
        long_sessions: rules.long_sessions,
    })
}

pub async fn pitch(state: &AppState, slug: &str, input: &PitchInput) -> Result<(), AppError> {
    let access = member(state, slug).await?;
    let rules = state.store.voting_rules(access.camp.id).await?;
    let pitch = input
        .validate(rules.long_sessions)
        .map_err(AppError::Invalid)?;
    let hosts = [access.person.id];
    let new = NewSession {
        title: &pitch.title,
        description: &pitch.description,
        format: pitch.format.as_str(),
        tags: &pitch.tags,
        hosts: &hosts,
        length_slots: pitch.length_slots,
    };
    state.store.create_session(access.camp.id, &new).await?;
    state
        .push
        .publish(access.camp.id, EventKind::SessionPitched);
    Ok(())
}

/// Returns the new count, or `None` while blind voting hides it (from the voter too).
pub async fn vote(
    state: &AppState,
    slug: &str,
    session: Uuid,
    mark: bool,
) -> Result<Option<i64>, AppError> {
    let access = member(state, slug).await?;
    let count = state
        .store
        .set_vote(access.camp.id, session, access.person.id, mark)
        .await?;
    let rules = state.store.voting_rules(access.camp.id).await?;
    let count = (!rules.blind_voting || !rules.voting_open).then_some(count);
    state.push.publish(
        access.camp.id,
        EventKind::VoteCountChanged { session, count },
    );
    Ok(count)
}
