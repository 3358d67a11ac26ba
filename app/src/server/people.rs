//! Accounts: the first moderator, signing in and out.
use super::account::second_factor;
use super::auth::{self, hash_password, verify_password};
use super::passwords::check_password;
use super::store::{NewPerson, StoreError};
use super::AppState;
use crate::domain::{validate_display_name, validate_email, validate_password};
use crate::error::AppError;
use crate::i18n::Msg;

/// How long a printed setup link works; a restart prints a new one.
const SETUP_LINK_HOURS: i64 = 24;

/// Creates a moderator account (`campgrid create-moderator`).
pub async fn create_moderator(
    state: &AppState,
    display_name: &str,
    email: &str,
    password: &str,
) -> Result<uuid::Uuid, AppError> {
    let fields = ModeratorFields::checked(display_name, email, password)?;
    match state.store.create_person(fields.person()).await {
        Err(StoreError::Duplicate) => Err(AppError::field("email", Msg::ErrEmailTaken)),
        other => Ok(other?),
    }
}

/// A moderator's checked name and address, and the password's hash.
struct ModeratorFields {
    display_name: String,
    email: String,
    hash: String,
}

impl ModeratorFields {
    fn checked(display_name: &str, email: &str, password: &str) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let display_name = validate_display_name(&mut errors, display_name);
        let email = validate_email(&mut errors, email);
        validate_password(&mut errors, password);
        let local = email.split('@').next().unwrap_or("");
        check_password(
            &mut errors,
            "password",
            password,
            &[&email, local, &display_name],
        );
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let hash = hash_password(password)?;
        Ok(ModeratorFields {
            display_name,
            email,
            hash,
        })
    }

    fn person(&self) -> NewPerson<'_> {
        NewPerson {
            display_name: &self.display_name,
            email: Some(&self.email),
            password_hash: Some(&self.hash),
            is_moderator: true,
        }
    }
}

/// On start: while no moderator exists, a new one-time setup token (its hash is stored) for
/// the link `campgrid serve` prints. Whoever reaches the server first cannot take it over
/// without that link.
pub async fn open_setup(state: &AppState) -> Result<Option<String>, AppError> {
    if state.store.moderator_exists().await? {
        return Ok(None);
    }
    let token = auth::random_token();
    state
        .store
        .add_setup_token(&auth::token_hash(&token))
        .await?;
    Ok(Some(token))
}

/// The first-start page: the first moderator, with the printed setup token, signed in at once.
pub async fn setup(
    state: &AppState,
    token: &str,
    display_name: &str,
    email: &str,
    password: &str,
) -> Result<(), AppError> {
    if state.store.moderator_exists().await? {
        return Err(AppError::Refused(Msg::ErrSetupClosed));
    }
    let fields = ModeratorFields::checked(display_name, email, password)?;
    let valid_from = chrono::Utc::now() - chrono::Duration::hours(SETUP_LINK_HOURS);
    let created = state
        .store
        .create_first_moderator(&auth::token_hash(token), valid_from, fields.person())
        .await;
    match created {
        Ok(Some(id)) => {
            auth::sign_in_as(state, id).await?;
            Ok(())
        }
        Ok(None) if state.store.moderator_exists().await? => {
            Err(AppError::Refused(Msg::ErrSetupClosed))
        }
        Ok(None) => Err(AppError::Refused(Msg::ErrSetupLink)),
        Err(StoreError::Duplicate) => Err(AppError::field("email", Msg::ErrEmailTaken)),
        Err(e) => Err(e.into()),
    }
}

/// Signs in with address and password, and the second factor where it is on (`code`: a
/// TOTP or recovery code). A right password with a missing code asks for the code.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    code: Option<&str>,
) -> Result<(), AppError> {
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
            second_factor(state, p.id, code).await?;
            state.login_limiter.reset(&email);
            auth::sign_in_as(state, p.id).await?;
            Ok(())
        }
        _ => Err(AppError::field("password", Msg::ErrLogin)),
    }
}
