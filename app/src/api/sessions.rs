//! Pitching sessions, editing them, and marking interest.
// A server function's arguments are the fields of its form, one each.
#![allow(clippy::too_many_arguments)]
use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::view::{Board, SessionPage};

#[server(endpoint = "get_board")]
pub async fn get_board(
    camp: String,
    q: Option<String>,
    format: Option<String>,
    tag: Option<String>,
    sort: Option<String>,
) -> Result<Board, AppError> {
    use crate::domain::BoardQuery;
    use crate::server::{sessions, state::app_state};
    let arg = |v: &Option<String>| v.clone().unwrap_or_default();
    let query = BoardQuery::parse(&arg(&q), &arg(&format), &arg(&tag), &arg(&sort));
    super::respond(sessions::board(&app_state()?, &camp, &query).await)
}

#[server(endpoint = "get_session")]
pub async fn get_session(camp: String, session: Uuid) -> Result<SessionPage, AppError> {
    use crate::server::{sessions, state::app_state};
    super::respond(sessions::page(&app_state()?, &camp, session).await)
}

#[server(endpoint = "pitch_session")]
pub async fn pitch_session(
    camp: String,
    title: String,
    description: String,
    format: String,
    tags: String,
    length_slots: Option<String>,
    co_hosts: Option<Vec<Uuid>>,
) -> Result<(), AppError> {
    use crate::domain::PitchInput;
    use crate::server::{sessions, state::app_state};
    let input = PitchInput::from_form(title, description, format, tags, length_slots);
    let co_hosts = co_hosts.unwrap_or_default();
    super::respond(sessions::pitch(&app_state()?, &camp, &input, &co_hosts).await)
}

#[server(endpoint = "update_session")]
pub async fn update_session(
    camp: String,
    session: Uuid,
    version: i64,
    title: String,
    description: String,
    format: String,
    tags: String,
    length_slots: Option<String>,
    co_hosts: Option<Vec<Uuid>>,
) -> Result<(), AppError> {
    use crate::domain::PitchInput;
    use crate::server::{sessions, state::app_state};
    let input = PitchInput::from_form(title, description, format, tags, length_slots);
    let co_hosts = co_hosts.unwrap_or_default();
    let edit = sessions::Edit {
        session,
        version,
        input: &input,
        co_hosts: &co_hosts,
    };
    super::respond(sessions::update(&app_state()?, &camp, edit).await)
}

/// The host takes the session back; it leaves every board.
#[server(endpoint = "withdraw_session")]
pub async fn withdraw_session(camp: String, session: Uuid) -> Result<(), AppError> {
    use crate::server::{sessions, state::app_state};
    super::respond(sessions::withdraw(&app_state()?, &camp, session).await)
}

/// Moderators hide a session from everyone's board (`hidden = true`) or restore it.
#[server(endpoint = "set_session_hidden")]
pub async fn set_session_hidden(camp: String, session: Uuid, hidden: bool) -> Result<(), AppError> {
    use crate::server::{sessions, state::app_state};
    super::respond(sessions::set_hidden(&app_state()?, &camp, session, hidden).await)
}

/// Marks (`mark = true`) or takes back interest; returns the new count unless blind voting
/// hides it.
#[server(endpoint = "vote")]
pub async fn vote(camp: String, session: Uuid, mark: bool) -> Result<Option<i64>, AppError> {
    use crate::server::{sessions, state::app_state};
    super::respond(sessions::vote(&app_state()?, &camp, session, mark).await)
}

/// Moderators open or close voting, switch blind voting and set the vote budget.
#[server(endpoint = "update_voting")]
pub async fn update_voting(
    camp: String,
    voting_open: Option<String>,
    blind_voting: Option<String>,
    vote_budget: String,
) -> Result<(), AppError> {
    use crate::domain::VotingInput;
    use crate::server::{sessions, state::app_state};
    let input = VotingInput {
        voting_open: super::checked(&voting_open),
        blind_voting: super::checked(&blind_voting),
        vote_budget,
    };
    super::respond(sessions::update_voting(&app_state()?, &camp, &input).await)
}
