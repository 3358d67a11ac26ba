//! Who is calling and what they may do with a camp: the one place that decides it, for server
//! functions and pages (`Caller::current()`) and for plain axum handlers (`Caller` as an
//! extractor) alike. A rule added here holds on every route.
use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};
use http::header::{ACCEPT_LANGUAGE, COOKIE};
use http::request::Parts;
use http::{Extensions, HeaderMap};
use uuid::Uuid;

use super::auth::{sign_in_token, token_hash};
use super::schedule::clock;
use super::site::PublicUrl;
use super::store::{CampRow, MemberRow, PersonRow, Store};
use super::AppState;
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::Lang;

/// What a request says about its caller: the sign-in token (unchecked until `person`), the
/// language and the moment it asks about (the test clock, where enabled). Built once per
/// request by `identify`. No `Debug`: it holds a secret.
#[derive(Clone)]
pub struct Caller {
    sign_in: Option<String>,
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

impl Caller {
    /// The caller as the headers say, with the sign-in cookie `site` uses.
    pub fn from_headers(headers: &HeaderMap, site: &PublicUrl) -> Caller {
        let cookies = headers.get(COOKIE).and_then(|v| v.to_str().ok());
        Caller {
            sign_in: sign_in_token(site, cookies).map(str::to_string),
            ..Caller::signed_out(headers)
        }
    }

    /// Language and clock from the headers, and no sign-in.
    fn signed_out(headers: &HeaderMap) -> Caller {
        let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
        let cookies = header(COOKIE);
        Caller {
            sign_in: None,
            lang: Lang::for_request(cookies, header(ACCEPT_LANGUAGE)),
            now: clock::now_for(cookies),
        }
    }

    /// The caller `identify` put on a request; without it (a request that did not pass the
    /// router's middleware) nobody is signed in.
    pub fn of_request(extensions: &Extensions, headers: &HeaderMap) -> Caller {
        extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_else(|| Caller::signed_out(headers))
    }

    /// The caller of the current server function or render; nobody outside a request.
    pub fn current() -> Caller {
        match leptos::prelude::use_context::<Parts>() {
            Some(parts) => Caller::of_request(&parts.extensions, &parts.headers),
            None => Caller::signed_out(&HeaderMap::new()),
        }
    }

    /// Whether the request carries a sign-in cookie (valid or not: that takes a read).
    pub fn has_sign_in(&self) -> bool {
        self.sign_in.is_some()
    }

    /// The signed-in person, if the cookie names a live sign-in.
    pub async fn person(&self, store: &Store) -> Result<Option<PersonRow>, AppError> {
        match &self.sign_in {
            Some(token) => {
                let person = store.person_by_sign_in(&token_hash(token)).await?;
                if let Some(person) = &person {
                    keep_alive(store, token, person).await;
                }
                Ok(person)
            }
            None => Ok(None),
        }
    }

    pub async fn require_person(&self, store: &Store) -> Result<PersonRow, AppError> {
        self.person(store).await?.ok_or(AppError::Unauthorized)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Caller, Infallible> {
        Ok(Caller::of_request(&parts.extensions, &parts.headers))
    }
}

/// Middleware: reads the caller from the request once, for every layer and handler inside.
/// Its state is only the public URL (it decides the cookie's name), not the whole `AppState`.
pub async fn identify(State(site): State<PublicUrl>, mut req: Request, next: Next) -> Response {
    let caller = Caller::from_headers(req.headers(), &site);
    req.extensions_mut().insert(caller);
    next.run(req).await
}

/// Records that a sign-in of an account with a password was used, for its inactivity
/// timeout (the store's `SIGN_IN_LIVE`): at most one write every few minutes per sign-in, so
/// that reading costs no write. Sign-ins without a password have no inactivity timeout.
async fn keep_alive(store: &Store, token: &str, person: &PersonRow) {
    const EVERY_MINUTES: i64 = 5;
    let now = Utc::now();
    let stale = person
        .seen_at
        .is_none_or(|seen| now - seen > chrono::Duration::minutes(EVERY_MINUTES));
    if person.password_hash.is_some() && stale {
        // A failed touch costs at most a few minutes of the timeout: the read goes on.
        if let Err(e) = store.touch_sign_in(&token_hash(token), now).await {
            tracing::warn!(error = %e, "a sign-in's last use was not recorded");
        }
    }
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

/// The caller must be a current member of the camp at `slug`. The common case takes one read;
/// when that finds nothing, the separate reads tell a missing camp (404) from a missing
/// sign-in (401) and someone who is not (or no longer) a member (403).
pub async fn member(state: &AppState, caller: &Caller, slug: &str) -> Result<CampAccess, AppError> {
    if let Some(token) = &caller.sign_in {
        let found = state.store.member_access(slug, &token_hash(token)).await?;
        if let Some((camp, person, member)) = found {
            keep_alive(&state.store, token, &person).await;
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
    let person = caller.require_person(&state.store).await?;
    let member = current_membership(&state.store, camp.id, person.id)
        .await?
        .ok_or(AppError::Forbidden)?;
    Ok(CampAccess {
        camp,
        person,
        member,
    })
}

/// The caller must moderate the camp at `slug`.
pub async fn moderator(
    state: &AppState,
    caller: &Caller,
    slug: &str,
) -> Result<CampAccess, AppError> {
    let access = member(state, caller, slug).await?;
    if access.is_moderator() {
        Ok(access)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The rule for reading a camp's schedule, live channel and exports: a current member, or
/// anyone where the camp made its schedule public. Otherwise `Unauthorized` when signed out
/// and `Forbidden` when signed in.
pub fn may_read(public: bool, member: bool, signed_in: bool) -> Result<(), AppError> {
    match (public || member, signed_in) {
        (true, _) => Ok(()),
        (false, false) => Err(AppError::Unauthorized),
        (false, true) => Err(AppError::Forbidden),
    }
}

/// Who reads a camp: a current member, or anyone where the schedule is public.
pub struct Reader {
    pub camp: CampRow,
    /// `None` for an anonymous (or non-member) reader of a public schedule.
    pub member: Option<CampAccess>,
}

/// The caller's person and current membership of `camp`: `None` when signed out, a person
/// without a membership when signed in but not a member.
async fn membership_of(
    store: &Store,
    caller: &Caller,
    camp: Uuid,
) -> Result<Option<(PersonRow, Option<MemberRow>)>, AppError> {
    let Some(person) = caller.person(store).await? else {
        return Ok(None);
    };
    let member = current_membership(store, camp, person.id).await?;
    Ok(Some((person, member)))
}

/// Opens the camp at `slug` for reading by `caller` (see `may_read`).
pub async fn reader(state: &AppState, caller: &Caller, slug: &str) -> Result<Reader, AppError> {
    let camp = state
        .store
        .camp_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // An anonymous reader of a public schedule costs no further read.
    if camp.schedule_public && !caller.has_sign_in() {
        return Ok(Reader { camp, member: None });
    }
    let found = membership_of(&state.store, caller, camp.id).await?;
    let signed_in = found.is_some();
    let member = found.and_then(|(person, member)| {
        member.map(|member| CampAccess {
            camp: camp.clone(),
            person,
            member,
        })
    });
    may_read(camp.schedule_public, member.is_some(), signed_in)?;
    Ok(Reader { camp, member })
}

/// `may_read` for a camp known by id (the export handlers, which take the camp from the
/// schedule cache): public schedules cost no read.
pub async fn check_reader(
    store: &Store,
    caller: &Caller,
    camp: Uuid,
    public: bool,
) -> Result<(), AppError> {
    if public {
        return Ok(());
    }
    let found = membership_of(store, caller, camp).await?;
    let member = found.as_ref().is_some_and(|(_, m)| m.is_some());
    may_read(false, member, found.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_schedule_is_for_everyone_a_closed_one_for_members() {
        assert_eq!(may_read(true, false, false), Ok(()));
        assert_eq!(may_read(true, false, true), Ok(()));
        assert_eq!(may_read(false, true, true), Ok(()));
        assert_eq!(may_read(false, false, false), Err(AppError::Unauthorized));
        assert_eq!(may_read(false, false, true), Err(AppError::Forbidden));
    }

    #[test]
    fn the_caller_is_read_from_the_cookie_and_the_language_header() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            "a=b; campgrid_session=tok; campgrid_lang=en"
                .parse()
                .unwrap(),
        );
        headers.insert(ACCEPT_LANGUAGE, "de-DE".parse().unwrap());
        let plain = PublicUrl::parse("http://camp.example.de").unwrap();
        let caller = Caller::from_headers(&headers, &plain);
        assert!(caller.has_sign_in());
        assert_eq!(caller.sign_in.as_deref(), Some("tok"));
        assert_eq!(caller.lang, Lang::En);
        // Over https only the `__Host-` cookie counts: a plain one may have been planted.
        let https = PublicUrl::parse("https://camp.example.de").unwrap();
        assert!(!Caller::from_headers(&headers, &https).has_sign_in());
        let nobody = Caller::from_headers(&HeaderMap::new(), &plain);
        assert!(!nobody.has_sign_in());
        assert_eq!(nobody.lang, Lang::De);
    }
}
