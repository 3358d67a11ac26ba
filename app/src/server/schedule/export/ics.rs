//! iCalendar (RFC 5545) feeds: the whole camp, one room, one session ("add to calendar") or a
//! person's agenda. Times are UTC (`...Z`), so no VTIMEZONE is needed; `X-WR-TIMEZONE` tells
//! calendar apps the camp's zone. A session's UID is its id, so a moved session updates the
//! calendar entry instead of adding a second one.
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::schedule::{Schedule, ScheduleSession};
use crate::i18n::{Arg, Lang, Msg, Phrase};

/// Which sessions a feed holds.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    Camp,
    Room(Uuid),
    Session(Uuid),
    /// The starred sessions of one person.
    Agenda(&'a [Uuid]),
}

impl Scope<'_> {
    fn includes(&self, s: &ScheduleSession) -> bool {
        match self {
            Scope::Camp => true,
            Scope::Room(room) => s.room == *room,
            Scope::Session(id) => s.id == *id,
            Scope::Agenda(starred) => starred.contains(&s.id),
        }
    }
}

/// The calendar, with CRLF line endings and folded lines.
pub fn render(schedule: &Schedule, scope: Scope, lang: Lang) -> String {
    let stamp = utc(schedule.published_at.unwrap_or(DateTime::UNIX_EPOCH));
    let mut name = schedule.camp.name.clone();
    match scope {
        Scope::Room(room) => {
            if let Some(r) = schedule.room(room) {
                name = format!("{name} – {}", r.name);
            }
        }
        Scope::Agenda(_) => {
            let page = Msg::MyAgenda.text(lang);
            name =
                Phrase::PageTitle.fill(lang, &[Arg::Text("page", page), Arg::Text("camp", &name)]);
        }
        Scope::Camp | Scope::Session(_) => {}
    }
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&fold(&l));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//campgrid//campgrid//DE".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", text(&name)));
    line(format!("X-WR-TIMEZONE:{}", text(&schedule.camp.time_zone)));
    line("REFRESH-INTERVAL;VALUE=DURATION:PT15M".into());
    line("X-PUBLISHED-TTL:PT15M".into());
    for s in schedule.sessions.iter().filter(|s| scope.includes(s)) {
        let room = schedule.room(s.room);
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}@campgrid", s.id));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("LAST-MODIFIED:{stamp}"));
        line(format!("SEQUENCE:{}", schedule.version.max(0)));
        line(format!("DTSTART:{}", utc(s.starts_at)));
        line(format!("DTEND:{}", utc(s.ends_at)));
        line(format!("SUMMARY:{}", text(&s.title)));
        line(format!("DESCRIPTION:{}", text(&description(s, lang))));
        if let Some(room) = room {
            line(format!("LOCATION:{}", text(&room.name)));
            if !room.video_url.is_empty() {
                line(format!("URL:{}", uri(&room.video_url)));
            }
        }
        if !s.tags.is_empty() {
            let tags: Vec<String> = s.tags.iter().map(|t| text(t)).collect();
            line(format!("CATEGORIES:{}", tags.join(",")));
        }
        line("STATUS:CONFIRMED".into());
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// The session's description, then who hosts it.
fn description(s: &ScheduleSession, lang: Lang) -> String {
    let names = s.hosts.join(", ");
    let args = [
        Arg::Num("n", s.hosts.len() as i64),
        Arg::Text("names", &names),
    ];
    let hosts = Phrase::HostedByNames.fill(lang, &args);
    match (s.description.trim(), s.hosts.is_empty()) {
        ("", true) => String::new(),
        ("", false) => hosts,
        (d, true) => d.to_string(),
        (d, false) => format!("{d}\n\n{hosts}"),
    }
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon, comma and newlines escaped, other control characters
/// dropped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: not escaped, but never with control characters (they would end the line).
fn uri(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// Folds a content line into lines of at most 75 octets (continuations start with a space),
/// never inside a UTF-8 character.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    if line.len() <= LIMIT {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::tests::sample;

    #[test]
    fn text_escapes_special_characters() {
        assert_eq!(text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        assert_eq!(text("bell\u{7}"), "bell");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "ä".repeat(80));
        let folded = fold(&line);
        for (i, part) in folded.split("\r\n").enumerate() {
            assert!(part.len() <= 75, "{part}");
            if i > 0 {
                assert!(part.starts_with(' '));
            }
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("short"), "short");
        assert_eq!(fold(&"x".repeat(75)), "x".repeat(75));
        assert_eq!(fold(&"x".repeat(76)), format!("{}\r\n x", "x".repeat(75)));
    }

    #[test]
    fn a_long_session_spans_both_slots_in_utc() {
        let s = sample();
        let ics = render(&s, Scope::Session(Uuid::from_u128(11)), Lang::De);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("UID:00000000-0000-0000-0000-00000000000b@campgrid\r\n"));
        assert!(ics.contains("DTSTART:20260310T090000Z\r\n"));
        assert!(ics.contains("DTEND:20260310T110000Z\r\n"));
        assert!(ics.contains("LOCATION:Raum 2\r\n"));
        assert!(ics.contains("URL:https://video.example/2\r\n"));
        assert!(ics.contains("CATEGORIES:ux,ozg\r\n"));
        assert!(ics.contains("X-WR-TIMEZONE:Europe/Berlin\r\n"));
    }

    #[test]
    fn scopes_pick_sessions() {
        let s = sample();
        let count = |scope: Scope| render(&s, scope, Lang::De).matches("BEGIN:VEVENT").count();
        let starred = [Uuid::from_u128(12)];
        assert_eq!(count(Scope::Camp), 3);
        assert_eq!(count(Scope::Room(Uuid::from_u128(1))), 2);
        assert_eq!(count(Scope::Agenda(&starred)), 1);
        assert_eq!(count(Scope::Agenda(&[])), 0);
    }
}
