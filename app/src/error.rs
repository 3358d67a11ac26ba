//! The one error type the UI sees. Services map their failures into it once; the UI translates
//! it through `Msg`, and the server turns it into a 4xx/5xx status.
use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// A message attached to one form field (by its `name`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &str, msg: Msg) -> Self {
        FieldError {
            field: field.to_string(),
            msg,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict(Msg),
    /// Refused for a reason the person should read (invalid invitation, removed, ...).
    #[error("refused")]
    Refused(Msg),
    #[error("too many requests")]
    TooManyRequests,
    /// Something we depend on (the mail relay) failed; trying again later may work.
    #[error("unavailable")]
    Unavailable(Msg),
    #[error("internal error")]
    Internal,
    /// Transport failures (network, decoding) on the way to or from a server function.
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn field(field: &str, msg: Msg) -> Self {
        AppError::Invalid(vec![FieldError::new(field, msg)])
    }

    /// The message for a field, if this error carries one for it.
    pub fn field_msg(&self, field: &str) -> Option<Msg> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == field).map(|e| e.msg),
            _ => None,
        }
    }

    /// The message shown above a form (field errors are shown at their fields).
    pub fn summary(&self) -> Msg {
        match self {
            AppError::Invalid(_) => Msg::ErrForm,
            AppError::Unauthorized => Msg::ErrUnauthorized,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Conflict(msg) | AppError::Refused(msg) | AppError::Unavailable(msg) => *msg,
            AppError::TooManyRequests => Msg::ErrTooManyRequests,
            AppError::Internal => Msg::ErrInternal,
            AppError::Transport(_) => Msg::ErrNetwork,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::Unauthorized => 401,
            AppError::Forbidden | AppError::Refused(_) => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests => 429,
            AppError::Internal => 500,
            AppError::Unavailable(_) => 503,
            AppError::Transport(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// Plain axum handlers (exports, the live channel) return `Result<_, AppError>`: the status
/// alone, as the old hand-written answers did; the page or the client says what it means.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
            .into_response()
    }
}
