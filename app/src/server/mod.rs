//! Server-only code (feature `ssr`): services, the store over SQLite or PostgreSQL, auth.
pub mod access;
pub mod account;
pub mod auth;
pub mod camps;
pub mod csrf;
pub mod email_links;
pub mod grid;
pub mod invites;
pub mod limit;
pub mod mail;
pub mod passwords;
pub mod people;
pub mod push;
pub mod reads;
pub mod schedule;
pub mod sessions;
pub mod sign_ins;
pub mod site;
pub mod state;
pub mod store;
pub mod totp;

pub use state::AppState;
