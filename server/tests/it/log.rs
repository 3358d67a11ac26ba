//! What the server writes to its log, captured at every level while a moderator and a
//! participant go through the day's requests: no password, e-mail address, sign-in or invite
//! token, agenda key, name or vote choice appears; every line carries its request's id and
//! path, and a store error names its route and camp.
use crate::common::{self, TestApp};

use std::io::Write;
use std::sync::{Arc, Mutex};

use http::StatusCode;

const EMAIL: &str = "mo.secret@example.org";
const PASSWORD: &str = "a-long-enough-password";
const WRONG_PASSWORD: &str = "not-the-password-at-all";
const NAME: &str = "Fenja Lindqvist";

/// The log as text: a writer for the `fmt` subscriber that keeps everything it is given.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// The value of a `name=value` cookie.
fn token(cookie: &str) -> &str {
    cookie.split_once('=').map(|(_, v)| v).unwrap()
}

#[tokio::test]
async fn the_log_names_requests_and_camps_and_holds_no_secrets() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // This test's runtime runs on this thread: everything it serves logs here.
    let _log = tracing::subscriber::set_default(subscriber);

    let state = common::state(common::sqlite().await);
    let store = state.store.clone();
    server::create_moderator(&state, "Mo", EMAIL, PASSWORD)
        .await
        .unwrap();
    let app = TestApp::new(state);
    let wrong = [("email", EMAIL), ("password", WRONG_PASSWORD)];
    let refused = app.call("login", None, &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let moderator = app.sign_in(EMAIL, PASSWORD).await;
    let camp = [
        ("name", "NExT Camp"),
        ("slug", "next-camp"),
        ("description", ""),
        ("time_zone", "Europe/Berlin"),
        ("email_domains", ""),
    ];
    let created = app.call("create_camp", Some(&moderator), &camp).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let view = app
        .call("get_camp", Some(&moderator), &[("camp", "next-camp")])
        .await
        .json();
    let invite = view["invite_token"].as_str().unwrap().to_string();
    let join = [
        ("camp", "next-camp"),
        ("token", invite.as_str()),
        ("display_name", NAME),
    ];
    let participant = app.call("join_camp", None, &join).await.cookie.unwrap();
    let pitch = [
        ("camp", "next-camp"),
        ("title", "OZG 2.0"),
        ("description", ""),
        ("format", "talk"),
        ("tags", ""),
    ];
    let pitched = app.call("pitch_session", Some(&moderator), &pitch).await;
    assert_eq!(pitched.status, StatusCode::OK, "{}", pitched.body);
    let board = app
        .call("get_board", Some(&participant), &[("camp", "next-camp")])
        .await
        .json();
    let session = board["sessions"][0]["id"].as_str().unwrap().to_string();
    let mark = [
        ("camp", "next-camp"),
        ("session", session.as_str()),
        ("mark", "true"),
    ];
    let voted = app.call("vote", Some(&participant), &mark).await;
    assert_eq!(voted.status, StatusCode::OK, "{}", voted.body);
    let feed = app
        .call(
            "renew_agenda_feed",
            Some(&participant),
            &[("camp", "next-camp")],
        )
        .await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    let feed_path: String = serde_json::from_str(&feed.body).unwrap();
    let key = feed_path.split_once("key=").unwrap().1.to_string();
    assert_eq!(app.get(&feed_path, &[]).await.status, StatusCode::OK);
    let page = app
        .get("/c/next-camp", &[("cookie", participant.as_str())])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // A database that is gone: the one error line must say where it happened.
    store.close().await;
    let failed = app
        .call("get_board", Some(&participant), &[("camp", "next-camp")])
        .await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);

    let text = log.text();
    for secret in [
        EMAIL,
        "mo.secret",
        PASSWORD,
        WRONG_PASSWORD,
        token(&moderator),
        token(&participant),
        &invite,
        &key,
        NAME,
        "Lindqvist",
        &session,
    ] {
        assert!(!text.contains(secret), "the log holds {secret}:\n{text}");
    }
    assert!(text.contains(r#"path="/api/login""#), "{text}");
    let error = text
        .lines()
        .find(|l| l.contains("ERROR"))
        .unwrap_or_else(|| panic!("no error line:\n{text}"));
    assert!(
        error.contains(r#"path="/api/get_board""#) && error.contains("camp=next-camp"),
        "{error}"
    );
    assert!(
        text.lines()
            .filter(|l| l.contains("INFO") || l.contains("ERROR"))
            .all(|l| l.contains("request{id=")),
        "every line of a request names it:\n{text}"
    );
}
