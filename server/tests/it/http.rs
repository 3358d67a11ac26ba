//! HTTP-level tests through the real router (on SQLite): role checks, invitations, field
//! errors with 4xx statuses, CSRF and body limits, 404s and languages.
use crate::common;

use common::{Reply, TestApp};

use axum::body::Body;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;

const PASSWORD: &str = "a-long-enough-password";

/// A router with one moderator signed in; returns the moderator's cookie.
async fn setup() -> (TestApp, String) {
    let state = common::state(common::sqlite().await);
    server::create_moderator(&state, "Mo", "mo@example.org", PASSWORD)
        .await
        .unwrap();
    let app = TestApp::new(state);
    let moderator = app.sign_in("mo@example.org", PASSWORD).await;
    (app, moderator)
}

fn camp_form(slug: &str) -> Vec<(&str, &str)> {
    vec![
        ("name", "NExT Camp"),
        ("slug", slug),
        ("description", ""),
        ("time_zone", "Europe/Berlin"),
        ("email_domains", ""),
    ]
}

/// Creates a camp and returns its invite token.
async fn camp_with_invite(app: &TestApp, cookie: &str, slug: &str) -> String {
    let created = app
        .call("create_camp", Some(cookie), &camp_form(slug))
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let view = app.call("get_camp", Some(cookie), &[("camp", slug)]).await;
    let v: serde_json::Value = serde_json::from_str(&view.body).unwrap();
    v["invite_token"].as_str().unwrap().to_string()
}

/// A participant joins with the invite link; returns their cookie.
async fn join(app: &TestApp, token: &str, name: &str) -> String {
    let form = [
        ("camp", "next-camp"),
        ("token", token),
        ("display_name", name),
    ];
    app.call("join_camp", None, &form).await.cookie.unwrap()
}

#[tokio::test]
async fn health_check_reaches_the_database() {
    let (app, _) = setup().await;
    let r = app.get("/healthz", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok sqlite\n"));
}

#[tokio::test]
async fn wrong_password_is_a_field_error() {
    let (app, _) = setup().await;
    let r = app
        .call(
            "login",
            None,
            &[("email", "mo@example.org"), ("password", "wrong-password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("\"field\":\"password\"") && r.body.contains("ErrLogin"),
        "{}",
        r.body
    );
    assert!(r.cookie.is_none());
}

#[tokio::test]
async fn strangers_and_participants_cannot_set_up_camps() {
    let (app, moderator) = setup().await;
    let anonymous = app.call("create_camp", None, &camp_form("next-camp")).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let token = camp_with_invite(&app, &moderator, "next-camp").await;

    // A stranger without the right token cannot join.
    let join = [
        ("camp", "next-camp"),
        ("token", "guess"),
        ("display_name", "Eve"),
    ];
    let refused = app.call("join_camp", None, &join).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("ErrInvite"));
    assert!(refused.cookie.is_none());

    // With it, a name is enough; the cookie then identifies the participant.
    let join = [
        ("camp", "next-camp"),
        ("token", token.as_str()),
        ("display_name", "Alex (BMI)"),
    ];
    let joined = app.call("join_camp", None, &join).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let participant = joined.cookie.expect("participant cookie");
    let view = app
        .call("get_camp", Some(&participant), &[("camp", "next-camp")])
        .await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(
        view.body.contains("\"invite_token\":null"),
        "participants must not see the token"
    );

    let mut update = camp_form("next-camp");
    update.extend([("camp", "next-camp"), ("version", "1")]);
    let edit = app.call("update_camp", Some(&participant), &update).await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    let room = [
        ("camp", "next-camp"),
        ("name", "R"),
        ("video_url", "https://x.org"),
        ("capacity", "5"),
    ];
    assert_eq!(
        app.call("add_room", Some(&participant), &room).await.status,
        StatusCode::FORBIDDEN
    );
    let members = app
        .call("camp_members", Some(&participant), &[("camp", "next-camp")])
        .await;
    assert_eq!(members.status, StatusCode::FORBIDDEN);
    let camps = app
        .call("create_camp", Some(&participant), &camp_form("mine"))
        .await;
    assert_eq!(camps.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn guessing_an_invite_link_is_slowed_down_per_camp() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let info = |t: String| {
        let app = app.clone();
        async move {
            app.call("join_info", None, &[("camp", "next-camp"), ("token", &t)])
                .await
                .status
        }
    };
    for i in 0..60 {
        assert_eq!(info(format!("guess-{i}")).await, StatusCode::FORBIDDEN);
    }
    assert_eq!(info("guess-61".into()).await, StatusCode::TOO_MANY_REQUESTS);
    // The flood keeps the camp's people out of nothing: the right link still works.
    assert_eq!(info(token).await, StatusCode::OK);
    assert_eq!(info("guess-62".into()).await, StatusCode::TOO_MANY_REQUESTS);
    let other = camp_with_invite(&app, &moderator, "other-camp").await;
    let elsewhere = app
        .call(
            "join_info",
            None,
            &[("camp", "other-camp"), ("token", &other)],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::OK);
}

#[tokio::test]
async fn signing_in_again_ends_the_sign_in_the_browser_held() {
    let (app, first) = setup().await;
    let login = [("email", "mo@example.org"), ("password", PASSWORD)];
    let again = app.call("login", Some(&first), &login).await;
    assert_eq!(again.status, StatusCode::OK);
    let second = again.cookie.expect("a new sign-in");
    assert_ne!(second, first);
    let camps = |cookie: String| {
        let app = app.clone();
        async move {
            app.call("create_camp", Some(&cookie), &camp_form("x-camp"))
                .await
                .status
        }
    };
    assert_eq!(camps(first).await, StatusCode::UNAUTHORIZED);
    assert_eq!(camps(second).await, StatusCode::OK);
}

#[tokio::test]
async fn a_signed_in_browser_joins_as_itself_only_when_it_chooses_so() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let other = camp_with_invite(&app, &moderator, "other-camp").await;
    let sam = join(&app, &token, "Sam").await;
    let info = app
        .call(
            "join_info",
            Some(&sam),
            &[("camp", "other-camp"), ("token", &other)],
        )
        .await
        .json();
    assert_eq!(info["signed_in_as"], "Sam");
    let members_of = |slug: &'static str| {
        let app = app.clone();
        let moderator = moderator.clone();
        async move {
            let list = app
                .call("camp_members", Some(&moderator), &[("camp", slug)])
                .await
                .json();
            let names: Vec<String> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["display_name"].as_str().unwrap().to_string())
                .collect();
            names
        }
    };

    // Choosing to join as oneself needs no name and keeps the sign-in.
    let as_me = [
        ("camp", "other-camp"),
        ("token", other.as_str()),
        ("as_current", "true"),
    ];
    let joined = app.call("join_camp", Some(&sam), &as_me).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert!(joined.cookie.is_none());
    assert!(members_of("other-camp").await.contains(&"Sam".to_string()));

    // A cookie someone planted: joining without the choice makes a new person, and the
    // planted sign-in ends.
    let third = camp_with_invite(&app, &moderator, "third-camp").await;
    let form = [
        ("camp", "third-camp"),
        ("token", third.as_str()),
        ("display_name", "Victim"),
    ];
    let joined = app.call("join_camp", Some(&sam), &form).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let victim = joined.cookie.expect("a new sign-in for the new person");
    assert_ne!(victim, sam);
    assert!(members_of("third-camp")
        .await
        .contains(&"Victim".to_string()));
    assert!(!members_of("third-camp").await.contains(&"Sam".to_string()));
    let planted = app
        .call("get_camp", Some(&sam), &[("camp", "next-camp")])
        .await;
    assert_eq!(planted.status, StatusCode::UNAUTHORIZED);
    let anonymous = app.call("join_camp", None, &as_me).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn removed_participants_lose_access() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let join = [
        ("camp", "next-camp"),
        ("token", token.as_str()),
        ("display_name", "Alex"),
    ];
    let participant = app.call("join_camp", None, &join).await.cookie.unwrap();
    let pitch = [
        ("camp", "next-camp"),
        ("title", "Vom Moderator"),
        ("description", ""),
        ("format", "talk"),
        ("tags", ""),
    ];
    app.call("pitch_session", Some(&moderator), &pitch).await;
    let session = board(&app, &moderator, &[]).await["sessions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let vote = [
        ("camp", "next-camp"),
        ("session", session.as_str()),
        ("mark", "true"),
    ];
    assert_eq!(
        app.call("vote", Some(&participant), &vote).await.status,
        StatusCode::OK
    );
    let members = app
        .call("camp_members", Some(&moderator), &[("camp", "next-camp")])
        .await;
    let list: serde_json::Value = serde_json::from_str(&members.body).unwrap();
    let alex = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["display_name"] == "Alex")
        .unwrap();
    let id = alex["person_id"].as_str().unwrap();
    let removed = app
        .call(
            "remove_member",
            Some(&moderator),
            &[("camp", "next-camp"), ("person", id)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    let view = app
        .call("get_camp", Some(&participant), &[("camp", "next-camp")])
        .await;
    assert_eq!(view.status, StatusCode::FORBIDDEN);
    let mut rejoin_as_me = join.to_vec();
    rejoin_as_me.push(("as_current", "true"));
    let rejoin = app
        .call("join_camp", Some(&participant), &rejoin_as_me)
        .await;
    assert_eq!(rejoin.status, StatusCode::FORBIDDEN);
    assert!(rejoin.body.contains("ErrRemoved"));
    // A removed person can neither take back nor add marks, and their mark stops counting.
    let unmark = [
        ("camp", "next-camp"),
        ("session", session.as_str()),
        ("mark", "false"),
    ];
    assert_eq!(
        app.call("vote", Some(&participant), &unmark).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("pitch_session", Some(&participant), &pitch)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        board(&app, &moderator, &[]).await["sessions"][0]["votes"],
        0
    );

    // Undone: the same person is back, on the same device, with their mark.
    let removed = app
        .call(
            "removed_members",
            Some(&moderator),
            &[("camp", "next-camp")],
        )
        .await
        .json();
    assert_eq!(removed[0]["display_name"], "Alex");
    let restored = app
        .call(
            "restore_member",
            Some(&moderator),
            &[("camp", "next-camp"), ("person", id)],
        )
        .await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.body);
    let view = app
        .call("get_camp", Some(&participant), &[("camp", "next-camp")])
        .await;
    assert_eq!(view.status, StatusCode::OK);
    assert_eq!(
        board(&app, &moderator, &[]).await["sessions"][0]["votes"],
        1
    );
    assert_eq!(
        board(&app, &participant, &[]).await["sessions"][0]["marked"],
        true
    );
    let again = app
        .call(
            "restore_member",
            Some(&moderator),
            &[("camp", "next-camp"), ("person", id)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let by_participant = app
        .call(
            "removed_members",
            Some(&participant),
            &[("camp", "next-camp")],
        )
        .await;
    assert_eq!(by_participant.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn validation_errors_come_back_per_field_with_422() {
    let (app, moderator) = setup().await;
    let mut bad = camp_form("X!");
    bad[0] = ("name", " ");
    let r = app.call("create_camp", Some(&moderator), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("\"field\":\"name\"") && r.body.contains("\"field\":\"slug\""),
        "{}",
        r.body
    );

    camp_with_invite(&app, &moderator, "next-camp").await;
    let taken = app
        .call("create_camp", Some(&moderator), &camp_form("next-camp"))
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("ErrSlugTaken"));

    let slot = |s, e| {
        [
            ("camp", "next-camp"),
            ("day", "2026-03-10"),
            ("starts", s),
            ("ends", e),
        ]
    };
    assert_eq!(
        app.call("add_slot", Some(&moderator), &slot("09:00", "09:45"))
            .await
            .status,
        StatusCode::OK
    );
    let overlap = app
        .call("add_slot", Some(&moderator), &slot("09:30", "10:00"))
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(overlap.body.contains("ErrSlotOverlap"), "{}", overlap.body);
    let inverted = app
        .call("add_slot", Some(&moderator), &slot("11:00", "10:00"))
        .await;
    assert!(inverted.body.contains("ErrSlotInverted"));

    let room = [
        ("camp", "next-camp"),
        ("name", "R1"),
        ("video_url", "ftp://x"),
        ("capacity", "0"),
    ];
    let r = app.call("add_room", Some(&moderator), &room).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("ErrUrl") && r.body.contains("ErrCapacity"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn cross_site_posts_and_huge_bodies_are_refused() {
    let (app, moderator) = setup().await;
    let req = Request::post("/api/create_camp")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &moderator)
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(
            serde_urlencoded::to_string(camp_form("evil-camp")).unwrap(),
        ))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    let huge = "x".repeat(200 * 1024);
    let r = app
        .call("create_camp", Some(&moderator), &[("name", huge.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn unknown_pages_and_camps_are_404() {
    let (app, moderator) = setup().await;
    let r = app.get("/no/such/page", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Seite nicht gefunden"));
    let r = app
        .get(
            "/c/no-such-camp",
            &[(header::COOKIE.as_str(), moderator.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_speak_the_readers_language() {
    let (app, _) = setup().await;
    let de = app.get("/login", &[]).await;
    assert!(de.body.contains("<html lang=\"de\"") && de.body.contains("Anmelden"));
    let en = app
        .get("/login", &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert!(en.body.contains("<html lang=\"en\"") && en.body.contains("Sign in"));
    let chosen = app
        .get(
            "/login",
            &[("accept-language", "en"), ("cookie", "campgrid_lang=de")],
        )
        .await;
    assert!(chosen.body.contains("<html lang=\"de\""));
}

#[tokio::test]
async fn rooms_can_be_edited_with_field_messages() {
    let (app, moderator) = setup().await;
    camp_with_invite(&app, &moderator, "next-camp").await;
    for name in ["Raum 1", "Raum 2"] {
        let room = [
            ("camp", "next-camp"),
            ("name", name),
            ("video_url", "https://meet.example.org/a"),
            ("capacity", "20"),
        ];
        assert_eq!(
            app.call("add_room", Some(&moderator), &room).await.status,
            StatusCode::OK
        );
    }
    let view = app
        .call("get_camp", Some(&moderator), &[("camp", "next-camp")])
        .await;
    let v: serde_json::Value = serde_json::from_str(&view.body).unwrap();
    let id = v["rooms"][0]["id"].as_str().unwrap().to_string();
    let edit = |name: &'static str, capacity: &'static str| {
        let id = id.clone();
        let app = app.clone();
        let moderator = moderator.clone();
        async move {
            let form = [
                ("camp", "next-camp"),
                ("room", id.as_str()),
                ("name", name),
                ("video_url", "https://meet.example.org/b"),
                ("capacity", capacity),
            ];
            app.call("update_room", Some(&moderator), &form).await
        }
    };
    let taken = edit("Raum 2", "20").await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("ErrRoomTaken"), "{}", taken.body);
    assert_eq!(
        edit("Plenum", "0").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(edit("Plenum", "250").await.status, StatusCode::OK);
    let view = app
        .call("get_camp", Some(&moderator), &[("camp", "next-camp")])
        .await;
    let v: serde_json::Value = serde_json::from_str(&view.body).unwrap();
    assert_eq!(
        (
            v["rooms"][0]["name"].as_str(),
            v["rooms"][0]["capacity"].as_i64()
        ),
        (Some("Plenum"), Some(250))
    );
}

fn setup_form<'a>(token: &'a str, name: &'a str, email: &'a str) -> [(&'a str, &'a str); 4] {
    [
        ("token", token),
        ("display_name", name),
        ("email", email),
        ("password", PASSWORD),
    ]
}

#[tokio::test]
async fn the_setup_page_needs_the_printed_token_and_works_only_until_a_moderator_exists() {
    let state = common::state(common::sqlite().await);
    let store = state.store.clone();
    let token = server::open_setup(&state)
        .await
        .unwrap()
        .expect("a setup token");
    let app = TestApp::new(state.clone());
    let needed = app.call("setup_needed", None, &[]).await;
    assert_eq!(needed.body, "true");
    // Only the hash is stored.
    let app::server::store::Store::Sqlite(pools) = &store else {
        unreachable!()
    };
    let kept: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM setup_tokens")
        .fetch_all(&pools.read)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_ne!(kept[0], token);

    for guess in ["", "not-the-token"] {
        let refused = app
            .call("setup", None, &setup_form(guess, "Eve", "eve@example.org"))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{guess:?}");
        assert!(refused.body.contains("ErrSetupLink"), "{}", refused.body);
        assert!(refused.cookie.is_none());
    }
    // A field error does not use the token up.
    let short = [
        ("token", token.as_str()),
        ("display_name", "Mo"),
        ("email", "mo@example.org"),
        ("password", "short"),
    ];
    let invalid = app.call("setup", None, &short).await;
    assert_eq!(
        invalid.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        invalid.body
    );
    assert!(invalid.body.contains("password"), "{}", invalid.body);

    let first = app
        .call("setup", None, &setup_form(&token, "Mo", "mo@example.org"))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(
        first.cookie.is_some(),
        "the first moderator is signed in at once"
    );
    let second = app
        .call("setup", None, &setup_form(&token, "Eve", "eve@example.org"))
        .await;
    assert_eq!(second.status, StatusCode::FORBIDDEN);
    assert!(second.body.contains("ErrSetupClosed"));
    assert_eq!(
        server::open_setup(&state).await.unwrap(),
        None,
        "no new link once a moderator exists"
    );
}

#[tokio::test]
async fn twenty_concurrent_setup_calls_create_exactly_one_moderator() {
    let state = common::state(common::sqlite().await);
    let token = server::open_setup(&state).await.unwrap().unwrap();
    let app = TestApp::new(state);
    let calls = (0..20).map(|i| {
        let (app, token) = (app.clone(), token.clone());
        tokio::spawn(async move {
            let (name, email) = (format!("Mo {i}"), format!("mo{i}@example.org"));
            app.call("setup", None, &setup_form(&token, &name, &email))
                .await
                .status
        })
    });
    let mut statuses = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        statuses.push(call.await.unwrap());
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::FORBIDDEN)
        .count();
    assert_eq!((ok, refused), (1, 19), "{statuses:?}");
}

#[tokio::test]
async fn participants_pitch_and_vote_with_clear_refusals() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let join = |name: &'static str| {
        let (app, token) = (app.clone(), token.clone());
        async move {
            let form = [
                ("camp", "next-camp"),
                ("token", token.as_str()),
                ("display_name", name),
            ];
            app.call("join_camp", None, &form).await.cookie.unwrap()
        }
    };
    let (host, fan) = (join("Host").await, join("Fan").await);
    let pitch = [
        ("camp", "next-camp"),
        ("title", "<b>OZG</b> 2.0"),
        ("description", ""),
        ("format", "talk"),
        ("tags", "OZG, KI"),
    ];
    let pitched = app.call("pitch_session", Some(&host), &pitch).await;
    assert_eq!(pitched.status, StatusCode::OK, "{}", pitched.body);
    let bad = [
        ("camp", "next-camp"),
        ("title", " "),
        ("description", ""),
        ("format", "keynote"),
        ("tags", ""),
    ];
    let refused = app.call("pitch_session", Some(&host), &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("\"field\":\"title\"") && refused.body.contains("ErrFormat"),
        "{}",
        refused.body
    );

    let board = app
        .call("get_board", Some(&fan), &[("camp", "next-camp")])
        .await;
    let b: serde_json::Value = serde_json::from_str(&board.body).unwrap();
    assert_eq!(b["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(
        b["sessions"][0]["title"], "<b>OZG</b> 2.0",
        "markup is kept as text"
    );
    assert_eq!(b["sessions"][0]["tags"], serde_json::json!(["ki", "ozg"]));
    let id = b["sessions"][0]["id"].as_str().unwrap().to_string();
    let vote = |cookie: &str, mark: &'static str| {
        let (app, cookie, id) = (app.clone(), cookie.to_string(), id.clone());
        async move {
            app.call(
                "vote",
                Some(&cookie),
                &[
                    ("camp", "next-camp"),
                    ("session", id.as_str()),
                    ("mark", mark),
                ],
            )
            .await
        }
    };
    let first = vote(&fan, "true").await;
    assert_eq!((first.status, first.body.as_str()), (StatusCode::OK, "1"));
    let twice = vote(&fan, "true").await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let own = vote(&host, "true").await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    assert!(own.body.contains("ErrVoteOwn"), "{}", own.body);
    let stranger = app
        .call(
            "vote",
            None,
            &[
                ("camp", "next-camp"),
                ("session", id.as_str()),
                ("mark", "true"),
            ],
        )
        .await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    let back = vote(&fan, "false").await;
    assert_eq!((back.status, back.body.as_str()), (StatusCode::OK, "0"));
}

#[tokio::test]
async fn members_hear_pitches_and_votes_on_the_live_channel() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let stranger = app.get("/c/next-camp/events", &[]).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);

    let req = Request::get("/c/next-camp/events")
        .header(header::COOKIE, &moderator)
        .body(Body::empty())
        .unwrap();
    let res = app.open(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = res.into_body();

    let form = [
        ("camp", "next-camp"),
        ("token", token.as_str()),
        ("display_name", "Host"),
    ];
    let host = app.call("join_camp", None, &form).await.cookie.unwrap();
    let pitch = [
        ("camp", "next-camp"),
        ("title", "OZG"),
        ("description", ""),
        ("format", "talk"),
        ("tags", ""),
    ];
    assert_eq!(
        app.call("pitch_session", Some(&host), &pitch).await.status,
        StatusCode::OK
    );
    let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(frame.data_ref().unwrap()).into_owned();
    assert!(
        text.contains("\"seq\":1") && text.contains("SessionPitched"),
        "{text}"
    );
}

#[tokio::test]
async fn a_removed_members_open_live_channel_is_closed_at_once() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let (alex, kim) = (
        join(&app, &token, "Alex").await,
        join(&app, &token, "Kim").await,
    );
    let open = |cookie: &str| {
        let req = Request::get("/c/next-camp/events")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap();
        app.open(req)
    };
    let (alex_channel, kim_channel) = (open(&alex).await, open(&kim).await);
    let (mut alex_body, mut kim_body) = (alex_channel.into_body(), kim_channel.into_body());
    let list = app
        .call("camp_members", Some(&moderator), &[("camp", "next-camp")])
        .await
        .json();
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["display_name"] == "Alex")
        .unwrap()["person_id"]
        .as_str()
        .unwrap()
        .to_string();
    let removed = app
        .call(
            "remove_member",
            Some(&moderator),
            &[("camp", "next-camp"), ("person", &id)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);

    let wait = std::time::Duration::from_secs(5);
    let mut seen = String::new();
    // Until the channel ends; the timeout fails the test if it stays open.
    while let Some(frame) = tokio::time::timeout(wait, alex_body.frame()).await.unwrap() {
        seen.push_str(&String::from_utf8_lossy(frame.unwrap().data_ref().unwrap()));
    }
    assert!(
        seen.ends_with("data: {\"kind\":\"AccessEnded\"}\n\n"),
        "{seen}"
    );
    assert!(!seen.contains(&id), "no event names the removed person");
    // The others' channels go on: they hear that the camp changed (counts, members).
    let frame = tokio::time::timeout(wait, kim_body.frame())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(frame.data_ref().unwrap()).into_owned();
    assert!(
        text.contains("CampChanged") && !text.contains(&id),
        "{text}"
    );
    // And reconnecting is refused.
    assert_eq!(open(&alex).await.status(), StatusCode::FORBIDDEN);
}

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("{}", reply.body))
}

/// The board as `cookie` sees it with the given search.
async fn board(app: &TestApp, cookie: &str, search: &[(&str, &str)]) -> serde_json::Value {
    let mut form = vec![("camp", "next-camp")];
    form.extend_from_slice(search);
    json(&app.call("get_board", Some(cookie), &form).await)
}

fn titles(board: &serde_json::Value) -> Vec<String> {
    board["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn hosts_edit_moderators_hide_and_everyone_searches() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let (host, co, fan) = (
        join(&app, &token, "Host").await,
        join(&app, &token, "Co").await,
        join(&app, &token, "Fan").await,
    );
    // The pitch form's co-host checkboxes arrive as co_hosts[]=id&co_hosts[]=id.
    let people = board(&app, &host, &[]).await["people"].clone();
    let co_id = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Co")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let pitch = |title: &'static str, format: &'static str, tags: &'static str| {
        [
            ("camp", "next-camp"),
            ("title", title),
            ("description", "Mehr unter https://example.org/folien"),
            ("format", format),
            ("tags", tags),
        ]
    };
    let mut with_co = pitch("Über Ländergrenzen", "discussion", "OZG").to_vec();
    with_co.push(("co_hosts[]", co_id.as_str()));
    assert_eq!(
        app.call("pitch_session", Some(&host), &with_co)
            .await
            .status,
        StatusCode::OK
    );
    let other = pitch("KI im Bürgeramt", "talk", "KI");
    assert_eq!(
        app.call("pitch_session", Some(&fan), &other).await.status,
        StatusCode::OK
    );
    let mut stranger_co = pitch("X", "talk", "").to_vec();
    let random = uuid::Uuid::new_v4().to_string();
    stranger_co.push(("co_hosts[]", random.as_str()));
    let refused = app.call("pitch_session", Some(&host), &stranger_co).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("ErrCoHost"), "{}", refused.body);

    // Search: every word, any case, umlauts too; filters by format and tag; sort by title.
    assert_eq!(
        titles(&board(&app, &fan, &[("q", "ÜBER länder")]).await),
        ["Über Ländergrenzen"]
    );
    assert_eq!(
        titles(&board(&app, &fan, &[("format", "talk")]).await),
        ["KI im Bürgeramt"]
    );
    assert_eq!(
        titles(&board(&app, &fan, &[("tag", "ozg")]).await),
        ["Über Ländergrenzen"]
    );
    let sorted = board(&app, &fan, &[("sort", "title"), ("q", "")]).await;
    assert_eq!(titles(&sorted), ["KI im Bürgeramt", "Über Ländergrenzen"]);
    assert_eq!(sorted["total"], 2);
    let id = sorted["sessions"][1]["id"].as_str().unwrap().to_string();

    // The co-host may edit; the fan may not; a stale version is a conflict.
    let page = json(
        &app.call(
            "get_session",
            Some(&co),
            &[("camp", "next-camp"), ("session", &id)],
        )
        .await,
    );
    assert_eq!(page["can_edit"], true);
    assert_eq!(page["session"]["hosts"], serde_json::json!(["Co", "Host"]));
    let version = page["version"].to_string();
    let edit = |version: String, title: &'static str| {
        vec![
            ("camp", "next-camp".to_string()),
            ("session", id.clone()),
            ("version", version),
            ("title", title.to_string()),
            ("description", String::new()),
            ("format", "workshop".to_string()),
            ("tags", "OZG".to_string()),
            ("co_hosts[]", co_id.clone()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let send_edit = |cookie: String, form: Vec<(&'static str, String)>| {
        let app = app.clone();
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("update_session", Some(&cookie), &form).await
        }
    };
    let forbidden = send_edit(fan.clone(), as_refs(&edit(version.clone(), "Gekapert"))).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let saved = send_edit(co.clone(), as_refs(&edit(version.clone(), "Über Grenzen"))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let stale = send_edit(host.clone(), as_refs(&edit(version.clone(), "Alt"))).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("ErrConflict"), "{}", stale.body);
    let too_long = send_edit(
        co.clone(),
        as_refs(&edit((version.parse::<i64>().unwrap() + 1).to_string(), "")),
    )
    .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = json(
        &app.call(
            "get_session",
            Some(&fan),
            &[("camp", "next-camp"), ("session", &id)],
        )
        .await,
    );
    assert_eq!(
        page["session"]["title"], "Über Grenzen",
        "the failed edits changed nothing"
    );
    assert_eq!(page["can_edit"], false);

    // Only moderators hide; a hidden session leaves the participants' board and takes no votes.
    let hide = [
        ("camp", "next-camp"),
        ("session", id.as_str()),
        ("hidden", "true"),
    ];
    assert_eq!(
        app.call("set_session_hidden", Some(&host), &hide)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("set_session_hidden", Some(&moderator), &hide)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(titles(&board(&app, &fan, &[]).await), ["KI im Bürgeramt"]);
    assert_eq!(
        board(&app, &moderator, &[]).await["sessions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let hidden_page = app
        .call(
            "get_session",
            Some(&fan),
            &[("camp", "next-camp"), ("session", &id)],
        )
        .await;
    assert_eq!(hidden_page.status, StatusCode::NOT_FOUND);
    let vote = [
        ("camp", "next-camp"),
        ("session", id.as_str()),
        ("mark", "true"),
    ];
    let refused = app.call("vote", Some(&fan), &vote).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains("ErrSessionUnavailable"),
        "{}",
        refused.body
    );
    let restore = [
        ("camp", "next-camp"),
        ("session", id.as_str()),
        ("hidden", "false"),
    ];
    assert_eq!(
        app.call("set_session_hidden", Some(&moderator), &restore)
            .await
            .status,
        StatusCode::OK
    );

    // Only a host withdraws; afterwards the session is gone for everyone.
    let withdraw = [("camp", "next-camp"), ("session", id.as_str())];
    assert_eq!(
        app.call("withdraw_session", Some(&moderator), &withdraw)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("withdraw_session", Some(&host), &withdraw)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        titles(&board(&app, &moderator, &[]).await),
        ["KI im Bürgeramt"]
    );
    assert_eq!(
        app.call("withdraw_session", Some(&host), &withdraw)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn moderators_set_budget_blind_and_closed_voting() {
    let (app, moderator) = setup().await;
    let token = camp_with_invite(&app, &moderator, "next-camp").await;
    let fan = join(&app, &token, "Fan").await;
    for title in ["A", "B"] {
        let pitch = [
            ("camp", "next-camp"),
            ("title", title),
            ("description", ""),
            ("format", "talk"),
            ("tags", ""),
        ];
        app.call("pitch_session", Some(&moderator), &pitch).await;
    }
    let rules = |budget: &'static str, open: bool, blind: bool| {
        let mut form = vec![("camp", "next-camp"), ("vote_budget", budget)];
        if open {
            form.push(("voting_open", "on"));
        }
        if blind {
            form.push(("blind_voting", "on"));
        }
        form
    };
    let bad = app
        .call(
            "update_voting",
            Some(&moderator),
            &rules("null", true, false),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("vote_budget") && bad.body.contains("ErrBudget"),
        "{}",
        bad.body
    );
    let not_mod = app
        .call("update_voting", Some(&fan), &rules("", true, false))
        .await;
    assert_eq!(not_mod.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call("update_voting", Some(&moderator), &rules("1", true, true))
            .await
            .status,
        StatusCode::OK
    );

    let b = board(&app, &fan, &[]).await;
    assert_eq!(
        (
            b["rules"]["vote_budget"].clone(),
            b["rules"]["blind_voting"].clone()
        ),
        (1.into(), true.into())
    );
    let ids: Vec<String> = b["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let vote = |id: &str| {
        [("camp", "next-camp"), ("session", id), ("mark", "true")].map(|(k, v)| (k, v.to_string()))
    };
    let send = |form: [(&'static str, String); 3]| {
        let (app, fan) = (app.clone(), fan.clone());
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("vote", Some(&fan), &form).await
        }
    };
    let first = send(vote(&ids[0])).await;
    assert_eq!(
        (first.status, first.body.as_str()),
        (StatusCode::OK, "null"),
        "blind: no count"
    );
    let second = send(vote(&ids[1])).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("ErrVoteBudget"), "{}", second.body);
    assert!(
        board(&app, &moderator, &[]).await["sessions"][0]["votes"].is_null(),
        "moderators see no counts either"
    );

    // Closing reveals the counts and refuses further marks.
    assert_eq!(
        app.call("update_voting", Some(&moderator), &rules("1", false, true))
            .await
            .status,
        StatusCode::OK
    );
    let b = board(&app, &fan, &[("sort", "interest")]).await;
    assert_eq!(b["sessions"][0]["votes"], 1);
    let closed = send(vote(&ids[1])).await;
    assert!(closed.body.contains("ErrVotingClosed"), "{}", closed.body);
}

/// The members as `cookie` sees them: (name, role, is the caller) by name, and their ids.
async fn member_list(
    app: &TestApp,
    cookie: &str,
) -> (Vec<(String, String, bool)>, serde_json::Value) {
    let reply = app
        .call("camp_members", Some(cookie), &[("camp", "next-camp")])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let list = json(&reply);
    let mut rows: Vec<(String, String, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["display_name"].as_str().unwrap().to_string(),
                m["role"].as_str().unwrap().to_string(),
                m["you"].as_bool().unwrap(),
            )
        })
        .collect();
    rows.sort();
    (rows, list)
}

fn person_id(list: &serde_json::Value, name: &str) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["display_name"] == name)
        .unwrap_or_else(|| panic!("no member {name}: {list}"))["person_id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn row(name: &str, role: &str, you: bool) -> (String, String, bool) {
    (name.to_string(), role.to_string(), you)
}

#[tokio::test]
async fn moderators_make_co_moderators_and_the_last_one_stays() {
    let (app, mo) = setup().await;
    let token = camp_with_invite(&app, &mo, "next-camp").await;
    let alex = join(&app, &token, "Alex").await;
    let kim = join(&app, &token, "Kim").await;
    let (_, list) = member_list(&app, &mo).await;
    let (mo_id, alex_id, kim_id) = (
        person_id(&list, "Mo"),
        person_id(&list, "Alex"),
        person_id(&list, "Kim"),
    );
    let set_role = |person: &str, role: &str| {
        [
            ("camp", "next-camp".to_string()),
            ("person", person.to_string()),
            ("role", role.to_string()),
        ]
    };
    let send_role = |cookie: String, person: String, role: &'static str| {
        let app = app.clone();
        async move {
            let form = set_role(&person, role);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("set_member_role", Some(&cookie), &form).await
        }
    };

    // A participant may make nobody a moderator, not even themselves.
    let refused = send_role(alex.clone(), alex_id.clone(), "moderator").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let refused = send_role(alex.clone(), kim_id.clone(), "moderator").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let unknown = send_role(mo.clone(), alex_id.clone(), "admin").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("ErrRole"), "{}", unknown.body);

    // The moderator makes Alex a co-moderator; the list shows everyone's role.
    let promoted = send_role(mo.clone(), alex_id.clone(), "moderator").await;
    assert_eq!(promoted.status, StatusCode::OK, "{}", promoted.body);
    assert_eq!(
        member_list(&app, &mo).await.0,
        [
            row("Alex", "Moderator", false),
            row("Kim", "Participant", false),
            row("Mo", "Moderator", true)
        ]
    );

    // Alex can now do what moderators do: see the members and the invite link, set up rooms,
    // make others moderators and remove people.
    assert_eq!(
        member_list(&app, &alex).await.0[0],
        row("Alex", "Moderator", true)
    );
    let view = json(
        &app.call("get_camp", Some(&alex), &[("camp", "next-camp")])
            .await,
    );
    assert_eq!(view["my_role"], "Moderator");
    assert_eq!(view["invite_token"].as_str(), Some(token.as_str()));
    let room = [
        ("camp", "next-camp"),
        ("name", "Raum Alex"),
        ("video_url", "https://meet.example.org/alex"),
        ("capacity", "12"),
    ];
    assert_eq!(
        app.call("add_room", Some(&alex), &room).await.status,
        StatusCode::OK
    );
    let kim_promoted = send_role(alex.clone(), kim_id.clone(), "moderator").await;
    assert_eq!(kim_promoted.status, StatusCode::OK, "{}", kim_promoted.body);
    let removed = app
        .call(
            "remove_member",
            Some(&alex),
            &[("camp", "next-camp"), ("person", kim_id.as_str())],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(
        app.call("get_camp", Some(&kim), &[("camp", "next-camp")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Alex takes the role from Mo, who is then a participant like any other.
    let demoted = send_role(alex.clone(), mo_id.clone(), "participant").await;
    assert_eq!(demoted.status, StatusCode::OK, "{}", demoted.body);
    let members = app
        .call("camp_members", Some(&mo), &[("camp", "next-camp")])
        .await;
    assert_eq!(members.status, StatusCode::FORBIDDEN);
    let back = send_role(mo.clone(), mo_id.clone(), "moderator").await;
    assert_eq!(back.status, StatusCode::FORBIDDEN);

    // The last moderator cannot give the role up; nobody removes themselves.
    let last = send_role(alex.clone(), alex_id.clone(), "participant").await;
    assert_eq!(last.status, StatusCode::CONFLICT, "{}", last.body);
    assert!(last.body.contains("ErrLastModerator"), "{}", last.body);
    let self_removal = app
        .call(
            "remove_member",
            Some(&alex),
            &[("camp", "next-camp"), ("person", alex_id.as_str())],
        )
        .await;
    assert_eq!(self_removal.status, StatusCode::FORBIDDEN);
    assert_eq!(
        member_list(&app, &alex).await.0,
        [
            row("Alex", "Moderator", true),
            row("Mo", "Participant", false)
        ]
    );
}

#[tokio::test]
async fn the_members_list_is_searchable_without_script() {
    let (app, mo) = setup().await;
    let token = camp_with_invite(&app, &mo, "next-camp").await;
    for name in ["Anna Muster", "Kim Beispiel"] {
        join(&app, &token, name).await;
    }
    let page = |path: &'static str| {
        let (app, mo) = (app.clone(), mo.clone());
        async move {
            app.get(path, &[(header::COOKIE.as_str(), mo.as_str())])
                .await
        }
    };
    let all = page("/c/next-camp/settings").await;
    assert_eq!(all.status, StatusCode::OK);
    // Roles in every row, one menu per other member, none for oneself; the confirmations
    // are closed dialogs named by their question.
    for text in [
        "Aktionen für Anna Muster",
        "Aktionen für Kim Beispiel",
        "Zur Moderation machen",
        "Teilnehmend",
        "Moderation",
        "aria-labelledby=\"confirm-remove-title\"",
        "aria-labelledby=\"confirm-invite-title\"",
    ] {
        assert!(all.body.contains(text), "missing {text}");
    }
    assert!(!all.body.contains("Aktionen für Mo"));
    assert!(!all.body.contains("<dialog open"));
    assert!(!all.body.contains("angezeigt"), "no count without a search");

    let found = page("/c/next-camp/settings?q=muster").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found.body.contains("1 von 3 Personen angezeigt"),
        "{}",
        found.body
    );
    assert!(found.body.contains("value=\"muster\""));
    // The rows that do not fit are in the page, hidden.
    let row_of = |body: &str, name: &str| {
        let at = body.find(&format!(">{name}<")).expect(name);
        let start = body[..at].rfind("<li").unwrap();
        body[start..at].to_string()
    };
    assert!(row_of(&found.body, "Kim Beispiel").contains(" hidden"));
    assert!(!row_of(&found.body, "Anna Muster").contains(" hidden"));
    let none = page("/c/next-camp/settings?q=zzz").await;
    assert!(none.body.contains("Niemand passt zu dieser Suche."));
}

/// A built site as `cargo leptos build --release --precompress` leaves it: hashed names listed
/// in a hash file, and a `.br` and a `.gz` beside each file (marked here by their contents, so
/// that the test sees which one was sent).
fn hashed_site() -> (std::path::PathBuf, std::path::PathBuf) {
    let root = std::env::temp_dir().join(format!("campgrid-site-{}", uuid::Uuid::new_v4()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (name, body) in [
        ("campgrid.J5h.js", "plain js"),
        ("campgrid.W4s.wasm", "plain wasm"),
        ("campgrid.C3s.css", "plain css"),
        ("campgrid.css", "a development build's css"),
    ] {
        std::fs::write(pkg.join(name), body).unwrap();
        std::fs::write(pkg.join(format!("{name}.br")), format!("br of {name}")).unwrap();
        std::fs::write(pkg.join(format!("{name}.gz")), format!("gz of {name}")).unwrap();
    }
    let hash_file = root.join("hash.txt");
    std::fs::write(&hash_file, "js: J5h\nwasm: W4s\ncss: C3s\n").unwrap();
    (root, hash_file)
}

#[tokio::test]
async fn app_files_are_precompressed_hashed_and_kept_for_good() {
    let (root, hash_file) = hashed_site();
    let mut state = common::state(common::sqlite().await);
    state.leptos_options.site_root = root.to_string_lossy().into();
    state.leptos_options =
        server::assets::with_hash_file(state.leptos_options.clone(), Some(&hash_file));
    let app = TestApp::new(state);
    const FOREVER: &str = "public, max-age=31536000, immutable";

    for (accept, encoding, body) in [
        ("br, gzip", "br", "br of campgrid.W4s.wasm"),
        ("gzip", "gzip", "gz of campgrid.W4s.wasm"),
        ("identity", "", "plain wasm"),
    ] {
        let res = app
            .get("/pkg/campgrid.W4s.wasm", &[("accept-encoding", accept)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{accept}");
        assert_eq!(res.header(header::CONTENT_ENCODING), encoding, "{accept}");
        assert_eq!(
            res.body, body,
            "{accept}: sent as built, not compressed again"
        );
        assert_eq!(res.header(header::CACHE_CONTROL), FOREVER);
        assert_eq!(res.header(header::CONTENT_TYPE), "application/wasm");
    }
    let first = app
        .get("/pkg/campgrid.C3s.css", &[("accept-encoding", "br")])
        .await;
    let modified = first.header(header::LAST_MODIFIED).to_string();
    assert!(!modified.is_empty());
    let again = app
        .get(
            "/pkg/campgrid.C3s.css",
            &[("accept-encoding", "br"), ("if-modified-since", &modified)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.body, "");

    // A file of an earlier release is gone: a plain 404 that no browser keeps.
    let old = app.get("/pkg/campgrid.0ld.wasm", &[]).await;
    assert_eq!(old.status, StatusCode::NOT_FOUND);
    assert_eq!(old.header(header::CACHE_CONTROL), "");
    assert!(!old.body.contains("<html"));

    // The pages and the service worker name this release's files.
    let page = app.get("/login", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    for name in ["campgrid.J5h.js", "campgrid.W4s.wasm", "campgrid.C3s.css"] {
        assert!(
            page.body.contains(&format!("/pkg/{name}")),
            "page lacks {name}"
        );
    }
    let worker = app.get("/sw.js", &[]).await;
    assert_eq!(worker.header(header::CACHE_CONTROL), "no-cache");
    assert!(worker.body
        .starts_with(r#"const ASSETS = ["/pkg/campgrid.J5h.js","/pkg/campgrid.W4s.wasm","/pkg/campgrid.C3s.css"];"#));
    assert!(worker.body.contains("const HASHED = true;"));

    // Without the hash file (a development build) the names stay, so browsers ask every time.
    let mut state = common::state(common::sqlite().await);
    state.leptos_options.site_root = root.to_string_lossy().into();
    let dev = TestApp::new(state);
    let css = dev.get("/pkg/campgrid.css", &[]).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header(header::CACHE_CONTROL), "no-cache");
    let worker = dev.get("/sw.js", &[]).await;
    assert!(worker.body.contains("const HASHED = false;"));
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn pages_are_revalidated_and_member_pages_never_stored() {
    let (app, cookie) = setup().await;
    let anonymous = app.get("/login", &[]).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert_eq!(anonymous.header(header::CACHE_CONTROL), "no-cache");
    let member = app.get("/", &[("cookie", &cookie)]).await;
    assert_eq!(member.status, StatusCode::OK);
    assert!(member.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(member.header(header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn every_response_carries_a_request_id_made_by_the_server() {
    let (app, _) = setup().await;
    let id = |res: &Reply| {
        res.header(header::HeaderName::from_static("x-request-id"))
            .to_string()
    };
    let first = app.get("/healthz", &[]).await;
    let second = app
        .get("/c/unknown/schedule.ics", &[("x-request-id", "forged")])
        .await;
    assert_eq!(second.status, StatusCode::NOT_FOUND);
    let (a, b) = (id(&first), id(&second));
    assert_eq!(a.len(), 32, "a UUID in simple form: {a}");
    assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
    assert_ne!(
        b, "forged",
        "a client cannot choose the id that names its request in the log"
    );
}

/// A POST to a server function with an `Origin` and a `Host` of the client's choosing.
async fn post_from(app: &TestApp, origin: &str, host: &str, form: &[(&str, &str)]) -> Reply {
    let body = serde_urlencoded::to_string(form).unwrap();
    let req = Request::post("/api/login")
        .header(header::HOST, host)
        .header(header::ORIGIN, origin)
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn behind_an_https_public_url_cookies_are_host_only_and_links_never_follow_the_host_header() {
    let mut state = common::state(common::sqlite().await);
    state.public_url = app::server::site::PublicUrl::parse("https://camp.example.de").unwrap();
    server::create_moderator(&state, "Mo", "mo@example.org", PASSWORD)
        .await
        .unwrap();
    server::demo::seed(&state.store, Some("mo@example.org"))
        .await
        .unwrap();
    let app = TestApp::new(state);
    let login = [("email", "mo@example.org"), ("password", PASSWORD)];

    // The only origin accepted is the public one; a Host header cannot make another one so.
    let forged = post_from(&app, "https://evil.example", "evil.example", &login).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let signed_in = post_from(&app, "https://camp.example.de", "camp.example.de", &login).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
    let set_cookie = signed_in.header(header::SET_COOKIE).to_string();
    assert!(
        set_cookie.starts_with("__Host-campgrid_session=")
            && set_cookie.contains("; Path=/;")
            && set_cookie.ends_with("; Secure")
            && !set_cookie.contains("Domain"),
        "{set_cookie}"
    );
    assert_eq!(
        signed_in.header(header::STRICT_TRANSPORT_SECURITY),
        "max-age=31536000"
    );

    // Only the `__Host-` cookie signs in: a plain one may have been planted by a neighbour.
    let cookie = signed_in.cookie.unwrap();
    let token = cookie.split_once('=').unwrap().1;
    let me = app.call("me", Some(&cookie), &[]).await;
    assert!(me.body.contains("\"Mo\""), "{}", me.body);
    let planted = format!("campgrid_session={token}");
    assert_eq!(app.call("me", Some(&planted), &[]).await.body, "null");

    let export = app
        .get("/c/next-demo/schedule.json", &[("host", "evil.example")])
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.body.contains("https://camp.example.de/c/next-demo/"));
    assert!(!export.body.contains("evil.example"));
}

#[tokio::test]
async fn over_plain_http_there_is_no_hsts_and_no_secure_cookie() {
    let (app, _) = setup().await;
    let login = app
        .call(
            "login",
            None,
            &[("email", "mo@example.org"), ("password", PASSWORD)],
        )
        .await;
    let set_cookie = login.header(header::SET_COOKIE);
    assert!(set_cookie.starts_with("campgrid_session="), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "{set_cookie}");
    assert!(login
        .headers
        .get(header::STRICT_TRANSPORT_SECURITY)
        .is_none());
}
