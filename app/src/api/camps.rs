//! Camps: listing, setup by moderators, invitations and joining.
// Server functions take one argument per form field, so that a plain HTML form posts to them
// before hydration; the camp settings form simply has many fields.
#![allow(clippy::too_many_arguments)]
use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::view::{
    CampSummary, CampView, EmailLinkView, Invitation, JoinOutcome, MemberView, OutboxMailView,
};

#[server(endpoint = "my_camps")]
pub async fn my_camps() -> Result<Vec<CampSummary>, AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::my_camps(&app_state()?).await)
}

#[server(endpoint = "get_camp")]
pub async fn get_camp(camp: String) -> Result<CampView, AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::camp_view(&app_state()?, &camp).await)
}

#[server(endpoint = "create_camp")]
pub async fn create_camp(
    name: String,
    slug: String,
    description: String,
    time_zone: String,
    self_service_slots: Option<String>,
    schedule_public: Option<String>,
    email_domains: String,
) -> Result<String, AppError> {
    use crate::domain::CampInput;
    use crate::server::{camps, state::app_state};
    let input = CampInput {
        name,
        slug,
        description,
        time_zone,
        self_service_slots: super::checked(&self_service_slots),
        schedule_public: super::checked(&schedule_public),
        email_domains,
    };
    super::respond(camps::create(&app_state()?, &input).await)
}

#[server(endpoint = "update_camp")]
pub async fn update_camp(
    camp: String,
    version: i64,
    name: String,
    slug: String,
    description: String,
    time_zone: String,
    self_service_slots: Option<String>,
    schedule_public: Option<String>,
    email_domains: String,
) -> Result<String, AppError> {
    use crate::domain::CampInput;
    use crate::server::{camps, state::app_state};
    let input = CampInput {
        name,
        slug,
        description,
        time_zone,
        self_service_slots: super::checked(&self_service_slots),
        schedule_public: super::checked(&schedule_public),
        email_domains,
    };
    super::respond(camps::update(&app_state()?, &camp, version, &input).await)
}

#[server(endpoint = "add_room")]
pub async fn add_room(
    camp: String,
    name: String,
    video_url: String,
    capacity: String,
) -> Result<(), AppError> {
    use crate::domain::RoomInput;
    use crate::server::{camps, state::app_state};
    let input = RoomInput {
        name,
        video_url,
        capacity,
    };
    super::respond(camps::add_room(&app_state()?, &camp, &input).await)
}

#[server(endpoint = "update_room")]
pub async fn update_room(
    camp: String,
    room: Uuid,
    name: String,
    video_url: String,
    capacity: String,
) -> Result<(), AppError> {
    use crate::domain::RoomInput;
    use crate::server::{camps, state::app_state};
    let input = RoomInput {
        name,
        video_url,
        capacity,
    };
    super::respond(camps::update_room(&app_state()?, &camp, room, &input).await)
}

#[server(endpoint = "delete_room")]
pub async fn delete_room(camp: String, room: Uuid) -> Result<(), AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::delete_room(&app_state()?, &camp, room).await)
}

#[server(endpoint = "add_slot")]
pub async fn add_slot(
    camp: String,
    day: String,
    starts: String,
    ends: String,
) -> Result<(), AppError> {
    use crate::domain::SlotInput;
    use crate::server::{camps, state::app_state};
    let input = SlotInput { day, starts, ends };
    super::respond(camps::add_slot(&app_state()?, &camp, &input).await)
}

#[server(endpoint = "delete_slot")]
pub async fn delete_slot(camp: String, slot: Uuid) -> Result<(), AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::delete_slot(&app_state()?, &camp, slot).await)
}

#[server(endpoint = "camp_members")]
pub async fn camp_members(camp: String) -> Result<Vec<MemberView>, AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::members(&app_state()?, &camp).await)
}

#[server(endpoint = "remove_member")]
pub async fn remove_member(camp: String, person: Uuid) -> Result<(), AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::remove_member(&app_state()?, &camp, person).await)
}

#[server(endpoint = "restore_member")]
pub async fn restore_member(camp: String, person: Uuid) -> Result<(), AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::restore_member(&app_state()?, &camp, person).await)
}

#[server(endpoint = "removed_members")]
pub async fn removed_members(camp: String) -> Result<Vec<MemberView>, AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::removed_members(&app_state()?, &camp).await)
}

/// `role`: "moderator" makes the member a co-moderator, "participant" takes the role back.
#[server(endpoint = "set_member_role")]
pub async fn set_member_role(camp: String, person: Uuid, role: String) -> Result<(), AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::set_member_role(&app_state()?, &camp, person, &role).await)
}

#[server(endpoint = "regenerate_invite")]
pub async fn regenerate_invite(camp: String) -> Result<String, AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::regenerate_invite(&app_state()?, &camp).await)
}

#[server(endpoint = "join_info")]
pub async fn join_info(camp: String, token: String) -> Result<Invitation, AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::join_info(&app_state()?, &camp, &token).await)
}

#[server(endpoint = "join_camp")]
pub async fn join_camp(
    camp: String,
    token: String,
    display_name: Option<String>,
    email: Option<String>,
    as_current: Option<String>,
) -> Result<JoinOutcome, AppError> {
    use crate::server::{camps, state::app_state};
    let form = camps::JoinForm {
        display_name: display_name.as_deref().unwrap_or_default(),
        email: email.as_deref().unwrap_or_default(),
        as_current: super::checked(&as_current),
    };
    super::respond(camps::join(&app_state()?, &camp, &token, form).await)
}

/// What the mailed link `token` would do (the page asks before confirming).
#[server(endpoint = "email_link_info")]
pub async fn email_link_info(token: String) -> Result<EmailLinkView, AppError> {
    use crate::server::{email_links, state::app_state};
    super::respond(email_links::link_info(&app_state()?, &token).await)
}

/// Confirms a mailed link (a POST, like every server function); returns the camp's slug.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String, as_current: Option<String>) -> Result<String, AppError> {
    use crate::server::{email_links, state::app_state};
    let as_current = super::checked(&as_current);
    super::respond(email_links::confirm(&app_state()?, &token, as_current).await)
}

/// The mails kept instead of sent while no relay is configured; `None` with a relay.
#[server(endpoint = "outbox")]
pub async fn outbox(camp: String) -> Result<Option<Vec<OutboxMailView>>, AppError> {
    use crate::server::{camps, state::app_state};
    super::respond(camps::outbox(&app_state()?, &camp).await)
}
