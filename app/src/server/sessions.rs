//! The session service: pitches, edits and interest marks, for members of the camp only.
use uuid::Uuid;

use super::access::{member, moderator, Caller, CampAccess};
use super::push::EventKind;
use super::reads::{rules_view, show_counts, Extras};
use super::store::{NewSession, SessionFlag, StoreError};
use super::AppState;
use crate::domain::{BoardQuery, Pitch, PitchInput, VotingInput};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::view::{Board, BoardSession, PersonOption, SessionPage};

/// At most this many co-hosts besides the one who pitched.
const CO_HOSTS_MAX: usize = 5;

/// The camp's members except the session's creator (always a host), by name, for choosing
/// co-hosts.
async fn people(
    state: &AppState,
    camp: Uuid,
    creator: Uuid,
) -> Result<Vec<PersonOption>, AppError> {
    let mut people: Vec<PersonOption> = state
        .store
        .members(camp)
        .await?
        .into_iter()
        .filter(|m| m.person_id != creator)
        .map(|m| PersonOption {
            id: m.person_id,
            name: m.display_name,
        })
        .collect();
    people.sort_by_cached_key(|p| p.name.to_lowercase());
    Ok(people)
}

fn camp_tags(sessions: &[BoardSession]) -> Vec<String> {
    let mut tags: Vec<String> = sessions.iter().flat_map(|s| s.tags.clone()).collect();
    tags.sort();
    tags.dedup();
    tags
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn board(state: &AppState, slug: &str, query: &BoardQuery) -> Result<Board, AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    let camp = access.camp.id;
    let rules = rules_view(state.store.voting_rules(camp).await?);
    let rows = state
        .store
        .board(camp, access.person.id, access.is_moderator())
        .await?;
    let extras = Extras::load(&state.store, camp).await?;
    let places = super::grid::published_places(state, &access.camp).await?;
    let all: Vec<BoardSession> = rows
        .into_iter()
        .map(|r| extras.session(r, show_counts(&rules)))
        .map(|mut s| {
            s.placed = places.get(&s.id).cloned();
            s
        })
        .collect();
    let visible = all.iter().filter(|s| !s.hidden).count();
    let tags = camp_tags(&all);
    Ok(Board {
        sessions: query.apply(all),
        total: visible,
        marks_used: state.store.marks_used(camp, access.person.id).await?,
        people: people(state, camp, access.person.id).await?,
        is_moderator: access.is_moderator(),
        rules,
        tags,
    })
}

/// One session: for every member while it is on the board; when hidden, for moderators and
/// its hosts only.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn page(state: &AppState, slug: &str, id: Uuid) -> Result<SessionPage, AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    let camp = access.camp.id;
    let row = state
        .store
        .board_session(camp, access.person.id, id)
        .await?;
    // Hidden sessions stay visible to moderators and to their own hosts (who see the note).
    if row.hidden && !(access.is_moderator() || row.hosted) {
        return Err(AppError::NotFound);
    }
    let rules = rules_view(state.store.voting_rules(camp).await?);
    let extras = Extras::load(&state.store, camp).await?;
    let co_hosts = extras
        .hosts_of(id)
        .into_iter()
        .filter(|p| *p != row.created_by)
        .collect();
    let all_tags = camp_tags(
        &state
            .store
            .board(camp, access.person.id, false)
            .await?
            .into_iter()
            .map(|r| extras.session(r, false))
            .collect::<Vec<_>>(),
    );
    let version = row.version;
    let creator = row.created_by;
    let mut session = extras.session(row, show_counts(&rules));
    let places = super::grid::published_places(state, &access.camp).await?;
    session.placed = places.get(&session.id).cloned();
    Ok(SessionPage {
        can_edit: session.hosted || access.is_moderator(),
        can_withdraw: session.hosted,
        is_moderator: access.is_moderator(),
        co_hosts,
        people: people(state, camp, creator).await?,
        tags: all_tags,
        version,
        rules,
        session,
    })
}

/// Validates a pitch and its co-hosts, who must be current members (the pitcher aside).
async fn validated(
    state: &AppState,
    access: &CampAccess,
    input: &PitchInput,
    co_hosts: &[Uuid],
    creator: Uuid,
) -> Result<(Pitch, Vec<Uuid>), AppError> {
    let rules = state.store.voting_rules(access.camp.id).await?;
    let pitch = input.validate(rules.long_sessions);
    let mut errors = pitch.as_ref().err().cloned().unwrap_or_default();
    let members: Vec<Uuid> = state
        .store
        .members(access.camp.id)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    let mut hosts = vec![creator];
    for id in co_hosts {
        if !hosts.contains(id) {
            hosts.push(*id);
        }
    }
    if hosts.len() > CO_HOSTS_MAX + 1 || hosts[1..].iter().any(|id| !members.contains(id)) {
        errors.push(crate::error::FieldError::new("co_hosts", Msg::ErrCoHost));
    }
    match pitch {
        Ok(pitch) if errors.is_empty() => Ok((pitch, hosts)),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn new_session<'a>(pitch: &'a Pitch, hosts: &'a [Uuid]) -> NewSession<'a> {
    NewSession {
        title: &pitch.title,
        description: &pitch.description,
        format: pitch.format.as_str(),
        tags: &pitch.tags,
        hosts,
        length_slots: pitch.length_slots,
    }
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn pitch(
    state: &AppState,
    slug: &str,
    input: &PitchInput,
    co_hosts: &[Uuid],
) -> Result<(), AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    let (pitch, hosts) = validated(state, &access, input, co_hosts, access.person.id).await?;
    let id = state
        .store
        .create_session(access.camp.id, &new_session(&pitch, &hosts))
        .await?;
    state
        .push
        .publish(access.camp.id, EventKind::SessionPitched { session: id });
    Ok(())
}

/// An edit of a session, against the version the editor saw.
pub struct Edit<'a> {
    pub session: Uuid,
    pub version: i64,
    pub input: &'a PitchInput,
    pub co_hosts: &'a [Uuid],
}

/// Hosts and moderators edit; a stale version is a conflict, never a silent overwrite.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn update(state: &AppState, slug: &str, edit: Edit<'_>) -> Result<(), AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    let camp = access.camp.id;
    let row = state
        .store
        .board_session(camp, access.person.id, edit.session)
        .await?;
    if !(row.hosted || access.is_moderator()) {
        return Err(AppError::Forbidden);
    }
    let (pitch, hosts) =
        validated(state, &access, edit.input, edit.co_hosts, row.created_by).await?;
    let new = new_session(&pitch, &hosts);
    match state
        .store
        .update_session(camp, edit.session, edit.version, &new, access.person.id)
        .await
    {
        Err(StoreError::Stale) => return Err(AppError::Conflict(Msg::ErrConflict)),
        other => other?,
    }
    changed(state, camp, edit.session);
    Ok(())
}

fn changed(state: &AppState, camp: Uuid, session: Uuid) {
    state
        .push
        .publish(camp, EventKind::SessionChanged { session });
}

/// Only hosts withdraw their own session.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn withdraw(state: &AppState, slug: &str, id: Uuid) -> Result<(), AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    let camp = access.camp.id;
    let row = state
        .store
        .board_session(camp, access.person.id, id)
        .await?;
    if !row.hosted {
        return Err(AppError::Forbidden);
    }
    set_flag(state, &access, id, SessionFlag::Withdrawn, true).await
}

/// Moderators hide a session from every board, or restore it.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn set_hidden(
    state: &AppState,
    slug: &str,
    id: Uuid,
    hidden: bool,
) -> Result<(), AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    set_flag(state, &access, id, SessionFlag::Hidden, hidden).await
}

/// Stores a withdrawal, hiding or restoring by `access` and tells every open page.
async fn set_flag(
    state: &AppState,
    access: &CampAccess,
    id: Uuid,
    flag: SessionFlag,
    value: bool,
) -> Result<(), AppError> {
    let camp = access.camp.id;
    state
        .store
        .set_session_flag(camp, id, flag, value, access.person.id)
        .await?;
    changed(state, camp, id);
    Ok(())
}

/// Returns the new count, or `None` while blind voting hides it (from the voter too).
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn vote(
    state: &AppState,
    slug: &str,
    session: Uuid,
    mark: bool,
) -> Result<Option<i64>, AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    let tally = state
        .store
        .set_vote(access.camp.id, session, access.person.id, mark)
        .await?;
    let count = tally.shown.then_some(tally.count);
    state.push.publish(
        access.camp.id,
        EventKind::VoteCountChanged {
            session,
            count,
            version: tally.version,
        },
    );
    Ok(count)
}

/// Moderators open or close voting, switch blind voting and set the budget.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn update_voting(
    state: &AppState,
    slug: &str,
    input: &VotingInput,
) -> Result<(), AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let budget = input.budget().map_err(AppError::Invalid)?;
    let camp = access.camp.id;
    state
        .store
        .set_voting_rules(
            camp,
            input.voting_open,
            input.blind_voting,
            budget,
            access.person.id,
        )
        .await?;
    state.push.publish(camp, EventKind::RulesChanged);
    Ok(())
}
