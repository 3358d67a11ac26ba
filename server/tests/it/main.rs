//! The server's integration tests, one binary: each test file is a module here, so the whole
//! app is linked once for all of them, not once per file.
//!
//! - `store`, `grid_store`, `agenda_store`: the store on SQLite and on PostgreSQL;
//! - `http`, `grid_http`: the real router, on SQLite;
//! - `schedule_export`: the exports, checked with the tools and programs others use;
//! - `log`: what the server writes to its log.
mod accounts;
mod agenda_store;
mod common;
mod email_links;
mod grid_http;
mod grid_store;
mod http;
mod log;
mod schedule_export;
mod store;
