//! The `schedule.json` of the frab family (schema: c3voc `schedule.schema.json`), the same
//! content as `schedule.xml`. Rooms are online rooms; their video link is the room's `url`.
use serde_json::{json, Map, Value};

use super::frab::{local, local_hm};
use super::{
    acronym, days, event_slug, format_label, hh_mm, minutes, numeric_id, time_zone,
    timeslot_duration, video_room_label, Links, CAMP_LANG,
};
use crate::domain::schedule::{Schedule, ScheduleSession};

pub fn render(schedule: &Schedule, links: &Links) -> String {
    let tz = time_zone(schedule);
    let days_list = days(schedule);
    let mut conference = Map::new();
    conference.insert("acronym".into(), json!(acronym(&schedule.camp.slug)));
    conference.insert("title".into(), json!(schedule.camp.name));
    if !schedule.camp.description.is_empty() {
        conference.insert("description".into(), json!(schedule.camp.description));
    }
    let (start, end) = match (days_list.first(), days_list.last()) {
        (Some(first), Some(last)) => (local(first.1, tz), local(last.2, tz)),
        _ => {
            let at = local(
                schedule
                    .published_at
                    .unwrap_or(chrono::DateTime::UNIX_EPOCH),
                tz,
            );
            (at.clone(), at)
        }
    };
    conference.insert("start".into(), json!(start));
    conference.insert("end".into(), json!(end));
    conference.insert("daysCount".into(), json!(days_list.len()));
    conference.insert(
        "timeslot_duration".into(),
        json!(timeslot_duration(schedule)),
    );
    if zone_name_fits(&schedule.camp.time_zone) {
        conference.insert("time_zone_name".into(), json!(schedule.camp.time_zone));
    }
    conference.insert("url".into(), json!(links.camp(schedule)));
    let mut formats: Vec<_> = schedule.sessions.iter().map(|s| s.format).collect();
    formats.sort_by_key(|f| f.as_str());
    formats.dedup();
    conference.insert(
        "tracks".into(),
        Value::Array(
            formats
                .into_iter()
                .map(|f| json!({"name": format_label(f), "slug": f.as_str()}))
                .collect(),
        ),
    );
    conference.insert(
        "rooms".into(),
        Value::Array(
            schedule
                .rooms
                .iter()
                .map(|r| {
                    let mut room = Map::new();
                    room.insert("name".into(), json!(r.name));
                    room.insert("guid".into(), json!(r.id));
                    room.insert("type".into(), json!("online"));
                    // Always there in pretalx's export; campgrid keeps neither for the
                    // schedule.
                    room.insert("description".into(), Value::Null);
                    room.insert("capacity".into(), Value::Null);
                    if !r.video_url.is_empty() {
                        room.insert("url".into(), json!(r.video_url));
                    }
                    Value::Object(room)
                })
                .collect(),
        ),
    );
    let days_json: Vec<Value> = days_list
        .iter()
        .enumerate()
        .map(|(i, (date, day_start, day_end))| {
            let mut rooms = Map::new();
            for room in &schedule.rooms {
                let events: Vec<Value> = schedule
                    .sessions
                    .iter()
                    .filter(|s| s.day == *date && s.room == room.id)
                    .map(|s| event(schedule, links, tz, &room.name, &room.video_url, s))
                    .collect();
                rooms.insert(room.name.clone(), Value::Array(events));
            }
            json!({
                "index": i + 1,
                "date": date.to_string(),
                "day_start": local(*day_start, tz),
                "day_end": local(*day_end, tz),
                "rooms": rooms,
            })
        })
        .collect();
    conference.insert("days".into(), Value::Array(days_json));
    let doc = json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "campgrid", "version": env!("CARGO_PKG_VERSION")},
        "schedule": {
            "version": schedule.version.to_string(),
            "url": links.file(schedule, "schedule"),
            "base_url": links.camp(schedule),
            "conference": conference,
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn event(
    schedule: &Schedule,
    links: &Links,
    tz: chrono_tz::Tz,
    room: &str,
    video_url: &str,
    s: &ScheduleSession,
) -> Value {
    // pretalx's person: `name`, and the deprecated `public_name` that older apps read (frab's
    // JSON has only that one). No integer `id`: with `name` and `public_name` it would fit both
    // branches of the schema's `oneOf` and fail it, and campgrid knows hosts by name only.
    let persons: Vec<Value> = s
        .hosts
        .iter()
        .map(|h| json!({"name": h, "public_name": h, "biography": "", "answers": []}))
        .collect();
    let event_links: Vec<Value> = if video_url.is_empty() {
        Vec::new()
    } else {
        vec![json!({"url": video_url, "title": video_room_label(), "type": "web"})]
    };
    json!({
        "guid": s.id,
        "id": numeric_id(s.id),
        "date": local(s.starts_at, tz),
        "start": local_hm(s.starts_at, tz),
        "end": local(s.ends_at, tz),
        "duration": hh_mm(minutes(s.starts_at, s.ends_at)),
        "room": room,
        "slug": event_slug(schedule, s),
        "url": links.session(schedule, s.id),
        "title": s.title,
        "subtitle": "",
        "track": format_label(s.format),
        "type": s.format.as_str(),
        "language": CAMP_LANG.code(),
        "abstract": s.description,
        // The keys frab and pretalx always write, empty where campgrid has nothing: apps read
        // them without checking (pyfahrplan stops at a missing `description`). The session's
        // one text is the abstract; a second, longer one does not exist. No `feedback_url`:
        // campgrid collects no feedback, and an empty one would not be a URI.
        "description": "",
        "logo": "",
        "recording_license": "",
        "do_not_record": false,
        "persons": persons,
        "links": event_links,
        "attachments": [],
        "origin_url": links.session(schedule, s.id),
    })
}

/// The JSON schema's `time_zone_name` pattern, `^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$` (searched,
/// not matched as a whole); other names are left out.
fn zone_name_fits(name: &str) -> bool {
    let word = |s: &str| {
        let mut c = s.chars();
        c.next().is_some_and(|f| f.is_ascii_uppercase())
            && c.next().is_some_and(|f| f.is_ascii_lowercase())
    };
    name.ends_with("UTC")
        || name.split_once('/').is_some_and(|(area, place)| {
            word(area) && area[1..].chars().all(|c| c.is_ascii_lowercase()) && word(place)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::tests::sample;

    #[test]
    fn zone_names_follow_the_schema_pattern() {
        assert!(zone_name_fits("Europe/Berlin"));
        assert!(zone_name_fits("America/New_York"));
        assert!(zone_name_fits("UTC"));
        assert!(!zone_name_fits("Etc/GMT+1"));
    }

    #[test]
    fn rooms_are_online_rooms_with_their_video_link() {
        let doc: Value = serde_json::from_str(&render(
            &sample(),
            &Links {
                origin: "https://campgrid.example",
            },
        ))
        .unwrap();
        let conf = &doc["schedule"]["conference"];
        assert_eq!(conf["rooms"][0]["type"], "online");
        assert_eq!(conf["rooms"][1]["url"], "https://video.example/2");
        let long = &conf["days"][0]["rooms"]["Raum 2"][0];
        assert_eq!(long["duration"], "02:00");
        assert_eq!(long["start"], "10:00");
        assert_eq!(long["persons"][0]["name"], "Anna");
        assert_eq!(long["persons"][0]["public_name"], "Anna");
        assert!(
            long["persons"][0].get("id").is_none(),
            "one branch of the oneOf"
        );
        assert_eq!(long["description"], "");
        assert_eq!(long["do_not_record"], false);
        assert_eq!(long["attachments"], json!([]));
        assert!(conf["rooms"][0]["capacity"].is_null());
        assert_eq!(conf["daysCount"], 1);
    }
}
