//! Signing in: sign-ins in an HttpOnly cookie and argon2 password hashes. Who may do
//! what with a camp is decided in `access`.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use chrono::{Duration, Utc};
use http::header::SET_COOKIE;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::site::PublicUrl;
use super::AppState;
use crate::cookies::cookie_value;
use crate::error::AppError;

const SIGN_IN_DAYS: i64 = 30;

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

/// Only a hash of a sign-in token is stored: a leaked database does not sign anyone in.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The sign-in cookie (its name and `Secure` follow the public URL, see `site`).
fn sign_in_cookie(site: &PublicUrl, value: &str, max_age: i64) -> String {
    let name = site.sign_in_cookie();
    let secure = if site.is_https() { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Starts a sign-in for `person` from `device` (a coarse label, see [`device_label`]) and
/// returns the `Set-Cookie` value.
pub async fn start_sign_in(
    state: &AppState,
    person: Uuid,
    device: &str,
) -> Result<String, AppError> {
    let token = random_token();
    let expires = Utc::now() + Duration::days(SIGN_IN_DAYS);
    state
        .store
        .create_sign_in(&token_hash(&token), person, expires, device)
        .await?;
    Ok(sign_in_cookie(
        &state.public_url,
        &token,
        SIGN_IN_DAYS * 86_400,
    ))
}

/// Signs this browser in as `person` (sign-in, setup, joining, a mailed link, a device code):
/// a new sign-in token, and the one the browser held before ends, so that a token is never
/// carried across an authentication (ASVS 5.0 V7.2.4) and a planted cookie cannot outlive it.
pub async fn sign_in_as(state: &AppState, person: Uuid) -> Result<(), AppError> {
    if let Some(old) = this_sign_in(&state.public_url) {
        state.store.delete_sign_in(&old).await?;
    }
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    let agent = parts
        .as_ref()
        .and_then(|p| p.headers.get(http::header::USER_AGENT))
        .and_then(|v| v.to_str().ok());
    let device = device_label(agent.unwrap_or(""));
    set_cookie(&start_sign_in(state, person, &device).await?);
    Ok(())
}

/// "Firefox · Windows": enough to tell one's own sign-ins apart in their list, and all that
/// is kept of the User-Agent (written by hand: a full parser would keep, and need, more).
pub fn device_label(user_agent: &str) -> String {
    let has = |s: &str| user_agent.contains(s);
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(marker, _)| has(marker))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| has(marker))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => String::new(),
    }
}

/// Ends the sign-in named by the cookie header; returns the `Set-Cookie` that clears it.
pub async fn end_sign_in(
    state: &AppState,
    cookie_header: Option<&str>,
) -> Result<String, AppError> {
    if let Some(token) = sign_in_token(&state.public_url, cookie_header) {
        state.store.delete_sign_in(&token_hash(token)).await?;
    }
    Ok(sign_in_cookie(&state.public_url, "", 0))
}

/// The hash of the sign-in token the current request's browser sends, if any.
pub fn this_sign_in(site: &PublicUrl) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let cookies = parts.headers.get(http::header::COOKIE)?.to_str().ok();
    sign_in_token(site, cookies).map(token_hash)
}

/// The sign-in token in a `Cookie` request header.
pub fn sign_in_token<'a>(site: &PublicUrl, cookie_header: Option<&'a str>) -> Option<&'a str> {
    cookie_header.and_then(|h| cookie_value(h, site.sign_in_cookie()))
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
    }

    #[test]
    fn devices_are_named_coarsely() {
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device_label(firefox), "Firefox · Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(iphone), "Safari · iOS");
        let chrome = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
        assert_eq!(device_label(chrome), "Chrome · Android");
        assert_eq!(device_label("curl/8.0"), "");
    }

    #[test]
    fn over_https_the_sign_in_cookie_is_secure_and_host_only() {
        let https = PublicUrl::parse("https://camp.example.de").unwrap();
        assert_eq!(
            sign_in_cookie(&https, "t", 10),
            "__Host-campgrid_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=10; Secure"
        );
        let http = PublicUrl::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!(
            sign_in_cookie(&http, "t", 10),
            "campgrid_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=10"
        );
    }
}
