//! The camp service: role checks, validation and the store, in that order.
use uuid::Uuid;

use super::access::{self, Caller};
use super::auth;
use super::email_links;
use super::push::EventKind;
use super::store::{CampRow, MemberRow, NewPerson, SlotRow, StoreError};
use super::AppState;
use crate::domain::{
    email_allowed, local_time, validate_display_name, validate_email, CampInput, CampSettings,
    Role, RoomInput, SlotInput,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::view::{
    CampSummary, CampView, DayView, Invitation, JoinOutcome, MemberView, OutboxMailView, RoomView,
    SlotView,
};

fn invalid(errors: Vec<crate::error::FieldError>) -> AppError {
    AppError::Invalid(errors)
}

pub async fn my_camps(state: &AppState) -> Result<Vec<CampSummary>, AppError> {
    let Some(person) = Caller::current().person(&state.store).await? else {
        return Ok(vec![]);
    };
    let camps = state.store.camps_of_person(person.id).await?;
    Ok(camps
        .into_iter()
        .map(|c| CampSummary {
            slug: c.camp.slug,
            name: c.camp.name,
            role: Role::parse(&c.role).unwrap_or(Role::Participant),
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn camp_view(state: &AppState, slug: &str) -> Result<CampView, AppError> {
    let access = access::member(state, &Caller::current(), slug).await?;
    let c = &access.camp;
    let rooms = state.store.rooms(c.id).await?;
    let slots = state.store.slots(c.id).await?;
    let member_count = state.store.members(c.id).await?.len();
    let rules = state.store.voting_rules(c.id).await?;
    Ok(CampView {
        slug: c.slug.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        time_zone: c.time_zone.clone(),
        self_service_slots: c.self_service_slots,
        schedule_public: c.schedule_public,
        long_sessions: rules.long_sessions,
        voting_open: rules.voting_open,
        blind_voting: rules.blind_voting,
        vote_budget: rules.vote_budget,
        email_domains: c.email_domains(),
        version: c.version,
        days: group_days(&slots, &c.time_zone),
        rooms: rooms
            .into_iter()
            .map(|r| RoomView {
                id: r.id,
                name: r.name,
                video_url: r.video_url,
                capacity: r.capacity,
            })
            .collect(),
        my_role: access.member.role(),
        member_count,
        invite_token: access.is_moderator().then(|| state.invite_key.token(c)),
    })
}

/// Slots arrive in time order; consecutive slots of one day form a `DayView`.
pub(crate) fn group_days(slots: &[SlotRow], time_zone: &str) -> Vec<DayView> {
    let mut days: Vec<DayView> = Vec::new();
    for s in slots {
        let view = SlotView {
            id: s.id,
            starts: local_time(s.starts_at, time_zone),
            ends: local_time(s.ends_at, time_zone),
        };
        match days.last_mut() {
            Some(day) if day.date == s.day => day.slots.push(view),
            _ => days.push(DayView {
                date: s.day,
                slots: vec![view],
            }),
        }
    }
    days
}

fn slug_taken(err: StoreError) -> AppError {
    match err {
        StoreError::Duplicate => AppError::field("slug", Msg::ErrSlugTaken),
        other => other.into(),
    }
}

fn room_taken(err: StoreError) -> AppError {
    match err {
        StoreError::Duplicate => AppError::field("name", Msg::ErrRoomTaken),
        other => other.into(),
    }
}

pub async fn create(state: &AppState, input: &CampInput) -> Result<String, AppError> {
    let person = Caller::current().require_person(&state.store).await?;
    if !person.is_moderator {
        return Err(AppError::Forbidden);
    }
    let settings: CampSettings = input.validate().map_err(invalid)?;
    state
        .store
        .create_camp(&settings, person.id)
        .await
        .map_err(slug_taken)?;
    Ok(settings.slug)
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn update(
    state: &AppState,
    slug: &str,
    version: i64,
    input: &CampInput,
) -> Result<String, AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    let settings = input.validate().map_err(invalid)?;
    state
        .store
        .update_camp(access.camp.id, version, &settings, access.person.id)
        .await
        .map_err(slug_taken)?;
    // Name, slug, time zone or the public flag of the schedule may have changed.
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(settings.slug)
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn add_room(state: &AppState, slug: &str, input: &RoomInput) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    let room = input.validate().map_err(invalid)?;
    state
        .store
        .add_room(access.camp.id, &room, access.person.id)
        .await
        .map_err(room_taken)?;
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn update_room(
    state: &AppState,
    slug: &str,
    room: Uuid,
    input: &RoomInput,
) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    let settings = input.validate().map_err(invalid)?;
    state
        .store
        .update_room(access.camp.id, room, &settings, access.person.id)
        .await
        .map_err(room_taken)?;
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn delete_room(state: &AppState, slug: &str, room: Uuid) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    state
        .store
        .delete_room(access.camp.id, room, access.person.id)
        .await?;
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn add_slot(state: &AppState, slug: &str, input: &SlotInput) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    let times = input.validate(&access.camp.time_zone).map_err(invalid)?;
    // The database refuses overlaps too; StoreError::SlotOverlap maps to the same message.
    state
        .store
        .add_slot(access.camp.id, &times, access.person.id)
        .await?;
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn delete_slot(state: &AppState, slug: &str, slot: Uuid) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    state
        .store
        .delete_slot(access.camp.id, slot, access.person.id)
        .await?;
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn members(state: &AppState, slug: &str) -> Result<Vec<MemberView>, AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    let members = state.store.members(access.camp.id).await?;
    Ok(members
        .into_iter()
        .map(|m| member_view(m, access.person.id))
        .collect())
}

/// The outbox's mails about the camp, for its moderators; `None` when a relay sends mails.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn outbox(state: &AppState, slug: &str) -> Result<Option<Vec<OutboxMailView>>, AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    if !state.mailer.is_outbox() {
        return Ok(None);
    }
    let mails = state.mailer.outbox_for(access.camp.id);
    Ok(Some(
        mails
            .into_iter()
            .map(|m| OutboxMailView {
                to: m.mail.to,
                subject: m.mail.subject,
                text: m.mail.text,
                at: m.at,
            })
            .collect(),
    ))
}

/// Removes a member: their access and open live channels end at once (and the sign-ins of a
/// verified member), and their marks stop counting.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn remove_member(state: &AppState, slug: &str, person: Uuid) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    if person == access.person.id {
        // Moderators cannot lock themselves out of their own camp. Another moderator can be
        // removed while one is left (the store refuses the last one).
        return Err(AppError::Forbidden);
    }
    state
        .store
        .remove_member(access.camp.id, person, access.person.id)
        .await?;
    state.push.revoke(access.camp.id, person);
    // Counts changed: pages fetch them anew.
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(())
}

/// Undoes a removal, marks included.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn restore_member(state: &AppState, slug: &str, person: Uuid) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    state
        .store
        .restore_member(access.camp.id, person, access.person.id)
        .await?;
    state.push.publish(access.camp.id, EventKind::CampChanged);
    Ok(())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn removed_members(state: &AppState, slug: &str) -> Result<Vec<MemberView>, AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    let removed = state.store.removed_members(access.camp.id).await?;
    Ok(removed
        .into_iter()
        .map(|m| member_view(m, access.person.id))
        .collect())
}

fn member_view(m: MemberRow, caller: Uuid) -> MemberView {
    MemberView {
        person_id: m.person_id,
        role: m.role(),
        you: m.person_id == caller,
        verified: m.email_verified_at.is_some(),
        display_name: m.display_name,
        email: m.email,
    }
}

/// Makes a member a co-moderator (`role` "moderator") or takes the role back
/// ("participant"). Moderators only; the store refuses to leave the camp without one.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn set_member_role(
    state: &AppState,
    slug: &str,
    person: Uuid,
    role: &str,
) -> Result<(), AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    let role = Role::parse(role).ok_or_else(|| AppError::field("role", Msg::ErrRole))?;
    Ok(state
        .store
        .set_member_role(access.camp.id, person, role, access.person.id)
        .await?)
}

/// Returns the new token, so the settings page shows the new link without re-reading the camp.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn regenerate_invite(state: &AppState, slug: &str) -> Result<String, AppError> {
    let access = access::moderator(state, &Caller::current(), slug).await?;
    state
        .store
        .next_invite_link(access.camp.id, access.person.id)
        .await?;
    let mut camp = access.camp;
    camp.invite_generation += 1;
    Ok(state.invite_key.token(&camp))
}

/// The camp behind an invite link; a wrong token looks exactly like an unknown camp. The
/// comparison takes the same time wherever the first wrong character is (`invites`). Wrong tokens are
/// limited per camp address; the right one always works, so that a flood of guesses (futile
/// against 256 bits) cannot keep a camp's people from joining.
async fn invited_camp(state: &AppState, slug: &str, token: &str) -> Result<CampRow, AppError> {
    match state.store.camp_by_slug(slug).await? {
        Some(c) if state.invite_key.admits(&c, token) => Ok(c),
        _ if !state.invite_limiter.allow(&format!("invite:{slug}")) => {
            Err(AppError::TooManyRequests)
        }
        _ => Err(AppError::Refused(Msg::ErrInvite)),
    }
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn join_info(state: &AppState, slug: &str, token: &str) -> Result<Invitation, AppError> {
    let c = invited_camp(state, slug, token).await?;
    let person = Caller::current().person(&state.store).await?;
    let already_member = match &person {
        Some(p) => state
            .store
            .membership(c.id, p.id)
            .await?
            .is_some_and(|m| m.removed_at.is_none()),
        None => false,
    };
    Ok(Invitation {
        email_domains: c.email_domains(),
        slug: c.slug,
        name: c.name,
        already_member,
        signed_in_as: person.filter(|_| !already_member).map(|p| p.display_name),
    })
}

/// What the join form sent.
pub struct JoinForm<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    /// Join as the person this browser is signed in as (who chose so), not as a new one.
    pub as_current: bool,
}

/// Joins with a display name. Where the camp restricts e-mail domains, a link to confirm the
/// work address is mailed instead (see `email_links`), and only confirming makes a member. A
/// browser that is signed in already (a moderator, or someone who joined another camp) joins
/// as that person only when they chose so: a cookie planted by someone else must not make the
/// victim's pitches and marks theirs.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn join(
    state: &AppState,
    slug: &str,
    token: &str,
    form: JoinForm<'_>,
) -> Result<JoinOutcome, AppError> {
    let c = invited_camp(state, slug, token).await?;
    let domains = c.email_domains();
    if domains.is_empty() && form.as_current {
        let person = Caller::current().require_person(&state.store).await?;
        join_as(state, &c, person.id).await?;
        return Ok(JoinOutcome::Joined);
    }
    let mut errors = Vec::new();
    let name = validate_display_name(&mut errors, form.display_name);
    if domains.is_empty() {
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let new = NewPerson {
            display_name: &name,
            email: None,
            password_hash: None,
            is_moderator: false,
        };
        let person = state.store.create_person(new).await?;
        auth::sign_in_as(state, person).await?;
        join_as(state, &c, person).await?;
        return Ok(JoinOutcome::Joined);
    }
    let email = validate_email(&mut errors, form.email);
    if errors.iter().all(|e| e.field != "email") && !email_allowed(&email, &domains) {
        errors.push(crate::error::FieldError::new("email", Msg::ErrEmailDomain));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    email_links::send_link(state, &c, &email, &name).await?;
    Ok(JoinOutcome::MailSent(email))
}

/// A camp without an address rule: `person` is a member at once, unless they were removed.
async fn join_as(state: &AppState, c: &CampRow, person: Uuid) -> Result<(), AppError> {
    if let Some(m) = state.store.membership(c.id, person).await? {
        if m.removed_at.is_some() {
            return Err(AppError::Refused(Msg::ErrRemoved));
        }
    }
    state.store.add_participant(c.id, person, None).await?;
    Ok(())
}
