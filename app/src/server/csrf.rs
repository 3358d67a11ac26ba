//! Cross-site request forgery guard for every state-changing request (server functions do not
//! check this themselves). Browsers send `Origin` (and `Sec-Fetch-Site`) with every POST; we
//! accept only campgrid's public origin (`--public-url`), never whatever the client's own
//! `Host` header claims. Without a configured public URL (trying it out on one machine) the
//! request's own host is accepted as well. Clients that send neither header (curl, tests) are
//! not browsers and cannot carry a victim's cookies, so they pass.
use axum::extract::{Request, State};
use axum::{middleware::Next, response::IntoResponse, response::Response};
use http::{header, Method, StatusCode};

use super::site::PublicUrl;

pub fn is_same_origin(method: &Method, headers: &http::HeaderMap, site: &PublicUrl) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match get(header::ORIGIN.as_str()) {
        Some(origin) if site.is_origin(origin) => true,
        Some(origin) => {
            !site.is_configured()
                && get(header::HOST.as_str()).is_some_and(|host| {
                    origin
                        .split_once("://")
                        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
                })
        }
        None => get("sec-fetch-site").is_none_or(|s| s == "same-origin" || s == "none"),
    }
}

pub async fn guard(State(site): State<PublicUrl>, req: Request, next: Next) -> Response {
    if is_same_origin(req.method(), req.headers(), &site) {
        next.run(req).await
    } else {
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn refuses_cross_site_posts() {
        let post = Method::POST;
        let local = PublicUrl::for_listen("127.0.0.1:3000".parse().unwrap());
        let ok = |h: &[(&'static str, &'static str)]| is_same_origin(&post, &headers(h), &local);
        assert!(ok(&[
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin")
        ]));
        assert!(!ok(&[
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site")
        ]));
        // Not configured: the request's own host is accepted too (localhost vs 127.0.0.1).
        assert!(ok(&[("origin", "http://a:3000"), ("host", "a:3000")]));
        assert!(!ok(&[
            ("origin", "https://evil.example"),
            ("host", "a:3000")
        ]));
        assert!(!ok(&[("sec-fetch-site", "cross-site")]));
        assert!(ok(&[]));
        assert!(is_same_origin(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")]),
            &local
        ));
    }

    #[test]
    fn a_configured_public_url_is_the_only_origin_accepted() {
        let post = Method::POST;
        let site = PublicUrl::parse("https://camp.example.de").unwrap();
        let ok = |h: &[(&'static str, &'static str)]| is_same_origin(&post, &headers(h), &site);
        assert!(ok(&[("origin", "https://camp.example.de")]));
        // A client that sets Host itself cannot make its own origin acceptable.
        assert!(!ok(&[
            ("origin", "https://evil.example"),
            ("host", "evil.example")
        ]));
        assert!(!ok(&[
            ("origin", "http://camp.example.de"),
            ("host", "camp.example.de")
        ]));
    }
}
