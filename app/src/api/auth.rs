//! Sign-in for moderators, the first-start setup, and who am I.
use leptos::prelude::*;

use crate::error::AppError;
use crate::view::SignedIn;

#[server(endpoint = "me")]
pub async fn me() -> Result<Option<SignedIn>, AppError> {
    use crate::server::{access::Caller, state::app_state};
    let state = app_state()?;
    let person = Caller::current().person(&state.store).await?;
    Ok(person.map(|p| SignedIn {
        display_name: p.display_name,
        is_moderator: p.is_moderator,
    }))
}

/// `code`: the second factor, asked for once the password is right where it is turned on.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, code: Option<String>) -> Result<(), AppError> {
    use crate::server::{people, state::app_state};
    let state = app_state()?;
    super::respond(people::login(&state, &email, &password, code.as_deref()).await)
}

#[server(endpoint = "setup_needed")]
pub async fn setup_needed() -> Result<bool, AppError> {
    use crate::server::state::app_state;
    Ok(!app_state()?.store.moderator_exists().await?)
}

#[server(endpoint = "setup")]
pub async fn setup(
    token: String,
    display_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use crate::server::{people, state::app_state};
    let state = app_state()?;
    super::respond(people::setup(&state, &token, &display_name, &email, &password).await)
}
