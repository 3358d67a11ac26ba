//! Server functions, one module per area: thin wrappers that find out who is calling, ask a
//! service and hand back a typed error (with a 4xx/5xx status) or the result.
pub mod account;
pub mod auth;
pub mod camps;
pub mod grid;
pub mod schedule;
pub mod sessions;

pub use account::*;
pub use auth::*;
pub use camps::*;
pub use grid::*;
pub use schedule::*;
pub use sessions::*;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// Sets the HTTP status for an error result, so that clients and tests see 4xx, not 500.
#[cfg(feature = "ssr")]
pub(crate) fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(
                http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::BAD_REQUEST),
            );
        }
    }
    result
}

/// A checkbox arrives as "on" when ticked and is missing otherwise.
pub fn checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| v == "on" || v == "true")
}
