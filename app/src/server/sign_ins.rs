//! One's own sign-ins: the list with "end this one" and "sign out everywhere", and the
//! one-time code that signs in a second device as the same person (for camps without
//! addresses; where the camp knows the address, a mailed link does the same).
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::access::Caller;
use super::auth::{self, token_hash};
use super::store::{PersonRow, SignInRow, TokenPurpose};
use super::totp;
use super::AppState;
use crate::domain::{local_time, DEVICE_CODE_MINUTES};
use crate::error::AppError;
use crate::i18n::{format_date, Arg, Lang, Msg, Phrase};
use crate::view::{AccountView, DeviceCodeView, SignInView};

/// The zone the sign-in list shows times in: the camps' users work in Germany.
const TIME_ZONE: &str = "Europe/Berlin";
/// Device codes, `XXXX-XXXX-XXXX`, from letters and digits that are not confused when typed
/// (about 59 bits: guessing one of the few live codes within minutes is hopeless).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn when(lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&TIME_ZONE.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::UTC));
    let date = format_date(lang, local.date_naive());
    let time = local_time(at, TIME_ZONE);
    Phrase::DateTime.fill(lang, &[Arg::Text("date", &date), Arg::Text("time", &time)])
}

fn sign_in_view(lang: Lang, row: SignInRow, current: Option<&str>) -> SignInView {
    SignInView {
        current: current.is_some_and(|hash| hash.starts_with(&row.key)),
        key: row.key,
        device: row.device,
        started: when(lang, row.created_at),
        last_used: when(lang, row.last_seen_at.unwrap_or(row.created_at)),
    }
}

/// "Mein Konto" for the signed-in person.
pub async fn account_view(state: &AppState) -> Result<AccountView, AppError> {
    let caller = Caller::current();
    let person = caller.require_person(&state.store).await?;
    let current = auth::this_sign_in(&state.public_url);
    let rows = state.store.sign_ins_of(person.id).await?;
    let totp_on = state.store.totp(person.id).await?.totp_secret.is_some();
    let verified = state.store.has_verified_address(person.id).await?;
    let recovery_codes_left = if totp_on {
        state.store.recovery_codes_left(person.id).await?
    } else {
        0
    };
    Ok(AccountView {
        can_sign_in_again: can_sign_in_again(&person, verified),
        has_password: person.password_hash.is_some(),
        display_name: person.display_name,
        email: person.email,
        totp_on,
        recovery_codes_left,
        sign_ins: rows
            .into_iter()
            .map(|r| sign_in_view(caller.lang, r, current.as_deref()))
            .collect(),
    })
}

/// Closes the person's open live channels in every camp: each page reconnects, and only the
/// sign-ins that still hold get back in.
pub async fn close_live_channels(state: &AppState, person: Uuid) -> Result<(), AppError> {
    for camp in state.store.camps_of_person(person).await? {
        state.push.revoke(camp.camp.id, person);
    }
    Ok(())
}

/// Ends one of the caller's sign-ins (`key` from the list); ending this browser's own signs
/// it out. Returns whether it was this browser's.
pub async fn end_sign_in(state: &AppState, key: &str) -> Result<bool, AppError> {
    let person = Caller::current().require_person(&state.store).await?;
    let own = auth::this_sign_in(&state.public_url).is_some_and(|hash| hash.starts_with(key));
    let verified = state.store.has_verified_address(person.id).await?;
    if own && !can_sign_in_again(&person, verified) {
        return Err(AppError::Refused(Msg::ErrLastSignIn));
    }
    if !state.store.end_sign_in_of(person.id, key).await? {
        return Err(AppError::NotFound);
    }
    if own {
        auth::set_cookie(&auth::end_sign_in(state, None).await?);
    }
    close_live_channels(state, person.id).await?;
    Ok(own)
}

/// Whether `person` can sign in again after signing out: with a password, or by a mailed
/// link to a verified address. Without either, this browser's sign-in is the only way back
/// to their pitches and marks, so the page never offers to end it.
fn can_sign_in_again(person: &PersonRow, verified: bool) -> bool {
    person.password_hash.is_some() || verified
}

/// "Überall abmelden": every sign-in of the caller ends, this browser's too, where the
/// caller can sign in again; otherwise every other one. Returns whether this one ended.
pub async fn end_all(state: &AppState) -> Result<bool, AppError> {
    let person = Caller::current().require_person(&state.store).await?;
    let verified = state.store.has_verified_address(person.id).await?;
    let keep = (!can_sign_in_again(&person, verified))
        .then(|| auth::this_sign_in(&state.public_url))
        .flatten();
    state.store.end_sign_ins(person.id, keep.as_deref()).await?;
    if keep.is_none() {
        auth::set_cookie(&auth::end_sign_in(state, None).await?);
    }
    close_live_channels(state, person.id).await?;
    Ok(keep.is_none())
}

/// A new code (shown on this device) that signs another device in as the caller, once,
/// within a few minutes; an earlier code of the caller stops working.
pub async fn device_code(state: &AppState) -> Result<DeviceCodeView, AppError> {
    let person = Caller::current().require_person(&state.store).await?;
    // Accounts with a password sign in with it (and their second factor) on each device.
    if person.password_hash.is_some() {
        return Err(AppError::Refused(Msg::ErrDeviceCodeAccount));
    }
    let code = totp::random_code(CODE_ALPHABET, 3);
    let hash = token_hash(&totp::typed_code(&code));
    let expires = Utc::now() + Duration::minutes(DEVICE_CODE_MINUTES);
    state
        .store
        .add_person_token(&hash, person.id, TokenPurpose::Device, expires)
        .await?;
    let url = format!("{}/device?c={code}", state.public_url.origin());
    Ok(DeviceCodeView {
        qr_svg: totp::qr_svg(&url).ok_or(AppError::Internal)?,
        code,
        minutes: DEVICE_CODE_MINUTES,
    })
}

/// Wrong device codes, counted together: once too many fell into a minute, every code waits.
const DEVICE_LIMIT: &str = "device-codes";

/// Whose code this is, without using it up: the page asks "Als … anmelden?", so that a
/// link with someone else's code cannot sign this browser in as them unnoticed.
pub async fn device_code_owner(state: &AppState, code: &str) -> Result<String, AppError> {
    if state.invite_limiter.exhausted(DEVICE_LIMIT) {
        return Err(AppError::TooManyRequests);
    }
    let hash = token_hash(&totp::typed_code(code));
    let person = match state
        .store
        .person_token(&hash, TokenPurpose::Device)
        .await?
    {
        Some(id) => state.store.person_by_id(id).await?,
        None => None,
    };
    match person {
        Some(p) => Ok(p.display_name),
        None if !state.invite_limiter.allow(DEVICE_LIMIT) => Err(AppError::TooManyRequests),
        None => Err(AppError::Refused(Msg::ErrDeviceCode)),
    }
}

/// Signs this device in with a code from another (POST only, so that a link preview that
/// opens the QR code's address uses nothing up). Wrong codes are limited overall.
pub async fn use_device_code(state: &AppState, code: &str) -> Result<(), AppError> {
    if state.invite_limiter.exhausted(DEVICE_LIMIT) {
        return Err(AppError::TooManyRequests);
    }
    let hash = token_hash(&totp::typed_code(code));
    let person = state
        .store
        .take_person_token(&hash, TokenPurpose::Device)
        .await?;
    match person {
        Some(person) => auth::sign_in_as(state, person).await,
        None if !state.invite_limiter.allow(DEVICE_LIMIT) => Err(AppError::TooManyRequests),
        None => Err(AppError::field("code", Msg::ErrDeviceCode)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(totp::typed_code(" abcd-EFGH jkmn "), "ABCDEFGHJKMN");
    }

    #[test]
    fn times_are_shown_in_german_time() {
        let at = "2026-12-06T21:05:00Z".parse().unwrap();
        assert_eq!(when(Lang::De, at), "So. 06.12.2026, 22:05 Uhr");
        assert_eq!(when(Lang::En, at), "Sun, 6 Dec 2026, 22:05");
    }
}
