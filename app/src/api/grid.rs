//! The grid editor: moderators (and, where the camp allows it, hosts) place sessions into
//! rooms x slots; the draft is versioned, checked for conflicts and published.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BoardSession, DayView, PersonOption, RoomView};
pub use crate::domain::grid::{Cell, Conflict, ConflictKind, Placement, Score};
use crate::error::AppError;

/// One entry of the grid's history, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridChangeView {
    pub version: i64,
    /// Local time in the camp's time zone, "14:05".
    pub at: String,
    pub actor: Option<String>,
    /// "place", "move", "swap", "unplace", "pin", "unpin", "proposal", "undo", "publish".
    pub action: String,
    /// Titles of the sessions the change touched.
    pub sessions: Vec<String>,
    pub undone: bool,
}

/// Everything the grid page shows. Interest counts are aggregates; who marked what never
/// leaves the server (audience overlap arrives as a share).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridEditor {
    pub version: i64,
    pub published_version: Option<i64>,
    pub locked: bool,
    /// Share of common interest from which two sessions of one slot conflict (0..=1).
    pub overlap_threshold: f32,
    pub is_moderator: bool,
    /// The viewer may place their own sessions into free cells (self-service, not locked).
    pub self_service: bool,
    pub days: Vec<DayView>,
    pub rooms: Vec<RoomView>,
    /// Every session that can be placed, most wanted first.
    pub sessions: Vec<BoardSession>,
    /// One per placed session, at its first slot.
    pub placements: Vec<Placement>,
    pub unavailable: Vec<Cell>,
    pub conflicts: Vec<Conflict>,
    /// Hosts of the camp's sessions, to name a double-booked host.
    pub hosts: Vec<PersonOption>,
    /// Moderators only; empty for hosts.
    pub history: Vec<GridChangeView>,
}

/// A suggested grid, not yet applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalView {
    /// The grid version the proposal was computed from; applying it needs the same one.
    pub version: i64,
    pub replace_unpinned: bool,
    pub before: Score,
    pub after: Score,
    /// Sessions whose cell the proposal changes: (session, new first cell or `None`).
    pub moves: Vec<(Uuid, Option<Cell>)>,
}

#[server(endpoint = "get_grid")]
pub async fn get_grid(camp: String) -> Result<GridEditor, AppError> {
    use crate::server::{grid, state::app_state};
    super::respond(grid::editor(&app_state()?, &camp).await)
}

/// Moves a session to the cell at `room` x `slot` (its first slot), swapping with a session
/// already there (moderators); both empty takes it out of the grid.
#[server(endpoint = "move_session")]
pub async fn move_session(
    camp: String,
    version: i64,
    session: Uuid,
    room: Option<Uuid>,
    slot: Option<Uuid>,
) -> Result<i64, AppError> {
    use crate::server::{grid, state::app_state};
    let target = room.zip(slot).map(|(room, slot)| Cell { room, slot });
    super::respond(grid::move_session(&app_state()?, &camp, version, session, target).await)
}

/// Pinned placements stay where they are when the grid is suggested anew.
#[server(endpoint = "pin_session")]
pub async fn pin_session(
    camp: String,
    version: i64,
    session: Uuid,
    pinned: bool,
) -> Result<i64, AppError> {
    use crate::server::{grid, state::app_state};
    super::respond(grid::pin(&app_state()?, &camp, version, session, pinned).await)
}

#[server(endpoint = "undo_grid")]
pub async fn undo_grid(camp: String, version: i64) -> Result<i64, AppError> {
    use crate::server::{grid, state::app_state};
    super::respond(grid::undo(&app_state()?, &camp, version).await)
}

#[server(endpoint = "publish_grid")]
pub async fn publish_grid(camp: String, version: i64) -> Result<i64, AppError> {
    use crate::server::{grid, state::app_state};
    super::respond(grid::publish(&app_state()?, &camp, version).await)
}

#[server(endpoint = "propose_grid")]
pub async fn propose_grid(camp: String, replace_unpinned: bool) -> Result<ProposalView, AppError> {
    use crate::server::{grid, state::app_state};
    super::respond(grid::propose(&app_state()?, &camp, replace_unpinned).await)
}

/// Applies the proposal computed from `version` (the same input gives the same proposal).
#[server(endpoint = "apply_proposal")]
pub async fn apply_proposal(
    camp: String,
    version: i64,
    replace_unpinned: bool,
) -> Result<i64, AppError> {
    use crate::server::{grid, state::app_state};
    super::respond(grid::apply_proposal(&app_state()?, &camp, version, replace_unpinned).await)
}

/// Moderators lock the grid against hosts' self-service and set the overlap threshold
/// (in percent, as typed).
#[server(endpoint = "update_grid_settings")]
pub async fn update_grid_settings(
    camp: String,
    locked: Option<String>,
    overlap_percent: String,
) -> Result<(), AppError> {
    use crate::server::{grid, state::app_state};
    let locked = super::checked(&locked);
    super::respond(grid::update_settings(&app_state()?, &camp, locked, &overlap_percent).await)
}

/// Moderators mark a room as (not) available in one slot.
#[server(endpoint = "set_room_available")]
pub async fn set_room_available(
    camp: String,
    room: Uuid,
    slot: Uuid,
    available: bool,
) -> Result<(), AppError> {
    use crate::server::{grid, state::app_state};
    let cell = Cell { room, slot };
    super::respond(grid::set_available(&app_state()?, &camp, cell, available).await)
}
