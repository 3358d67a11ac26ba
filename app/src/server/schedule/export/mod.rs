//! The published schedule as files for other programs: iCalendar for calendar apps, the
//! frab/pentabarf `schedule.xml` and `schedule.json` for conference apps (Giggity,
//! EventFahrplan, ...), and CSV for the moderators' spreadsheets. Pure functions of a
//! `Schedule`: the same schedule always gives the same bytes (their hash is the ETag).
pub mod csv;
pub mod frab;
pub mod ics;
pub mod json;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::domain::schedule::{Schedule, ScheduleSession};
use crate::domain::Format;
use crate::i18n::{Lang, Msg};
use crate::server::store::{Store, StoreError};

/// The language of the files every reader shares (each is rendered once per publication and
/// cached): the camp's, German, like the sessions themselves and the UI's default. The files
/// made for one reader (the CSV, the personal agenda) follow the reader's language instead.
pub const CAMP_LANG: Lang = Lang::De;

/// The camp's time zone; UTC when the stored name is unknown.
pub fn time_zone(schedule: &Schedule) -> Tz {
    schedule.camp.time_zone.parse().unwrap_or(Tz::UTC)
}

/// A stable positive number for a session, for formats that still need integer ids: the low
/// 48 bits of its uuid, plus one (random in v4 uuids, so distinct within a camp in practice).
pub fn numeric_id(id: Uuid) -> u64 {
    (id.as_u128() & 0xFFFF_FFFF_FFFF) as u64 + 1
}

/// A stable positive number for a host, for `<person id>`: the schedule knows hosts by display
/// name only, so it comes from the name (FNV-1a, low 48 bits, plus one). The same name gets the
/// same number in every session and every publication.
pub fn person_id(name: &str) -> u64 {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash & 0xFFFF_FFFF_FFFF) + 1
}

/// The camp's short name for conference apps. Both schemas must accept it: the XML one wants
/// `[a-z0-9_-]{4,}`, the JSON one `^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$`. A camp
/// slug that fits both stays as it is; otherwise hyphens (and anything else) become `_` and a
/// too short one is padded.
pub fn acronym(slug: &str) -> String {
    if fits_both(slug) {
        return slug.to_string();
    }
    let mut out: String = slug
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '_') => c,
            _ => '_',
        })
        .collect();
    while out.len() < 4 {
        out.push('_');
    }
    out
}

fn fits_both(slug: &str) -> bool {
    let simple = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    let mut chars = slug.chars();
    let first_ok = chars.next().is_some_and(|c| simple(c) || c == '-');
    let rest: Vec<char> = chars.collect();
    // Without the optional "-2xxx-word" suffix (a slug like that is rare; it just gets
    // rewritten).
    first_ok && rest.len() >= 3 && rest.iter().all(|&c| simple(c))
}

/// A readable, URL-safe form of a title: ASCII letters and digits, German umlauts spelt out,
/// the rest turned into single hyphens; at most 50 characters; "session" if nothing is left.
pub fn title_slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(|c| c.to_lowercase()) {
        let piece = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if piece == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(piece);
        }
    }
    out.truncate(50);
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "session".into()
    } else {
        out
    }
}

/// The event slug of both conference formats: `acronym-id-title`.
pub fn event_slug(schedule: &Schedule, session: &ScheduleSession) -> String {
    format!(
        "{}-{}-{}",
        acronym(&schedule.camp.slug).replace('-', "_"),
        numeric_id(session.id),
        title_slug(&session.title)
    )
}

/// The format's name in the camp's language, used as track.
pub fn format_label(format: Format) -> &'static str {
    format.label().text(CAMP_LANG)
}

/// The title of a session's link to its video room.
pub fn video_room_label() -> &'static str {
    Msg::VideoRoom.text(CAMP_LANG)
}

/// "HH:MM" of a length.
pub fn hh_mm(minutes: i64) -> String {
    let minutes = minutes.max(0);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The minutes between two instants.
pub fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes()
}

/// The camp-local days with slots, in order, each with the index of its first and last slot.
pub fn days(schedule: &Schedule) -> Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
    let mut out: Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for slot in &schedule.slots {
        match out.iter_mut().find(|(d, _, _)| *d == slot.day) {
            Some(day) => {
                day.1 = day.1.min(slot.starts_at);
                day.2 = day.2.max(slot.ends_at);
            }
            None => out.push((slot.day, slot.starts_at, slot.ends_at)),
        }
    }
    out.sort_by_key(|d| d.0);
    out
}

/// The shortest slot, as "HH:MM" (conference apps draw their grid in these steps).
pub fn timeslot_duration(schedule: &Schedule) -> String {
    let shortest = schedule
        .slots
        .iter()
        .map(|s| minutes(s.starts_at, s.ends_at))
        .filter(|m| *m > 0)
        .min()
        .unwrap_or(15);
    hh_mm(shortest)
}

/// Where the absolute links of the conference formats point: `origin` is `https://host`.
pub struct Links<'a> {
    pub origin: &'a str,
}

impl Links<'_> {
    pub fn camp(&self, schedule: &Schedule) -> String {
        format!("{}/c/{}/", self.origin, schedule.camp.slug)
    }

    pub fn session(&self, schedule: &Schedule, id: Uuid) -> String {
        format!("{}/c/{}/s/{}", self.origin, schedule.camp.slug, id)
    }

    pub fn file(&self, schedule: &Schedule, name: &str) -> String {
        format!("{}/c/{}/{}", self.origin, schedule.camp.slug, name)
    }
}

/// The hash under which an agenda subscription secret is stored.
pub fn agenda_key_hash(key: &str) -> String {
    crate::server::auth::token_hash(key)
}

/// Whose agenda a subscription secret opens in a camp (`None`: unknown or replaced).
pub async fn agenda_owner(
    store: &Store,
    camp: Uuid,
    key: &str,
) -> Result<Option<Uuid>, StoreError> {
    if key.is_empty() {
        return Ok(None);
    }
    store.agenda_feed_owner(camp, &agenda_key_hash(key)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_fit_both_schemas() {
        assert_eq!(acronym("nextcamp"), "nextcamp");
        assert_eq!(acronym("next-demo"), "next_demo");
        assert_eq!(acronym("ab"), "ab__");
        assert_eq!(acronym("-abc"), "-abc");
        assert_eq!(acronym("Camp.2026"), "camp_2026");
    }

    #[test]
    fn title_slugs_are_url_safe() {
        assert_eq!(
            title_slug("Barrierefreie PDF-Formulare – geht das?"),
            "barrierefreie-pdf-formulare-geht-das"
        );
        assert_eq!(title_slug("Größe & Übung"), "groesse-uebung");
        assert_eq!(title_slug("???"), "session");
        assert!(title_slug(&"x ".repeat(60)).len() <= 50);
        assert!(!title_slug(&"ab ".repeat(30)).ends_with('-'));
    }

    #[test]
    fn numeric_ids_are_positive_and_stable() {
        assert_eq!(numeric_id(Uuid::nil()), 1);
        assert_eq!(numeric_id(Uuid::from_u128(10)), 11);
        assert_eq!(hh_mm(90), "01:30");
        assert_eq!(person_id("Anna"), person_id("Anna"));
        assert_ne!(person_id("Anna"), person_id("Olaf"));
        assert!(person_id("") >= 1);
    }
}
