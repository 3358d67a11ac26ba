//! Wire types: camps, their days, rooms and members, and invitations.
use crate::domain::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampSummary {
    pub slug: String,
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub id: Uuid,
    /// Wall-clock times in the camp's time zone, "09:30".
    pub starts: String,
    pub ends: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayView {
    pub date: NaiveDate,
    pub slots: Vec<SlotView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomView {
    pub id: Uuid,
    pub name: String,
    pub video_url: String,
    pub capacity: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampView {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub time_zone: String,
    pub self_service_slots: bool,
    pub schedule_public: bool,
    /// Whether sessions may take two slots.
    pub long_sessions: bool,
    pub voting_open: bool,
    pub blind_voting: bool,
    pub vote_budget: Option<i64>,
    pub email_domains: Vec<String>,
    pub version: i64,
    pub days: Vec<DayView>,
    pub rooms: Vec<RoomView>,
    pub my_role: Role,
    pub member_count: usize,
    /// Only moderators see the invite token.
    pub invite_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub person_id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub email: Option<String>,
    /// `email` was confirmed through a mailed link.
    pub verified: bool,
    /// The member is the caller.
    pub you: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub slug: String,
    pub name: String,
    pub email_domains: Vec<String>,
    pub already_member: bool,
    /// The browser's person when they are not in this camp: the page asks whether to join as
    /// them or as someone new, never reusing a sign-in silently.
    pub signed_in_as: Option<String>,
}

/// What joining did: a member at once, or (camps that restrict domains) a link was mailed to
/// the address (as the caller typed it, normalised).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JoinOutcome {
    Joined,
    MailSent(String),
}

/// The confirm page's question, read without using the link up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailLinkView {
    pub camp_name: String,
    pub email: String,
    /// The name typed at joining.
    pub display_name: String,
    /// The member who holds the address already: confirming signs in as them.
    pub member_name: Option<String>,
    /// The browser's person, when confirming could also join as them.
    pub signed_in_as: Option<String>,
}

/// A mail in the outbox (no relay configured), shown to the camp's moderators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMailView {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub at: chrono::DateTime<chrono::Utc>,
}
