//! Accounts (issue 14, point 6 and the second device of point 3): one-time tokens, TOTP steps
//! and recovery codes, the inactivity timeout, the sign-in list (store, both backends); and
//! through the router: password reset by mailed link (used up only by the POST), password
//! change with the old one, sign-in with TOTP, and the device code.
use chrono::{Duration, Utc};
use http::StatusCode;
use uuid::Uuid;

use crate::common::{self, person, stores, TestApp};
use app::server::store::{NewPerson, Store, TokenPurpose};
use app::server::totp;

const PASSWORD: &str = "a-long-enough-password";

async fn moderator_account(store: &Store, email: &str) -> Uuid {
    store
        .create_person(NewPerson {
            display_name: "Mo",
            email: Some(email),
            password_hash: Some("not a real hash"),
            is_moderator: true,
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn person_tokens_work_once_until_they_expire() {
    for store in stores().await {
        let p = person(&store, "Alex", false).await;
        let soon = Utc::now() + Duration::minutes(5);
        let kind = TokenPurpose::Device;
        store.add_person_token("h1", p, kind, soon).await.unwrap();
        // Asking does not use it up; taking does, once.
        assert_eq!(store.person_token("h1", kind).await.unwrap(), Some(p));
        assert_eq!(store.person_token("h1", kind).await.unwrap(), Some(p));
        let reset = TokenPurpose::PasswordReset;
        assert_eq!(store.take_person_token("h1", reset).await.unwrap(), None);
        assert_eq!(store.take_person_token("h1", kind).await.unwrap(), Some(p));
        assert_eq!(store.take_person_token("h1", kind).await.unwrap(), None);
        // Expired tokens count for nothing; a newer one replaces the older one.
        let past = Utc::now() - Duration::seconds(1);
        store.add_person_token("h2", p, kind, past).await.unwrap();
        assert_eq!(store.take_person_token("h2", kind).await.unwrap(), None);
        store.add_person_token("h3", p, kind, soon).await.unwrap();
        store.add_person_token("h4", p, kind, soon).await.unwrap();
        assert_eq!(store.person_token("h3", kind).await.unwrap(), None);
        assert_eq!(store.person_token("h4", kind).await.unwrap(), Some(p));
    }
}

#[tokio::test]
async fn totp_steps_and_recovery_codes_work_once() {
    for store in stores().await {
        let p = moderator_account(&store, &format!("mo-{}@x.de", store.backend())).await;
        store.set_totp_pending(p, "SECRET").await.unwrap();
        assert!(!store.enable_totp(p, "OTHER", 100, &[]).await.unwrap());
        let hashes = vec!["r1".to_string(), "r2".to_string()];
        assert!(store.enable_totp(p, "SECRET", 100, &hashes).await.unwrap());
        let row = store.totp(p).await.unwrap();
        assert_eq!(row.totp_secret.as_deref(), Some("SECRET"));
        assert_eq!(row.totp_pending, None);
        // The step used to turn it on, and any earlier one, cannot be replayed.
        assert!(!store.use_totp_step(p, 100).await.unwrap());
        assert!(!store.use_totp_step(p, 99).await.unwrap());
        assert!(store.use_totp_step(p, 101).await.unwrap());
        assert!(!store.use_totp_step(p, 101).await.unwrap());
        assert!(store.use_recovery_code(p, "r1").await.unwrap());
        assert!(!store.use_recovery_code(p, "r1").await.unwrap());
        assert_eq!(store.recovery_codes_left(p).await.unwrap(), 1);
        store.disable_totp(p).await.unwrap();
        assert_eq!(store.totp(p).await.unwrap().totp_secret, None);
        assert_eq!(store.recovery_codes_left(p).await.unwrap(), 0);
        assert!(!store.use_totp_step(p, 200).await.unwrap());
    }
}

#[tokio::test]
async fn idle_sign_ins_of_accounts_with_a_password_end() {
    for store in stores().await {
        let mo = moderator_account(&store, &format!("idle-{}@x.de", store.backend())).await;
        let alex = person(&store, "Alex", false).await;
        let later = Utc::now() + Duration::days(1);
        store.create_sign_in("mo", mo, later, "").await.unwrap();
        store.create_sign_in("alex", alex, later, "").await.unwrap();
        assert!(store.person_by_sign_in("mo").await.unwrap().is_some());
        let idle = Utc::now() - Duration::hours(13);
        store.touch_sign_in("mo", idle).await.unwrap();
        store.touch_sign_in("alex", idle).await.unwrap();
        // 13 hours unused: the moderator is signed out, the participant (no password) is not.
        assert!(store.person_by_sign_in("mo").await.unwrap().is_none());
        assert!(store.person_by_sign_in("alex").await.unwrap().is_some());
        store.touch_sign_in("mo", Utc::now()).await.unwrap();
        let back = store.person_by_sign_in("mo").await.unwrap().unwrap();
        assert!(back.seen_at.is_some());
    }
}

#[tokio::test]
async fn sign_ins_are_listed_and_ended_by_their_owner() {
    for store in stores().await {
        let alex = person(&store, "Alex", false).await;
        let kim = person(&store, "Kim", false).await;
        let later = Utc::now() + Duration::days(1);
        let phone = "b".repeat(64);
        let laptop = "a".repeat(64);
        store
            .create_sign_in(&laptop, alex, later, "Firefox · Linux")
            .await
            .unwrap();
        store
            .create_sign_in(&phone, alex, later, "Safari · iOS")
            .await
            .unwrap();
        store.create_sign_in("kim", kim, later, "").await.unwrap();
        let list = store.sign_ins_of(alex).await.unwrap();
        assert_eq!(list.len(), 2);
        assert!(list.iter().all(|s| s.key.len() == 16));
        // Kim cannot end Alex's sign-in by its key.
        assert!(!store.end_sign_in_of(kim, &phone[..16]).await.unwrap());
        assert!(store.end_sign_in_of(alex, &phone[..16]).await.unwrap());
        assert_eq!(store.sign_ins_of(alex).await.unwrap().len(), 1);
        store.create_sign_in(&phone, alex, later, "").await.unwrap();
        assert_eq!(store.end_sign_ins(alex, Some(&laptop)).await.unwrap(), 1);
        assert!(store.person_by_sign_in(&laptop).await.unwrap().is_some());
        assert!(store.person_by_sign_in("kim").await.unwrap().is_some());
    }
}

/// A router with the moderator account `email`; returns it and the moderator's cookie.
async fn moderator_app(email: &str) -> (TestApp, String) {
    let state = common::state(common::sqlite().await);
    server::create_moderator(&state, "Mo", email, PASSWORD)
        .await
        .unwrap();
    let app = TestApp::new(state);
    let cookie = app.sign_in(email, PASSWORD).await;
    (app, cookie)
}

/// An address no other test uses: all tests share the SMTP server's mail directory.
fn address(name: &str) -> String {
    format!("{name}-{}@example.org", Uuid::new_v4().simple())
}

/// The newest mail to `to`, waiting for it: the reset link is mailed after the answer.
async fn mail_to(to: &str) -> common::ReceivedMail {
    for _ in 0..100 {
        if let Some(mail) = common::mails_to(to).pop() {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no mail to {to}");
}

async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    !app.call("me", Some(cookie), &[]).await.json().is_null()
}

#[tokio::test]
async fn a_reset_link_is_used_up_only_by_the_post_that_sets_the_password() {
    let email = address("reset");
    let (app, old_cookie) = moderator_app(&email).await;
    let nobody = app
        .call(
            "request_password_reset",
            None,
            &[("email", "nobody@example.org")],
        )
        .await;
    assert_eq!(
        nobody.status,
        StatusCode::OK,
        "the same answer for any address"
    );
    assert!(common::mails_to("nobody@example.org").is_empty());
    let asked = app
        .call("request_password_reset", None, &[("email", &email)])
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let mail = mail_to(&email).await;
    let path = mail.path();
    assert!(path.starts_with("/reset?t="), "{path}");
    let token = path.trim_start_matches("/reset?t=");
    // Opening the link, as a mail scanner would, twice: it still works.
    assert_eq!(app.get(&path, &[]).await.status, StatusCode::OK);
    for _ in 0..2 {
        let info = app
            .call("password_reset_info", None, &[("token", token)])
            .await;
        assert_eq!(info.status, StatusCode::OK, "{}", info.body);
    }
    // A common password is refused at the field, and the link stays usable.
    let common = [("token", token), ("password", "1234567890")];
    let refused = app.call("reset_password", None, &common).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("ErrPasswordCommon"),
        "{}",
        refused.body
    );
    let new = [("token", token), ("password", "a brand new sentence")];
    let reset = app.call("reset_password", None, &new).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert!(reset.cookie.is_none(), "a reset signs nobody in");
    let again = app.call("reset_password", None, &new).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.body);
    assert!(!signed_in(&app, &old_cookie).await, "every sign-in ended");
    let old = [("email", email.as_str()), ("password", PASSWORD)];
    let wrong = app.call("login", None, &old).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.sign_in(&email, "a brand new sentence").await;
}

#[tokio::test]
async fn a_password_change_needs_the_old_one_and_ends_the_other_sign_ins() {
    let email = address("change");
    let (app, laptop) = moderator_app(&email).await;
    let phone = app.sign_in(&email, PASSWORD).await;
    let wrong = [
        ("current_password", "not-the-password"),
        ("new_password", "another good sentence"),
    ];
    let refused = app.call("change_password", Some(&laptop), &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("current_password"),
        "{}",
        refused.body
    );
    let common = [
        ("current_password", PASSWORD),
        ("new_password", "qwertyuiop"),
    ];
    let refused = app.call("change_password", Some(&laptop), &common).await;
    assert!(
        refused.body.contains("ErrPasswordCommon"),
        "{}",
        refused.body
    );
    let right = [
        ("current_password", PASSWORD),
        ("new_password", "another good sentence"),
    ];
    let changed = app.call("change_password", Some(&laptop), &right).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(signed_in(&app, &laptop).await, "this sign-in stays");
    assert!(!signed_in(&app, &phone).await, "the other one ended");
    let notice = common::mails_to(&email).pop().expect("a notice");
    assert!(notice.text.unwrap_or_default().contains("Passwort"));
    // A participant (no password) has nothing to change.
    let none = app.call("change_password", None, &right).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn with_totp_on_a_sign_in_needs_a_fresh_code_or_a_recovery_code() {
    let email = address("totp");
    let (app, cookie) = moderator_app(&email).await;
    let setup = app.call("begin_totp", Some(&cookie), &[]).await;
    assert_eq!(setup.status, StatusCode::OK, "{}", setup.body);
    let secret = setup.json()["secret"].as_str().unwrap().to_string();
    assert!(setup.json()["qr_svg"].as_str().unwrap().contains("<svg"));
    let now = Utc::now().timestamp() as u64;
    let enable = |code: String, password: &'static str| {
        let (app, cookie) = (&app, &cookie);
        async move {
            let form = [("code", code.as_str()), ("current_password", password)];
            app.call("enable_totp", Some(cookie), &form).await
        }
    };
    let wrong = enable("000000".into(), PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = totp::code_at(&secret, now).unwrap();
    // A stolen sign-in without the password cannot put its own app on the account.
    let no_password = enable(code.clone(), "not-the-password").await;
    assert!(
        no_password.body.contains("current_password"),
        "{}",
        no_password.body
    );
    let on = enable(code.clone(), PASSWORD).await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.body);
    // And once it is on, it is not replaced: turning it off comes first.
    let again = app.call("begin_totp", Some(&cookie), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let recovery: Vec<String> = serde_json::from_str(&on.body).unwrap();
    assert_eq!(recovery.len(), 10);

    let password = [("email", email.as_str()), ("password", PASSWORD)];
    let asked = app.call("login", None, &password).await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(asked.body.contains("ErrCodeNeeded"), "{}", asked.body);
    assert!(asked.cookie.is_none());
    let with = |code: &str| {
        let mut form = password.to_vec();
        form.push(("code", code));
        form.into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect::<Vec<_>>()
    };
    let call = |form: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("login", None, &form).await
        }
    };
    // The code that turned it on was used: replaying it fails; the next one works, once.
    let replay = call(with(&code)).await;
    assert!(replay.body.contains("ErrCodeWrong"), "{}", replay.body);
    let next = totp::code_at(&secret, now + 30).unwrap();
    let ok = call(with(&next)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.cookie.is_some());
    assert!(call(with(&next)).await.body.contains("ErrCodeWrong"));
    // A recovery code, typed in capitals, works once.
    let typed = recovery[0].to_uppercase();
    assert_eq!(call(with(&typed)).await.status, StatusCode::OK);
    assert!(call(with(&typed)).await.body.contains("ErrCodeWrong"));
    // Five wrong codes in a row (the used recovery code was the first), and codes are refused
    // for a while, the right one too.
    for _ in 0..4 {
        assert!(call(with("123456")).await.body.contains("ErrCodeWrong"));
    }
    let locked = call(with(&totp::code_at(&secret, now + 60).unwrap())).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    // A wrong password never reaches the code question.
    let mut bad = with(&recovery[1]);
    bad[1].1 = "wrong-password".into();
    assert!(call(bad).await.body.contains("ErrLogin"));
}

#[tokio::test]
async fn a_device_code_signs_in_a_second_device_as_the_same_person_once() {
    let (app, moderator) = moderator_app(&address("device")).await;
    let camp = [
        ("name", "NExT Camp"),
        ("slug", "next-camp"),
        ("description", ""),
        ("time_zone", "Europe/Berlin"),
        ("email_domains", ""),
    ];
    app.call("create_camp", Some(&moderator), &camp).await;
    let view = app
        .call("get_camp", Some(&moderator), &[("camp", "next-camp")])
        .await
        .json();
    let join = [
        ("camp", "next-camp"),
        ("token", view["invite_token"].as_str().unwrap()),
        ("display_name", "Alex"),
    ];
    let laptop = app.call("join_camp", None, &join).await.cookie.unwrap();
    let shown = app.call("device_code", Some(&laptop), &[]).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let code = shown.json()["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 14, "XXXX-XXXX-XXXX");
    // Opening the QR code's address uses nothing up; only the POST signs in.
    let page = app.get(&format!("/device?c={code}"), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    let typed = code.to_lowercase().replace('-', " ");
    let phone = app.call("use_device_code", None, &[("code", &typed)]).await;
    assert_eq!(phone.status, StatusCode::OK, "{}", phone.body);
    let phone = phone.cookie.unwrap();
    let me = app.call("me", Some(&phone), &[]).await.json();
    assert_eq!(me["display_name"], "Alex");
    let camps = app.call("my_camps", Some(&phone), &[]).await;
    assert!(camps.body.contains("next-camp"), "{}", camps.body);
    let again = app.call("use_device_code", None, &[("code", &code)]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Accounts with a password sign in with it on each device.
    let refused = app.call("device_code", Some(&moderator), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Both sign-ins are in the list. Without a password or a confirmed address, this sign-in
    // is Alex's only way back: it cannot be ended, and "all" ends the laptop's only.
    let account = app.call("my_account", Some(&phone), &[]).await.json();
    assert_eq!(account["sign_ins"].as_array().unwrap().len(), 2);
    assert_eq!(account["can_sign_in_again"], false);
    let own = account["sign_ins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == true)
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = app
        .call("end_sign_in", Some(&phone), &[("key", &own)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let ended = app.call("end_all_sign_ins", Some(&phone), &[]).await;
    assert_eq!(
        (ended.status, ended.body.as_str()),
        (StatusCode::OK, "false")
    );
    assert!(!signed_in(&app, &laptop).await && signed_in(&app, &phone).await);
    // A moderator's "end all" ends this browser's sign-in too.
    let ended = app.call("end_all_sign_ins", Some(&moderator), &[]).await;
    assert_eq!(ended.body, "true");
    assert!(!signed_in(&app, &moderator).await);
}
