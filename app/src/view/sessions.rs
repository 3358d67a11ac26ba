//! Wire types: the board and one session's page.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::domain::BoardSession;

/// Someone who can be chosen as a co-host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonOption {
    pub id: Uuid,
    pub name: String,
}

/// The camp's rules for pitching and voting, as every member sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRules {
    pub voting_open: bool,
    pub blind_voting: bool,
    pub vote_budget: Option<i64>,
    pub long_sessions: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// The sessions the query asked for, in its order.
    pub sessions: Vec<BoardSession>,
    /// Visible sessions before filtering.
    pub total: usize,
    pub rules: BoardRules,
    /// How many marks the viewer has given.
    pub marks_used: i64,
    /// Every tag the camp uses, for the filter and as suggestions.
    pub tags: Vec<String>,
    /// The camp's members except the viewer, for choosing co-hosts.
    pub people: Vec<PersonOption>,
    pub is_moderator: bool,
}

/// One session with what the viewer may do with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPage {
    pub session: BoardSession,
    pub version: i64,
    pub rules: BoardRules,
    pub co_hosts: Vec<Uuid>,
    pub people: Vec<PersonOption>,
    pub tags: Vec<String>,
    /// Hosts and moderators may edit.
    pub can_edit: bool,
    /// Only hosts withdraw; moderators hide.
    pub can_withdraw: bool,
    pub is_moderator: bool,
}
