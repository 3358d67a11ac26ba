//! The grid service: loads the camp's grid into the domain model, checks every change with
//! it, stores the change against the grid's version and tells every open page.
//!
//! Moderators move, swap, pin, undo, accept a proposal and publish. Where the camp allows
//! self-service, hosts place their own sessions into free cells until the grid is locked.
mod load;

use std::collections::HashMap;

use uuid::Uuid;

use super::access::{member, moderator, Caller, CampAccess};
use super::camps::group_days;
use super::push::{EventKind, MovedSession};
use super::store::{PlacementRow, StoreError};
use super::AppState;
use crate::domain::grid::{propose as suggest, Cell, GridModel, PlaceError, ProposalOptions};
use crate::domain::{local_time, PlacedAt};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::view::{GridChangeView, GridEditor, ProposalView, RoomView};
use load::{changes, first_cells, Loaded};

/// History entries shown to moderators.
const HISTORY_SHOWN: i64 = 30;

/// Whether this person may place their own sessions now.
fn self_service(access: &CampAccess, loaded: &Loaded) -> bool {
    access.camp.self_service_slots && !loaded.grid.locked
}

fn place_error(err: PlaceError) -> AppError {
    match err {
        PlaceError::CellTaken { .. } => AppError::Conflict(Msg::ErrCellTaken),
        PlaceError::NoSecondSlot => AppError::Conflict(Msg::ErrNoSecondSlot),
        PlaceError::NotPlaced(_) => AppError::Conflict(Msg::ErrNotPlaced),
        _ => AppError::NotFound,
    }
}

/// A stale version means someone else changed the grid first; a taken cell, that someone
/// else took it first. Both are conflicts the person reads, never silent overwrites.
fn store_conflict(err: StoreError) -> AppError {
    match err {
        StoreError::Stale => AppError::Conflict(Msg::ErrGridStale),
        StoreError::Duplicate => AppError::Conflict(Msg::ErrCellTaken),
        other => other.into(),
    }
}

fn changed(state: &AppState, camp: Uuid, version: i64) {
    state.push.publish(camp, EventKind::GridChanged { version });
}

/// Moderators always; participants only where the camp lets hosts place their sessions
/// (the self-service wall is open to all). Otherwise the draft stays with the moderators:
/// attendees see only what is published.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn editor(state: &AppState, slug: &str) -> Result<GridEditor, AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    if !access.is_moderator() && !access.camp.self_service_slots {
        return Err(AppError::Forbidden);
    }
    let loaded = Loaded::read(state, &access).await?;
    let is_moderator = access.is_moderator();
    let history = if is_moderator {
        history(state, &access, &loaded).await?
    } else {
        Vec::new()
    };
    let tz = &access.camp.time_zone;
    Ok(GridEditor {
        version: loaded.grid.version,
        published_version: loaded.grid.published_version,
        locked: loaded.grid.locked,
        overlap_threshold: loaded.grid.overlap_threshold as f32,
        is_moderator,
        self_service: self_service(&access, &loaded),
        days: group_days(&loaded.slots, tz),
        rooms: loaded.rooms.iter().map(room_view).collect(),
        conflicts: loaded.model.conflicts(loaded.grid.overlap_threshold as f32),
        placements: loaded.model.placements.clone(),
        unavailable: loaded
            .model
            .rooms
            .iter()
            .flat_map(|r| r.unavailable.iter().map(|&slot| Cell { room: r.id, slot }))
            .collect(),
        sessions: loaded.sessions,
        hosts: loaded.hosts,
        history,
    })
}

fn room_view(r: &super::store::RoomRow) -> RoomView {
    RoomView {
        id: r.id,
        name: r.name.clone(),
        video_url: r.video_url.clone(),
        capacity: r.capacity,
    }
}

async fn history(
    state: &AppState,
    access: &CampAccess,
    loaded: &Loaded,
) -> Result<Vec<GridChangeView>, AppError> {
    let rows = state
        .store
        .grid_history(access.camp.id, HISTORY_SHOWN)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut sessions: Vec<String> = row
                .after
                .iter()
                .filter_map(|c| loaded.title(c.session).map(str::to_string))
                .collect();
            sessions.dedup();
            GridChangeView {
                version: row.version,
                at: local_time(row.at, &access.camp.time_zone),
                actor: row.actor_name,
                action: row.action,
                sessions,
                undone: row.undone,
            }
        })
        .collect())
}

/// Moves `session` to `target` (its first cell), swapping with whoever is there (who goes
/// out of the grid when `session` was not in it), or takes it out of the grid (`None`). Returns the new grid version.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn move_session(
    state: &AppState,
    slug: &str,
    version: i64,
    session: Uuid,
    target: Option<Cell>,
) -> Result<i64, AppError> {
    let access = member(state, &Caller::current(), slug).await?;
    if !access.is_moderator() {
        return host_pick(state, &access, session, target).await;
    }
    let loaded = Loaded::read(state, &access).await?;
    let model = &loaded.model;
    let next = match target {
        None => model.unplace(session),
        Some(cell) => match model.can_place(session, cell) {
            // A placed session trades cells; one from the unplaced list has no cell to
            // give, so the occupant goes back to that list instead.
            Err(PlaceError::CellTaken { by, .. }) if model.placement(session).is_some() => {
                model.swap(session, by)
            }
            Err(PlaceError::CellTaken { by, .. }) => model.displace(session, by),
            _ => model.place(session, cell),
        },
    }
    .map_err(place_error)?;
    let action = action_name(model, &next, session, target);
    store_change(state, &access, Some(version), action, model, &next).await
}

fn action_name(
    model: &GridModel,
    next: &GridModel,
    session: Uuid,
    target: Option<Cell>,
) -> &'static str {
    let moved = changes(model, next).len();
    match (target, model.placement(session)) {
        (None, _) => "unplace",
        (Some(_), _) if moved > 1 => "swap",
        (Some(_), None) => "place",
        (Some(_), Some(_)) => "move",
    }
}

/// How often a host's pick is tried again when the grid changed meanwhile.
const PICK_ATTEMPTS: usize = 3;

/// A host places their own session into a free cell (or takes it out), where the camp
/// allows self-service and the grid is not locked. The pick is checked against the grid it
/// was read from and stored only at that grid's version, so two picks at once cannot put
/// one host in two places; when the grid changed in between, it is checked again on the new
/// grid (the host never chose a version, so a plain "someone else was faster" is wrong).
async fn host_pick(
    state: &AppState,
    access: &CampAccess,
    session: Uuid,
    target: Option<Cell>,
) -> Result<i64, AppError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let loaded = Loaded::read(state, access).await?;
        match try_host_pick(state, access, &loaded, session, target).await {
            Err(AppError::Conflict(Msg::ErrGridStale)) if attempt < PICK_ATTEMPTS => continue,
            Err(AppError::Conflict(Msg::ErrGridStale)) => {
                return Err(AppError::Conflict(Msg::ErrCellTaken))
            }
            other => return other,
        }
    }
}

async fn try_host_pick(
    state: &AppState,
    access: &CampAccess,
    loaded: &Loaded,
    session: Uuid,
    target: Option<Cell>,
) -> Result<i64, AppError> {
    let own = loaded.sessions.iter().any(|s| s.id == session && s.hosted);
    if !own {
        return Err(AppError::Forbidden);
    }
    if !self_service(access, loaded) {
        return Err(AppError::Conflict(Msg::ErrGridLocked));
    }
    let model = &loaded.model;
    let next = match target {
        None => model.unplace(session),
        Some(cell) => model.place(session, cell),
    }
    .map_err(place_error)?;
    // A host cannot be in two places at once: refuse a pick that makes it so.
    if next.score().double_booked_hosts > model.score().double_booked_hosts {
        return Err(AppError::Conflict(Msg::ErrHostBusy));
    }
    let action = if target.is_some() { "place" } else { "unplace" };
    let version = Some(loaded.grid.version);
    store_change(state, access, version, action, model, &next).await
}

async fn store_change(
    state: &AppState,
    access: &CampAccess,
    version: Option<i64>,
    action: &str,
    before: &GridModel,
    after: &GridModel,
) -> Result<i64, AppError> {
    let camp = access.camp.id;
    let cells = changes(before, after);
    let version = state
        .store
        .change_grid(camp, version, action, &cells, access.person.id)
        .await
        .map_err(store_conflict)?;
    changed(state, camp, version);
    Ok(version)
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn pin(
    state: &AppState,
    slug: &str,
    version: i64,
    session: Uuid,
    pinned: bool,
) -> Result<i64, AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let loaded = Loaded::read(state, &access).await?;
    let next = loaded
        .model
        .set_pinned(session, pinned)
        .map_err(place_error)?;
    let action = if pinned { "pin" } else { "unpin" };
    store_change(state, &access, Some(version), action, &loaded.model, &next).await
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn undo(state: &AppState, slug: &str, version: i64) -> Result<i64, AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let camp = access.camp.id;
    let version = match state.store.undo_grid(camp, version, access.person.id).await {
        Err(StoreError::NotFound) => Err(AppError::Conflict(Msg::ErrNothingToUndo)),
        other => other.map_err(store_conflict),
    }?;
    changed(state, camp, version);
    Ok(version)
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn propose(
    state: &AppState,
    slug: &str,
    replace_unpinned: bool,
) -> Result<ProposalView, AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let loaded = Loaded::read(state, &access).await?;
    let proposal = suggest(&loaded.model, ProposalOptions { replace_unpinned });
    let next = proposal.apply(&loaded.model);
    let moves = changes(&loaded.model, &next)
        .into_iter()
        .map(|c| {
            let first = next.placement(c.session).map(|p| Cell {
                room: p.room,
                slot: p.slot,
            });
            (c.session, first)
        })
        .collect();
    Ok(ProposalView {
        version: loaded.grid.version,
        replace_unpinned,
        before: proposal.score_before,
        after: proposal.score_after,
        moves,
    })
}

/// Applies the proposal for `version`: computed anew, it is the one the moderator saw.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn apply_proposal(
    state: &AppState,
    slug: &str,
    version: i64,
    replace_unpinned: bool,
) -> Result<i64, AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let loaded = Loaded::read(state, &access).await?;
    if loaded.grid.version != version {
        return Err(AppError::Conflict(Msg::ErrGridStale));
    }
    let proposal = suggest(&loaded.model, ProposalOptions { replace_unpinned });
    let next = proposal.apply(&loaded.model);
    store_change(
        state,
        &access,
        Some(version),
        "proposal",
        &loaded.model,
        &next,
    )
    .await
}

/// Publishes the draft, unless a host would be in two places at once, and tells everybody
/// which sessions moved.
#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn publish(state: &AppState, slug: &str, version: i64) -> Result<i64, AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let loaded = Loaded::read(state, &access).await?;
    let blocking = loaded
        .model
        .conflicts(loaded.grid.overlap_threshold as f32)
        .iter()
        .any(|c| c.blocking);
    if blocking {
        return Err(AppError::Conflict(Msg::ErrPublishBlocked));
    }
    let camp = access.camp.id;
    let (previous, published) = state
        .store
        .publish_grid(camp, version, access.person.id)
        .await
        .map_err(store_conflict)?;
    let moved = moved_sessions(&loaded, &previous);
    state.push.publish(
        camp,
        EventKind::GridPublished {
            version: published,
            moved,
        },
    );
    Ok(published)
}

/// Sessions whose published cell changed (or that left the published grid).
fn moved_sessions(loaded: &Loaded, previous: &[PlacementRow]) -> Vec<MovedSession> {
    let before = first_cells(previous, &loaded.slots);
    let tz_time = |slot: Uuid| {
        loaded
            .slots
            .iter()
            .find(|s| s.id == slot)
            .map(|s| s.starts_at)
    };
    let room_name = |room: Uuid| {
        loaded
            .rooms
            .iter()
            .find(|r| r.id == room)
            .map(|r| r.name.clone())
    };
    let mut moved = Vec::new();
    for s in &loaded.sessions {
        let old = before.iter().find(|p| p.session == s.id);
        let new = loaded.model.placement(s.id);
        let same = |a: &crate::domain::grid::Placement, b: &crate::domain::grid::Placement| {
            a.room == b.room && a.slot == b.slot
        };
        match (old, new) {
            (Some(a), Some(b)) if same(a, b) => {}
            (None, None) => {}
            (_, new) => moved.push(MovedSession {
                session: s.id,
                title: s.title.clone(),
                room: new.and_then(|p| room_name(p.room)),
                starts_at: new.and_then(|p| tz_time(p.slot)),
            }),
        }
    }
    moved
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn update_settings(
    state: &AppState,
    slug: &str,
    locked: bool,
    overlap_percent: &str,
) -> Result<(), AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let percent: u8 = overlap_percent
        .trim()
        .parse()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| AppError::field("overlap_percent", Msg::ErrOverlapPercent))?;
    let camp = access.camp.id;
    let person = access.person.id;
    state.store.set_grid_locked(camp, locked, person).await?;
    state
        .store
        .set_overlap_threshold(camp, f64::from(percent) / 100.0, person)
        .await?;
    let version = state.store.grid_state(camp).await?.version;
    changed(state, camp, version);
    Ok(())
}

#[tracing::instrument(skip_all, fields(camp = %slug))]
pub async fn set_available(
    state: &AppState,
    slug: &str,
    cell: Cell,
    available: bool,
) -> Result<(), AppError> {
    let access = moderator(state, &Caller::current(), slug).await?;
    let camp = access.camp.id;
    state
        .store
        .set_room_available(camp, cell.room, cell.slot, available, access.person.id)
        .await?;
    let version = state.store.grid_state(camp).await?.version;
    changed(state, camp, version);
    Ok(())
}

/// Where each session runs in the published grid (for the board and the session page).
pub async fn published_places(
    state: &AppState,
    camp: &super::store::CampRow,
) -> Result<HashMap<Uuid, PlacedAt>, AppError> {
    let rows = state.store.published_placements(camp.id).await?;
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let slots = state.store.slots(camp.id).await?;
    let rooms = state.store.rooms(camp.id).await?;
    Ok(first_cells(&rows, &slots)
        .into_iter()
        .filter_map(|p| {
            let slot = slots.iter().find(|s| s.id == p.slot)?;
            let room = rooms.iter().find(|r| r.id == p.room)?;
            let place = PlacedAt {
                room: room.name.clone(),
                day: slot.day,
                starts: local_time(slot.starts_at, &camp.time_zone),
            };
            Some((p.session, place))
        })
        .collect())
}
