//! Pitching sessions and marking interest.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// One session on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSession {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub format: crate::domain::Format,
    pub tags: Vec<String>,
    pub hosts: Vec<String>,
    /// `None` while blind voting hides the counts.
    pub votes: Option<i64>,
    pub marked: bool,
    pub hosted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub sessions: Vec<BoardSession>,
    pub voting_open: bool,
    pub long_sessions: bool,
}

#[server(endpoint = "get_board")]
pub async fn get_board(camp: String) -> Result<Board, AppError> {
    use crate::server::{sessions, state::app_state};
    super::respond(sessions::board(&app_state()?, &camp).await)
}

#[server(endpoint = "pitch_session")]
pub async fn pitch_session(
    camp: String,
    title: String,
    description: String,
    format: String,
    tags: String,
    length_slots: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::PitchInput;
    use crate::server::{sessions, state::app_state};
    let input = PitchInput {
        title,
        description,
        format,
        tags,
        length_slots: length_slots.unwrap_or_default(),
    };
    super::respond(sessions::pitch(&app_state()?, &camp, &input).await)
}

/// Marks (`mark = true`) or takes back interest; returns the new count unless blind voting
/// hides it.
#[server(endpoint = "vote")]
pub async fn vote(camp: String, session: Uuid, mark: bool) -> Result<Option<i64>, AppError> {
    use crate::server::{sessions, state::app_state};
    super::respond(sessions::vote(&app_state()?, &camp, session, mark).await)
}
