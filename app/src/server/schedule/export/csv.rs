//! `schedule.csv` for the moderators (RFC 4180, UTF-8 with a byte order mark so that
//! spreadsheet programs read the umlauts): one row per session, camp-local times. Only titles
//! and hosts, never votes. Cells that a spreadsheet would run as a formula are defused.
use super::frab::local_hm;
use super::time_zone;
use crate::domain::schedule::Schedule;
use crate::i18n::{Lang, Msg};

const HEADER: [Msg; 8] = [
    Msg::CsvDay,
    Msg::CsvStarts,
    Msg::CsvEnds,
    Msg::CsvRoom,
    Msg::CsvTitle,
    Msg::CsvFormat,
    Msg::CsvTags,
    Msg::CsvHosts,
];

/// The table in the reader's language (column heads and formats).
pub fn render(schedule: &Schedule, lang: Lang) -> String {
    let tz = time_zone(schedule);
    let mut out = String::from("\u{FEFF}");
    row(&mut out, HEADER.iter().map(|h| h.text(lang).to_string()));
    for s in &schedule.sessions {
        let room = schedule
            .room(s.room)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        row(
            &mut out,
            [
                s.day.format("%Y-%m-%d").to_string(),
                local_hm(s.starts_at, tz),
                local_hm(s.ends_at, tz),
                room,
                s.title.clone(),
                s.format.label().text(lang).to_string(),
                s.tags.join(", "),
                s.hosts.join(", "),
            ]
            .into_iter(),
        );
    }
    out
}

fn row(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.map(|c| cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One field: a leading `= + - @` (or tab, carriage return) gets a `'` in front so that
/// spreadsheets show it as text; quoted when it holds a comma, quote or line break.
pub fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::tests::sample;

    #[test]
    fn quotes_only_where_needed() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@sum"), "'@sum");
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn one_row_per_session_in_local_time() {
        let csv = render(&sample(), Lang::De);
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("\u{FEFF}Tag,Beginn,Ende,Raum"));
        assert_eq!(
            lines[2],
            "2026-03-10,10:00,12:00,Raum 2,Session 11,Workshop,\"ux, ozg\",Anna"
        );
    }
}
