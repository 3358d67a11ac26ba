//! Camp settings and rooms: what a moderator may enter, and the normalised form we store.
use serde::{Deserialize, Serialize};

use super::text::{clean, is_domain};
use crate::error::FieldError;
use crate::i18n::Msg;

pub const CAMP_NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 2000;
pub const ROOM_NAME_MAX: usize = 80;
pub const URL_MAX: usize = 500;
pub const CAPACITY_MAX: i64 = 10_000;
/// The time zones offered in the form; any other IANA name is accepted too.
pub const COMMON_TIME_ZONES: [&str; 9] = [
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Luxembourg",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Paris",
    "Europe/London",
    "UTC",
];

/// The camp settings form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampInput {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub time_zone: String,
    pub self_service_slots: bool,
    pub schedule_public: bool,
    pub email_domains: String,
}

/// Validated camp settings, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampSettings {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub time_zone: String,
    pub self_service_slots: bool,
    pub schedule_public: bool,
    /// Lower-case domains; empty means everyone with the invite link may join.
    pub email_domains: Vec<String>,
}

impl CampInput {
    pub fn validate(&self) -> Result<CampSettings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = clean(&mut errors, "name", &self.name, true, CAMP_NAME_MAX);
        // An empty address is derived from the name, so a phone user can skip the field.
        let slug = match self.slug.trim() {
            "" => super::text::slugify(&name),
            typed => typed.to_string(),
        };
        if !is_slug(&slug) {
            errors.push(FieldError::new("slug", Msg::ErrSlugFormat));
        }
        let description = clean(
            &mut errors,
            "description",
            &self.description,
            false,
            DESCRIPTION_MAX,
        );
        let time_zone = self.time_zone.trim().to_string();
        if time_zone.parse::<chrono_tz::Tz>().is_err() {
            errors.push(FieldError::new("time_zone", Msg::ErrTimeZone));
        }
        let email_domains = parse_domains(&self.email_domains).unwrap_or_else(|| {
            errors.push(FieldError::new("email_domains", Msg::ErrEmailDomains));
            vec![]
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CampSettings {
            name,
            slug,
            description,
            time_zone,
            self_service_slots: self.self_service_slots,
            schedule_public: self.schedule_public,
            email_domains,
        })
    }
}

/// 3 to 40 of `a-z0-9-`, not starting or ending with a hyphen.
pub fn is_slug(s: &str) -> bool {
    (3..=40).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Parses "bund.de, @Berlin.de  nrw.de" into sorted, lower-case, unique domains.
pub fn parse_domains(input: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for raw in input.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        let d = raw.trim().trim_start_matches('@').to_lowercase();
        if d.is_empty() {
            continue;
        }
        if !is_domain(&d) {
            return None;
        }
        out.push(d);
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The room form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomInput {
    pub name: String,
    pub video_url: String,
    pub capacity: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomSettings {
    pub name: String,
    pub video_url: String,
    pub capacity: i64,
}

impl RoomInput {
    pub fn validate(&self) -> Result<RoomSettings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = clean(&mut errors, "name", &self.name, true, ROOM_NAME_MAX);
        let video_url = clean(&mut errors, "video_url", &self.video_url, true, URL_MAX);
        if !video_url.is_empty() && !is_http_url(&video_url) {
            errors.push(FieldError::new("video_url", Msg::ErrUrl));
        }
        let capacity = match self.capacity.trim().parse::<i64>() {
            Ok(n) if (1..=CAPACITY_MAX).contains(&n) => n,
            _ => {
                errors.push(FieldError::new("capacity", Msg::ErrCapacity));
                0
            }
        };
        if errors.is_empty() {
            Ok(RoomSettings {
                name,
                video_url,
                capacity,
            })
        } else {
            Err(errors)
        }
    }
}

/// An absolute http(s) link with a host and no spaces; anything else (javascript:, data:, ...)
/// could run code in a reader's browser.
pub fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camp() -> CampInput {
        CampInput {
            name: "NExT Camp".into(),
            slug: "next-camp".into(),
            time_zone: "Europe/Berlin".into(),
            ..Default::default()
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<(String, Msg)> {
        errors.into_iter().map(|e| (e.field, e.msg)).collect()
    }

    #[test]
    fn valid_camp_is_normalised() {
        let mut input = camp();
        input.email_domains = "Bund.de, @berlin.de bund.de".into();
        let s = input.validate().unwrap();
        assert_eq!(s.email_domains, vec!["berlin.de", "bund.de"]);
    }

    #[test]
    fn camp_errors_name_their_fields() {
        let input = CampInput {
            name: " ".into(),
            slug: "Next Camp".into(),
            description: "x".repeat(2001),
            time_zone: "Mars/Olympus".into(),
            email_domains: "not a domain!".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(input.validate().unwrap_err()),
            vec![
                ("name".into(), Msg::ErrRequired),
                ("slug".into(), Msg::ErrSlugFormat),
                ("description".into(), Msg::ErrTooLong),
                ("time_zone".into(), Msg::ErrTimeZone),
                ("email_domains".into(), Msg::ErrEmailDomains),
            ]
        );
    }

    #[test]
    fn empty_slug_comes_from_the_name() {
        let input = CampInput {
            slug: " ".into(),
            name: "NExT Camp Herbst".into(),
            ..camp()
        };
        assert_eq!(input.validate().unwrap().slug, "next-camp-herbst");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("next-2026"));
        assert!(!is_slug("ab"));
        assert!(!is_slug("-next"));
        assert!(!is_slug("näxt"));
    }

    #[test]
    fn rooms_need_http_links_and_positive_capacity() {
        let ok = RoomInput {
            name: "Raum 1".into(),
            video_url: "https://meet.example.org/r1".into(),
            capacity: "30".into(),
        };
        assert_eq!(ok.validate().unwrap().capacity, 30);
        let bad = RoomInput {
            name: "".into(),
            video_url: "javascript:alert(1)".into(),
            capacity: "0".into(),
        };
        assert_eq!(
            fields(bad.validate().unwrap_err()),
            vec![
                ("name".into(), Msg::ErrRequired),
                ("video_url".into(), Msg::ErrUrl),
                ("capacity".into(), Msg::ErrCapacity),
            ]
        );
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
    }
}
