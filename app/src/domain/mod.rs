//! Plain Rust domain logic: no I/O, no Leptos. Compiles for the server and for wasm and is
//! unit-tested without a database.
pub mod board;
pub mod camp;
pub mod grid;
pub mod person;
pub mod schedule;
pub mod session;
pub mod slot;
pub mod text;
pub mod vote;

pub use board::*;
pub use camp::*;
pub use person::*;
pub use session::*;
pub use slot::*;
pub use vote::*;

use serde::{Deserialize, Serialize};

/// The role a person has in one camp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Moderator,
    Participant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Participant => "participant",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "moderator" => Some(Role::Moderator),
            "participant" => Some(Role::Participant),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        assert_eq!(Role::parse(Role::Moderator.as_str()), Some(Role::Moderator));
    }
}
