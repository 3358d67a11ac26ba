//! Time slots: entered in the camp's local time, stored in UTC, never overlapping within a day.
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::i18n::Msg;

/// The slot form as typed: a date and two wall-clock times in the camp's time zone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotInput {
    pub day: String,
    pub starts: String,
    pub ends: String,
}

/// A validated slot in UTC, with the local day it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotTimes {
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl SlotInput {
    pub fn validate(&self, time_zone: &str) -> Result<SlotTimes, Vec<FieldError>> {
        let mut errors = Vec::new();
        let day = NaiveDate::parse_from_str(self.day.trim(), "%Y-%m-%d")
            .map_err(|_| errors.push(FieldError::new("day", Msg::ErrDate)))
            .ok();
        let starts = parse_time(&mut errors, "starts", &self.starts);
        let ends = parse_time(&mut errors, "ends", &self.ends);
        let (Some(day), Some(starts), Some(ends)) = (day, starts, ends) else {
            return Err(errors);
        };
        if ends <= starts {
            return Err(vec![FieldError::new("ends", Msg::ErrSlotInverted)]);
        }
        let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
        let to_utc = |t: NaiveTime| tz.from_local_datetime(&day.and_time(t)).single();
        match (to_utc(starts), to_utc(ends)) {
            (Some(s), Some(e)) => Ok(SlotTimes {
                day,
                starts_at: s.with_timezone(&Utc),
                ends_at: e.with_timezone(&Utc),
            }),
            (None, _) => Err(vec![FieldError::new("starts", Msg::ErrSlotLocalTime)]),
            (_, None) => Err(vec![FieldError::new("ends", Msg::ErrSlotLocalTime)]),
        }
    }
}

fn parse_time(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<NaiveTime> {
    let value = value.trim();
    NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
        .map_err(|_| errors.push(FieldError::new(field, Msg::ErrTime)))
        .ok()
}

/// Whether two half-open intervals `[start, end)` share any moment.
pub fn overlaps<T: PartialOrd>(a: (T, T), b: (T, T)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The index of the first existing slot that `new` overlaps.
pub fn find_overlap(new: &SlotTimes, existing: &[(DateTime<Utc>, DateTime<Utc>)]) -> Option<usize> {
    existing
        .iter()
        .position(|&(s, e)| overlaps((new.starts_at, new.ends_at), (s, e)))
}

/// A UTC instant as wall-clock time in the camp's time zone, e.g. "09:30".
#[cfg(not(all(target_arch = "wasm32", feature = "hydrate")))]
pub fn local_time(at: DateTime<Utc>, time_zone: &str) -> String {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// In the browser the same comes from its own time zone database (`Intl`): chrono-tz's
/// tables would make the wasm several hundred kilobytes larger.
#[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
pub fn local_time(at: DateTime<Utc>, time_zone: &str) -> String {
    use js_sys::{Array, Date, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    // `Intl` throws on an unknown zone; the server only stores zones chrono-tz knows, and
    // "" (not read yet) means UTC, as on the server.
    let time_zone = if time_zone.is_empty() {
        "UTC"
    } else {
        time_zone
    };
    let options = Object::new();
    for (key, value) in [
        ("timeZone", time_zone),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        let _ = Reflect::set(&options, &key.into(), &value.into());
    }
    let format = Intl::DateTimeFormat::new(&Array::of1(&"de-DE".into()), &options);
    let date = Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(day: &str, starts: &str, ends: &str) -> SlotInput {
        SlotInput {
            day: day.into(),
            starts: starts.into(),
            ends: ends.into(),
        }
    }

    #[test]
    fn local_times_become_utc() {
        let s = slot("2026-03-10", "09:30", "10:15")
            .validate("Europe/Berlin")
            .unwrap();
        assert_eq!(s.starts_at.to_rfc3339(), "2026-03-10T08:30:00+00:00");
        assert_eq!(local_time(s.ends_at, "Europe/Berlin"), "10:15");
    }

    #[test]
    fn inverted_and_malformed_slots_are_rejected() {
        let err = slot("2026-03-10", "10:00", "09:00")
            .validate("UTC")
            .unwrap_err();
        assert_eq!(err, vec![FieldError::new("ends", Msg::ErrSlotInverted)]);
        let err = slot("", "x", "09:00").validate("UTC").unwrap_err();
        assert_eq!(
            err,
            vec![
                FieldError::new("day", Msg::ErrDate),
                FieldError::new("starts", Msg::ErrTime)
            ]
        );
    }

    #[test]
    fn times_lost_to_a_clock_change_are_rejected() {
        let err = slot("2026-03-29", "02:30", "03:30")
            .validate("Europe/Berlin")
            .unwrap_err();
        assert_eq!(err, vec![FieldError::new("starts", Msg::ErrSlotLocalTime)]);
    }

    #[test]
    fn overlap_detection_is_half_open() {
        let a = slot("2026-03-10", "09:00", "10:00")
            .validate("UTC")
            .unwrap();
        let b = slot("2026-03-10", "10:00", "11:00")
            .validate("UTC")
            .unwrap();
        let c = slot("2026-03-10", "09:45", "10:30")
            .validate("UTC")
            .unwrap();
        let existing = [(a.starts_at, a.ends_at)];
        assert_eq!(find_overlap(&b, &existing), None);
        assert_eq!(find_overlap(&c, &existing), Some(0));
    }
}
