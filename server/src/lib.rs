//! The axum side of campgrid: configuration, the router and start-up. `build_router` is what
//! both the binary and the HTTP tests use.
pub mod config;

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
use tower_http::set_header::SetResponseHeaderLayer;

/// Request bodies are small forms; anything larger is refused before it is read.
const BODY_LIMIT: usize = 64 * 1024;

pub fn build_router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let fallback_state = state.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/lang", post(set_lang))
        .route("/logout", post(logout))
        .route("/c/{slug}/events", get(camp_events))
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
        .layer(middleware::from_fn(csrf::guard))
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
        .with_state(state)
}

/// The live channel of a camp (server-sent events), for its members. Each event is a small
/// JSON hint with the camp's sequence number; a listener that fell behind gets `Resync`.
async fn camp_events(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    let Ok(Some(camp)) = state.store.camp_by_slug(&slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(Some(person)) = auth::person_from_cookie(&state.store, cookies).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match state.store.membership(camp.id, person.id).await {
        Ok(Some(m)) if m.removed_at.is_none() => {}
        _ => return StatusCode::FORBIDDEN.into_response(),
    }
    let events = live::Batches::new(state.push.subscribe(camp.id));
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        axum::body::Body::from_stream(events),
    )
        .into_response()
}

/// The body of a live channel. One vote reaches every open page of the camp, so under load a
/// channel's task wakes up to many waiting events: they go out as one body chunk (one write),
/// each in the `data:` framing of server-sent events, from the JSON the hub made once.
mod live {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use app::server::push::CampEvent;
    use axum::body::Bytes;
    use tokio::time::{Instant, Sleep};
    use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
    use tokio_stream::wrappers::BroadcastStream;
    use tokio_stream::Stream;

    /// A comment line this long after the last write keeps proxies from closing the channel.
    const KEEP_ALIVE: Duration = Duration::from_secs(15);
    /// Caps one chunk; the rest follows in the next.
    const MAX_CHUNK: usize = 64 * 1024;

    pub struct Batches {
        events: BroadcastStream<CampEvent>,
        last_write: Instant,
        keep_alive: Pin<Box<Sleep>>,
    }

    impl Batches {
        pub fn new(events: tokio::sync::broadcast::Receiver<CampEvent>) -> Batches {
            let now = Instant::now();
            Batches {
                events: BroadcastStream::new(events),
                last_write: now,
                keep_alive: Box::pin(tokio::time::sleep_until(now + KEEP_ALIVE)),
            }
        }
    }

    impl Stream for Batches {
        type Item = Result<Bytes, std::convert::Infallible>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let mut chunk: Vec<u8> = Vec::new();
            let mut closed = false;
            while chunk.len() < MAX_CHUNK {
                match Pin::new(&mut self.events).poll_next(cx) {
                    Poll::Ready(Some(Ok(event))) => {
                        chunk.extend_from_slice(b"data: ");
                        chunk.extend_from_slice(event.json().as_bytes());
                        chunk.extend_from_slice(b"\n\n");
                    }
                    Poll::Ready(Some(Err(BroadcastStreamRecvError::Lagged(_)))) => {
                        chunk.extend_from_slice(b"data: {\"kind\":\"Resync\"}\n\n");
                    }
                    Poll::Ready(None) => {
                        closed = true;
                        break;
                    }
                    Poll::Pending => break,
                }
            }
            if !chunk.is_empty() {
                // The keep-alive timer is not touched per write: when it fires, it looks at
                // `last_write` and sleeps on if something went out meanwhile.
                self.last_write = Instant::now();
                return Poll::Ready(Some(Ok(Bytes::from(chunk))));
            }
            if closed {
                return Poll::Ready(None);
            }
            loop {
                if self.keep_alive.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                let due = self.last_write + KEEP_ALIVE;
                if Instant::now() >= due {
                    let now = Instant::now();
                    self.last_write = now;
                    self.keep_alive.as_mut().reset(now + KEEP_ALIVE);
                    return Poll::Ready(Some(Ok(Bytes::from_static(b":\n\n"))));
                }
                self.keep_alive.as_mut().reset(due);
            }
        }
    }
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
    match auth::end_session(&state, cookies).await {
        Ok(cookie) => ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
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
