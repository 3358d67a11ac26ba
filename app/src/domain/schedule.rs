//! The published schedule as attendees see it: which session runs where and when, what runs
//! now and next, and a personal agenda with its clashes. Built on the server from the published
//! grid, sent to the browser as it is, and the single source for every view and export.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::session::Format;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub camp: ScheduleCamp,
    /// The published grid version; 0 while nothing is published.
    pub version: i64,
    pub published_at: Option<DateTime<Utc>>,
    /// In the camp's order.
    pub rooms: Vec<ScheduleRoom>,
    /// By start time.
    pub slots: Vec<ScheduleSlot>,
    /// Published, neither hidden nor withdrawn; by start time, then room order.
    pub sessions: Vec<ScheduleSession>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleCamp {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// IANA name, e.g. "Europe/Berlin".
    pub time_zone: String,
    /// Anyone with the link may read the schedule, not only members.
    pub public: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRoom {
    pub id: Uuid,
    pub name: String,
    pub video_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSlot {
    pub id: Uuid,
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleSession {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub format: Format,
    pub tags: Vec<String>,
    /// Display names, by name.
    pub hosts: Vec<String>,
    pub room: Uuid,
    /// The cells' slots in time order: one, or two for a long session.
    pub slots: Vec<Uuid>,
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl ScheduleSession {
    pub fn runs_at(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }

    /// Whether the two share any moment.
    pub fn overlaps(&self, other: &ScheduleSession) -> bool {
        super::slot::overlaps(
            (self.starts_at, self.ends_at),
            (other.starts_at, other.ends_at),
        )
    }

    /// The format and tag filters of the schedule; empty means "any".
    pub fn matches(&self, format: Option<Format>, tag: &str) -> bool {
        format.is_none_or(|f| f == self.format)
            && (tag.is_empty() || self.tags.iter().any(|t| t == tag))
    }
}

/// Where the camp stands at a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing published, or no slots.
    Empty,
    /// Before the first slot starts.
    Before,
    /// Between the first start and the last end; `current` is `None` in a break.
    Running,
    /// After the last slot ended.
    After,
}

/// What runs in one room now or next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomNow<'a> {
    pub room: &'a ScheduleRoom,
    pub session: Option<&'a ScheduleSession>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NowNext<'a> {
    pub phase: Phase,
    /// The slot running at the moment (only while `Running`).
    pub current: Option<&'a ScheduleSlot>,
    /// The next slot to start (before the camp: the first one).
    pub next: Option<&'a ScheduleSlot>,
    /// Per room, what runs now: also a long session that began in the previous slot.
    pub now: Vec<RoomNow<'a>>,
    /// Per room, what starts in the next slot.
    pub coming: Vec<RoomNow<'a>>,
}

impl Schedule {
    pub fn is_published(&self) -> bool {
        self.version > 0
    }

    pub fn days(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self.slots.iter().map(|s| s.day).collect();
        days.dedup();
        days
    }

    pub fn slots_of(&self, day: NaiveDate) -> impl Iterator<Item = &ScheduleSlot> {
        self.slots.iter().filter(move |s| s.day == day)
    }

    pub fn room(&self, id: Uuid) -> Option<&ScheduleRoom> {
        self.rooms.iter().find(|r| r.id == id)
    }

    pub fn session(&self, id: Uuid) -> Option<&ScheduleSession> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The session that covers a cell, whether it starts there or continues from the slot
    /// before.
    pub fn at(&self, room: Uuid, slot: Uuid) -> Option<&ScheduleSession> {
        self.sessions
            .iter()
            .find(|s| s.room == room && s.slots.contains(&slot))
    }

    /// The session that starts in a cell (a long session's second cell gives `None`).
    pub fn starting_at(&self, room: Uuid, slot: Uuid) -> Option<&ScheduleSession> {
        self.sessions
            .iter()
            .find(|s| s.room == room && s.slots.first() == Some(&slot))
    }

    /// Every tag in use, sorted, once each.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self.sessions.iter().flat_map(|s| s.tags.clone()).collect();
        tags.sort();
        tags.dedup();
        tags
    }

    /// What runs now and what comes next, per room, at `now`.
    pub fn now_next(&self, now: DateTime<Utc>) -> NowNext<'_> {
        let first = self.slots.first();
        let last_end = self.slots.iter().map(|s| s.ends_at).max();
        let phase = match (first, last_end) {
            (Some(_), _) if !self.is_published() => Phase::Empty,
            (Some(f), _) if now < f.starts_at => Phase::Before,
            (Some(_), Some(end)) if now >= end => Phase::After,
            (Some(_), _) => Phase::Running,
            _ => Phase::Empty,
        };
        let current = match phase {
            Phase::Running => self
                .slots
                .iter()
                .find(|s| s.starts_at <= now && now < s.ends_at),
            _ => None,
        };
        let next = match phase {
            Phase::Before | Phase::Running => self.slots.iter().find(|s| s.starts_at > now),
            _ => None,
        };
        let per_room = |pick: &dyn Fn(&ScheduleSession) -> bool| -> Vec<RoomNow<'_>> {
            self.rooms
                .iter()
                .map(|room| RoomNow {
                    room,
                    session: self.sessions.iter().find(|s| s.room == room.id && pick(s)),
                })
                .collect()
        };
        let now_rooms = match current {
            Some(_) => per_room(&|s| s.runs_at(now)),
            None => Vec::new(),
        };
        let coming = match next {
            Some(slot) => per_room(&|s| s.slots.first() == Some(&slot.id)),
            None => Vec::new(),
        };
        NowNext {
            phase,
            current,
            next,
            now: now_rooms,
            coming,
        }
    }

    /// The starred sessions that are in the schedule, in time order.
    pub fn agenda(&self, starred: &[Uuid]) -> Vec<&ScheduleSession> {
        self.sessions
            .iter()
            .filter(|s| starred.contains(&s.id))
            .collect()
    }

    /// Pairs of starred sessions that run at the same time, each pair once, in time order.
    pub fn clashes(&self, starred: &[Uuid]) -> Vec<(Uuid, Uuid)> {
        let agenda = self.agenda(starred);
        let mut pairs = Vec::new();
        for (i, a) in agenda.iter().enumerate() {
            for b in &agenda[i + 1..] {
                if a.overlaps(b) {
                    pairs.push((a.id, b.id));
                }
            }
        }
        pairs
    }
}

/// Whole minutes from `now` until `until`, rounded up (a session ending in 30 s has 1 left).
pub fn minutes_left(now: DateTime<Utc>, until: DateTime<Utc>) -> i64 {
    let secs = (until - now).num_seconds().max(0);
    (secs + 59) / 60
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, m, 0).unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// Two rooms, three slots 9–10, 10–11, 11–12 (UTC); session 10 in room 1 slot 1, session 11
    /// in room 2 over slots 1 and 2, session 12 in room 1 slot 3.
    pub fn sample() -> Schedule {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let slots = (0..3)
            .map(|i| ScheduleSlot {
                id: id(100 + i),
                day,
                starts_at: at(9 + i as u32, 0),
                ends_at: at(10 + i as u32, 0),
            })
            .collect::<Vec<_>>();
        let session = |n: u128, room: u128, slot_ix: &[usize], format: Format, tags: &[&str]| {
            let first = &slots[slot_ix[0]];
            let last = &slots[*slot_ix.last().unwrap()];
            ScheduleSession {
                id: id(n),
                title: format!("Session {n}"),
                description: String::new(),
                format,
                tags: tags.iter().map(|t| t.to_string()).collect(),
                hosts: vec!["Anna".into()],
                room: id(room),
                slots: slot_ix.iter().map(|&i| slots[i].id).collect(),
                day,
                starts_at: first.starts_at,
                ends_at: last.ends_at,
            }
        };
        let sessions = vec![
            session(10, 1, &[0], Format::Talk, &["ozg"]),
            session(11, 2, &[0, 1], Format::Workshop, &["ux", "ozg"]),
            session(12, 1, &[2], Format::Discussion, &[]),
        ];
        Schedule {
            camp: ScheduleCamp {
                slug: "demo".into(),
                name: "Demo".into(),
                description: String::new(),
                time_zone: "Europe/Berlin".into(),
                public: true,
            },
            version: 1,
            published_at: Some(at(8, 0)),
            rooms: [1, 2]
                .map(|n| ScheduleRoom {
                    id: id(n),
                    name: format!("Raum {n}"),
                    video_url: format!("https://video.example/{n}"),
                })
                .to_vec(),
            slots,
            sessions,
        }
    }

    fn names(rooms: &[RoomNow]) -> Vec<Option<u128>> {
        rooms
            .iter()
            .map(|r| r.session.map(|s| s.id.as_u128()))
            .collect()
    }

    #[test]
    fn before_the_camp_shows_the_first_slot_as_next() {
        let s = sample();
        let nn = s.now_next(at(8, 30));
        assert_eq!(nn.phase, Phase::Before);
        assert_eq!(nn.current, None);
        assert_eq!(nn.next.map(|x| x.id), Some(id(100)));
        assert_eq!(names(&nn.coming), vec![Some(10), Some(11)]);
    }

    #[test]
    fn a_long_session_runs_on_in_its_second_slot() {
        let s = sample();
        let nn = s.now_next(at(10, 15));
        assert_eq!(nn.phase, Phase::Running);
        assert_eq!(nn.current.map(|x| x.id), Some(id(101)));
        assert_eq!(names(&nn.now), vec![None, Some(11)]);
        assert_eq!(names(&nn.coming), vec![Some(12), None]);
        let long = s.session(id(11)).unwrap();
        assert_eq!(minutes_left(at(10, 15), long.ends_at), 45);
    }

    #[test]
    fn the_last_slot_has_no_next_and_after_it_the_camp_is_over() {
        let s = sample();
        let nn = s.now_next(at(11, 59));
        assert_eq!(nn.phase, Phase::Running);
        assert_eq!(nn.next, None);
        assert!(nn.coming.is_empty());
        assert_eq!(s.now_next(at(12, 0)).phase, Phase::After);
    }

    #[test]
    fn nothing_published_is_empty() {
        let mut s = sample();
        s.version = 0;
        assert_eq!(s.now_next(at(10, 0)).phase, Phase::Empty);
    }

    #[test]
    fn clashes_are_starred_sessions_sharing_time() {
        let s = sample();
        assert_eq!(s.clashes(&[id(10), id(11), id(12)]), vec![(id(10), id(11))]);
        assert!(s.clashes(&[id(10), id(12)]).is_empty());
        // A star on something no longer in the schedule is ignored.
        assert!(s.clashes(&[id(10), id(99)]).is_empty());
    }

    #[test]
    fn cells_know_the_session_covering_and_starting_there() {
        let s = sample();
        assert_eq!(s.at(id(2), id(101)).map(|x| x.id), Some(id(11)));
        assert_eq!(s.starting_at(id(2), id(101)), None);
        assert_eq!(s.days().len(), 1);
        assert_eq!(s.tags(), vec!["ozg".to_string(), "ux".into()]);
    }

    #[test]
    fn filters_by_format_and_tag() {
        let s = sample();
        let ws = s.session(id(11)).unwrap();
        assert!(ws.matches(None, ""));
        assert!(ws.matches(Some(Format::Workshop), "ux"));
        assert!(!ws.matches(Some(Format::Talk), ""));
        assert!(!ws.matches(None, "ki"));
    }

    #[test]
    fn minutes_left_rounds_up() {
        assert_eq!(
            minutes_left(at(9, 0), at(9, 0) + chrono::Duration::seconds(30)),
            1
        );
        assert_eq!(minutes_left(at(10, 0), at(9, 0)), 0);
    }
}
