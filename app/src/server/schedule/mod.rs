//! The published schedule on the server: who may read it, how it is built from the store, and
//! the clock that says what "now" is.
pub mod cache;
pub mod clock;
pub mod export;

use std::collections::HashMap;

use uuid::Uuid;

use crate::api::ScheduleView;
use crate::domain::schedule::{
    Schedule, ScheduleCamp, ScheduleRoom, ScheduleSession, ScheduleSlot,
};
use crate::domain::Format;
use crate::error::AppError;
use crate::server::auth::member;
use crate::server::auth::{
    current_membership, current_person, random_token, token_hash, CampAccess,
};
use crate::server::sessions::Extras;
use crate::server::store::CampRow;
use crate::server::AppState;

/// Who reads a schedule: a current member, or anyone where the camp made it public.
pub struct Reader {
    pub camp: CampRow,
    /// `None` for an anonymous (or non-member) reader of a public schedule.
    pub member: Option<CampAccess>,
}

/// Opens a camp's schedule for the caller of the current server function or render.
/// Not public and not a member: `Unauthorized` when signed out, `Forbidden` otherwise.
pub async fn reader(state: &AppState, slug: &str) -> Result<Reader, AppError> {
    let camp = state
        .store
        .camp_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = match current_person(state).await? {
        Some(person) => current_membership(&state.store, camp.id, person.id)
            .await?
            .map(|member| CampAccess {
                camp: camp.clone(),
                person,
                member,
            }),
        None if camp.schedule_public => None,
        None => return Err(AppError::Unauthorized),
    };
    if member.is_none() && !camp.schedule_public {
        return Err(AppError::Forbidden);
    }
    Ok(Reader { camp, member })
}

/// Reads the published schedule of a camp: only sessions that are published, neither hidden nor
/// withdrawn, with the rooms and slots they use.
pub async fn build(state: &AppState, camp: &CampRow) -> Result<Schedule, AppError> {
    let store = &state.store;
    let grid = store.grid_state(camp.id).await?;
    let rooms = store.rooms(camp.id).await?;
    let slots = store.slots(camp.id).await?;
    let extras = Extras::load(state, camp.id).await?;
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

/// The schedule with the reader's own stars, at the reader's "now".
pub async fn view(state: &AppState, slug: &str) -> Result<ScheduleView, AppError> {
    let reader = reader(state, slug).await?;
    let (_, schedule) = state
        .schedule_cache
        .schedule(state, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let schedule = Schedule::clone(&schedule);
    let (stars, is_moderator, has_feed) = match &reader.member {
        Some(m) => (
            Some(state.store.stars(m.camp.id, m.person.id).await?),
            m.is_moderator(),
            state.store.has_agenda_feed(m.camp.id, m.person.id).await?,
        ),
        None => (None, false, false),
    };
    Ok(ScheduleView {
        schedule,
        now: clock::now(),
        stars,
        is_moderator,
        has_feed,
    })
}

pub async fn set_star(
    state: &AppState,
    slug: &str,
    session: Uuid,
    starred: bool,
) -> Result<(), AppError> {
    let access = member(state, slug).await?;
    Ok(state
        .store
        .set_star(access.camp.id, access.person.id, session, starred)
        .await?)
}

/// Replaces the member's agenda subscription secret; returns the new address (a path).
pub async fn renew_feed(state: &AppState, slug: &str) -> Result<String, AppError> {
    let access = member(state, slug).await?;
    let key = random_token();
    state
        .store
        .set_agenda_feed(access.camp.id, access.person.id, &token_hash(&key))
        .await?;
    Ok(format!("/c/{}/agenda.ics?key={key}", access.camp.slug))
}

pub async fn revoke_feed(state: &AppState, slug: &str) -> Result<(), AppError> {
    let access = member(state, slug).await?;
    Ok(state
        .store
        .delete_agenda_feed(access.camp.id, access.person.id)
        .await?)
}
