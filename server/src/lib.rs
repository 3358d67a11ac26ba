//! The axum side of campgrid: configuration, the router and start-up. `build_router` is what
//! both the binary and the HTTP tests use.
pub mod assets;
pub mod config;
pub mod demo;
mod exports;
mod live;
mod page_cache;

use app::error::AppError;
use app::server::access::{self, Caller};
use app::server::{auth, csrf, people, AppState};
use app::{shell, App};
use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::PropagateRequestIdLayer;
use tower_http::set_header::{SetRequestHeaderLayer, SetResponseHeaderLayer};
use tower_http::trace::TraceLayer;

/// Request bodies are small forms; anything larger is refused before it is read.
const BODY_LIMIT: usize = 64 * 1024;

/// The header that names a request in the log and in its answer.
const REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

/// A fresh id for every request. Always the server's own: an id sent by a client could make
/// log lines of different requests look like one.
fn new_request_id(_: &axum::extract::Request) -> Option<HeaderValue> {
    HeaderValue::from_str(&uuid::Uuid::new_v4().simple().to_string()).ok()
}

/// The span every log line of a request carries: its id, method and path. Never the query
/// (the agenda feed's key is a secret) or any other header (cookies).
fn request_span(req: &axum::extract::Request) -> tracing::Span {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
}

/// The router for `state`; fails only when the build's hash file cannot be read.
pub fn build_router(state: AppState) -> Result<Router, String> {
    let assets = assets::Assets::of(&state.leptos_options)?;
    let worker: std::sync::Arc<str> = assets.service_worker().into();
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let fallback_state = state.clone();
    let options = state.leptos_options.clone();
    let events = Events {
        app: state.clone(),
        live: std::sync::Arc::new(live::Live::new(state.push.clone())),
    };
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/sw.js", get(move || service_worker(worker.clone())))
        .route("/lang", post(set_lang))
        .route("/logout", post(logout))
        .route("/c/{slug}/events", get(camp_events).with_state(events))
        .merge(exports::routes())
        .merge(assets::routes(&state.leptos_options, &assets))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || provide_context(fallback_state.clone()), shell
        ))
        // Inside the compression layer, which leaves the pre-compressed pages as they are.
        .layer(middleware::from_fn_with_state(
            (state.clone(), page_cache::PageCache::default()),
            page_cache::schedule_page,
        ))
        .layer(middleware::from_fn(page_cache::html_policy))
        .layer(middleware::from_fn_with_state(
            state.public_url.clone(),
            csrf::guard,
        ))
        // Outside everything that asks who is calling (the page cache, the cache policy).
        .layer(middleware::from_fn_with_state(
            state.public_url.clone(),
            access::identify,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            hsts(&state),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestHeaderLayer::overriding(
            REQUEST_ID,
            new_request_id,
        ))
        .with_state(state);
    Ok(router)
}

/// Over https: browsers keep to https for a year (not `includeSubDomains`: the agency's other
/// hosts are not ours to decide). Over http nothing (`None` leaves the header out).
fn hsts(state: &AppState) -> Option<HeaderValue> {
    state
        .public_url
        .is_https()
        .then(|| HeaderValue::from_static("max-age=31536000"))
}

/// The state of the live channels' route: the app's, and the channels open on this router.
#[derive(Clone)]
struct Events {
    app: AppState,
    live: std::sync::Arc<live::Live>,
}

/// The live channel of a camp (server-sent events), for its members; readers of a public
/// schedule get only the events that change it. Each event is a small
/// JSON hint with the camp's sequence number; a listener that fell behind gets `Resync`.
async fn camp_events(
    State(state): State<Events>,
    Path(slug): Path<String>,
    caller: Caller,
) -> Result<Response, AppError> {
    let reader = access::reader(&state.app, &caller, &slug).await?;
    let events = match reader.member {
        Some(m) => axum::body::Body::from_stream(state.live.subscribe(reader.camp.id, m.person.id)),
        // Readers of a public schedule learn of publications, nothing of the board.
        None => axum::body::Body::from_stream(state.live.public_events(reader.camp.id)),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        events,
    )
        .into_response())
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, format!("ok {}\n", state.store.backend())).into_response(),
        Err(err) => {
            tracing::error!("healthz: {err}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct LangForm {
    lang: String,
}

/// Back to the page the form was on, but only on this site.
fn back(headers: &HeaderMap) -> String {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or_else(|| "/".into())
}

/// Remembers the reader's language choice for a year; works without JavaScript.
async fn set_lang(headers: HeaderMap, Form(form): Form<LangForm>) -> Response {
    let lang = app::i18n::Lang::from_code(&form.lang).unwrap_or_default();
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::i18n::LANG_COOKIE,
        lang.code()
    );
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&back(&headers)),
    )
        .into_response()
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    match auth::end_sign_in(&state, cookies).await {
        Ok(cookie) => ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// While no moderator exists: a new one-time setup token for the link `campgrid serve` prints.
pub async fn open_setup(state: &AppState) -> Result<Option<String>, String> {
    people::open_setup(state)
        .await
        .map_err(|e| e.summary().text(app::i18n::Lang::En).to_string())
}

/// Creates a moderator account from the command line.
pub async fn create_moderator(
    state: &AppState,
    name: &str,
    email: &str,
    password: &str,
) -> Result<(), String> {
    people::create_moderator(state, name, email, password)
        .await
        .map(|_| ())
        .map_err(|err| match err {
            app::error::AppError::Invalid(fields) => fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.msg.text(app::i18n::Lang::En)))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.summary().text(app::i18n::Lang::En).to_string(),
        })
}

/// The service worker that keeps the attendee views readable offline. Served from the root so
/// that its scope covers the whole site; never cached long, so a new release arrives.
async fn service_worker(script: std::sync::Arc<str>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        script.to_string(),
    )
        .into_response()
}
