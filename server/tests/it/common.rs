//! Test back-ends: every store test runs on a fresh SQLite file and a fresh PostgreSQL
//! database (from CAMPGRID_TEST_PG_URL, which `make test` sets after starting a cluster).
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
        secure_cookies: false,
        leptos_options: options,
        login_limiter: Default::default(),
        push,
        schedule_cache,
    }
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

/// A form as a server function receives it (`application/x-www-form-urlencoded`).
pub fn form_body(form: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    form.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A reply to `send` or `call`: the status, the session cookie it set, the body as text.
pub struct Reply {
    pub status: http::StatusCode,
    pub cookie: Option<String>,
    pub body: String,
}

/// Sends a request through the router.
pub async fn send(app: &axum::Router, req: http::Request<axum::body::Body>) -> Reply {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let cookie = res
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("campgrid_session="))
        .map(|c| c.split(';').next().unwrap().to_string());
    let body =
        String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    Reply {
        status,
        cookie,
        body,
    }
}

/// A server function call as the browser's form post would make it.
pub async fn call(
    app: &axum::Router,
    endpoint: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Reply {
    use http::header;
    let body = form_body(form);
    // Real clients send the length; the body limit refuses oversized requests by it up front.
    let mut req = http::Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(axum::body::Body::from(body)).unwrap()).await
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
    let camp = store
        .create_camp(&settings, &format!("token-{slug}"), moderator)
        .await
        .unwrap();
    (camp, moderator)
}
