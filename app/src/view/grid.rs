//! Wire types: the grid editor and the automatic proposal.
use super::{BoardSession, DayView, PersonOption, RoomView};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::domain::grid::{Cell, Conflict, ConflictKind, Placement, Score};

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
