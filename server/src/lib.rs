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

/// The body of a live channel. One vote reaches every open page of the camp, so each event
/// going out on its own costs a wake-up and a socket write per page and vote (thousands per
/// second in a busy camp). Instead the first event after a quiet spell opens a short window;
/// what has come by its end goes out as one body chunk (one write), each event in the `data:`
/// framing of server-sent events, from the JSON the hub made once. The order and sequence
/// numbers are untouched, so pages still see every event or notice the gap.
mod live {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use app::server::push::CampEvent;
    use axum::body::Bytes;
    use tokio::sync::broadcast::error::{RecvError, TryRecvError};
    use tokio::sync::broadcast::Receiver;
    use tokio::time::{Instant, Sleep};
    use tokio_stream::Stream;

    /// How long events gather before they go out together: the live delay a reader may see
    /// on top of the vote itself.
    const WINDOW: Duration = Duration::from_millis(50);
    /// A comment line this long after the last write keeps proxies from closing the channel.
    const KEEP_ALIVE: Duration = Duration::from_secs(15);
    /// Caps one chunk (the hub keeps 1,024 events, about 130 kB); the rest follows next.
    const MAX_CHUNK: usize = 256 * 1024;

    type Next =
        Pin<Box<dyn Future<Output = (Result<CampEvent, RecvError>, Receiver<CampEvent>)> + Send>>;

    pub struct Batches {
        /// The hub's channel while not waiting on it; `next` holds it while waiting.
        rx: Option<Receiver<CampEvent>>,
        next: Option<Next>,
        closed: bool,
        /// Framed events of the open window.
        pending: Vec<u8>,
        /// The end of the open window, if one is open.
        flush_at: Option<Instant>,
        last_write: Instant,
        /// Wakes at the end of the window, or when a keep-alive is due.
        timer: Pin<Box<Sleep>>,
    }

    fn frame(chunk: &mut Vec<u8>, event: &CampEvent) {
        chunk.extend_from_slice(b"data: ");
        chunk.extend_from_slice(event.json().as_bytes());
        chunk.extend_from_slice(b"\n\n");
    }

    /// A listener that fell more than the hub's buffer behind lost events: it refetches.
    fn resync(chunk: &mut Vec<u8>) {
        chunk.extend_from_slice(b"data: {\"kind\":\"Resync\"}\n\n");
    }

    impl Batches {
        pub fn new(rx: Receiver<CampEvent>) -> Batches {
            let now = Instant::now();
            Batches {
                rx: Some(rx),
                next: None,
                closed: false,
                pending: Vec::new(),
                flush_at: None,
                last_write: now,
                timer: Box::pin(tokio::time::sleep_until(now + KEEP_ALIVE)),
            }
        }

        /// Appends every event that is already there (`try_recv` is not rationed by tokio's
        /// cooperative budget, so a listener that is behind catches up in one go).
        fn drain_into(&mut self, chunk: &mut Vec<u8>) {
            let Some(rx) = self.rx.as_mut() else {
                return;
            };
            while chunk.len() < MAX_CHUNK {
                match rx.try_recv() {
                    Ok(event) => frame(chunk, &event),
                    Err(TryRecvError::Lagged(_)) => resync(chunk),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Closed) => {
                        self.closed = true;
                        break;
                    }
                }
            }
        }

        /// Waits for the next event.
        fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Result<CampEvent, RecvError>> {
            if self.next.is_none() {
                let Some(mut rx) = self.rx.take() else {
                    return Poll::Ready(Err(RecvError::Closed));
                };
                self.next = Some(Box::pin(async move {
                    let event = rx.recv().await;
                    (event, rx)
                }));
            }
            let next = self.next.as_mut().expect("set above");
            let (event, rx) = std::task::ready!(next.as_mut().poll(cx));
            self.next = None;
            self.rx = Some(rx);
            Poll::Ready(event)
        }

        fn write(&mut self, chunk: Vec<u8>) -> Poll<Option<<Self as Stream>::Item>> {
            self.last_write = Instant::now();
            Poll::Ready(Some(Ok(Bytes::from(chunk))))
        }
    }

    impl Stream for Batches {
        type Item = Result<Bytes, std::convert::Infallible>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            loop {
                if self.flush_at.is_some() {
                    // Inside the window the channel is not watched: new events wait in the
                    // hub without waking this task.
                    if self.timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    self.flush_at = None;
                    let mut chunk = std::mem::take(&mut self.pending);
                    self.drain_into(&mut chunk);
                    return self.write(chunk);
                }
                if self.closed {
                    return Poll::Ready(None);
                }
                if let Poll::Ready(first) = self.poll_event(cx) {
                    let mut chunk = Vec::new();
                    match first {
                        Ok(event) => frame(&mut chunk, &event),
                        Err(RecvError::Lagged(_)) => resync(&mut chunk),
                        Err(RecvError::Closed) => self.closed = true,
                    }
                    self.drain_into(&mut chunk);
                    if chunk.is_empty() {
                        continue;
                    }
                    if chunk.len() >= MAX_CHUNK || self.closed {
                        // Catching up (or the end): no reason to wait.
                        return self.write(chunk);
                    }
                    let until = Instant::now() + WINDOW;
                    self.pending = chunk;
                    self.flush_at = Some(until);
                    self.timer.as_mut().reset(until);
                    continue;
                }
                // Quiet: the timer stands for the next keep-alive.
                if self.timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                let due = self.last_write + KEEP_ALIVE;
                if Instant::now() >= due {
                    let now = Instant::now();
                    self.timer.as_mut().reset(now + KEEP_ALIVE);
                    self.last_write = now;
                    return Poll::Ready(Some(Ok(Bytes::from_static(b":\n\n"))));
                }
                self.timer.as_mut().reset(due);
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use app::server::push::{EventKind, LocalHub, Push};
        use tokio_stream::StreamExt;
        use uuid::Uuid;

        fn vote(count: i64) -> EventKind {
            EventKind::VoteCountChanged {
                session: Uuid::nil(),
                count: Some(count),
            }
        }

        #[tokio::test]
        async fn events_of_one_window_go_out_together_in_order() {
            let hub = LocalHub::default();
            let camp = Uuid::nil();
            let mut live = Batches::new(hub.subscribe(camp));
            hub.publish(camp, vote(1));
            let publisher = async {
                tokio::time::sleep(WINDOW / 5).await;
                hub.publish(camp, vote(2));
            };
            let (chunk, ()) = tokio::join!(live.next(), publisher);
            let session = Uuid::nil();
            assert_eq!(
                std::str::from_utf8(&chunk.unwrap().unwrap()).unwrap(),
                format!(
                    "data: {{\"seq\":1,\"kind\":\"VoteCountChanged\",\"session\":\"{session}\",\"count\":1}}\n\n\
                     data: {{\"seq\":2,\"kind\":\"VoteCountChanged\",\"session\":\"{session}\",\"count\":2}}\n\n"
                )
            );
        }

        #[tokio::test]
        async fn a_listener_that_fell_behind_gets_resync_then_the_rest() {
            let hub = LocalHub::default();
            let camp = Uuid::nil();
            let mut live = Batches::new(hub.subscribe(camp));
            for i in 0..1100 {
                hub.publish(camp, vote(i));
            }
            let chunk = live.next().await.unwrap().unwrap();
            let text = std::str::from_utf8(&chunk).unwrap();
            assert!(
                text.starts_with("data: {\"kind\":\"Resync\"}\n\n"),
                "{}",
                &text[..80]
            );
            assert!(text.ends_with("\"count\":1099}\n\n"));
            assert_eq!(text.matches("data: ").count(), 1 + 1024);
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
