//! Test back-ends: every store test runs on a fresh SQLite file and a fresh PostgreSQL
//! database (from CAMPGRID_TEST_PG_URL, which `make test` sets after starting a cluster).
use app::server::mail::Mailer;
use app::server::store::{NewPerson, Store};
use app::server::AppState;
use uuid::Uuid;

pub async fn sqlite() -> Store {
    let path = std::env::temp_dir().join(format!("campgrid-test-{}.db", Uuid::new_v4()));
    Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("sqlite store")
}

pub async fn postgres() -> Store {
    let admin_url = std::env::var("CAMPGRID_TEST_PG_URL").expect(
        "CAMPGRID_TEST_PG_URL is not set: run the tests with `make test`, which starts PostgreSQL",
    );
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("connect to test PostgreSQL");
    let db = format!("campgrid_test_{}", Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {db}"))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("database URL with a path");
    Store::connect(&format!("{base}/{db}"))
        .await
        .expect("postgres store")
}

/// Both back-ends, to run the same test body against each.
pub async fn stores() -> Vec<Store> {
    vec![sqlite().await, postgres().await]
}

pub fn state(store: Store) -> AppState {
    let options = leptos::config::LeptosOptions::builder()
        .output_name("campgrid")
        .site_root("target/site")
        .build();
    let (schedule_cache, push) = app::server::schedule::cache::ScheduleCache::with_push(
        app::server::push::LocalHub::shared(),
    );
    AppState {
        store,
        // What TestApp sends as Host, so the links in the exports read as before.
        public_url: app::server::site::PublicUrl::parse("http://campgrid.example").unwrap(),
        leptos_options: options,
        login_limiter: Default::default(),
        mail_limiter: app::server::limit::Limiter::for_mails(),
        invite_limiter: app::server::limit::Limiter::for_invites(),
        mailer: test_mailer(),
        invite_key: app::server::invites::InviteKey::random(),
        push,
        schedule_cache,
    }
}

/// The real SMTP server `make test` starts (.ci/smtp-test-server.sh), or the outbox without it.
fn test_mailer() -> Mailer {
    match std::env::var("CAMPGRID_TEST_SMTP_URL") {
        Ok(url) => Mailer::relay(&url, "campgrid <campgrid@campgrid.example>").expect("SMTP URL"),
        Err(_) => Mailer::outbox(),
    }
}

/// A mail as the test SMTP server received and decoded it.
#[derive(serde::Deserialize, Debug)]
pub struct ReceivedMail {
    pub to: String,
    pub subject: String,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl ReceivedMail {
    /// The first link into campgrid in the plain text.
    pub fn link(&self) -> String {
        let text = self.text.as_deref().unwrap_or_default();
        let start = text
            .find("http://campgrid.example/")
            .expect("a link in the mail");
        text[start..].split_whitespace().next().unwrap().to_string()
    }

    /// The link's path and query, to send through the router.
    pub fn path(&self) -> String {
        self.link()
            .trim_start_matches("http://campgrid.example")
            .to_string()
    }
}

/// Every mail the test SMTP server received for `to`, oldest first.
pub fn mails_to(to: &str) -> Vec<ReceivedMail> {
    let dir = std::env::var("CAMPGRID_TEST_MAILDIR").expect(
        "CAMPGRID_TEST_MAILDIR is not set: run the tests with `make test`, which starts an SMTP server",
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("mail directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            serde_json::from_str::<ReceivedMail>(&std::fs::read_to_string(p).unwrap()).unwrap()
        })
        .filter(|m| m.to == to.to_lowercase())
        .collect()
}

pub async fn person(store: &Store, name: &str, moderator: bool) -> Uuid {
    store
        .create_person(NewPerson {
            display_name: name,
            email: None,
            password_hash: None,
            is_moderator: moderator,
        })
        .await
        .expect("person")
}

/// A slot on 10 March 2026 in Berlin time.
pub fn slot(starts: &str, ends: &str) -> app::domain::SlotTimes {
    app::domain::SlotInput {
        day: "2026-03-10".into(),
        starts: starts.into(),
        ends: ends.into(),
    }
    .validate("Europe/Berlin")
    .unwrap()
}

/// The real router of one state, and requests to it as a browser sends them.
#[derive(Clone)]
pub struct TestApp {
    router: axum::Router,
}

impl TestApp {
    pub fn new(state: AppState) -> TestApp {
        TestApp {
            router: server::build_router(state).expect("router"),
        }
    }

    /// Sends a request and hands back the response unread, for a body that streams.
    pub async fn open(&self, req: http::Request<axum::body::Body>) -> axum::response::Response {
        use tower::ServiceExt;
        self.router.clone().oneshot(req).await.unwrap()
    }

    /// Sends a request through the router and reads the whole reply.
    pub async fn send(&self, req: http::Request<axum::body::Body>) -> Reply {
        use http_body_util::BodyExt;
        let res = self.open(req).await;
        let status = res.status();
        let headers = res.headers().clone();
        let cookie = headers
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            // `campgrid_session=`, or `__Host-campgrid_session=` over https.
            .find(|c| {
                c.split('=')
                    .next()
                    .is_some_and(|n| n.ends_with("campgrid_session"))
            })
            .map(|c| c.split(';').next().unwrap().to_string());
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply {
            status,
            headers,
            cookie,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    /// A GET with the given headers, and the `Host` every browser sends.
    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = http::Request::get(path).header(http::header::HOST, "campgrid.example");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(axum::body::Body::empty()).unwrap())
            .await
    }

    /// Signs in with the login form; returns the sign-in cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let login = [("email", email), ("password", password)];
        let reply = self.call("login", None, &login).await;
        assert_eq!(reply.status, http::StatusCode::OK, "{}", reply.body);
        reply.cookie.expect("a sign-in cookie")
    }

    /// A server function call as the browser's form post would make it.
    pub async fn call(&self, endpoint: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
        use http::header;
        let body = serde_urlencoded::to_string(form).expect("a form");
        // Real clients send the length; the body limit refuses oversized requests by it up front.
        let mut req = http::Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(axum::body::Body::from(body)).unwrap())
            .await
    }
}

/// A reply of a [`TestApp`]: the status, the headers, the session cookie it set, and the
/// body as sent and as text.
pub struct Reply {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub cookie: Option<String>,
    pub bytes: Vec<u8>,
    pub body: String,
}

impl Reply {
    /// A header's value; empty when the reply has none.
    pub fn header(&self, name: impl http::header::AsHeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body as text, which it must be.
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("UTF-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

/// A camp `slug` (Europe/Berlin) created by a new moderator; returns (camp, moderator).
pub async fn camp_with_moderator(store: &Store, slug: &str) -> (Uuid, Uuid) {
    let moderator = person(store, &format!("Mo {slug}"), true).await;
    let settings = app::domain::CampInput {
        name: "NExT Camp".into(),
        slug: slug.into(),
        time_zone: "Europe/Berlin".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let camp = store.create_camp(&settings, moderator).await.unwrap();
    (camp, moderator)
}
