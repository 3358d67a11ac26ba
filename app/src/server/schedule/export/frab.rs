//! The frab/pentabarf `schedule.xml` (schema: c3voc `schedule.xml.xsd`): days by the camp's
//! local date, in each day every room with its sessions. Times carry the camp's UTC offset.
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{
    acronym, days, event_slug, format_label, hh_mm, minutes, numeric_id, person_id, time_zone,
    timeslot_duration, video_room_label, Links, CAMP_LANG,
};
use crate::domain::schedule::{Schedule, ScheduleSession};

/// `2026-03-10T10:00:00+01:00`
pub fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// `10:00`
pub fn local_hm(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

pub fn render(schedule: &Schedule, links: &Links) -> String {
    let tz = time_zone(schedule);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
    x.push_str(&format!(
        "  <generator name=\"campgrid\" version=\"{}\"/>\n",
        env!("CARGO_PKG_VERSION")
    ));
    x.push_str(&format!(
        "  <url>{}</url>\n",
        esc(&links.file(schedule, "schedule.xml"))
    ));
    x.push_str(&format!("  <version>{}</version>\n", schedule.version));
    x.push_str("  <conference>\n");
    x.push_str(&format!(
        "    <acronym>{}</acronym>\n",
        esc(&acronym(&schedule.camp.slug))
    ));
    x.push_str(&format!(
        "    <title>{}</title>\n",
        esc(&schedule.camp.name)
    ));
    let days = days(schedule);
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        x.push_str(&format!("    <start>{}</start>\n", local(first.1, tz)));
        x.push_str(&format!("    <end>{}</end>\n", local(last.2, tz)));
    }
    x.push_str(&format!("    <days>{}</days>\n", days.len()));
    x.push_str(&format!(
        "    <timeslot_duration>{}</timeslot_duration>\n",
        timeslot_duration(schedule)
    ));
    x.push_str(&format!(
        "    <base_url>{}</base_url>\n",
        esc(&links.camp(schedule))
    ));
    x.push_str(&format!(
        "    <time_zone_name>{}</time_zone_name>\n",
        esc(&schedule.camp.time_zone)
    ));
    let mut formats: Vec<_> = schedule.sessions.iter().map(|s| s.format).collect();
    formats.sort_by_key(|f| f.as_str());
    formats.dedup();
    for f in formats {
        x.push_str(&format!(
            "    <track name=\"{}\" slug=\"{}\"/>\n",
            esc(format_label(f)),
            f.as_str()
        ));
    }
    x.push_str("  </conference>\n");
    if days.is_empty() {
        // The schema wants at least one day; a camp without slots has an empty one.
        let date = schedule
            .published_at
            .unwrap_or(DateTime::UNIX_EPOCH)
            .with_timezone(&tz)
            .date_naive();
        let at = local(schedule.published_at.unwrap_or(DateTime::UNIX_EPOCH), tz);
        x.push_str(&format!(
            "  <day index=\"1\" date=\"{date}\" start=\"{at}\" end=\"{at}\"/>\n"
        ));
    }
    for (i, (date, start, end)) in days.iter().enumerate() {
        day(&mut x, schedule, links, tz, i + 1, *date, *start, *end);
    }
    x.push_str("</schedule>\n");
    x
}

#[allow(clippy::too_many_arguments)]
fn day(
    x: &mut String,
    schedule: &Schedule,
    links: &Links,
    tz: Tz,
    index: usize,
    date: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) {
    x.push_str(&format!(
        "  <day index=\"{index}\" date=\"{date}\" start=\"{}\" end=\"{}\">\n",
        local(start, tz),
        local(end, tz)
    ));
    for room in &schedule.rooms {
        let sessions: Vec<&ScheduleSession> = schedule
            .sessions
            .iter()
            .filter(|s| s.day == date && s.room == room.id)
            .collect();
        x.push_str(&format!(
            "    <room name=\"{}\" guid=\"{}\">\n",
            esc(&room.name),
            room.id
        ));
        for s in sessions {
            event(x, schedule, links, tz, &room.name, &room.video_url, s);
        }
        x.push_str("    </room>\n");
    }
    x.push_str("  </day>\n");
}

fn event(
    x: &mut String,
    schedule: &Schedule,
    links: &Links,
    tz: Tz,
    room: &str,
    video_url: &str,
    s: &ScheduleSession,
) {
    let field = |x: &mut String, name: &str, value: &str| {
        x.push_str(&format!("        <{name}>{}</{name}>\n", esc(value)));
    };
    x.push_str(&format!(
        "      <event guid=\"{}\" id=\"{}\">\n",
        s.id,
        numeric_id(s.id)
    ));
    field(x, "room", room);
    field(x, "title", &s.title);
    field(x, "subtitle", "");
    field(x, "type", s.format.as_str());
    field(x, "date", &local(s.starts_at, tz));
    field(x, "start", &local_hm(s.starts_at, tz));
    field(x, "duration", &hh_mm(minutes(s.starts_at, s.ends_at)));
    field(x, "abstract", &s.description);
    field(x, "slug", &event_slug(schedule, s));
    field(x, "track", format_label(s.format));
    field(x, "language", CAMP_LANG.code());
    // What frab and pretalx always write, empty where campgrid has nothing. The session's one
    // text is the abstract. No `feedback_url`: campgrid collects no feedback, and the schema
    // wants an http(s) URL there.
    field(x, "description", "");
    field(x, "logo", "");
    x.push_str(
        "        <recording>\n          <license></license>\n          <optout>false</optout>\n        </recording>\n",
    );
    if s.hosts.is_empty() {
        x.push_str("        <persons/>\n");
    } else {
        x.push_str("        <persons>\n");
        for host in &s.hosts {
            // Apps key speakers by this id (schedule-convert gives every event without one the
            // first speaker it saw).
            x.push_str(&format!(
                "          <person id=\"{}\">{}</person>\n",
                person_id(host),
                esc(host)
            ));
        }
        x.push_str("        </persons>\n");
    }
    if video_url.is_empty() {
        x.push_str("        <links/>\n");
    } else {
        x.push_str(&format!(
            "        <links>\n          <link href=\"{}\">{}</link>\n        </links>\n",
            esc(video_url),
            esc(video_room_label())
        ));
    }
    x.push_str("        <attachments/>\n");
    field(x, "url", &links.session(schedule, s.id));
    x.push_str("      </event>\n");
}

/// Text for XML content and attribute values; characters XML 1.0 does not allow are dropped.
pub fn esc(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::tests::sample;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            esc("a<b>&\"c'\u{1}\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;c&apos;"
        );
    }

    #[test]
    fn events_carry_local_times_and_lengths() {
        let s = sample();
        let xml = render(
            &s,
            &Links {
                origin: "https://campgrid.example",
            },
        );
        // Session 11 runs 9-11 UTC, 10-12 in Berlin (CET).
        assert!(
            xml.contains("<date>2026-03-10T10:00:00+01:00</date>"),
            "{xml}"
        );
        assert!(xml.contains("<duration>02:00</duration>"));
        assert!(xml.contains("guid=\"00000000-0000-0000-0000-00000000000b\" id=\"12\""));
        assert!(xml.contains("<day index=\"1\" date=\"2026-03-10\""));
        assert!(xml.contains("<acronym>demo</acronym>"));
        assert!(xml.contains("<url>https://campgrid.example/c/demo/s/"));
        assert!(xml.contains("<description></description>"));
        assert!(xml.contains("<optout>false</optout>"));
        assert!(xml.contains(&format!(
            "<person id=\"{}\">Anna</person>",
            person_id("Anna")
        )));
    }
}
