//! Where campgrid is reached from outside (`--public-url`, e.g. `https://camp.example.de`):
//! the origin of the links it writes (setup link, exports), the origin the CSRF guard accepts,
//! and, when it is https, what switches on `Secure` and the `__Host-` prefix of the sign-in
//! cookie and HSTS. Never taken from a request's `Host` header, which the client chooses.
use std::net::SocketAddr;

/// The sign-in cookie over plain http. It keeps its first name, so that browsers signed in
/// before stay signed in.
const PLAIN_COOKIE: &str = "campgrid_session";
/// Over https: a `__Host-` cookie is accepted by browsers only with `Secure`, `Path=/` and no
/// `Domain`, so a neighbouring subdomain cannot plant or overwrite it.
const HOST_COOKIE: &str = "__Host-campgrid_session";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    /// `scheme://host[:port]`, lower case, without a trailing slash.
    origin: String,
    https: bool,
    /// Given by the operator (`--public-url`), not derived from the listen address.
    configured: bool,
}

impl PublicUrl {
    /// An `http://` or `https://` origin, optionally with a trailing `/`; no path, query,
    /// user or fragment (links are made by appending paths to it).
    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        let invalid =
            || format!("invalid public URL '{text}' (expected e.g. https://camp.example.de)");
        let trimmed = text.trim().trim_end_matches('/');
        let (scheme, rest) = trimmed.split_once("://").ok_or_else(invalid)?;
        let scheme = scheme.to_ascii_lowercase();
        let https = match scheme.as_str() {
            "https" => true,
            "http" => false,
            _ => return Err(invalid()),
        };
        let host_ok = !rest.is_empty()
            && rest.len() <= 255
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            && rest.parse::<http::uri::Authority>().is_ok();
        if !host_ok {
            return Err(invalid());
        }
        Ok(PublicUrl {
            origin: format!("{scheme}://{}", rest.to_ascii_lowercase()),
            https,
            configured: true,
        })
    }

    /// Without `--public-url`: `http://` and the listen address (`localhost` for a wildcard
    /// address), for trying campgrid out on one machine.
    pub fn for_listen(addr: SocketAddr) -> PublicUrl {
        let origin = if addr.ip().is_unspecified() {
            format!("http://localhost:{}", addr.port())
        } else {
            format!("http://{addr}")
        };
        PublicUrl {
            origin,
            https: false,
            configured: false,
        }
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn is_https(&self) -> bool {
        self.https
    }

    /// Whether the operator named it; without that, the CSRF guard also accepts the
    /// request's own host (see `csrf`).
    pub fn is_configured(&self) -> bool {
        self.configured
    }

    pub fn sign_in_cookie(&self) -> &'static str {
        if self.https {
            HOST_COOKIE
        } else {
            PLAIN_COOKIE
        }
    }

    /// Whether `origin` (an `Origin` header) is this one.
    pub fn is_origin(&self, origin: &str) -> bool {
        origin
            .trim_end_matches('/')
            .eq_ignore_ascii_case(&self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_is_a_bare_http_or_https_origin() {
        let url = PublicUrl::parse("https://Camp.Example.de/").unwrap();
        assert_eq!(url.origin(), "https://camp.example.de");
        assert!(url.is_https() && url.is_configured());
        assert_eq!(url.sign_in_cookie(), "__Host-campgrid_session");
        let local = PublicUrl::parse("http://127.0.0.1:3000").unwrap();
        assert!(!local.is_https());
        assert_eq!(local.sign_in_cookie(), "campgrid_session");
        for bad in [
            "",
            "camp.example.de",
            "ftp://camp.example.de",
            "https://",
            "https://camp.example.de/path",
            "https://camp.example.de?x=1",
            "https://user@camp.example.de",
            "https://camp.example.de#top",
            "https://camp example.de",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn without_a_public_url_the_listen_address_is_used() {
        let url = PublicUrl::for_listen("127.0.0.1:3000".parse().unwrap());
        assert_eq!(url.origin(), "http://127.0.0.1:3000");
        assert!(!url.is_configured());
        let any = PublicUrl::for_listen("0.0.0.0:8080".parse().unwrap());
        assert_eq!(any.origin(), "http://localhost:8080");
    }

    #[test]
    fn origins_compare_without_case_or_trailing_slash() {
        let url = PublicUrl::parse("https://camp.example.de").unwrap();
        assert!(url.is_origin("https://CAMP.example.de/"));
        assert!(!url.is_origin("http://camp.example.de"));
        assert!(!url.is_origin("https://camp.example.de.evil.example"));
    }
}
