//! A thin HTTP/1.1 client over hyper: server-function calls (form posts with the `Origin` the
//! CSRF guard wants) and the live channel.
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, COOKIE, ORIGIN, SET_COOKIE};
use http::{HeaderValue, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

pub const SESSION_COOKIE: &str = "campgrid_session";

type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub struct Reply {
    pub status: u16,
    /// `campgrid_session=...`, ready for a `Cookie` header.
    pub cookie: Option<HeaderValue>,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Clone)]
pub struct Api {
    /// Pooled: calls reuse idle keep-alive connections.
    calls: HttpClient,
    /// One connection per open live channel, never pooled.
    streams: HttpClient,
    base: String,
    origin: HeaderValue,
}

fn client(max_idle: usize) -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    connector.set_connect_timeout(Some(Duration::from_secs(10)));
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(max_idle)
        .build(connector)
}

impl Api {
    /// `base`: `http://host:port`, which is also the origin sent with every post.
    pub fn new(base: &str) -> Result<Api, String> {
        let base = base.trim_end_matches('/').to_string();
        let uri: Uri = base
            .parse()
            .map_err(|e| format!("bad --base-url {base}: {e}"))?;
        if uri.scheme_str() != Some("http") || uri.authority().is_none() {
            return Err(format!("--base-url must be http://HOST:PORT, not {base}"));
        }
        Ok(Api {
            calls: client(4096),
            streams: client(0),
            origin: HeaderValue::from_str(&base).map_err(|e| e.to_string())?,
            base,
        })
    }

    pub fn uri(&self, path: &str) -> Uri {
        format!("{}{}", self.base, path)
            .parse()
            .expect("valid URI from base URL and path")
    }

    /// A server function: POST form-urlencoded to `uri` (from `self.uri("/api/NAME")`).
    pub async fn call(
        &self,
        uri: Uri,
        cookie: Option<&HeaderValue>,
        form: String,
    ) -> Result<Reply, String> {
        let mut req = Request::post(uri)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .header(ORIGIN, self.origin.clone());
        if let Some(cookie) = cookie {
            req = req.header(COOKIE, cookie.clone());
        }
        let req = req
            .body(Full::new(Bytes::from(form)))
            .map_err(|e| e.to_string())?;
        let res = self.calls.request(req).await.map_err(error_chain)?;
        let status = res.status().as_u16();
        let cookie = res
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(SESSION_COOKIE) && c[SESSION_COOKIE.len()..].starts_with('='))
            .and_then(|c| c.split(';').next())
            .and_then(|c| HeaderValue::from_str(c).ok());
        let body = res
            .into_body()
            .collect()
            .await
            .map_err(error_chain)?
            .to_bytes();
        Ok(Reply {
            status,
            cookie,
            body,
        })
    }

    pub async fn get(&self, path: &str) -> Result<Reply, String> {
        let req = Request::get(self.uri(path))
            .body(Full::new(Bytes::new()))
            .map_err(|e| e.to_string())?;
        let res = self.calls.request(req).await.map_err(error_chain)?;
        let status = res.status().as_u16();
        let body = res
            .into_body()
            .collect()
            .await
            .map_err(error_chain)?
            .to_bytes();
        Ok(Reply {
            status,
            cookie: None,
            body,
        })
    }

    /// Opens a live channel (`GET` with `Accept: text/event-stream`) on its own connection.
    pub async fn stream(&self, uri: Uri, cookie: &HeaderValue) -> Result<(u16, Incoming), String> {
        let req = Request::get(uri)
            .header(ACCEPT, "text/event-stream")
            .header(COOKIE, cookie.clone())
            .body(Full::new(Bytes::new()))
            .map_err(|e| e.to_string())?;
        let res = self.streams.request(req).await.map_err(error_chain)?;
        Ok((res.status().as_u16(), res.into_body()))
    }
}

/// hyper's errors say little at the top level; the cause is where the news is.
fn error_chain(err: impl std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// `application/x-www-form-urlencoded` from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        for b in v.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(b as char)
                }
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    out
}
