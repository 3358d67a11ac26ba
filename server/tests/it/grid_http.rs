//! HTTP-level tests of the grid service through the real router (on SQLite): moderators'
//! versioned moves, swaps and undo, conflicts between concurrent edits, two-slot sessions,
//! the hosts' self-service wall, publishing, the automatic proposal and the grid settings.
use crate::common;

use common::{Reply, TestApp};

use app::server::store::{NewSession, Store};
use http::StatusCode;
use serde_json::Value;

const CAMP: &str = "next-camp";
const PASSWORD: &str = "a-long-enough-password";
const DAY: &str = "2026-03-10";

impl Reply {
    /// The new grid version a successful change returns.
    fn version(&self) -> i64 {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        self.body
            .parse()
            .unwrap_or_else(|_| panic!("not a version: {}", self.body))
    }
}

/// Asserts a status; on a mismatch the body says why.
#[track_caller]
fn expect(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.body);
}

/// Asserts a 409 that carries the given message.
#[track_caller]
fn conflict(reply: &Reply, msg: &str) {
    expect(reply, StatusCode::CONFLICT);
    assert!(reply.body.contains(msg), "expected {msg}: {}", reply.body);
}

/// One room x slot cell by ids.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Cell {
    room: String,
    slot: String,
}

/// A router on a fresh SQLite store with one camp, its rooms and slots, and the signed-in
/// moderator "Mo".
struct Camp {
    app: TestApp,
    store: Store,
    moderator: String,
    token: String,
    rooms: Vec<String>,
    slots: Vec<String>,
}

impl Camp {
    /// `rooms` rooms; slots as (day, starts, ends).
    async fn new(rooms: usize, slots: &[(&str, &str, &str)]) -> Camp {
        let store = common::sqlite().await;
        let state = common::state(store.clone());
        server::create_moderator(&state, "Mo", "mo@example.org", PASSWORD)
            .await
            .unwrap();
        let app = TestApp::new(state);
        let moderator = app.sign_in("mo@example.org", PASSWORD).await;
        let form = [
            ("name", "NExT Camp"),
            ("slug", CAMP),
            ("description", ""),
            ("time_zone", "Europe/Berlin"),
            ("email_domains", ""),
        ];
        expect(
            &app.call("create_camp", Some(&moderator), &form).await,
            StatusCode::OK,
        );
        let mut camp = Camp {
            app,
            store,
            moderator,
            token: String::new(),
            rooms: Vec::new(),
            slots: Vec::new(),
        };
        for i in 0..rooms {
            let name = format!("Raum {}", i + 1);
            let room = [
                ("camp", CAMP),
                ("name", name.as_str()),
                ("video_url", "https://meet.example.org/r"),
                ("capacity", "30"),
            ];
            expect(&camp.as_mod("add_room", &room).await, StatusCode::OK);
        }
        for &(day, starts, ends) in slots {
            let slot = [
                ("camp", CAMP),
                ("day", day),
                ("starts", starts),
                ("ends", ends),
            ];
            expect(&camp.as_mod("add_slot", &slot).await, StatusCode::OK);
        }
        let view = camp.camp_view().await;
        camp.token = view["invite_token"].as_str().unwrap().to_string();
        camp.rooms = ids(&view["rooms"]);
        camp.slots = view["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| ids(&d["slots"]))
            .collect();
        assert_eq!(
            (camp.rooms.len(), camp.slots.len()),
            (rooms, slots.len()),
            "{view}"
        );
        camp
    }

    /// Two rooms and two slots on one day.
    async fn two_by_two() -> Camp {
        Camp::new(2, &[(DAY, "09:00", "09:45"), (DAY, "10:00", "10:45")]).await
    }

    async fn call(&self, cookie: &str, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        self.app.call(endpoint, Some(cookie), form).await
    }

    async fn as_mod(&self, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        self.call(&self.moderator, endpoint, form).await
    }

    async fn camp_view(&self) -> Value {
        let view = self.as_mod("get_camp", &[("camp", CAMP)]).await;
        expect(&view, StatusCode::OK);
        view.json()
    }

    /// A participant joins with the invite link; returns their cookie.
    async fn join(&self, name: &str) -> String {
        let form = [
            ("camp", CAMP),
            ("token", self.token.as_str()),
            ("display_name", name),
        ];
        let joined = self.app.call("join_camp", None, &form).await;
        expect(&joined, StatusCode::OK);
        joined.cookie.expect("participant cookie")
    }

    /// `cookie`'s person pitches a one-slot talk; returns its id.
    async fn pitch(&self, cookie: &str, title: &str) -> String {
        let form = [
            ("camp", CAMP),
            ("title", title),
            ("description", ""),
            ("format", "talk"),
            ("tags", ""),
        ];
        expect(
            &self.call(cookie, "pitch_session", &form).await,
            StatusCode::OK,
        );
        self.session_id(title).await
    }

    async fn session_id(&self, title: &str) -> String {
        let board = self.as_mod("get_board", &[("camp", CAMP)]).await.json();
        board["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["title"] == title)
            .unwrap_or_else(|| panic!("no session {title}: {board}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn cell(&self, room: usize, slot: usize) -> Cell {
        Cell {
            room: self.rooms[room].clone(),
            slot: self.slots[slot].clone(),
        }
    }

    async fn get_grid(&self, cookie: &str) -> Reply {
        self.call(cookie, "get_grid", &[("camp", CAMP)]).await
    }

    /// The moderator's view of the grid.
    async fn grid(&self) -> Value {
        let grid = self.get_grid(&self.moderator).await;
        expect(&grid, StatusCode::OK);
        grid.json()
    }

    /// Moves `session` to `cell`, or out of the grid (`None`: no room and slot fields).
    async fn move_as(
        &self,
        cookie: &str,
        version: i64,
        session: &str,
        cell: Option<&Cell>,
    ) -> Reply {
        let version = version.to_string();
        let mut form = vec![
            ("camp", CAMP),
            ("version", version.as_str()),
            ("session", session),
        ];
        if let Some(c) = cell {
            form.extend([("room", c.room.as_str()), ("slot", c.slot.as_str())]);
        }
        self.call(cookie, "move_session", &form).await
    }

    async fn mv(&self, version: i64, session: &str, cell: Option<&Cell>) -> Reply {
        self.move_as(&self.moderator, version, session, cell).await
    }

    async fn with_version(&self, endpoint: &str, version: i64) -> Reply {
        let version = version.to_string();
        self.as_mod(endpoint, &[("camp", CAMP), ("version", version.as_str())])
            .await
    }

    async fn settings(&self, cookie: &str, locked: bool, percent: &str) -> Reply {
        let mut form = vec![("camp", CAMP), ("overlap_percent", percent)];
        if locked {
            form.push(("locked", "on"));
        }
        self.call(cookie, "update_grid_settings", &form).await
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

fn version(grid: &Value) -> i64 {
    grid["version"].as_i64().unwrap()
}

/// The grid's placements as (session, cell), sorted.
fn placed(grid: &Value) -> Vec<(String, Cell)> {
    let mut out: Vec<(String, Cell)> = grid["placements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap().to_string();
            let cell = Cell {
                room: s("room"),
                slot: s("slot"),
            };
            (s("session"), cell)
        })
        .collect();
    out.sort();
    out
}

fn at(session: &str, cell: &Cell) -> (String, Cell) {
    (session.to_string(), cell.clone())
}

fn sorted(mut v: Vec<(String, Cell)>) -> Vec<(String, Cell)> {
    v.sort();
    v
}

#[tokio::test]
async fn moderators_place_move_swap_and_unplace_with_history() {
    let camp = Camp::two_by_two().await;
    let a = camp.pitch(&camp.moderator, "A").await;
    let b = camp.pitch(&camp.moderator, "B").await;
    let grid = camp.grid().await;
    assert_eq!((version(&grid), placed(&grid)), (0, vec![]));
    assert_eq!(grid["is_moderator"], true);

    let v1 = camp.mv(0, &a, Some(&camp.cell(0, 0))).await.version();
    assert_eq!(v1, 1);
    let grid = camp.grid().await;
    assert_eq!(
        (version(&grid), placed(&grid)),
        (1, vec![at(&a, &camp.cell(0, 0))])
    );

    let v2 = camp.mv(v1, &b, Some(&camp.cell(1, 1))).await.version();
    let v3 = camp.mv(v2, &a, Some(&camp.cell(1, 0))).await.version();
    assert_eq!((v2, v3), (2, 3));
    let grid = camp.grid().await;
    assert_eq!(
        (version(&grid), placed(&grid)),
        (
            3,
            sorted(vec![at(&a, &camp.cell(1, 0)), at(&b, &camp.cell(1, 1))])
        )
    );

    // Moving onto an occupied cell swaps the two sessions.
    let v4 = camp.mv(v3, &a, Some(&camp.cell(1, 1))).await.version();
    assert_eq!(v4, 4);
    let grid = camp.grid().await;
    assert_eq!(
        (version(&grid), placed(&grid)),
        (
            4,
            sorted(vec![at(&a, &camp.cell(1, 1)), at(&b, &camp.cell(1, 0))])
        )
    );

    // Neither room nor slot takes it out of the grid.
    let v5 = camp.mv(v4, &b, None).await.version();
    assert_eq!(v5, 5);
    let grid = camp.grid().await;
    assert_eq!(
        (version(&grid), placed(&grid)),
        (5, vec![at(&a, &camp.cell(1, 1))])
    );

    let history: Vec<(i64, String, String, Vec<String>, bool)> = grid["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["version"].as_i64().unwrap(),
                h["action"].as_str().unwrap().to_string(),
                h["actor"].as_str().unwrap_or_default().to_string(),
                serde_json::from_value(h["sessions"].clone()).unwrap(),
                h["undone"].as_bool().unwrap(),
            )
        })
        .collect();
    let entry = |v: i64, action: &str, sessions: &[&str]| {
        (
            v,
            action.to_string(),
            "Mo".to_string(),
            sessions.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            false,
        )
    };
    assert_eq!(history.len(), 5, "{}", grid["history"]);
    assert_eq!(history[0], entry(5, "unplace", &["B"]));
    assert_eq!(
        (history[1].0, history[1].1.as_str()),
        (4, "swap"),
        "{:?}",
        history[1]
    );
    let mut swapped = history[1].3.clone();
    swapped.sort();
    assert_eq!(swapped, ["A", "B"]);
    assert_eq!(history[2], entry(3, "move", &["A"]));
    assert_eq!(history[3], entry(2, "place", &["B"]));
    assert_eq!(history[4], entry(1, "place", &["A"]));
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_changes_nothing() {
    let camp = Camp::two_by_two().await;
    let a = camp.pitch(&camp.moderator, "A").await;
    let v1 = camp.mv(0, &a, Some(&camp.cell(0, 0))).await.version();
    let v2 = camp.mv(v1, &a, Some(&camp.cell(1, 0))).await.version();
    let before = camp.grid().await;

    let stale = camp.mv(v1, &a, Some(&camp.cell(0, 1))).await;
    conflict(&stale, "ErrGridStale");
    let stale_unplace = camp.mv(v1, &a, None).await;
    conflict(&stale_unplace, "ErrGridStale");
    let after = camp.grid().await;
    assert_eq!(
        (version(&after), placed(&after)),
        (v2, vec![at(&a, &camp.cell(1, 0))])
    );
    assert_eq!(after["history"], before["history"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_moves_of_one_session_one_wins() {
    let camp = Camp::two_by_two().await;
    let a = camp.pitch(&camp.moderator, "A").await;
    let v1 = camp.mv(0, &a, Some(&camp.cell(0, 0))).await.version();

    let (left, right) = (camp.cell(1, 0), camp.cell(0, 1));
    let (first, second) = tokio::join!(camp.mv(v1, &a, Some(&left)), camp.mv(v1, &a, Some(&right)));
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        first.body,
        second.body
    );
    let (winner, loser, cell) = if first.status == StatusCode::OK {
        (&first, &second, left)
    } else {
        (&second, &first, right)
    };
    assert!(loser.body.contains("ErrGridStale"), "{}", loser.body);
    let grid = camp.grid().await;
    assert_eq!(
        (version(&grid), placed(&grid)),
        (winner.version(), vec![at(&a, &cell)])
    );
    assert_eq!(version(&grid), v1 + 1);
}

#[tokio::test]
async fn a_two_slot_session_needs_a_following_slot_on_the_same_day() {
    // Day one has two slots, day two one.
    let camp = Camp::new(
        1,
        &[
            (DAY, "09:00", "09:45"),
            (DAY, "10:00", "10:45"),
            ("2026-03-11", "09:00", "09:45"),
        ],
    )
    .await;
    // No endpoint turns `long_sessions` on (it defaults to off, so a pitch of two slots is
    // refused); the two-slot session is therefore created in the store directly.
    let long_pitch = [
        ("camp", CAMP),
        ("title", "Lang"),
        ("description", ""),
        ("format", "talk"),
        ("tags", ""),
        ("length_slots", "2"),
    ];
    let refused = camp.as_mod("pitch_session", &long_pitch).await;
    expect(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("length_slots"), "{}", refused.body);
    let members = camp.as_mod("camp_members", &[("camp", CAMP)]).await.json();
    let mo = members[0]["person_id"].as_str().unwrap().parse().unwrap();
    let camp_id = camp.store.camp_by_slug(CAMP).await.unwrap().unwrap().id;
    let new = NewSession {
        title: "Lang",
        description: "",
        format: "talk",
        tags: &[],
        hosts: &[mo],
        length_slots: 2,
    };
    let long = camp
        .store
        .create_session(camp_id, &new)
        .await
        .unwrap()
        .to_string();

    let last_of_day_one = camp.mv(0, &long, Some(&camp.cell(0, 1))).await;
    conflict(&last_of_day_one, "ErrNoSecondSlot");
    let only_of_day_two = camp.mv(0, &long, Some(&camp.cell(0, 2))).await;
    conflict(&only_of_day_two, "ErrNoSecondSlot");
    assert_eq!(placed(&camp.grid().await), vec![]);

    let v1 = camp.mv(0, &long, Some(&camp.cell(0, 0))).await.version();
    let grid = camp.grid().await;
    assert_eq!(
        (version(&grid), placed(&grid)),
        (v1, vec![at(&long, &camp.cell(0, 0))]),
        "one placement, at its first slot"
    );
    assert_eq!(grid["sessions"][0]["length_slots"], 2);
}

#[tokio::test]
async fn hosts_place_their_own_sessions_only_where_the_camp_allows_it() {
    let camp = Camp::two_by_two().await;
    let host = camp.join("Host").await;
    let other = camp.join("Other").await;
    let mine = camp.pitch(&host, "Mine").await;
    let also_mine = camp.pitch(&host, "Also mine").await;
    let theirs = camp.pitch(&other, "Theirs").await;
    let moderators = camp.pitch(&camp.moderator, "Moderated").await;

    // Without self-service the draft stays with the moderators.
    expect(&camp.get_grid(&host).await, StatusCode::FORBIDDEN);
    let foreign = camp
        .move_as(&host, 0, &theirs, Some(&camp.cell(0, 0)))
        .await;
    expect(&foreign, StatusCode::FORBIDDEN);
    let own = camp.move_as(&host, 0, &mine, Some(&camp.cell(0, 0))).await;
    conflict(&own, "ErrGridLocked");
    assert_eq!(placed(&camp.grid().await), vec![]);

    let view = camp.camp_view().await;
    let version = view["version"].to_string();
    let settings = [
        ("camp", CAMP),
        ("version", version.as_str()),
        ("name", "NExT Camp"),
        ("slug", CAMP),
        ("description", ""),
        ("time_zone", "Europe/Berlin"),
        ("self_service_slots", "on"),
        ("email_domains", ""),
    ];
    expect(&camp.as_mod("update_camp", &settings).await, StatusCode::OK);
    assert_eq!(camp.camp_view().await["self_service_slots"], true);

    let wall = camp.get_grid(&host).await;
    expect(&wall, StatusCode::OK);
    let wall = wall.json();
    assert_eq!(
        (
            wall["is_moderator"].clone(),
            wall["self_service"].clone(),
            wall["history"].clone()
        ),
        (false.into(), true.into(), serde_json::json!([]))
    );
    // Hosts' picks carry no version of their own: any number will do.
    let placed_own = camp.move_as(&host, 0, &mine, Some(&camp.cell(0, 0))).await;
    expect(&placed_own, StatusCode::OK);
    let foreign = camp
        .move_as(&host, 0, &theirs, Some(&camp.cell(1, 1)))
        .await;
    expect(&foreign, StatusCode::FORBIDDEN);

    let v = version_of(&camp).await;
    camp.mv(v, &moderators, Some(&camp.cell(0, 1)))
        .await
        .version();
    let taken = camp
        .move_as(&host, 0, &also_mine, Some(&camp.cell(0, 1)))
        .await;
    conflict(&taken, "ErrCellTaken");
    // Also no swap by moving onto another session's cell.
    let swap = camp.move_as(&host, 0, &mine, Some(&camp.cell(0, 1))).await;
    conflict(&swap, "ErrCellTaken");
    let busy = camp
        .move_as(&host, 0, &also_mine, Some(&camp.cell(1, 0)))
        .await;
    conflict(&busy, "ErrHostBusy");
    let expected = sorted(vec![
        at(&mine, &camp.cell(0, 0)),
        at(&moderators, &camp.cell(0, 1)),
    ]);
    assert_eq!(placed(&camp.grid().await), expected);

    expect(
        &camp.settings(&camp.moderator, true, "50").await,
        StatusCode::OK,
    );
    let locked = camp
        .move_as(&host, 0, &also_mine, Some(&camp.cell(1, 1)))
        .await;
    conflict(&locked, "ErrGridLocked");
    let wall = camp.get_grid(&host).await.json();
    assert_eq!(
        (wall["locked"].clone(), wall["self_service"].clone()),
        (true.into(), false.into())
    );
    assert_eq!(placed(&wall), expected);
    // Moderators can always override.
    let v = version_of(&camp).await;
    camp.mv(v, &also_mine, Some(&camp.cell(1, 1)))
        .await
        .version();
}

async fn version_of(camp: &Camp) -> i64 {
    version(&camp.grid().await)
}

#[tokio::test]
async fn publishing_waits_for_a_host_in_two_places_and_undo_goes_back() {
    let camp = Camp::two_by_two().await;
    let a = camp.pitch(&camp.moderator, "A").await;
    let b = camp.pitch(&camp.moderator, "B").await;
    let v1 = camp.mv(0, &a, Some(&camp.cell(0, 0))).await.version();
    let v2 = camp.mv(v1, &b, Some(&camp.cell(1, 0))).await.version();
    let grid = camp.grid().await;
    let blocking: Vec<&Value> = grid["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["blocking"] == true)
        .collect();
    assert_eq!(blocking.len(), 1, "{}", grid["conflicts"]);
    assert!(
        blocking[0]["kind"].get("HostDoubleBooked").is_some(),
        "{}",
        blocking[0]
    );
    conflict(
        &camp.with_version("publish_grid", v2).await,
        "ErrPublishBlocked",
    );
    assert!(camp.grid().await["published_version"].is_null());

    let v3 = camp.mv(v2, &b, Some(&camp.cell(1, 1))).await.version();
    let published = camp.with_version("publish_grid", v3).await.version();
    assert_eq!(published, v3);
    let grid = camp.grid().await;
    assert_eq!(
        (grid["published_version"].as_i64(), version(&grid)),
        (Some(v3), v3),
        "publishing does not change the version"
    );
    assert_eq!(grid["history"][0]["action"], "publish");

    // Undo takes back the changes newest first, never the publication.
    let v4 = camp.with_version("undo_grid", v3).await.version();
    assert_eq!(v4, v3 + 1);
    let grid = camp.grid().await;
    assert_eq!(
        (version(&grid), placed(&grid)),
        (
            v4,
            sorted(vec![at(&a, &camp.cell(0, 0)), at(&b, &camp.cell(1, 0))])
        )
    );
    assert_eq!(grid["published_version"].as_i64(), Some(v3));
    conflict(&camp.with_version("undo_grid", v3).await, "ErrGridStale");
    let v5 = camp.with_version("undo_grid", v4).await.version();
    let v6 = camp.with_version("undo_grid", v5).await.version();
    assert_eq!((v5, v6), (v4 + 1, v4 + 2));
    let grid = camp.grid().await;
    assert_eq!((version(&grid), placed(&grid)), (v6, vec![]));
    conflict(
        &camp.with_version("undo_grid", v6).await,
        "ErrNothingToUndo",
    );
    let grid = camp.grid().await;
    assert_eq!(version(&grid), v6, "a refused undo leaves the version");
    let actions: Vec<(&str, bool)> = grid["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["action"].as_str().unwrap(), h["undone"] == true))
        .collect();
    assert_eq!(
        actions,
        [
            ("undo", false),
            ("undo", false),
            ("undo", false),
            ("publish", false),
            ("move", true),
            ("place", true),
            ("place", true),
        ]
    );
}

#[tokio::test]
async fn a_proposal_is_scored_and_applied_only_at_its_version() {
    let camp = Camp::two_by_two().await;
    let mut sessions = vec![camp.pitch(&camp.moderator, "S0").await];
    let mut people = Vec::new();
    for name in ["P1", "P2", "P3"] {
        let cookie = camp.join(name).await;
        sessions.push(camp.pitch(&cookie, &format!("S-{name}")).await);
        people.push(cookie);
    }
    // Some interest, so that the scores have something to weigh.
    for (cookie, session) in people.iter().zip(&sessions) {
        let vote = [
            ("camp", CAMP),
            ("session", session.as_str()),
            ("mark", "true"),
        ];
        expect(&camp.call(cookie, "vote", &vote).await, StatusCode::OK);
    }

    let proposal = camp
        .as_mod(
            "propose_grid",
            &[("camp", CAMP), ("replace_unpinned", "false")],
        )
        .await;
    expect(&proposal, StatusCode::OK);
    let proposal = proposal.json();
    assert_eq!(proposal["version"], 0);
    assert_eq!(proposal["before"]["unplaced"], 4, "{proposal}");
    assert_eq!(proposal["after"]["unplaced"], 0, "{proposal}");
    assert_eq!(proposal["after"]["double_booked_hosts"], 0, "{proposal}");
    let moves: Vec<(String, Cell)> = proposal["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let cell = Cell {
                room: m[1]["room"].as_str().unwrap().to_string(),
                slot: m[1]["slot"].as_str().unwrap().to_string(),
            };
            (m[0].as_str().unwrap().to_string(), cell)
        })
        .collect();
    let mut moved: Vec<&String> = moves.iter().map(|(s, _)| s).collect();
    moved.sort();
    let mut all: Vec<&String> = sessions.iter().collect();
    all.sort();
    assert_eq!(moved, all, "every session gets a cell");
    // The grid is unchanged until the moderator accepts.
    assert_eq!(placed(&camp.grid().await), vec![]);

    let camp = &camp;
    let apply = |version: &'static str| async move {
        let form = [
            ("camp", CAMP),
            ("version", version),
            ("replace_unpinned", "false"),
        ];
        camp.as_mod("apply_proposal", &form).await
    };
    let applied = apply("0").await.version();
    assert_eq!(applied, 1);
    let grid = camp.grid().await;
    assert_eq!(version(&grid), 1);
    assert_eq!(placed(&grid).len(), 4);
    assert_eq!(placed(&grid), sorted(moves));
    assert_eq!(grid["history"][0]["action"], "proposal");
    conflict(&apply("0").await, "ErrGridStale");
    assert_eq!(version_of(camp).await, 1);
}

#[tokio::test]
async fn grid_settings_are_checked_and_for_moderators_only() {
    let camp = Camp::two_by_two().await;
    let participant = camp.join("Fan").await;
    for bad in ["abc", "101", "-1", ""] {
        let r = camp.settings(&camp.moderator, false, bad).await;
        expect(&r, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("\"field\":\"overlap_percent\"")
                && r.body.contains("ErrOverlapPercent"),
            "{bad:?}: {}",
            r.body
        );
    }
    let grid = camp.grid().await;
    assert_eq!(
        (grid["locked"].clone(), grid["overlap_threshold"].as_f64()),
        (false.into(), Some(0.5))
    );
    expect(
        &camp.settings(&participant, true, "30").await,
        StatusCode::FORBIDDEN,
    );
    expect(
        &camp.settings(&camp.moderator, true, "30").await,
        StatusCode::OK,
    );
    let grid = camp.grid().await;
    assert_eq!(grid["locked"], true);
    let threshold = grid["overlap_threshold"].as_f64().unwrap();
    assert!((threshold - 0.3).abs() < 1e-6, "{threshold}");
    expect(
        &camp.settings(&camp.moderator, false, " 100 ").await,
        StatusCode::OK,
    );
    assert_eq!(camp.grid().await["locked"], false);

    // The other moderator-only grid endpoints refuse participants too.
    expect(
        &camp
            .call(
                &participant,
                "propose_grid",
                &[("camp", CAMP), ("replace_unpinned", "false")],
            )
            .await,
        StatusCode::FORBIDDEN,
    );
    expect(
        &camp
            .call(
                &participant,
                "undo_grid",
                &[("camp", CAMP), ("version", "0")],
            )
            .await,
        StatusCode::FORBIDDEN,
    );
    let cell = camp.cell(0, 0);
    let unavailable = [
        ("camp", CAMP),
        ("room", cell.room.as_str()),
        ("slot", cell.slot.as_str()),
        ("available", "false"),
    ];
    expect(
        &camp
            .call(&participant, "set_room_available", &unavailable)
            .await,
        StatusCode::FORBIDDEN,
    );
    expect(
        &camp.as_mod("set_room_available", &unavailable).await,
        StatusCode::OK,
    );
    assert_eq!(
        camp.grid().await["unavailable"],
        serde_json::json!([{ "room": cell.room, "slot": cell.slot }])
    );
}

/// Turns on self-service for the camp through the camp settings form.
async fn allow_self_service(camp: &Camp) {
    let version = camp.camp_view().await["version"].to_string();
    let settings = [
        ("camp", CAMP),
        ("version", version.as_str()),
        ("name", "NExT Camp"),
        ("slug", CAMP),
        ("description", ""),
        ("time_zone", "Europe/Berlin"),
        ("self_service_slots", "on"),
        ("email_domains", ""),
    ];
    expect(&camp.as_mod("update_camp", &settings).await, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hosts_picking_one_cell_at_once_one_wins() {
    let camp = Camp::two_by_two().await;
    let (h1, h2) = (camp.join("H1").await, camp.join("H2").await);
    let s1 = camp.pitch(&h1, "S1").await;
    let s2 = camp.pitch(&h2, "S2").await;
    allow_self_service(&camp).await;
    let cell = camp.cell(0, 0);
    let (a, b) = tokio::join!(
        camp.move_as(&h1, 0, &s1, Some(&cell)),
        camp.move_as(&h2, 0, &s2, Some(&cell))
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );
    let (loser, winner) = if a.status == StatusCode::OK {
        (&b, &s1)
    } else {
        (&a, &s2)
    };
    assert!(loser.body.contains("ErrCellTaken"), "{}", loser.body);
    assert_eq!(placed(&camp.grid().await), vec![at(winner, &cell)]);
}

/// Two picks of one host at once: the double-booking check must see the other pick.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_cannot_double_book_themselves_with_two_picks_at_once() {
    let camp = Camp::two_by_two().await;
    let host = camp.join("Host").await;
    let s1 = camp.pitch(&host, "S1").await;
    let s2 = camp.pitch(&host, "S2").await;
    allow_self_service(&camp).await;
    let (c1, c2) = (camp.cell(0, 0), camp.cell(1, 0));
    let (a, b) = tokio::join!(
        camp.move_as(&host, 0, &s1, Some(&c1)),
        camp.move_as(&host, 0, &s2, Some(&c2))
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    let grid = camp.grid().await;
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}; conflicts now: {}",
        a.body,
        b.body,
        grid["conflicts"]
    );
    assert_eq!(placed(&grid).len(), 1);
}

/// A withdrawn session leaves the draft grid and frees its cell.
#[tokio::test]
async fn a_withdrawn_session_frees_its_cell() {
    let camp = Camp::two_by_two().await;
    let host = camp.join("Host").await;
    let gone = camp.pitch(&host, "Gone").await;
    let next = camp.pitch(&camp.moderator, "Next").await;
    let v1 = camp.mv(0, &gone, Some(&camp.cell(0, 0))).await.version();
    let withdraw = [("camp", CAMP), ("session", gone.as_str())];
    expect(
        &camp.call(&host, "withdraw_session", &withdraw).await,
        StatusCode::OK,
    );
    let unplace = camp.mv(v1, &gone, None).await;
    let v = version_of(&camp).await;
    let place = camp.mv(v, &next, Some(&camp.cell(0, 0))).await;
    let grid = camp.grid().await;
    assert_eq!(
        (place.status, placed(&grid)),
        (StatusCode::OK, vec![at(&next, &camp.cell(0, 0))]),
        "unplace withdrawn: {} {}; place next there: {}",
        unplace.status,
        unplace.body,
        place.body
    );
}

/// A hidden session leaves the draft grid and frees its cell for another.
#[tokio::test]
async fn a_hidden_sessions_cell_can_be_cleared() {
    let camp = Camp::two_by_two().await;
    let hidden = camp.pitch(&camp.moderator, "Hidden").await;
    let next = camp.pitch(&camp.moderator, "Next").await;
    let v1 = camp.mv(0, &hidden, Some(&camp.cell(0, 0))).await.version();
    let hide = [
        ("camp", CAMP),
        ("session", hidden.as_str()),
        ("hidden", "true"),
    ];
    expect(
        &camp.as_mod("set_session_hidden", &hide).await,
        StatusCode::OK,
    );
    let unplace = camp.mv(v1, &hidden, None).await;
    let v = version_of(&camp).await;
    let place = camp.mv(v, &next, Some(&camp.cell(0, 0))).await;
    assert!(
        unplace.status == StatusCode::OK || place.status == StatusCode::OK,
        "unplace: {} {}; place next there: {} {}",
        unplace.status,
        unplace.body,
        place.status,
        place.body
    );
}

/// A team runs the camp: a co-moderator edits the grid like the first moderator, and the
/// history names whoever made each change.
#[tokio::test]
async fn the_history_names_each_moderator() {
    let camp = Camp::two_by_two().await;
    let alex = camp.join("Alex").await;
    let a = camp.pitch(&camp.moderator, "A").await;
    // Before the promotion Alex may not move anything (no self-service in this camp).
    let refused = camp.move_as(&alex, 0, &a, Some(&camp.cell(0, 0))).await;
    expect(&refused, StatusCode::FORBIDDEN);

    let members = camp.as_mod("camp_members", &[("camp", CAMP)]).await.json();
    let alex_id = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["display_name"] == "Alex")
        .unwrap()["person_id"]
        .as_str()
        .unwrap()
        .to_string();
    let promote = [
        ("camp", CAMP),
        ("person", alex_id.as_str()),
        ("role", "moderator"),
    ];
    expect(
        &camp.as_mod("set_member_role", &promote).await,
        StatusCode::OK,
    );

    let v1 = camp
        .move_as(&alex, 0, &a, Some(&camp.cell(0, 0)))
        .await
        .version();
    let v2 = camp.mv(v1, &a, Some(&camp.cell(1, 1))).await.version();
    let undo = [("camp", CAMP), ("version", "2")];
    assert_eq!(v2, 2);
    camp.call(&alex, "undo_grid", &undo).await.version();
    // Alex sees the moderators' grid, history included.
    let grid = camp.get_grid(&alex).await;
    expect(&grid, StatusCode::OK);
    let who: Vec<(String, String)> = grid.json()["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap().to_string(),
                h["actor"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [("undo", "Alex"), ("move", "Mo"), ("place", "Alex")];
    assert_eq!(
        who,
        expected.map(|(a, n)| (a.to_string(), n.to_string())),
        "{}",
        grid.body
    );
}

/// Issue 12, defect 8: a session from the unplaced list dropped on a taken cell takes it,
/// and the session that was there goes back to the unplaced list (before: always refused
/// with "Diese Session ist nicht im Raster").
#[tokio::test]
async fn an_unplaced_session_moved_onto_a_taken_cell_takes_it() {
    let camp = Camp::two_by_two().await;
    let a = camp.pitch(&camp.moderator, "A").await;
    let b = camp.pitch(&camp.moderator, "B").await;
    let v1 = camp.mv(0, &a, Some(&camp.cell(0, 0))).await.version();
    let v2 = camp.mv(v1, &b, Some(&camp.cell(0, 0))).await.version();
    assert_eq!(v2, v1 + 1);
    let grid = camp.grid().await;
    assert_eq!(placed(&grid), vec![at(&b, &camp.cell(0, 0))]);
    assert_eq!(grid["history"][0]["action"], "swap", "{}", grid["history"]);
}
