//! The schedule exports over the real router, on SQLite and PostgreSQL: a two-day camp with
//! five rooms, a two-slot session and published sessions that were hidden or withdrawn
//! afterwards. The files are checked with the tools other programs would use: `xmllint`
//! against the frab XSD, `check-jsonschema` against the c3voc JSON schema and Python's
//! `icalendar`; they live in the venv `.ci/install-tools.sh test` makes
//! (`$CAMPGRID_PY`, else `$CAMPGRID_TOOLS_DIR/py/bin/python`, else
//! `~/.cache/campgrid-tools/py/bin/python`). Missing tools fail the test, never skip it.
//! Beyond the schemas, two programs that conference people use read `schedule.json`
//! (pyfahrplan) and `schedule.xml` (schedule-convert), from a second venv of the same script
//! (`$CAMPGRID_SCHEDULE_APPS_PY`, else `$CAMPGRID_TOOLS_DIR/schedule-apps/bin/python`).
use crate::common::{self, Reply, TestApp};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use app::domain::{CampInput, RoomInput, SlotInput};
use app::server::schedule::export::agenda_key_hash;
use app::server::store::{NewSession, SessionCells, Store};
use app::server::AppState;
use http::{header, StatusCode};
use serde_json::Value;
use uuid::Uuid;

const SLUG: &str = "next-camp";
const PASSWORD: &str = "a-long-enough-password";

#[track_caller]
fn ok(reply: &Reply, content_type: &str) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header(header::CONTENT_TYPE), content_type);
}

/// A server function call as a form post; returns status, body and the session cookie.
async fn call(
    app: &TestApp,
    endpoint: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let reply = app.call(endpoint, cookie, form).await;
    (reply.status, reply.body, reply.cookie)
}

// --- the external checkers -------------------------------------------------------------

fn python() -> PathBuf {
    let path = std::env::var_os("CAMPGRID_PY")
        .map(PathBuf::from)
        .unwrap_or_else(|| tools_dir().join("py/bin/python"));
    assert!(
        path.exists(),
        "{} is missing: run `.ci/install-tools.sh test` (a venv with check-jsonschema and \
         icalendar) or set CAMPGRID_PY to a python that has them",
        path.display()
    );
    path
}

fn tools_dir() -> PathBuf {
    std::env::var_os("CAMPGRID_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/campgrid-tools")
        })
}

/// The python of the venv with the conference programs pyfahrplan and schedule-convert.
fn apps_python() -> PathBuf {
    let path = std::env::var_os("CAMPGRID_SCHEDULE_APPS_PY")
        .map(PathBuf::from)
        .unwrap_or_else(|| tools_dir().join("schedule-apps/bin/python"));
    assert!(
        path.exists(),
        "{} is missing: run `.ci/install-tools.sh test` (a venv with the conference programs \
         pyfahrplan and schedule-convert) or set CAMPGRID_SCHEDULE_APPS_PY to a python that \
         has them",
        path.display()
    );
    path
}

/// What pyfahrplan makes of a `schedule.json` and schedule-convert of a `schedule.xml`
/// (`tests/fixtures/schedule/read_with_apps.py`).
fn read_with_apps(json: &[u8], xml: &[u8]) -> Value {
    let json_file = temp_file(json, "json");
    let xml_file = temp_file(xml, "xml");
    let out = run(
        Command::new(apps_python())
            .arg(fixture("read_with_apps.py"))
            .arg(&json_file)
            .arg(&xml_file),
        "pyfahrplan and schedule-convert (tests/fixtures/schedule/read_with_apps.py)",
    );
    let _ = std::fs::remove_file(json_file);
    let _ = std::fs::remove_file(xml_file);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedule")
        .join(name)
}

fn temp_file(body: &[u8], ext: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("campgrid-export-{}.{ext}", Uuid::new_v4()));
    std::fs::write(&path, body).unwrap();
    path
}

#[track_caller]
fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what} ({e}): run `.ci/install-tools.sh test`"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn check_xml(body: &[u8]) {
    let file = temp_file(body, "xml");
    run(
        Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(fixture("schedule.xml.xsd"))
            .arg(&file),
        "xmllint (Debian package libxml2-utils)",
    );
    let _ = std::fs::remove_file(file);
}

fn check_json(body: &[u8]) {
    let file = temp_file(body, "json");
    let checker = python().with_file_name("check-jsonschema");
    run(
        Command::new(checker)
            .arg("--schemafile")
            .arg(fixture("schedule.schema.json"))
            .arg(&file),
        "check-jsonschema",
    );
    let _ = std::fs::remove_file(file);
}

/// The calendar's events as Python's `icalendar` reads them, by UID.
fn parse_ics(body: &[u8]) -> Vec<Value> {
    let file = temp_file(body, "ics");
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for ev in cal.walk('VEVENT'):
    cats = ev.get('CATEGORIES')
    cats = [] if cats is None else [str(c) for c in cats.cats]
    out.append({
        'uid': str(ev['UID']),
        'start': ev.decoded('DTSTART').isoformat(),
        'end': ev.decoded('DTEND').isoformat(),
        'summary': str(ev['SUMMARY']),
        'description': str(ev.get('DESCRIPTION', '')),
        'location': str(ev.get('LOCATION', '')),
        'url': str(ev.get('URL', '')),
        'categories': cats,
    })
print(json.dumps({'tz': str(cal.get('X-WR-TIMEZONE')), 'events': out}))
"#;
    let out = run(
        Command::new(python()).arg("-c").arg(script).arg(&file),
        "python icalendar",
    );
    let _ = std::fs::remove_file(file);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["tz"], "Europe/Berlin");
    doc["events"].as_array().unwrap().clone()
}

fn event(events: &[Value], session: Uuid) -> &Value {
    let uid = format!("{session}@campgrid");
    events
        .iter()
        .find(|e| e["uid"] == uid.as_str())
        .unwrap_or_else(|| panic!("no event {uid}"))
}

fn uids(events: &[Value]) -> Vec<String> {
    let mut u: Vec<String> = events
        .iter()
        .map(|e| e["uid"].as_str().unwrap().into())
        .collect();
    u.sort();
    u
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .unwrap();
    out
}

// --- the camp ---------------------------------------------------------------------------

struct Camp {
    app: TestApp,
    state: AppState,
    store: Store,
    id: Uuid,
    moderator: Uuid,
    mod_cookie: String,
    pia: Uuid,
    pia_cookie: String,
    rooms: Vec<Uuid>,
    /// Day 1: 09:00, 10:00, 11:00; day 2: 09:00, 10:00 (Berlin, 45 minutes each).
    slots: Vec<Uuid>,
}

impl Camp {
    async fn new(store: Store) -> Camp {
        let state = common::state(store.clone());
        server::create_moderator(&state, "Mo", "mo@example.org", PASSWORD)
            .await
            .unwrap();
        let moderator = store
            .person_by_email("mo@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let app = TestApp::new(state.clone());
        let mod_cookie = app.sign_in("mo@example.org", PASSWORD).await;
        let settings = CampInput {
            name: "NExT Camp".into(),
            slug: SLUG.into(),
            description: "Verwaltung digital gestalten".into(),
            time_zone: "Europe/Berlin".into(),
            self_service_slots: false,
            schedule_public: true,
            email_domains: String::new(),
        }
        .validate()
        .unwrap();
        let id = store.create_camp(&settings, moderator).await.unwrap();
        let camp_row = store.camp_by_id(id).await.unwrap().unwrap();
        let invite = state.invite_key.token(&camp_row);
        let mut rooms = Vec::new();
        for i in 1..=5 {
            let room = RoomInput {
                name: format!("Raum {i}"),
                video_url: format!("https://meet.example.org/raum-{i}"),
                capacity: "30".into(),
            }
            .validate()
            .unwrap();
            rooms.push(store.add_room(id, &room, moderator).await.unwrap());
        }
        let mut slots = Vec::new();
        for (day, starts, ends) in [
            ("2026-03-10", "09:00", "09:45"),
            ("2026-03-10", "10:00", "10:45"),
            ("2026-03-10", "11:00", "11:45"),
            ("2026-03-11", "09:00", "09:45"),
            ("2026-03-11", "10:00", "10:45"),
        ] {
            let times = SlotInput {
                day: day.into(),
                starts: starts.into(),
                ends: ends.into(),
            }
            .validate("Europe/Berlin")
            .unwrap();
            slots.push(store.add_slot(id, &times, moderator).await.unwrap());
        }
        let (status, body, cookie_pia) = call(
            &app,
            "join_camp",
            None,
            &[
                ("camp", SLUG),
                ("token", invite.as_str()),
                ("display_name", "Pia Participant"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let pia = store
            .members(id)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.display_name == "Pia Participant")
            .unwrap()
            .person_id;
        Camp {
            app,
            state,
            store,
            id,
            moderator,
            mod_cookie,
            pia,
            pia_cookie: cookie_pia.expect("participant cookie"),
            rooms,
            slots,
        }
    }

    /// A workshop hosted by `host` (Pia, or a new member of that name).
    async fn session(
        &self,
        host: &str,
        title: &str,
        description: &str,
        tags: &[&str],
        length: i64,
    ) -> Uuid {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let host = if host == "Pia Participant" {
            self.pia
        } else {
            let id = common::person(&self.store, host, false).await;
            self.store.add_participant(self.id, id, None).await.unwrap();
            id
        };
        self.store
            .create_session(
                self.id,
                &NewSession {
                    title,
                    description,
                    format: "workshop",
                    tags: &tags,
                    hosts: &[host],
                    length_slots: length,
                },
            )
            .await
            .unwrap()
    }

    /// Puts sessions into cells (room, slots) as one grid change.
    async fn place(&self, places: &[(Uuid, usize, &[usize])]) {
        let changes: Vec<SessionCells> = places
            .iter()
            .map(|(session, room, slots)| SessionCells {
                session: *session,
                cells: slots
                    .iter()
                    .map(|&s| (self.rooms[*room], self.slots[s]))
                    .collect(),
                pinned: false,
            })
            .collect();
        let version = self.store.grid_state(self.id).await.unwrap().version;
        self.store
            .change_grid(self.id, Some(version), "move", &changes, self.moderator)
            .await
            .unwrap();
    }

    /// Publishes the draft the way the grid page does.
    async fn publish(&self) {
        let version = self
            .store
            .grid_state(self.id)
            .await
            .unwrap()
            .version
            .to_string();
        let (status, body, _) = call(
            &self.app,
            "publish_grid",
            Some(&self.mod_cookie),
            &[("camp", SLUG), ("version", &version)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn get(&self, path: &str) -> Reply {
        self.app.get(&format!("/c/{SLUG}/{path}"), &[]).await
    }

    async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.app.get(&format!("/c/{SLUG}/{path}"), headers).await
    }
}

#[tokio::test]
async fn exports_on_both_backends() {
    python();
    for store in common::stores().await {
        exports(store).await;
    }
}

async fn exports(store: Store) {
    let camp = Camp::new(store).await;
    let long = camp
        .session(
            "Hanna Host",
            "Barrierefreie PDF-Formulare – geht das? Ein ausführlicher Workshop mit Übungen, Beispielen und Zeit für Fragen",
            "Zeile eins\nZeile zwei, mit Komma; Semikolon und \\ Backslash",
            &["barrierefreiheit", "formulare"],
            2,
        )
        .await;
    let plain = camp
        .session("Olaf", "=HYPERLINK(\"x\") Tabellen", "", &["ozg"], 1)
        .await;
    let day2 = camp
        .session(
            "Pia Participant",
            "Kanban für Referate",
            "Am zweiten Tag",
            &[],
            1,
        )
        .await;
    let hidden = camp.session("Vera", "Wird versteckt", "", &[], 1).await;
    let withdrawn = camp
        .session("Pia Participant", "Wird zurückgezogen", "", &[], 1)
        .await;
    // Long session in Raum 2 over 09:00 and 10:00 on day 1.
    camp.place(&[
        (long, 1, &[0, 1]),
        (plain, 0, &[0]),
        (day2, 4, &[3]),
        (hidden, 2, &[2]),
        (withdrawn, 3, &[2]),
    ])
    .await;
    camp.publish().await;

    // Warm the cache with the hidden and withdrawn sessions still in.
    let before = camp.get("schedule.ics").await;
    ok(&before, "text/calendar; charset=utf-8");
    assert_eq!(parse_ics(&before.bytes).len(), 5);
    ok(&camp.get("schedule.json").await, "application/json");

    let (status, body, _) = call(
        &camp.app,
        "set_session_hidden",
        Some(&camp.mod_cookie),
        &[
            ("camp", SLUG),
            ("session", &hidden.to_string()),
            ("hidden", "true"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body, _) = call(
        &camp.app,
        "withdraw_session",
        Some(&camp.pia_cookie),
        &[("camp", SLUG), ("session", &withdrawn.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // iCalendar: UTC times, the long session from the start of its first slot to the end of
    // its second; hidden and withdrawn sessions are gone.
    let ics = camp.get("schedule.ics").await;
    ok(&ics, "text/calendar; charset=utf-8");
    let text = ics.text();
    assert!(text.lines().all(|l| l.len() <= 76), "folded lines");
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    let events = parse_ics(&ics.bytes);
    assert_eq!(uids(&events), {
        let mut u: Vec<String> = [long, plain, day2]
            .iter()
            .map(|s| format!("{s}@campgrid"))
            .collect();
        u.sort();
        u
    });
    let ev = event(&events, long);
    assert_eq!(ev["start"], "2026-03-10T08:00:00+00:00");
    assert_eq!(ev["end"], "2026-03-10T09:45:00+00:00");
    assert_eq!(ev["location"], "Raum 2");
    assert_eq!(ev["url"], "https://meet.example.org/raum-2");
    assert!(ev["summary"]
        .as_str()
        .unwrap()
        .starts_with("Barrierefreie PDF-Formulare – geht"));
    assert_eq!(
        ev["description"],
        "Zeile eins\nZeile zwei, mit Komma; Semikolon und \\ Backslash\n\nSessiongeber:in: Hanna Host"
    );
    assert_eq!(
        ev["categories"],
        serde_json::json!(["barrierefreiheit", "formulare"])
    );
    assert_eq!(event(&events, day2)["start"], "2026-03-11T08:00:00+00:00");

    // One room, one session.
    let room = camp
        .get(&format!("schedule.ics?room={}", camp.rooms[1]))
        .await;
    ok(&room, "text/calendar; charset=utf-8");
    assert_eq!(
        uids(&parse_ics(&room.bytes)),
        vec![format!("{long}@campgrid")]
    );
    let one = camp.get(&format!("schedule.ics?session={day2}")).await;
    assert_eq!(
        uids(&parse_ics(&one.bytes)),
        vec![format!("{day2}@campgrid")]
    );
    assert_eq!(
        camp.get(&format!("schedule.ics?session={hidden}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        camp.get("schedule.ics?room=not-a-uuid").await.status,
        StatusCode::BAD_REQUEST
    );

    // frab XML and JSON pass their schemas.
    let xml = camp.get("schedule.xml").await;
    ok(&xml, "application/xml; charset=utf-8");
    check_xml(&xml.bytes);
    let xml_text = xml.text();
    assert!(!xml_text.contains("Wird versteckt") && !xml_text.contains("zurückgezogen"));
    assert_eq!(xml_text.matches("<day ").count(), 2);
    let json = camp.get("schedule.json").await;
    ok(&json, "application/json");
    check_json(&json.bytes);
    let doc: Value = serde_json::from_slice(&json.bytes).unwrap();
    let conf = &doc["schedule"]["conference"];
    assert_eq!(conf["acronym"], "next_camp");
    assert_eq!(conf["daysCount"], 2);
    assert_eq!(conf["rooms"].as_array().unwrap().len(), 5);
    let ev = &conf["days"][0]["rooms"]["Raum 2"][0];
    assert_eq!(ev["guid"], long.to_string());
    assert_eq!(ev["date"], "2026-03-10T09:00:00+01:00");
    assert_eq!(ev["duration"], "01:45");
    assert_eq!(ev["persons"][0]["name"], "Hanna Host");
    assert_eq!(ev["persons"][0]["public_name"], "Hanna Host");
    assert_eq!(
        ev["url"],
        format!("http://campgrid.example/c/{SLUG}/s/{long}")
    );
    assert_eq!(
        conf["days"][1]["rooms"]["Raum 5"][0]["guid"],
        day2.to_string()
    );

    // Validators: 304 for a known tag, also for the gzip twin; gzip when asked.
    let etag = json.header(header::ETAG).to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'));
    assert!(json.headers.contains_key(header::LAST_MODIFIED));
    assert_eq!(json.header(header::CACHE_CONTROL), "public, max-age=60");
    let again = camp
        .get_with("schedule.json", &[("if-none-match", &etag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.header(header::ETAG), etag);
    let gz = camp
        .get_with("schedule.json", &[("accept-encoding", "gzip, br")])
        .await;
    ok(&gz, "application/json");
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(gz.header(header::VARY), "Accept-Encoding");
    assert_eq!(gunzip(&gz.bytes), json.bytes, "compressed once, by us");
    let gz_tag = gz.header(header::ETAG).to_string();
    assert_ne!(gz_tag, etag);
    let again = camp
        .get_with(
            "schedule.json",
            &[("if-none-match", &gz_tag), ("accept-encoding", "gzip")],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    // A move, republished: same UIDs, new times, new tag.
    let ics_tag = ics.header(header::ETAG).to_string();
    camp.place(&[(day2, 4, &[4])]).await;
    camp.publish().await;
    let moved = camp
        .get_with("schedule.ics", &[("if-none-match", &ics_tag)])
        .await;
    ok(&moved, "text/calendar; charset=utf-8");
    assert_ne!(moved.header(header::ETAG), ics_tag);
    let moved_events = parse_ics(&moved.bytes);
    assert_eq!(uids(&moved_events), uids(&events));
    assert_eq!(
        event(&moved_events, day2)["start"],
        "2026-03-11T09:00:00+00:00"
    );

    // CSV: moderators only.
    assert_eq!(
        camp.get("schedule.csv").await.status,
        StatusCode::UNAUTHORIZED
    );
    let pia_cookie = camp.pia_cookie.clone();
    let csv = camp
        .get_with("schedule.csv", &[("cookie", &pia_cookie)])
        .await;
    assert_eq!(csv.status, StatusCode::FORBIDDEN);
    let mod_cookie = camp.mod_cookie.clone();
    let csv = camp
        .get_with("schedule.csv", &[("cookie", &mod_cookie)])
        .await;
    ok(&csv, "text/csv; charset=utf-8");
    assert_eq!(
        csv.header(header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"{SLUG}-schedule.csv\"")
    );
    assert!(csv.headers.contains_key(header::ETAG));
    let csv_text = csv.text();
    let rows: Vec<&str> = csv_text.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 4, "{csv_text}");
    assert!(
        csv_text.contains("\"'=HYPERLINK(\"\"x\"\") Tabellen\""),
        "{csv_text}"
    );
    assert!(csv_text.contains("2026-03-10,09:00,10:45,Raum 2,"));

    // Agenda feed: just the starred sessions; a replaced key stops working.
    camp.store
        .set_star(camp.id, camp.pia, long, true)
        .await
        .unwrap();
    camp.store
        .set_star(camp.id, camp.pia, day2, true)
        .await
        .unwrap();
    camp.store
        .set_agenda_feed(camp.id, camp.pia, &agenda_key_hash("first-secret-key"))
        .await
        .unwrap();
    let agenda = camp.get("agenda.ics?key=first-secret-key").await;
    ok(&agenda, "text/calendar; charset=utf-8");
    assert_eq!(agenda.header(header::CACHE_CONTROL), "private, max-age=300");
    assert!(agenda.headers.contains_key(header::ETAG));
    let mut want = vec![format!("{long}@campgrid"), format!("{day2}@campgrid")];
    want.sort();
    assert_eq!(uids(&parse_ics(&agenda.bytes)), want);
    camp.store
        .set_agenda_feed(camp.id, camp.pia, &agenda_key_hash("second-secret-key"))
        .await
        .unwrap();
    assert_eq!(
        camp.get("agenda.ics?key=first-secret-key").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(camp.get("agenda.ics").await.status, StatusCode::NOT_FOUND);
    ok(
        &camp.get("agenda.ics?key=second-secret-key").await,
        "text/calendar; charset=utf-8",
    );

    // Unknown camp.
    assert_eq!(
        camp.app
            .get("/c/no-such-camp/schedule.ics", &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The camp goes private (through the settings page): members only, privately cached.
    let version = camp
        .store
        .camp_by_slug(SLUG)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let (status, body, _) = call(
        &camp.app,
        "update_camp",
        Some(&camp.mod_cookie),
        &[
            ("camp", SLUG),
            ("version", &version),
            ("name", "NExT Camp"),
            ("slug", SLUG),
            ("description", ""),
            ("time_zone", "Europe/Berlin"),
            ("email_domains", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for file in ["schedule.ics", "schedule.xml", "schedule.json"] {
        assert_eq!(
            camp.get(file).await.status,
            StatusCode::UNAUTHORIZED,
            "{file}"
        );
    }
    let private = camp
        .get_with("schedule.json", &[("cookie", &pia_cookie)])
        .await;
    ok(&private, "application/json");
    assert_eq!(private.header(header::CACHE_CONTROL), "private, max-age=60");
    let (status, body, _) = call(
        &camp.app,
        "remove_member",
        Some(&camp.mod_cookie),
        &[("camp", SLUG), ("person", &camp.pia.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        camp.get_with("schedule.ics", &[("cookie", &pia_cookie)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    drop(camp.state);
}

/// A warm public export is served without the database.
#[tokio::test]
async fn hot_public_exports_do_not_touch_the_database() {
    let store = common::sqlite().await;
    let camp = Camp::new(store.clone()).await;
    let s = camp
        .session("Pia Participant", "Eine Session", "", &[], 1)
        .await;
    camp.place(&[(s, 0, &[0])]).await;
    camp.publish().await;
    let warm = camp.get("schedule.ics").await;
    ok(&warm, "text/calendar; charset=utf-8");
    store.close().await;
    let hot = camp.get("schedule.ics").await;
    ok(&hot, "text/calendar; charset=utf-8");
    assert_eq!(hot.bytes, warm.bytes);
    // Not rendered yet, but the schedule is in the cache.
    ok(
        &camp.get("schedule.xml").await,
        "application/xml; charset=utf-8",
    );
    // An unknown camp needs the (closed) database.
    assert_eq!(
        camp.app.get("/c/other-camp/schedule.ics", &[]).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

/// `seed-demo` leaves a published, public two-day schedule, and a second run changes nothing.
#[tokio::test]
async fn the_demo_camp_has_a_published_public_schedule() {
    let store = common::sqlite().await;
    let first = server::demo::seed(&store, None).await.unwrap();
    assert!(!first.already_there);
    let again = server::demo::seed(&store, None).await.unwrap();
    assert!(again.already_there);
    let app = TestApp::new(common::state(store));
    let json = app.get("/c/next-demo/schedule.json", &[]).await;
    ok(&json, "application/json");
    check_json(&json.bytes);
    let doc: Value = serde_json::from_slice(&json.bytes).unwrap();
    let conf = &doc["schedule"]["conference"];
    assert_eq!(conf["daysCount"], 2);
    let events: usize = conf["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["rooms"].as_object().unwrap().values())
        .map(|r| r.as_array().unwrap().len())
        .sum();
    assert_eq!(events, 25);
    let xml = app.get("/c/next-demo/schedule.xml", &[]).await;
    check_xml(&xml.bytes);
    let ics = app.get("/c/next-demo/schedule.ics", &[]).await;
    assert_eq!(parse_ics(&ics.bytes).len(), 25);
}

/// Every key that pretalx's `schedule.json` (`fixtures/schedule/example-pretalx-democon.json`)
/// has on schedule, conference, room, day, event and person level is in ours too, with the
/// same JSON type (`null` stands for any: both write it where they have nothing). Not the
/// person's `id` (with `name` it would fit both branches of the schema's `oneOf`) and `code`
/// (a pretalx submission code).
#[track_caller]
fn assert_pretalx_keys(ours: &Value) {
    let text = std::fs::read_to_string(fixture("example-pretalx-democon.json")).unwrap();
    let pretalx: Value = serde_json::from_str(&text).unwrap();
    let levels = |doc: &Value| {
        let schedule = doc["schedule"].clone();
        let conference = schedule["conference"].clone();
        let day = conference["days"][0].clone();
        let event = day["rooms"]
            .as_object()
            .unwrap()
            .values()
            .find_map(|events| events.get(0).cloned())
            .expect("an event on the first day");
        let person = event["persons"][0].clone();
        [
            ("schedule", schedule),
            ("conference", conference.clone()),
            ("room", conference["rooms"][0].clone()),
            ("day", day),
            ("event", event),
            ("person", person),
        ]
    };
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    for ((level, theirs), (_, mine)) in levels(&pretalx).iter().zip(levels(ours).iter()) {
        for (key, value) in theirs.as_object().unwrap() {
            if *level == "person" && (key == "id" || key == "code") {
                continue;
            }
            let Some(have) = mine.get(key) else {
                panic!("{level} has no `{key}` (pretalx: {value}): {mine}");
            };
            assert!(
                value.is_null() || have.is_null() || kind(value) == kind(have),
                "{level}.{key}: pretalx writes a {}, we a {}",
                kind(value),
                kind(have)
            );
        }
    }
}

/// Conference apps read the exports, not only the schema validators: pyfahrplan (the CCC
/// Fahrplan CLI) reads every key frab and pretalx always write (it stops at a missing
/// `description`), schedule-convert keys speakers by `<person id>`. Each finds every event
/// with its title, local time, length, room and host.
#[tokio::test]
async fn conference_apps_read_the_exports() {
    apps_python();
    let camp = Camp::new(common::sqlite().await).await;
    let long_title = "Barrierefreie PDF-Formulare – geht das? Übungen & <Beispiele>";
    let long_text = "Zeile eins\nZeile zwei, mit Komma; Semikolon";
    let long = camp
        .session("Hanna Host", long_title, long_text, &["formulare"], 2)
        .await;
    let plain = camp
        .session("Olaf", "=HYPERLINK(\"x\") Tabellen", "", &[], 1)
        .await;
    let day2 = camp
        .session(
            "Pia Participant",
            "Kanban für Referate",
            "Am zweiten Tag",
            &[],
            1,
        )
        .await;
    camp.place(&[(long, 1, &[0, 1]), (plain, 0, &[2]), (day2, 4, &[3])])
        .await;
    camp.publish().await;
    let json = camp.get("schedule.json").await;
    ok(&json, "application/json");
    check_json(&json.bytes);
    assert_pretalx_keys(&serde_json::from_slice(&json.bytes).unwrap());
    let xml = camp.get("schedule.xml").await;
    ok(&xml, "application/xml; charset=utf-8");
    check_xml(&xml.bytes);
    // What frab's and pretalx's schedule.xml write in every event (pretalx leaves out an
    // empty language, description and logo, frab does not).
    let xml_text = xml.text();
    let events: Vec<&str> = xml_text.split("<event ").skip(1).collect();
    assert_eq!(events.len(), 3, "{xml_text}");
    for event in events {
        let event = &event[..event.find("</event>").unwrap()];
        assert!(
            event.starts_with("guid=\"") && event.contains(" id=\""),
            "{event}"
        );
        for element in [
            "date",
            "start",
            "duration",
            "room",
            "slug",
            "url",
            "recording",
            "title",
            "subtitle",
            "track",
            "type",
            "language",
            "abstract",
            "description",
            "logo",
            "persons",
            "links",
            "attachments",
        ] {
            assert!(
                event.contains(&format!("<{element}>")) || event.contains(&format!("<{element}/>")),
                "no <{element}> in {event}"
            );
        }
        assert!(event.contains("<person id=\""), "{event}");
    }
    let read = read_with_apps(&json.bytes, &xml.bytes);

    // (session, title, abstract, host, room, day index, local start, length)
    let want = [
        (
            long,
            long_title,
            long_text,
            "Hanna Host",
            "Raum 2",
            1,
            "2026-03-10T09:00:00+01:00",
            105,
        ),
        (
            plain,
            "=HYPERLINK(\"x\") Tabellen",
            "",
            "Olaf",
            "Raum 1",
            1,
            "2026-03-10T11:00:00+01:00",
            45,
        ),
        (
            day2,
            "Kanban für Referate",
            "Am zweiten Tag",
            "Pia Participant",
            "Raum 5",
            2,
            "2026-03-11T09:00:00+01:00",
            45,
        ),
    ];

    let fahrplan = &read["pyfahrplan"];
    let talks = fahrplan["talks"].as_array().unwrap();
    assert_eq!(talks.len(), want.len(), "{fahrplan}");
    for (id, title, text, host, room, day, date, minutes) in want {
        let talk = talks
            .iter()
            .find(|t| t["talk_guid"] == id.to_string().as_str())
            .unwrap_or_else(|| panic!("pyfahrplan has no talk {id}: {fahrplan}"));
        assert_eq!(talk["title"], title, "{talk}");
        assert_eq!(talk["conference_title"], "NExT Camp");
        assert_eq!(talk["conference_acronym"], "next_camp");
        assert_eq!(talk["day"], day, "{talk}");
        assert_eq!(talk["room"], room, "{talk}");
        assert_eq!(talk["talk_date"], date, "{talk}");
        assert_eq!(talk["talk_start"], &date[11..16], "{talk}");
        assert_eq!(
            talk["talk_duration"],
            format!("{:02}:{:02}", minutes / 60, minutes % 60),
            "{talk}"
        );
        assert_eq!(talk["speakers"], host, "{talk}");
        assert_eq!(talk["talk_abstract"], text, "{talk}");
        assert_eq!(talk["talk_description"], "", "{talk}");
        assert_eq!(talk["track"], "Workshop", "{talk}");
    }
    let table = fahrplan["table"].as_str().unwrap();
    assert!(
        table.contains("Your conference information for NExT Camp"),
        "{table}"
    );

    let convert = &read["schedule_convert"];
    assert_eq!(convert["title"], "NExT Camp");
    assert_eq!(convert["acronym"], "next_camp");
    assert_eq!(
        convert["days"],
        serde_json::json!(["2026-03-10", "2026-03-11"])
    );
    let events = convert["events"].as_array().unwrap();
    assert_eq!(events.len(), want.len(), "{convert}");
    for (id, title, text, host, room, _, date, minutes) in want {
        let event = events
            .iter()
            .find(|e| e["guid"] == id.to_string().as_str())
            .unwrap_or_else(|| panic!("schedule-convert has no event {id}: {convert}"));
        assert_eq!(event["title"], title, "{event}");
        assert_eq!(event["start"], date, "{event}");
        assert_eq!(event["minutes"], minutes, "{event}");
        assert_eq!(event["room"], room, "{event}");
        assert_eq!(event["speakers"], serde_json::json!([host]), "{event}");
        // An empty element reads as no text.
        let abstract_ = if text.is_empty() {
            Value::Null
        } else {
            text.into()
        };
        assert_eq!(event["abstract"], abstract_, "{event}");
        assert_eq!(event["language"], "de", "{event}");
        assert_eq!(event["can_record"], true, "{event}");
        assert_eq!(
            event["url"],
            format!("http://campgrid.example/c/{SLUG}/s/{id}"),
            "{event}"
        );
    }
    let ical = convert["written"]["ical"].as_str().unwrap();
    assert_eq!(ical.matches("BEGIN:VEVENT").count(), want.len(), "{ical}");
    let written = convert["written"]["xml"].as_str().unwrap();
    assert!(written.contains("Kanban für Referate"), "{written}");
}

/// Anonymous readers of a public schedule get the page from the page cache: the same bytes and
/// tag until the schedule changes, 304 for a tag they have; members get a render of their own.
#[tokio::test]
async fn the_public_schedule_page_is_cached_for_anonymous_readers() {
    let store = common::sqlite().await;
    let camp = Camp::new(store.clone()).await;
    let first = camp
        .session("Pia Participant", "Eine Session", "", &[], 1)
        .await;
    camp.place(&[(first, 0, &[0])]).await;
    camp.publish().await;
    let gzip = || ("accept-encoding", "gzip");
    // The first render fills the schedule cache, the second the page cache.
    ok(
        &camp.get_with("schedule", &[gzip()]).await,
        "text/html; charset=utf-8",
    );
    let rendered = camp.get_with("schedule", &[gzip()]).await;
    let kept = camp.get_with("schedule", &[gzip()]).await;
    ok(&kept, "text/html; charset=utf-8");
    let etag = rendered.header(header::ETAG).to_string();
    assert_eq!(kept.header(header::ETAG), etag);
    assert_eq!(kept.bytes, rendered.bytes);
    assert_eq!(kept.header(header::CONTENT_ENCODING), "gzip");
    let html = String::from_utf8(gunzip(&kept.bytes)).unwrap();
    assert!(html.contains("Eine Session"), "{html}");

    let again = camp
        .get_with("schedule", &[gzip(), ("if-none-match", &etag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());

    let member = camp
        .get_with("schedule", &[("cookie", &camp.mod_cookie)])
        .await;
    ok(&member, "text/html; charset=utf-8");
    assert!(member.headers.get(header::ETAG).is_none());

    // A new publication is a new page.
    let second = camp
        .session("Pia Participant", "Zweite Session", "", &[], 1)
        .await;
    camp.place(&[(second, 1, &[1])]).await;
    camp.publish().await;
    camp.get_with("schedule", &[gzip()]).await;
    let fresh = camp.get_with("schedule", &[gzip()]).await;
    assert_ne!(fresh.header(header::ETAG), etag);
    assert!(String::from_utf8(gunzip(&fresh.bytes))
        .unwrap()
        .contains("Zweite Session"));
}
