//! Accounts with a password (moderators) at ASVS 5.0 level 2: the second factor at sign-in,
//! re-authentication before a change of password, address or second factor, and resetting a
//! forgotten password by a mailed link. Sign-ins and devices are in `sign_ins`.
use chrono::{Duration, Utc};
use uuid::Uuid;

use super::access::Caller;
use super::auth::{self, hash_password, random_token, token_hash, verify_password};
use super::mail::Mail;
use super::passwords::check_password;
use super::sign_ins::close_live_channels;
use super::store::{PersonRow, StoreError, TokenPurpose};
use super::totp;
use super::AppState;
use crate::domain::{validate_email, validate_password, EMAIL_LINK_MINUTES};
use crate::error::{AppError, FieldError};
use crate::i18n::{Arg, Lang, Msg, Phrase};
use crate::view::TotpSetupView;

fn unix_now() -> u64 {
    Utc::now().timestamp().max(0) as u64
}

/// The second factor of `person`, if they turned it on: `code` must be the current TOTP code
/// (each one works once) or one of their recovery codes (used up by it).
pub async fn second_factor(
    state: &AppState,
    person: Uuid,
    code: Option<&str>,
) -> Result<(), AppError> {
    let row = state.store.totp(person).await?;
    let Some(secret) = row.totp_secret else {
        return Ok(());
    };
    if row
        .totp_locked_until
        .is_some_and(|until| until > Utc::now())
    {
        return Err(AppError::TooManyRequests);
    }
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let Some(code) = code else {
        return Err(AppError::field("code", Msg::ErrCodeNeeded));
    };
    let accepted = match totp::normalise_code(code) {
        Some(digits) => match totp::matching_step(&secret, &digits, unix_now()) {
            Some(step) => state.store.use_totp_step(person, step).await?,
            None => false,
        },
        None => {
            let hash = token_hash(&totp::typed_code(code));
            state.store.use_recovery_code(person, &hash).await?
        }
    };
    if accepted {
        state.store.totp_succeeded(person).await?;
        Ok(())
    } else {
        state.store.totp_failed(person).await?;
        Err(AppError::field("code", Msg::ErrCodeWrong))
    }
}

/// The signed-in person, who must have a password.
async fn account(state: &AppState) -> Result<PersonRow, AppError> {
    let person = Caller::current().require_person(&state.store).await?;
    if person.password_hash.is_none() {
        return Err(AppError::Forbidden);
    }
    Ok(person)
}

/// Full re-authentication before a sensitive change (ASVS 5.0 V7.5.1): the current password
/// and, where turned on, the second factor. Wrong attempts count against the sign-in limit,
/// so that a stolen sign-in cannot be used to guess the password.
async fn reauthenticate(
    state: &AppState,
    person: &PersonRow,
    password: &str,
    code: Option<&str>,
) -> Result<(), AppError> {
    let key = person.email.clone().unwrap_or_default();
    if !state.login_limiter.allow(&key) {
        return Err(AppError::TooManyRequests);
    }
    let hash = person.password_hash.as_deref().unwrap_or("");
    if !verify_password(password, hash) {
        return Err(AppError::field("current_password", Msg::ErrPasswordWrong));
    }
    second_factor(state, person.id, code).await?;
    state.login_limiter.reset(&key);
    Ok(())
}

/// A new password, checked for length, commonness and this person's own words.
fn new_password_hash(person: &PersonRow, field: &str, password: &str) -> Result<String, AppError> {
    let mut errors = Vec::new();
    validate_password(&mut errors, password);
    for e in &mut errors {
        e.field = field.to_string();
    }
    let email = person.email.as_deref().unwrap_or("");
    let local = email.split('@').next().unwrap_or("");
    check_password(
        &mut errors,
        field,
        password,
        &[email, local, &person.display_name],
    );
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    hash_password(password)
}

/// Ends every sign-in of `person` but this browser's, and closes their live channels.
async fn end_other_sign_ins(state: &AppState, person: Uuid) -> Result<(), AppError> {
    let keep = auth::this_sign_in(&state.public_url);
    state.store.end_sign_ins(person, keep.as_deref()).await?;
    close_live_channels(state, person).await
}

/// Tells the account's address that its sign-in details changed (ASVS 5.0 V6.3.7): whoever
/// did not do it learns of it. A failing relay does not undo the change.
async fn notify(state: &AppState, to: &str, what: Phrase) {
    let lang = Caller::current().lang;
    let what = what.fill(lang, &[]);
    let origin = state.public_url.origin();
    let args = [Arg::Text("what", &what), Arg::Text("link", origin)];
    let mail = Mail::compose(
        lang,
        to,
        (Phrase::MailChangedSubject, Phrase::MailChangedBody),
        &args,
        origin,
    );
    if let Err(e) = state.mailer.send(mail).await {
        tracing::warn!(error = %e, "a notice of a changed account was not sent");
    }
}

/// Changes the password (the old one and the second factor first); every other sign-in ends.
pub async fn change_password(
    state: &AppState,
    current: &str,
    new: &str,
    code: Option<&str>,
) -> Result<(), AppError> {
    let person = account(state).await?;
    // The new password is checked first: a refused one must not use up the TOTP code.
    let hash = new_password_hash(&person, "new_password", new)?;
    reauthenticate(state, &person, current, code).await?;
    let keep = auth::this_sign_in(&state.public_url);
    state
        .store
        .set_password(person.id, &hash, keep.as_deref())
        .await?;
    close_live_channels(state, person.id).await?;
    if let Some(email) = &person.email {
        notify(state, email, Phrase::ChangedPassword).await;
    }
    Ok(())
}

/// Changes the sign-in address (after re-authentication); the old address is told.
pub async fn change_email(
    state: &AppState,
    email: &str,
    current: &str,
    code: Option<&str>,
) -> Result<(), AppError> {
    let person = account(state).await?;
    let mut errors = Vec::new();
    let email = validate_email(&mut errors, email);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    reauthenticate(state, &person, current, code).await?;
    match state.store.set_email(person.id, &email).await {
        Err(StoreError::Duplicate) => return Err(AppError::field("email", Msg::ErrEmailTaken)),
        other => other?,
    }
    if let Some(old) = person.email.as_deref().filter(|old| *old != email) {
        notify(state, old, Phrase::ChangedEmail).await;
    }
    Ok(())
}

/// Starts setting up TOTP: a new secret, kept as pending until a code from it is confirmed.
/// A second factor that is on is turned off first (with itself), never replaced.
pub async fn begin_totp(state: &AppState) -> Result<TotpSetupView, AppError> {
    let person = account(state).await?;
    if state.store.totp(person.id).await?.totp_secret.is_some() {
        return Err(AppError::Conflict(Msg::ErrTotpOn));
    }
    let secret = totp::new_secret();
    state.store.set_totp_pending(person.id, &secret).await?;
    let url = totp::setup_url(&secret, person.email.as_deref().unwrap_or(""))
        .ok_or(AppError::Internal)?;
    Ok(TotpSetupView {
        qr_svg: totp::qr_svg(&url).ok_or(AppError::Internal)?,
        // In groups of four, as apps show it and people type it.
        secret: secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
    })
}

/// Turns TOTP on once a code from the pending secret works, after re-authentication with the
/// password (a stolen sign-in must not put its own app on the account); the other sign-ins
/// end. Returns the recovery codes, shown this once (only their hashes are kept).
pub async fn enable_totp(
    state: &AppState,
    current: &str,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let person = account(state).await?;
    let pending = state.store.totp(person.id).await?.totp_pending;
    let Some(secret) = pending else {
        return Err(AppError::Conflict(Msg::ErrTotpNotStarted));
    };
    let step = totp::normalise_code(code)
        .and_then(|digits| totp::matching_step(&secret, &digits, unix_now()))
        .ok_or_else(|| AppError::field("code", Msg::ErrCodeWrong))?;
    reauthenticate(state, &person, current, None).await?;
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| token_hash(&totp::typed_code(c)))
        .collect();
    if !state
        .store
        .enable_totp(person.id, &secret, step, &hashes)
        .await?
    {
        return Err(AppError::Conflict(Msg::ErrTotpNotStarted));
    }
    end_other_sign_ins(state, person.id).await?;
    if let Some(email) = &person.email {
        notify(state, email, Phrase::ChangedTotpOn).await;
    }
    Ok(codes)
}

/// Turns TOTP off, after re-authentication with it.
pub async fn disable_totp(state: &AppState, current: &str, code: &str) -> Result<(), AppError> {
    let person = account(state).await?;
    reauthenticate(state, &person, current, Some(code)).await?;
    state.store.disable_totp(person.id).await?;
    end_other_sign_ins(state, person.id).await?;
    if let Some(email) = &person.email {
        notify(state, email, Phrase::ChangedTotpOff).await;
    }
    Ok(())
}

/// Mails a reset link to `email` if it is an account with a password. Answers the same
/// either way, so that the form tells nobody which addresses have accounts; returns the
/// address as read, for the page to say where the link went.
pub async fn request_reset(state: &AppState, email: &str) -> Result<String, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let email = validate_email(&mut errors, email);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !state.mail_limiter.allow(&email) {
        return Err(AppError::TooManyRequests);
    }
    // The link is made and mailed after the answer, so that neither its time nor a failing
    // relay tells whether the address has an account.
    let lang = Caller::current().lang;
    let (state, address) = (state.clone(), email.clone());
    tokio::spawn(async move {
        if let Err(e) = mail_reset_link(&state, lang, &address).await {
            tracing::warn!(error = ?e, "a reset link was not sent");
        }
    });
    Ok(email)
}

async fn mail_reset_link(state: &AppState, lang: Lang, email: &str) -> Result<(), AppError> {
    let person = state.store.person_by_email(email).await?;
    let Some(person) = person.filter(|p| p.password_hash.is_some()) else {
        return Ok(());
    };
    let token = random_token();
    let expires = Utc::now() + Duration::minutes(EMAIL_LINK_MINUTES);
    state
        .store
        .add_person_token(
            &token_hash(&token),
            person.id,
            TokenPurpose::PasswordReset,
            expires,
        )
        .await?;
    let link = format!("{}/reset?t={token}", state.public_url.origin());
    let args = [
        Arg::Num("minutes", EMAIL_LINK_MINUTES),
        Arg::Text("link", &link),
    ];
    let phrases = (Phrase::MailResetSubject, Phrase::MailResetBody);
    let mail = Mail::compose(lang, email, phrases, &args, &link);
    state.mailer.send(mail).await.map_err(|e| {
        tracing::warn!(error = %e, "a mail with a reset link was not sent");
        AppError::Unavailable(Msg::ErrMailFailed)
    })
}

/// Whether a reset link is valid, for the page that asks before the POST (uses nothing up).
pub async fn reset_info(state: &AppState, token: &str) -> Result<(), AppError> {
    state
        .store
        .person_token(&token_hash(token), TokenPurpose::PasswordReset)
        .await?
        .map(|_| ())
        .ok_or(AppError::Refused(Msg::ErrResetLinkInvalid))
}

/// Sets a new password with a reset link (POST only): the link is used up, and every sign-in
/// of the account ends. It signs nobody in: the sign-in that follows asks for the second
/// factor, which a mailed link must not replace.
pub async fn reset_password(state: &AppState, token: &str, password: &str) -> Result<(), AppError> {
    let hash = token_hash(token);
    let person = state
        .store
        .person_token(&hash, TokenPurpose::PasswordReset)
        .await?;
    let person = match person {
        Some(id) => state.store.person_by_id(id).await?,
        None => None,
    }
    .ok_or(AppError::Refused(Msg::ErrResetLinkInvalid))?;
    // Checked before the link is used up, so that a refused password can be corrected.
    let new_hash = new_password_hash(&person, "password", password)?;
    let taken = state
        .store
        .take_person_token(&hash, TokenPurpose::PasswordReset)
        .await?;
    if taken != Some(person.id) {
        return Err(AppError::Refused(Msg::ErrResetLinkInvalid));
    }
    state.store.set_password(person.id, &new_hash, None).await?;
    close_live_channels(state, person.id).await?;
    if let Some(email) = &person.email {
        notify(state, email, Phrase::ChangedPassword).await;
    }
    Ok(())
}
