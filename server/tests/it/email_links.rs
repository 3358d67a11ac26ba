//! Work addresses confirmed by e-mail: the store's links on SQLite and PostgreSQL, and the
//! whole flow through the real router with mails sent to the real SMTP server that `make test`
//! starts (`.ci/smtp-test-server.sh`).
use crate::common::{self, mails_to, ReceivedMail, TestApp};

use app::server::mail::Mailer;
use app::server::store::{Confirmed, NewEmailLink, Store};
use chrono::{Duration, Utc};
use http::StatusCode;
use uuid::Uuid;

fn link<'a>(hash: &'a str, camp: Uuid, email: &'a str, minutes: i64) -> NewEmailLink<'a> {
    NewEmailLink {
        token_hash: hash,
        camp,
        email,
        display_name: "Alex (BMI)",
        requested_by: None,
        expires_at: Utc::now() + Duration::minutes(minutes),
    }
}

async fn link_hashes(store: &Store) -> Vec<String> {
    let sql = "SELECT token_hash FROM email_links";
    match store {
        Store::Sqlite(pools) => sqlx::query_scalar(sql).fetch_all(&pools.read).await,
        Store::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .unwrap()
}

#[tokio::test]
async fn a_mailed_link_works_once_and_until_it_expires() {
    for store in common::stores().await {
        let (camp, _) = common::camp_with_moderator(&store, "next-camp").await;
        store
            .add_email_link(link("h1", camp, "alex@bund.de", 30))
            .await
            .unwrap();
        store
            .add_email_link(link("old", camp, "alex@bund.de", -1))
            .await
            .unwrap();
        let info = store.email_link("h1").await.unwrap().expect("a valid link");
        assert_eq!((info.email.as_str(), info.member), ("alex@bund.de", None));
        assert!(store.email_link("old").await.unwrap().is_none());
        assert_eq!(
            store.confirm_email_link("old", None).await.unwrap(),
            Confirmed::Invalid,
            "{}",
            store.backend()
        );

        let Confirmed::Joined { person, .. } = store.confirm_email_link("h1", None).await.unwrap()
        else {
            panic!("a new member")
        };
        assert_eq!(
            store.confirm_email_link("h1", None).await.unwrap(),
            Confirmed::Invalid
        );
        let member = store.membership(camp, person).await.unwrap().unwrap();
        assert_eq!(member.email.as_deref(), Some("alex@bund.de"));
        assert!(member.email_verified_at.is_some());

        // A later link for the same address signs that member in: no second member.
        store
            .add_email_link(link("h2", camp, "alex@bund.de", 30))
            .await
            .unwrap();
        // The expired link was cleared away by adding the new one.
        assert_eq!(link_hashes(&store).await, vec!["h2".to_string()]);
        assert_eq!(
            store.email_link("h2").await.unwrap().unwrap().member,
            Some(person)
        );
        assert_eq!(
            store.confirm_email_link("h2", None).await.unwrap(),
            Confirmed::SignedIn { camp, person }
        );
        assert_eq!(store.members(camp).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn a_removed_address_stays_out_and_a_signed_in_person_can_join_as_themselves() {
    for store in common::stores().await {
        let (camp, moderator) = common::camp_with_moderator(&store, "next-camp").await;
        store
            .add_email_link(link("a", camp, "alex@bund.de", 30))
            .await
            .unwrap();
        let Confirmed::Joined { person, .. } = store.confirm_email_link("a", None).await.unwrap()
        else {
            panic!("a new member")
        };
        store.remove_member(camp, person, moderator).await.unwrap();
        store
            .add_email_link(link("b", camp, "alex@bund.de", 30))
            .await
            .unwrap();
        assert_eq!(
            store.confirm_email_link("b", None).await.unwrap(),
            Confirmed::Removed
        );

        let someone = common::person(&store, "Sam", false).await;
        store
            .add_email_link(NewEmailLink {
                requested_by: Some(someone),
                ..link("c", camp, "sam@bund.de", 30)
            })
            .await
            .unwrap();
        assert_eq!(
            store.confirm_email_link("c", Some(someone)).await.unwrap(),
            Confirmed::Joined {
                camp,
                person: someone
            },
            "{}",
            store.backend()
        );

        // A link someone else asked for never gives its address to the one who opens it:
        // they join as a new person.
        let victim = common::person(&store, "Vic", false).await;
        store
            .add_email_link(link("d", camp, "eve@bund.de", 30))
            .await
            .unwrap();
        let Confirmed::Joined { person, .. } =
            store.confirm_email_link("d", Some(victim)).await.unwrap()
        else {
            panic!("a new member")
        };
        assert_ne!(person, victim);
        assert!(store.membership(camp, victim).await.unwrap().is_none());

        // An account with a password is never signed in by a mailed link.
        let moderator_account = store
            .create_person(app::server::store::NewPerson {
                display_name: "Mo Zwei",
                email: Some("mo2@bund.de"),
                password_hash: Some("argon2-hash"),
                is_moderator: true,
            })
            .await
            .unwrap();
        store
            .add_email_link(NewEmailLink {
                requested_by: Some(moderator_account),
                ..link("e", camp, "mo2@bund.de", 30)
            })
            .await
            .unwrap();
        store
            .confirm_email_link("e", Some(moderator_account))
            .await
            .unwrap();
        store
            .add_email_link(link("f", camp, "mo2@bund.de", 30))
            .await
            .unwrap();
        assert_eq!(
            store
                .email_link("f")
                .await
                .unwrap()
                .unwrap()
                .member_has_password,
            Some(true)
        );
        assert_eq!(
            store.confirm_email_link("f", None).await.unwrap(),
            Confirmed::NeedsPassword
        );
    }
}

#[tokio::test]
async fn of_ten_concurrent_confirmations_of_one_link_exactly_one_makes_a_member() {
    for store in common::stores().await {
        let (camp, _) = common::camp_with_moderator(&store, "next-camp").await;
        store
            .add_email_link(link("race", camp, "alex@bund.de", 30))
            .await
            .unwrap();
        let tries = (0..10).map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.confirm_email_link("race", None).await.unwrap() })
        });
        let mut outcomes = Vec::new();
        for t in tries {
            outcomes.push(t.await.unwrap());
        }
        let joined = outcomes
            .iter()
            .filter(|o| matches!(o, Confirmed::Joined { .. }))
            .count();
        assert_eq!(joined, 1, "{} {outcomes:?}", store.backend());
        assert_eq!(store.members(camp).await.unwrap().len(), 2);
    }
}

const PASSWORD: &str = "a-long-enough-password";

/// A router (SQLite) whose moderator made the camp `next-camp` open to bund.de addresses;
/// returns the app, the store, the moderator's cookie and the invite token.
async fn camp_for_bund(mailer: Option<Mailer>) -> (TestApp, Store, String, String) {
    let mut state = common::state(common::sqlite().await);
    if let Some(mailer) = mailer {
        state.mailer = mailer;
    }
    let store = state.store.clone();
    server::create_moderator(&state, "Mo", "mo@example.org", PASSWORD)
        .await
        .unwrap();
    let app = TestApp::new(state);
    let moderator = app.sign_in("mo@example.org", PASSWORD).await;
    let camp = [
        ("name", "NExT Camp"),
        ("slug", "next-camp"),
        ("description", ""),
        ("time_zone", "Europe/Berlin"),
        ("email_domains", "bund.de"),
    ];
    let created = app.call("create_camp", Some(&moderator), &camp).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let view = app
        .call("get_camp", Some(&moderator), &[("camp", "next-camp")])
        .await
        .json();
    let token = view["invite_token"].as_str().unwrap().to_string();
    (app, store, moderator, token)
}

/// An address no other test uses: all tests share the SMTP server's mail directory.
fn address(name: &str) -> String {
    format!("{name}-{}@bund.de", Uuid::new_v4().simple())
}

async fn ask_to_join(app: &TestApp, token: &str, name: &str, email: &str) -> common::Reply {
    let form = [
        ("camp", "next-camp"),
        ("token", token),
        ("display_name", name),
        ("email", email),
    ];
    app.call("join_camp", None, &form).await
}

/// The link of the one new mail to `email`, after asking for it.
async fn mailed_link(app: &TestApp, token: &str, name: &str, email: &str) -> ReceivedMail {
    let before = mails_to(email).len();
    let asked = ask_to_join(app, token, name, email).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let mut mails = mails_to(email);
    assert_eq!(mails.len(), before + 1, "one new mail");
    mails.pop().unwrap()
}

fn link_token(mail: &ReceivedMail) -> String {
    mail.path()
        .strip_prefix("/confirm?t=")
        .expect("a /confirm link")
        .to_string()
}

async fn members(app: &TestApp, moderator: &str) -> Vec<serde_json::Value> {
    let reply = app
        .call("camp_members", Some(moderator), &[("camp", "next-camp")])
        .await;
    reply.json().as_array().unwrap().clone()
}

#[tokio::test]
async fn joining_with_a_work_address_mails_a_link_and_only_its_post_makes_a_member() {
    let (app, store, moderator, token) = camp_for_bund(None).await;

    let outside = ask_to_join(&app, &token, "Eve", "eve@example.org").await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        outside.body.contains("\"field\":\"email\"") && outside.body.contains("ErrEmailDomain")
    );
    assert!(mails_to("eve@example.org").is_empty());

    let email = address("alex");
    let mail = mailed_link(&app, &token, "Alex (BMI)", &email).await;
    assert!(mail.subject.contains("NExT Camp"), "{}", mail.subject);
    let html = mail.html.as_deref().expect("an HTML part");
    assert!(html.contains(&mail.link().replace('&', "&amp;")));
    assert!(
        !html.contains("<img") && !html.contains("src="),
        "no tracking: {html}"
    );
    // Not a member yet, and only the token's hash is stored.
    assert_eq!(members(&app, &moderator).await.len(), 1);
    let t = link_token(&mail);
    let hashes = link_hashes(&store).await;
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0], t);

    // Opening the link (GET, as a mail scanner would) uses nothing up.
    for _ in 0..2 {
        let page = app.get(&mail.path(), &[("accept-language", "en")]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Join as Alex (BMI)"), "{}", page.body);
    }
    let confirmed = app.call("confirm_email", None, &[("token", &t)]).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert_eq!(confirmed.json(), "next-camp");
    let alex = confirmed.cookie.expect("signed in on this device");
    let view = app
        .call("get_camp", Some(&alex), &[("camp", "next-camp")])
        .await;
    assert_eq!(view.status, StatusCode::OK);
    let list = members(&app, &moderator).await;
    let member = list.iter().find(|m| m["email"] == email.as_str()).unwrap();
    assert_eq!(
        (
            member["display_name"].as_str(),
            member["verified"].as_bool()
        ),
        (Some("Alex (BMI)"), Some(true))
    );

    let again = app.call("confirm_email", None, &[("token", &t)]).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(again.body.contains("ErrLinkInvalid"));
    let info = app.call("email_link_info", None, &[("token", &t)]).await;
    assert_eq!(info.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_second_device_signs_in_as_the_same_member_and_a_removed_one_stays_out() {
    let (app, _, moderator, token) = camp_for_bund(None).await;
    let email = address("alex");
    let first = mailed_link(&app, &token, "Alex", &email).await;
    let laptop = app
        .call("confirm_email", None, &[("token", &link_token(&first))])
        .await
        .cookie
        .unwrap();
    let pitch = [
        ("camp", "next-camp"),
        ("title", "Open Data im Bund"),
        ("description", ""),
        ("format", "talk"),
        ("tags", ""),
    ];
    let pitched = app.call("pitch_session", Some(&laptop), &pitch).await;
    assert_eq!(pitched.status, StatusCode::OK, "{}", pitched.body);

    // The phone: the same address (the name typed there does not matter) gets a new link.
    let second = mailed_link(&app, &token, "Alex am Telefon", &email).await;
    let info = app
        .call("email_link_info", None, &[("token", &link_token(&second))])
        .await
        .json();
    assert_eq!(info["member_name"], "Alex");
    let phone = app
        .call("confirm_email", None, &[("token", &link_token(&second))])
        .await
        .cookie
        .unwrap();
    assert_ne!(phone, laptop, "its own sign-in");
    let board = app
        .call("get_board", Some(&phone), &[("camp", "next-camp")])
        .await
        .json();
    let session = &board["sessions"][0];
    assert_eq!(
        (session["title"].as_str(), session["hosted"].as_bool()),
        (Some("Open Data im Bund"), Some(true))
    );
    assert_eq!(
        members(&app, &moderator).await.len(),
        2,
        "one member, two devices"
    );

    let id = members(&app, &moderator)
        .await
        .into_iter()
        .find(|m| m["email"] == email.as_str())
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
    // Their sign-ins ended on every device.
    for device in [&laptop, &phone] {
        let view = app
            .call("get_camp", Some(device), &[("camp", "next-camp")])
            .await;
        assert_eq!(view.status, StatusCode::UNAUTHORIZED);
    }
    // Asking for a link answers as always (it tells nobody who is in the camp); the link
    // itself then refuses.
    let third = mailed_link(&app, &token, "Alex", &email).await;
    let rejoin = app
        .call("confirm_email", None, &[("token", &link_token(&third))])
        .await;
    assert_eq!(rejoin.status, StatusCode::FORBIDDEN);
    assert!(rejoin.body.contains("ErrRemoved"));
    assert!(rejoin.cookie.is_none());
}

#[tokio::test]
async fn links_to_one_address_are_limited_and_a_failing_relay_is_a_503() {
    let (app, _, _, token) = camp_for_bund(None).await;
    let email = address("flood");
    for _ in 0..3 {
        mailed_link(&app, &token, "Alex", &email).await;
    }
    let refused = ask_to_join(&app, &token, "Alex", &email).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_to(&email).len(), 3);

    // Port 9 (discard) has no SMTP server: the relay cannot be reached.
    let down = Mailer::relay("smtp://127.0.0.1:9", "campgrid <c@campgrid.example>").unwrap();
    let (app, _, moderator, token) = camp_for_bund(Some(down)).await;
    let failed = ask_to_join(&app, &token, "Alex", &address("alex")).await;
    assert_eq!(
        failed.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        failed.body
    );
    assert!(failed.body.contains("ErrMailFailed"));
    assert_eq!(members(&app, &moderator).await.len(), 1);
}

#[tokio::test]
async fn without_a_relay_the_camps_moderators_read_the_mails_in_the_outbox() {
    let (app, _, moderator, token) = camp_for_bund(Some(Mailer::outbox())).await;
    let empty = app
        .call("outbox", Some(&moderator), &[("camp", "next-camp")])
        .await;
    assert_eq!(empty.json(), serde_json::json!([]));
    let email = address("alex");
    let asked = ask_to_join(&app, &token, "Alex", &email).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        mails_to(&email).is_empty(),
        "nothing went to the SMTP server"
    );
    let outbox = app
        .call("outbox", Some(&moderator), &[("camp", "next-camp")])
        .await
        .json();
    assert_eq!(outbox[0]["to"], email.as_str());
    let text = outbox[0]["text"].as_str().unwrap();
    let start = text.find("/confirm?t=").unwrap();
    let t = text[start + "/confirm?t=".len()..]
        .split_whitespace()
        .next()
        .unwrap();
    let confirmed = app.call("confirm_email", None, &[("token", t)]).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    // Members see no outbox; with a relay there is none (`null`).
    let participant = confirmed.cookie.unwrap();
    let refused = app
        .call("outbox", Some(&participant), &[("camp", "next-camp")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (app, _, moderator, _) = camp_for_bund(None).await;
    let none = app
        .call("outbox", Some(&moderator), &[("camp", "next-camp")])
        .await;
    assert_eq!(none.json(), serde_json::Value::Null);
}
