//! The schedule as files: `schedule.ics` (whole camp, `?room=`, `?session=`), the frab
//! `schedule.xml` and `schedule.json`, the moderators' `schedule.csv`, and a person's
//! `agenda.ics?key=`. Exports come from the schedule cache with their gzip twin; every answer
//! carries a strong ETag (a hash of the bytes) and `If-None-Match` gets a 304.
use std::sync::Arc;

use app::domain::schedule::Schedule;
use app::domain::Role;
use app::i18n::Lang;
use app::server::schedule::cache::Rendered;
use app::server::schedule::export::{self, ics::Scope, Links};
use app::server::{auth, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use uuid::Uuid;

const ICS: &str = "text/calendar; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
const JSON: &str = "application/json";
const CSV: &str = "text/csv; charset=utf-8";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/schedule.ics", get(ics))
        .route("/c/{slug}/schedule.xml", get(xml))
        .route("/c/{slug}/schedule.json", get(json))
        .route("/c/{slug}/schedule.csv", get(csv))
        .route("/c/{slug}/agenda.ics", get(agenda))
}

#[derive(serde::Deserialize)]
struct IcsQuery {
    room: Option<String>,
    session: Option<String>,
}

#[derive(serde::Deserialize)]
struct KeyQuery {
    key: Option<String>,
}

fn status(code: StatusCode) -> Response {
    code.into_response()
}

fn internal(err: impl std::fmt::Display) -> Response {
    tracing::error!("schedule export: {err}");
    status(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The camp's schedule and whether anyone may read it; 404 for an unknown camp.
async fn open(state: &AppState, slug: &str) -> Result<(Uuid, Arc<Schedule>), Response> {
    match state.schedule_cache.schedule(state, slug).await {
        Ok(Some(found)) => Ok(found),
        Ok(None) => Err(status(StatusCode::NOT_FOUND)),
        Err(err) => Err(internal(format!("{err:?}"))),
    }
}

/// The signed-in current member's role: 401 signed out, 403 for anyone else.
async fn member_role(state: &AppState, camp: Uuid, headers: &HeaderMap) -> Result<Role, Response> {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    let person = match auth::person_from_cookie(&state.store, cookies).await {
        Ok(Some(p)) => p,
        Ok(None) => return Err(status(StatusCode::UNAUTHORIZED)),
        Err(err) => return Err(internal(format!("{err:?}"))),
    };
    match auth::current_membership(&state.store, camp, person.id).await {
        Ok(Some(m)) => Ok(m.role()),
        Ok(None) => Err(status(StatusCode::FORBIDDEN)),
        Err(err) => Err(internal(format!("{err:?}"))),
    }
}

/// Public schedules for everyone, others for current members.
async fn readable(
    state: &AppState,
    slug: &str,
    headers: &HeaderMap,
) -> Result<(Uuid, Arc<Schedule>), Response> {
    let (camp, schedule) = open(state, slug).await?;
    if !schedule.camp.public {
        member_role(state, camp, headers).await?;
    }
    Ok((camp, schedule))
}

fn cache_control(schedule: &Schedule) -> &'static str {
    if schedule.camp.public {
        "public, max-age=60"
    } else {
        "private, max-age=60"
    }
}

async fn ics(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<IcsQuery>,
    headers: HeaderMap,
) -> Response {
    let (camp, schedule) = match readable(&state, &slug, &headers).await {
        Ok(found) => found,
        Err(res) => return res,
    };
    let parse = |v: &str| Uuid::parse_str(v).ok();
    let (key, scope) = match (query.room.as_deref(), query.session.as_deref()) {
        (None, None) => ("ics".to_string(), Scope::Camp),
        (Some(room), None) => match parse(room) {
            Some(id) if schedule.room(id).is_some() => (format!("ics:room:{id}"), Scope::Room(id)),
            Some(_) => return status(StatusCode::NOT_FOUND),
            None => return status(StatusCode::BAD_REQUEST),
        },
        (None, Some(session)) => match parse(session) {
            Some(id) if schedule.session(id).is_some() => {
                (format!("ics:session:{id}"), Scope::Session(id))
            }
            Some(_) => return status(StatusCode::NOT_FOUND),
            None => return status(StatusCode::BAD_REQUEST),
        },
        (Some(_), Some(_)) => return status(StatusCode::BAD_REQUEST),
    };
    let rendered = state
        .schedule_cache
        // Shared by every reader through the cache, so in the camp's language.
        .export(camp, &schedule, &key, |s| {
            export::ics::render(s, scope, export::CAMP_LANG)
        });
    reply(
        &headers,
        &rendered,
        ICS,
        cache_control(&schedule),
        &schedule,
        None,
    )
}

/// `https://host` of the request (scheme from the `--secure-cookies` setting); a missing or
/// odd Host header gives `localhost`.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{}", host.to_ascii_lowercase())
}

async fn xml(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    frab(state, slug, headers, false).await
}

async fn json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    frab(state, slug, headers, true).await
}

async fn frab(state: AppState, slug: String, headers: HeaderMap, json: bool) -> Response {
    let (camp, schedule) = match readable(&state, &slug, &headers).await {
        Ok(found) => found,
        Err(res) => return res,
    };
    let origin = origin(&state, &headers);
    let links = Links { origin: &origin };
    let (key, content_type) = if json {
        (format!("json|{origin}"), JSON)
    } else {
        (format!("xml|{origin}"), XML)
    };
    let rendered = state.schedule_cache.export(camp, &schedule, &key, |s| {
        if json {
            export::json::render(s, &links)
        } else {
            export::frab::render(s, &links)
        }
    });
    reply(
        &headers,
        &rendered,
        content_type,
        cache_control(&schedule),
        &schedule,
        None,
    )
}

/// Moderators of the camp only (the file is for planning, not for attendees).
async fn csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (camp, schedule) = match open(&state, &slug).await {
        Ok(found) => found,
        Err(res) => return res,
    };
    match member_role(&state, camp, &headers).await {
        Ok(Role::Moderator) => {}
        Ok(_) => return status(StatusCode::FORBIDDEN),
        Err(res) => return res,
    }
    let rendered = Rendered::new(export::csv::render(&schedule, reader_lang(&headers)));
    let disposition = format!(
        "attachment; filename=\"{}-schedule.csv\"",
        schedule
            .camp
            .slug
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    );
    reply(
        &headers,
        &rendered,
        CSV,
        "private, max-age=60",
        &schedule,
        Some(disposition),
    )
}

/// A person's starred sessions, for calendar apps that subscribe without a session cookie:
/// the secret key in the address stands for the person. 404 for an unknown or replaced key.
async fn agenda(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<KeyQuery>,
    headers: HeaderMap,
) -> Response {
    let (camp, schedule) = match open(&state, &slug).await {
        Ok(found) => found,
        Err(res) => return res,
    };
    let key = query.key.unwrap_or_default();
    let person = match export::agenda_owner(&state.store, camp, &key).await {
        Ok(Some(person)) => person,
        Ok(None) => return status(StatusCode::NOT_FOUND),
        Err(err) => return internal(err),
    };
    let stars = match state.store.stars(camp, person).await {
        Ok(stars) => stars,
        Err(err) => return internal(err),
    };
    let lang = reader_lang(&headers);
    let rendered = Rendered::new(export::ics::render(&schedule, Scope::Agenda(&stars), lang));
    reply(
        &headers,
        &rendered,
        ICS,
        "private, max-age=300",
        &schedule,
        None,
    )
}

/// Whether the client takes gzip (`gzip`/`x-gzip`, or `*`, with a q above 0).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut gzip = None;
    let mut any = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for part in value.split(',') {
            let mut params = part.split(';');
            let coding = params.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = params
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match coding.as_str() {
                "gzip" | "x-gzip" => gzip = Some(q > 0.0),
                "*" => any = Some(q > 0.0),
                _ => {}
            }
        }
    }
    gzip.or(any).unwrap_or(false)
}

/// `If-None-Match` lists this export's tag (in either encoding; compared weakly, as RFC 9110
/// asks for this header).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| {
            let t = t.strip_prefix("W/").unwrap_or(t);
            t == "*"
                || t.strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .is_some_and(|t| t == etag || t.strip_suffix("-gz") == Some(etag))
        })
}

fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn reply(
    headers: &HeaderMap,
    rendered: &Rendered,
    content_type: &'static str,
    cache_control: &'static str,
    schedule: &Schedule,
    disposition: Option<String>,
) -> Response {
    let mut res = send(
        headers,
        rendered,
        content_type,
        cache_control,
        "Accept-Encoding",
    );
    let h = res.headers_mut();
    if let Some(at) = schedule.published_at {
        if let Ok(v) = HeaderValue::from_str(&http_date(at)) {
            h.insert(header::LAST_MODIFIED, v);
        }
    }
    if let Some(v) = disposition.and_then(|d| HeaderValue::from_str(&d).ok()) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// Sends a rendered body: gzip-compressed when the client takes it, 304 when its
/// `If-None-Match` has the tag, with the strong ETag of the encoding sent.
pub(crate) fn send(
    headers: &HeaderMap,
    rendered: &Rendered,
    content_type: &'static str,
    cache_control: &'static str,
    vary: &'static str,
) -> Response {
    let gzip = accepts_gzip(headers);
    let etag = if gzip {
        format!("\"{}-gz\"", rendered.etag)
    } else {
        format!("\"{}\"", rendered.etag)
    };
    let unchanged = not_modified(headers, &rendered.etag);
    let mut res = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else if gzip {
        let mut res = rendered.gzip.clone().into_response();
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        res
    } else {
        rendered.body.clone().into_response()
    };
    let h = res.headers_mut();
    if !unchanged {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    h.insert(header::VARY, HeaderValue::from_static(vary));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}

/// The language of a file made for one reader: their explicit choice (cookie), else what their
/// browser or calendar app asks for, else German.
fn reader_lang(headers: &HeaderMap) -> Lang {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    Lang::for_request(header(header::COOKIE), header(header::ACCEPT_LANGUAGE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn gzip_acceptance_follows_q_values() {
        let ae = |v| accepts_gzip(&with(header::ACCEPT_ENCODING, v));
        assert!(ae("gzip, deflate, br"));
        assert!(ae("br;q=1.0, gzip;q=0.8"));
        assert!(!ae("gzip;q=0"));
        assert!(!ae("gzip;q=0, *"));
        assert!(ae("*"));
        assert!(!ae("br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn if_none_match_compares_weakly_in_both_encodings() {
        let inm = |v| not_modified(&with(header::IF_NONE_MATCH, v), "abc");
        assert!(inm("\"abc\""));
        assert!(inm("W/\"abc\""));
        assert!(inm("\"x\", \"abc-gz\""));
        assert!(inm("*"));
        assert!(!inm("\"abcd\""));
        assert!(!inm("abc"));
    }
}
