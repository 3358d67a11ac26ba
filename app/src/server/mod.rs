//! Server-only code (feature `ssr`): services, the store over SQLite or PostgreSQL, auth.
pub mod access;
pub mod auth;
pub mod camps;
pub mod csrf;
pub mod email_links;
pub mod grid;
pub mod limit;
pub mod mail;
pub mod people;
pub mod push;
pub mod reads;
pub mod schedule;
pub mod sessions;
pub mod site;
pub mod state;
pub mod store;

pub use state::AppState;
