//! What every request handler and server function can reach.
use super::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Where campgrid is reached (`--public-url`): links, the CSRF check, cookie security.
    pub public_url: super::site::PublicUrl,
    pub leptos_options: leptos::prelude::LeptosOptions,
    pub login_limiter: super::limit::Limiter,
    /// Wrong invite tokens, per camp ([`super::limit::Limiter::for_invites`]).
    pub invite_limiter: super::limit::Limiter,
    /// Mails with links, per recipient ([`super::limit::Limiter::for_mails`]).
    pub mail_limiter: super::limit::Limiter,
    /// The secret invite links are derived from ([`super::invites`]).
    pub invite_key: super::invites::InviteKey,
    /// An SMTP relay, or the outbox when none is configured.
    pub mailer: super::mail::Mailer,
    pub push: std::sync::Arc<dyn super::push::Push>,
    /// Built schedules and rendered exports; `push` must be the hub `ScheduleCache::with_push`
    /// returned for it, so that changes invalidate it.
    pub schedule_cache: std::sync::Arc<super::schedule::cache::ScheduleCache>,
}

impl axum::extract::FromRef<AppState> for leptos::prelude::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state of the current server function call.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or(crate::error::AppError::Internal)
}
