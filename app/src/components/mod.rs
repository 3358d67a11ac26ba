//! View pieces used by several pages.
pub mod board;
pub mod camp_form;
pub mod camp_plan;
pub mod confirm;
pub mod focus;
pub mod form;
pub mod grid;
pub mod grid_panels;
pub mod layout;
pub mod live;
pub mod outbox;
pub mod removed_members;
pub mod schedule;
pub mod session_form;
