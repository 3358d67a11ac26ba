//! Cross-site request forgery guard for every state-changing request (server functions do not
//! check this themselves). Browsers label cross-site requests with `Sec-Fetch-Site` and
//! `Origin`; we accept only same-origin ones. Clients that send neither (curl, tests) are not
//! browsers and cannot carry a victim's cookies, so they pass.
use axum::{extract::Request, middleware::Next, response::IntoResponse, response::Response};
use http::{header, Method, StatusCode};

pub fn is_same_origin(method: &Method, headers: &http::HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    match (get(header::ORIGIN.as_str()), get(header::HOST.as_str())) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

pub async fn guard(req: Request, next: Next) -> Response {
    if is_same_origin(req.method(), req.headers()) {
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
        assert!(is_same_origin(
            &post,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(!is_same_origin(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(is_same_origin(
            &post,
            &headers(&[("origin", "http://a:3000"), ("host", "a:3000")])
        ));
        assert!(!is_same_origin(
            &post,
            &headers(&[("origin", "https://evil.example"), ("host", "a:3000")])
        ));
        assert!(is_same_origin(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(is_same_origin(&post, &headers(&[])));
    }
}
