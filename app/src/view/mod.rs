//! What crosses the wire between the server and the browser: the values server functions
//! return, one module per area. Plain data (serde), no behaviour; `server/` builds them and
//! `pages/` and `components/` show them, and neither side reaches into the other for them.
pub mod auth;
pub mod camps;
pub mod grid;
pub mod schedule;
pub mod sessions;

pub use auth::*;
pub use camps::*;
pub use grid::*;
pub use schedule::*;
pub use sessions::*;
