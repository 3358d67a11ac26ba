//! A thousand phones reloading the public schedule between two slots should cost the server
//! almost nothing. For readers who are not signed in, the server-rendered schedule page is the
//! same for everybody who shares a language and a minute (the page shows "30 min left"), so it
//! is rendered once per camp, schedule generation, language and minute, kept gzip-compressed,
//! and answered with an ETag (304 when the browser has it). Signed-in members, whose page
//! shows their own stars and name, always get a fresh render.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::server::access::{self, Caller};
use app::server::schedule::cache::Rendered;
use app::server::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

/// Rendered pages larger than this are not kept (a schedule page is some 100 kB).
const MAX_PAGE: usize = 4 * 1024 * 1024;

/// (camp, schedule generation, language code, minute since the epoch)
type Key = (Uuid, u64, &'static str, i64);

#[derive(Clone, Default)]
pub struct PageCache {
    pages: Arc<Mutex<HashMap<Key, Arc<Rendered>>>>,
}

impl PageCache {
    fn get(&self, key: &Key) -> Option<Arc<Rendered>> {
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    /// Keeps `page`, dropping the camp's pages of other generations and minutes.
    fn put(&self, key: Key, page: Arc<Rendered>) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.retain(|k, _| k.0 != key.0 || (k.1 == key.1 && k.3 == key.3));
        pages.insert(key, page);
    }
}

/// The slug of `/c/{slug}/schedule`.
fn schedule_slug(path: &str) -> Option<&str> {
    path.strip_prefix("/c/")?
        .strip_suffix("/schedule")
        .filter(|s| !s.is_empty() && !s.contains('/'))
}

fn caller(req: &Request) -> Caller {
    Caller::of_request(req.extensions(), req.headers())
}

/// Answers `GET /c/{slug}/schedule` of a public camp for anonymous readers from the cache.
pub async fn schedule_page(
    State((state, pages)): State<(AppState, PageCache)>,
    req: Request,
    next: Next,
) -> Response {
    let caller = caller(&req);
    let slug = match schedule_slug(req.uri().path()) {
        Some(slug)
            if req.method() == Method::GET
                && req.uri().query().is_none()
                && !caller.has_sign_in() =>
        {
            slug
        }
        _ => return next.run(req).await,
    };
    // Only a schedule that is built and public: the render before fills the schedule cache.
    let Some((camp, schedule)) = state.schedule_cache.cached(slug) else {
        return next.run(req).await;
    };
    // Anonymous readers only where `access` lets them in; the render decides for the others.
    if access::may_read(schedule.camp.public, false, false).is_err() {
        return next.run(req).await;
    }
    let minute = caller.now.timestamp().div_euclid(60);
    let key = (
        camp,
        state.schedule_cache.generation(camp),
        caller.lang.code(),
        minute,
    );
    let request_headers = req.headers().clone();
    let page = match pages.get(&key) {
        Some(page) => page,
        None => {
            let response = next.run(req).await;
            if response.status() != StatusCode::OK {
                return response;
            }
            let (parts, body) = response.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let Ok(html) = String::from_utf8(bytes.to_vec()) else {
                return Response::from_parts(parts, Body::from(bytes));
            };
            let page = Arc::new(Rendered::new(html));
            pages.put(key, page.clone());
            page
        }
    };
    // Readers must ask again (the page shows the time left), but a 304 costs next to nothing.
    crate::exports::send(
        &request_headers,
        &page,
        "text/html; charset=utf-8",
        "no-cache",
        "Accept-Encoding, Accept-Language, Cookie",
    )
}

/// What a browser may keep of a page: a signed-in member's page shows their name and marks, so
/// it is not stored at all (`no-store`); anyone else's page may be kept but is checked on every
/// use (`no-cache`), so that a new release or a changed schedule shows at once. Pages that set
/// their own policy (the cached schedule above) keep it.
pub async fn html_policy(req: Request, next: Next) -> Response {
    let signed_in = caller(&req).has_sign_in();
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html && !res.headers().contains_key(header::CACHE_CONTROL) {
        let policy = if signed_in { "no-store" } else { "no-cache" };
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static(policy),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_schedule_page_itself() {
        assert_eq!(schedule_slug("/c/next-demo/schedule"), Some("next-demo"));
        assert_eq!(schedule_slug("/c/next-demo/schedule/s/1"), None);
        assert_eq!(schedule_slug("/c//schedule"), None);
        assert_eq!(schedule_slug("/c/a/b/schedule"), None);
        assert_eq!(schedule_slug("/c/next-demo"), None);
    }
}
