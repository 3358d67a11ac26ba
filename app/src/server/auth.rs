//! Who is calling: sign-in sessions in an HttpOnly cookie, argon2 password hashes, and the
//! role checks every server function goes through.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use chrono::{Duration, Utc};
use http::header::{COOKIE, SET_COOKIE};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::store::{CampRow, MemberRow, PersonRow, Store};
use super::AppState;
use crate::domain::{cookie_value, Role};
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "campgrid_session";
const SESSION_DAYS: i64 = 30;

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::Internal)
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh unguessable token (256 bits, URL-safe).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Only a hash of a session token is stored: a leaked database does not sign anyone in.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn session_cookie(value: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Starts a sign-in session for `person` and returns the `Set-Cookie` value.
pub async fn start_session(state: &AppState, person: Uuid) -> Result<String, AppError> {
    let token = random_token();
    let expires = Utc::now() + Duration::days(SESSION_DAYS);
    state
        .store
        .create_auth_session(&token_hash(&token), person, expires)
        .await?;
    Ok(session_cookie(
        &token,
        SESSION_DAYS * 86_400,
        state.secure_cookies,
    ))
}

/// Ends the session named by the cookie header; returns the `Set-Cookie` that clears it.
pub async fn end_session(
    state: &AppState,
    cookie_header: Option<&str>,
) -> Result<String, AppError> {
    if let Some(token) = session_token(cookie_header) {
        state.store.delete_auth_session(&token_hash(token)).await?;
    }
    Ok(session_cookie("", 0, state.secure_cookies))
}

/// The sign-in token in a `Cookie` request header.
pub fn session_token(cookie_header: Option<&str>) -> Option<&str> {
    cookie_header.and_then(|h| cookie_value(h, SESSION_COOKIE))
}

pub async fn person_from_cookie(
    store: &Store,
    cookie_header: Option<&str>,
) -> Result<Option<PersonRow>, AppError> {
    match session_token(cookie_header) {
        Some(token) => Ok(store.person_by_session(&token_hash(token)).await?),
        None => Ok(None),
    }
}

/// The `Cookie` header of the request behind the current server function or render.
pub fn request_cookies() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get(COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Sends a `Set-Cookie` with the response of the current server function.
pub fn set_cookie(cookie: &str) {
    if let (Some(res), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(cookie),
    ) {
        res.append_header(SET_COOKIE, value);
    }
}

/// The signed-in person of the current call, if any.
pub async fn current_person(state: &AppState) -> Result<Option<PersonRow>, AppError> {
    person_from_cookie(&state.store, request_cookies().as_deref()).await
}

pub async fn require_person(state: &AppState) -> Result<PersonRow, AppError> {
    current_person(state).await?.ok_or(AppError::Unauthorized)
}

/// A camp and the caller's membership in it, for role checks.
pub struct CampAccess {
    pub camp: CampRow,
    pub person: PersonRow,
    pub member: MemberRow,
}

impl CampAccess {
    pub fn is_moderator(&self) -> bool {
        self.member.role() == Role::Moderator
    }
}

/// `person`'s membership of `camp` while it lasts (`None` also once they were removed).
pub async fn current_membership(
    store: &Store,
    camp: Uuid,
    person: Uuid,
) -> Result<Option<MemberRow>, AppError> {
    Ok(store
        .membership(camp, person)
        .await?
        .filter(|m| m.removed_at.is_none()))
}

/// The caller must be a current member of the camp.
pub async fn require_member(state: &AppState, camp: CampRow) -> Result<CampAccess, AppError> {
    let person = require_person(state).await?;
    let member = current_membership(&state.store, camp.id, person.id)
        .await?
        .ok_or(AppError::Forbidden)?;
    Ok(CampAccess {
        camp,
        person,
        member,
    })
}

/// The caller's access to the camp at `slug`. The common case takes one read; when that
/// finds nothing, the separate reads tell a missing camp (404) from a missing sign-in (401)
/// and someone who is not (or no longer) a member (403).
pub async fn member(state: &AppState, slug: &str) -> Result<CampAccess, AppError> {
    let cookies = request_cookies();
    if let Some(token) = session_token(cookies.as_deref()) {
        let found = state.store.member_access(slug, &token_hash(token)).await?;
        if let Some((camp, person, member)) = found {
            return Ok(CampAccess {
                camp,
                person,
                member,
            });
        }
    }
    let camp = state
        .store
        .camp_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    require_member(state, camp).await
}

/// The caller must moderate the camp at `slug`.
pub async fn moderator(state: &AppState, slug: &str) -> Result<CampAccess, AppError> {
    let access = member(state, slug).await?;
    if access.is_moderator() {
        Ok(access)
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_unique_and_hashed() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert!(
            session_cookie("t", 10, true).contains("HttpOnly; SameSite=Lax; Max-Age=10; Secure")
        );
    }
}
