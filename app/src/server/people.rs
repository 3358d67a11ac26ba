//! Accounts: the first moderator, signing in and out.
use super::auth::{self, hash_password, verify_password};
use super::store::{NewPerson, StoreError};
use super::AppState;
use crate::domain::{validate_display_name, validate_email, validate_password};
use crate::error::AppError;
use crate::i18n::Msg;

/// Creates a moderator account (first-start page and `campgrid create-moderator`).
pub async fn create_moderator(
    state: &AppState,
    display_name: &str,
    email: &str,
    password: &str,
) -> Result<uuid::Uuid, AppError> {
    let mut errors = Vec::new();
    let display_name = validate_display_name(&mut errors, display_name);
    let email = validate_email(&mut errors, email);
    validate_password(&mut errors, password);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let hash = hash_password(password)?;
    let person = NewPerson {
        display_name: &display_name,
        email: Some(&email),
        password_hash: Some(&hash),
        is_moderator: true,
    };
    match state.store.create_person(person).await {
        Err(StoreError::Duplicate) => Err(AppError::field("email", Msg::ErrEmailTaken)),
        other => Ok(other?),
    }
}

/// The setup page works only while no moderator exists.
pub async fn setup(
    state: &AppState,
    display_name: &str,
    email: &str,
    password: &str,
) -> Result<(), AppError> {
    if state.store.moderator_exists().await? {
        return Err(AppError::Refused(Msg::ErrSetupClosed));
    }
    let id = create_moderator(state, display_name, email, password).await?;
    auth::set_cookie(&auth::start_sign_in(state, id).await?);
    Ok(())
}

pub async fn login(state: &AppState, email: &str, password: &str) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    if !state.login_limiter.allow(&email) {
        return Err(AppError::TooManyRequests);
    }
    let person = state.store.person_by_email(&email).await?;
    let verified = person
        .as_ref()
        .and_then(|p| p.password_hash.as_deref())
        .is_some_and(|h| verify_password(password, h));
    match person {
        Some(p) if verified => {
            state.login_limiter.reset(&email);
            auth::set_cookie(&auth::start_sign_in(state, p.id).await?);
            Ok(())
        }
        _ => Err(AppError::field("password", Msg::ErrLogin)),
    }
}
