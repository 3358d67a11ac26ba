//! The schedule as files: `schedule.ics` (whole camp, `?room=`, `?session=`), the frab
//! `schedule.xml` and `schedule.json`, the moderators' `schedule.csv`, and a person's
//! `agenda.ics?key=`. Exports come from the schedule cache with their gzip twin; every answer
//! carries a strong ETag (a hash of the bytes) and `If-None-Match` gets a 304.
use std::sync::Arc;

use app::domain::schedule::Schedule;
use app::error::AppError;
use app::server::access::{self, Caller};
use app::server::schedule::cache::Rendered;
use app::server::schedule::export::{self, ics::Scope, Links};
use app::server::AppState;
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

/// What an export handler answers: the file, or the status of an `AppError`.
type Answer = Result<Response, AppError>;

/// The camp's schedule; 404 for an unknown camp.
async fn open(state: &AppState, slug: &str) -> Result<(Uuid, Arc<Schedule>), AppError> {
    state
        .schedule_cache
        .schedule(&state.store, slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The schedule, if `caller` may read it (see `access::may_read`).
async fn readable(
    state: &AppState,
    caller: &Caller,
    slug: &str,
) -> Result<(Uuid, Arc<Schedule>), AppError> {
    let (camp, schedule) = open(state, slug).await?;
    access::check_reader(&state.store, caller, camp, schedule.camp.public).await?;
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
    caller: Caller,
    headers: HeaderMap,
) -> Answer {
    let (camp, schedule) = readable(&state, &caller, &slug).await?;
    let parse = |v: &str| Uuid::parse_str(v).ok();
    let (key, scope) = match (query.room.as_deref(), query.session.as_deref()) {
        (None, None) => ("ics".to_string(), Scope::Camp),
        (Some(room), None) => match parse(room) {
            Some(id) if schedule.room(id).is_some() => (format!("ics:room:{id}"), Scope::Room(id)),
            Some(_) => return Err(AppError::NotFound),
            None => return Ok(StatusCode::BAD_REQUEST.into_response()),
        },
        (None, Some(session)) => match parse(session) {
            Some(id) if schedule.session(id).is_some() => {
                (format!("ics:session:{id}"), Scope::Session(id))
            }
            Some(_) => return Err(AppError::NotFound),
            None => return Ok(StatusCode::BAD_REQUEST.into_response()),
        },
        (Some(_), Some(_)) => return Ok(StatusCode::BAD_REQUEST.into_response()),
    };
    let rendered = state
        .schedule_cache
        // Shared by every reader through the cache, so in the camp's language.
        .export(camp, &schedule, &key, |s| {
            export::ics::render(s, scope, export::CAMP_LANG)
        });
    Ok(reply(
        &headers,
        &rendered,
        ICS,
        cache_control(&schedule),
        &schedule,
        None,
    ))
}

async fn xml(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    caller: Caller,
    headers: HeaderMap,
) -> Answer {
    frab(state, slug, caller, headers, false).await
}

async fn json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    caller: Caller,
    headers: HeaderMap,
) -> Answer {
    frab(state, slug, caller, headers, true).await
}

async fn frab(
    state: AppState,
    slug: String,
    caller: Caller,
    headers: HeaderMap,
    json: bool,
) -> Answer {
    let (camp, schedule) = readable(&state, &caller, &slug).await?;
    // Links to the public URL, never to the request's Host header (the client chooses that).
    let links = Links {
        origin: state.public_url.origin(),
    };
    let (key, content_type) = if json { ("json", JSON) } else { ("xml", XML) };
    let rendered = state.schedule_cache.export(camp, &schedule, key, |s| {
        if json {
            export::json::render(s, &links)
        } else {
            export::frab::render(s, &links)
        }
    });
    Ok(reply(
        &headers,
        &rendered,
        content_type,
        cache_control(&schedule),
        &schedule,
        None,
    ))
}

/// Moderators of the camp only (the file is for planning, not for attendees).
async fn csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    caller: Caller,
    headers: HeaderMap,
) -> Answer {
    let (_, schedule) = open(&state, &slug).await?;
    access::moderator(&state, &caller, &slug).await?;
    let rendered = Rendered::new(export::csv::render(&schedule, caller.lang));
    let disposition = format!(
        "attachment; filename=\"{}-schedule.csv\"",
        schedule
            .camp
            .slug
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    );
    Ok(reply(
        &headers,
        &rendered,
        CSV,
        "private, max-age=60",
        &schedule,
        Some(disposition),
    ))
}

/// A person's starred sessions, for calendar apps that subscribe without a session cookie:
/// the secret key in the address stands for the person. 404 for an unknown or replaced key.
async fn agenda(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<KeyQuery>,
    caller: Caller,
    headers: HeaderMap,
) -> Answer {
    let (camp, schedule) = open(&state, &slug).await?;
    let key = query.key.unwrap_or_default();
    let person = export::agenda_owner(&state.store, camp, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let stars = state.store.stars(camp, person).await?;
    let scope = Scope::Agenda(&stars);
    let rendered = Rendered::new(export::ics::render(&schedule, scope, caller.lang));
    Ok(reply(
        &headers,
        &rendered,
        ICS,
        "private, max-age=300",
        &schedule,
        None,
    ))
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
