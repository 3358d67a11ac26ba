//! The published schedule, read from the store. Takes the store, not the app state, so that
//! the schedule cache (which the state holds) can build with it.
use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::schedule::{
    Schedule, ScheduleCamp, ScheduleRoom, ScheduleSession, ScheduleSlot,
};
use crate::domain::Format;
use crate::error::AppError;
use crate::server::reads::Extras;
use crate::server::store::{CampRow, Store};

/// Reads the published schedule of a camp: only sessions that are published, neither hidden nor
/// withdrawn, with the rooms and slots they use.
pub async fn build(store: &Store, camp: &CampRow) -> Result<Schedule, AppError> {
    let grid = store.grid_state(camp.id).await?;
    let rooms = store.rooms(camp.id).await?;
    let slots = store.slots(camp.id).await?;
    let extras = Extras::load(store, camp.id).await?;
    let visible: HashMap<Uuid, _> = store
        .board(camp.id, Uuid::nil(), false)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let slot_at: HashMap<Uuid, usize> = slots.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut cells: HashMap<Uuid, (Uuid, Vec<usize>)> = HashMap::new();
    for p in store.published_placements(camp.id).await? {
        if let Some(&i) = slot_at.get(&p.slot) {
            cells
                .entry(p.session)
                .or_insert((p.room, Vec::new()))
                .1
                .push(i);
        }
    }
    let room_order: HashMap<Uuid, usize> =
        rooms.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut sessions: Vec<ScheduleSession> = cells
        .into_iter()
        .filter_map(|(id, (room, mut ix))| {
            let row = visible.get(&id)?;
            ix.sort_unstable();
            let (first, last) = (&slots[ix[0]], &slots[*ix.last()?]);
            Some(ScheduleSession {
                id,
                title: row.title.clone(),
                description: row.description.clone(),
                format: Format::parse(&row.format).unwrap_or(Format::Other),
                tags: extras.tags_of(id),
                hosts: extras.host_names(id),
                room,
                slots: ix.iter().map(|&i| slots[i].id).collect(),
                day: first.day,
                starts_at: first.starts_at,
                ends_at: last.ends_at,
            })
        })
        .collect();
    sessions.sort_by_key(|s| (s.starts_at, room_order.get(&s.room).copied(), s.id));
    Ok(Schedule {
        camp: ScheduleCamp {
            slug: camp.slug.clone(),
            name: camp.name.clone(),
            description: camp.description.clone(),
            time_zone: camp.time_zone.clone(),
            public: camp.schedule_public,
        },
        version: grid.published_version.unwrap_or(0),
        published_at: grid.published_at,
        rooms: rooms
            .into_iter()
            .map(|r| ScheduleRoom {
                id: r.id,
                name: r.name,
                video_url: r.video_url,
            })
            .collect(),
        slots: slots
            .into_iter()
            .map(|s| ScheduleSlot {
                id: s.id,
                day: s.day,
                starts_at: s.starts_at,
                ends_at: s.ends_at,
            })
            .collect(),
        sessions,
    })
}
