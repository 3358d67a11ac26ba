//! Test back-ends: every store test runs on a fresh SQLite file and a fresh PostgreSQL
//! database (from CAMPGRID_TEST_PG_URL, which `make test` sets after starting a cluster).
#![allow(dead_code)]
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
