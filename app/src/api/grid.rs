//! The grid editor: moderators (and, where the camp allows it, hosts) place sessions into
//! rooms x slots; the draft is versioned, checked for conflicts and published.
use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::view::{GridEditor, ProposalView};

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
    use crate::domain::grid::Cell;
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
    use crate::domain::grid::Cell;
    use crate::server::{grid, state::app_state};
    let cell = Cell { room, slot };
    super::respond(grid::set_available(&app_state()?, &camp, cell, available).await)
}
