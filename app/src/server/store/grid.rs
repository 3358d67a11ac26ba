//! The grid: placements of sessions into cells (room x slot), its version, history and undo,
//! the published snapshot, room availability and the settings moderators keep on it.
//!
//! Every change of the placements goes through [`Store::change_grid`] (or [`Store::undo_grid`]),
//! which bumps the camp's grid version in the same transaction. The version `UPDATE` is the
//! first write of that transaction: on PostgreSQL its row lock serialises all changes of one
//! camp's grid, so every later statement sees the committed result of the previous change; on
//! SQLite the one writer does the same. A caller that passes an expected version gets
//! `Stale` when somebody else changed the grid since; without one (hosts' self-service picks)
//! the unique key on (room, slot) alone decides who gets a cell.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{classify, in_tx, now, with_pool, Audit, Store, StoreError, StoreResult};

/// One cell taken by a session; a two-slot session has two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PlacementRow {
    pub session: Uuid,
    pub room: Uuid,
    pub slot: Uuid,
    pub pinned: bool,
}

/// A camp's grid: its version, what is published, and its settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct GridStateRow {
    pub version: i64,
    pub published_version: Option<i64>,
    pub locked: bool,
    pub overlap_threshold: f64,
    pub published_at: Option<DateTime<Utc>>,
}

impl Default for GridStateRow {
    /// A grid nobody touched yet (no `grids` row).
    fn default() -> Self {
        GridStateRow {
            version: 0,
            published_version: None,
            locked: false,
            overlap_threshold: 0.5,
            published_at: None,
        }
    }
}

/// The whole placement of one session: its cells as (room, slot), in slot order when read
/// from the store; no cells = unplaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCells {
    pub session: Uuid,
    pub cells: Vec<(Uuid, Uuid)>,
    pub pinned: bool,
}

/// One entry of the grid's history. `before`/`after` hold the affected sessions' placements
/// (for "publish": the published sets before and after).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridChangeRow {
    pub id: i64,
    /// The grid version this change produced (for "publish": the version published).
    pub version: i64,
    pub actor_name: Option<String>,
    pub action: String,
    pub before: Vec<SessionCells>,
    pub after: Vec<SessionCells>,
    pub undone: bool,
    pub at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ChangeRecord {
    id: i64,
    version: i64,
    actor_name: Option<String>,
    action: String,
    before: String,
    after: String,
    undone: bool,
    at: DateTime<Utc>,
}

/// The actions `undo_grid` never undoes.
const NOT_UNDOABLE: [&str; 2] = ["undo", "publish"];

const PLACEMENT_COLUMNS: &str =
    "p.session_id AS session, p.room_id AS room, p.slot_id AS slot, p.pinned";

/// Cells in a stable order: by slot time, then room.
const PLACEMENT_ORDER: &str = "ORDER BY sl.starts_at, sl.id, r.position, r.id";

/// `$from, $from+1, ...`: `n` numbered parameters for an `IN (...)` list.
fn params(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn to_json(cells: &[SessionCells]) -> StoreResult<String> {
    serde_json::to_string(cells).map_err(|e| StoreError::Db(sqlx::Error::Encode(Box::new(e))))
}

fn from_json(text: &str) -> StoreResult<Vec<SessionCells>> {
    serde_json::from_str(text).map_err(|e| StoreError::Db(sqlx::Error::Decode(Box::new(e))))
}

/// Groups cells by session, in order of each session's first cell.
fn by_session(rows: &[PlacementRow]) -> Vec<SessionCells> {
    let mut out: Vec<SessionCells> = Vec::new();
    for row in rows {
        match out.iter_mut().find(|s| s.session == row.session) {
            Some(s) => {
                s.cells.push((row.room, row.slot));
                s.pinned |= row.pinned;
            }
            None => out.push(SessionCells {
                session: row.session,
                cells: vec![(row.room, row.slot)],
                pinned: row.pinned,
            }),
        }
    }
    out
}

fn sorted_unique(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

steps! {
    /// The steps every change of the grid is made of, inside the caller's transaction.
    trait GridSteps {
        /// Creates the camp's `grids` row if it is missing, then bumps its version: to the
        /// caller's `expected` one plus one, or unconditionally for `None`. Returns the new
        /// version; `Stale` or `NotFound` (no such camp) otherwise.
        async fn bump_version(&mut self, camp: Uuid, expected: Option<i64>) -> StoreResult<i64> {
            sqlx::query(
                "INSERT INTO grids (camp_id) SELECT id FROM camps WHERE id = $1 ON CONFLICT DO NOTHING",
            )
            .bind(camp)
            .execute(&mut *self)
            .await?;
            let bumped: Option<i64> = match expected {
                Some(v) => {
                    sqlx::query_scalar(
                        "UPDATE grids SET version = version + 1 WHERE camp_id = $1 AND version = $2
                         RETURNING version",
                    )
                    .bind(camp)
                    .bind(v)
                    .fetch_optional(&mut *self)
                    .await?
                }
                None => {
                    sqlx::query_scalar(
                        "UPDATE grids SET version = version + 1 WHERE camp_id = $1 RETURNING version",
                    )
                    .bind(camp)
                    .fetch_optional(&mut *self)
                    .await?
                }
            };
            match bumped {
                Some(version) => Ok(version),
                None => Err(self.stale_or_missing(camp).await?),
            }
        }

        /// `Stale` if the camp has a grid (its version differed), else `NotFound`.
        async fn stale_or_missing(&mut self, camp: Uuid) -> StoreResult<StoreError> {
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM grids WHERE camp_id = $1)")
                    .bind(camp)
                    .fetch_one(&mut *self)
                    .await?;
            Ok(if exists { StoreError::Stale } else { StoreError::NotFound })
        }

        /// Replaces the placements of the sessions in `changes` (all affected ones are deleted
        /// first, then the new cells inserted, so that swaps work) and returns their cells
        /// before. `NotFound` if a session, room or slot is not the camp's, `Duplicate` if a
        /// cell is taken or a session is listed twice.
        async fn replace_cells(
            &mut self,
            camp: Uuid,
            changes: &[SessionCells],
        ) -> StoreResult<Vec<SessionCells>> {
            let sessions = sorted_unique(changes.iter().map(|c| c.session).collect());
            if sessions.len() != changes.len() {
                return Err(StoreError::Duplicate);
            }
            let cells = || changes.iter().flat_map(|c| c.cells.iter());
            let rooms = sorted_unique(cells().map(|&(room, _)| room).collect());
            let slots = sorted_unique(cells().map(|&(_, slot)| slot).collect());
            for (table, ids) in [("sessions", &sessions), ("rooms", &rooms), ("slots", &slots)] {
                if ids.is_empty() {
                    continue;
                }
                let sql = format!(
                    "SELECT COUNT(*) FROM {table} WHERE camp_id = $1 AND id IN ({})",
                    params(2, ids.len())
                );
                let mut query = sqlx::query_scalar(&sql).bind(camp);
                for id in ids.iter() {
                    query = query.bind(*id);
                }
                let found: i64 = query.fetch_one(&mut *self).await?;
                if found != ids.len() as i64 {
                    return Err(StoreError::NotFound);
                }
            }
            let before = self.take_cells(&sessions, changes).await?;
            self.insert_cells(camp, changes).await?;
            Ok(before)
        }

        /// Deletes the placements of `sessions` and returns them, in the order of `changes`.
        async fn take_cells(
            &mut self,
            sessions: &[Uuid],
            changes: &[SessionCells],
        ) -> StoreResult<Vec<SessionCells>> {
            if sessions.is_empty() {
                return Ok(Vec::new());
            }
            let list = params(1, sessions.len());
            let sql = format!(
                "SELECT {PLACEMENT_COLUMNS} FROM placements p
                 JOIN slots sl ON sl.id = p.slot_id JOIN rooms r ON r.id = p.room_id
                 WHERE p.session_id IN ({list}) {PLACEMENT_ORDER}"
            );
            let mut query = sqlx::query_as::<_, PlacementRow>(&sql);
            for id in sessions {
                query = query.bind(*id);
            }
            let rows = by_session(&query.fetch_all(&mut *self).await?);
            let before = changes
                .iter()
                .map(|change| {
                    rows.iter()
                        .find(|s| s.session == change.session)
                        .cloned()
                        .unwrap_or(SessionCells {
                            session: change.session,
                            cells: Vec::new(),
                            pinned: false,
                        })
                })
                .collect();
            let sql = format!("DELETE FROM placements WHERE session_id IN ({list})");
            let mut query = sqlx::query(&sql);
            for id in sessions {
                query = query.bind(*id);
            }
            query.execute(&mut *self).await?;
            Ok(before)
        }

        /// Inserts the cells of `changes` in one statement; `Duplicate` if one is taken.
        async fn insert_cells(&mut self, camp: Uuid, changes: &[SessionCells]) -> StoreResult<()> {
            let new_cells: Vec<(Uuid, Uuid, Uuid, bool)> = changes
                .iter()
                .flat_map(|c| {
                    c.cells
                        .iter()
                        .map(move |&(room, slot)| (c.session, room, slot, c.pinned))
                })
                .collect();
            if new_cells.is_empty() {
                return Ok(());
            }
            let rows = (0..new_cells.len())
                .map(|i| {
                    let k = 2 + 4 * i;
                    format!("($1, ${}, ${}, ${}, ${})", k, k + 1, k + 2, k + 3)
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO placements (camp_id, session_id, room_id, slot_id, pinned) VALUES {rows}"
            );
            let mut query = sqlx::query(&sql).bind(camp);
            for &(session, room, slot, pinned) in &new_cells {
                query = query.bind(session).bind(room).bind(slot).bind(pinned);
            }
            query.execute(&mut *self).await.map_err(classify)?;
            Ok(())
        }

        /// Adds one entry to the grid's history.
        async fn record_change(
            &mut self,
            camp: Uuid,
            version: i64,
            actor: Uuid,
            action: &str,
            before: &[SessionCells],
            after: &[SessionCells],
        ) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO grid_changes (camp_id, version, actor_id, action, before, after, undone, at)
                 VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7)",
            )
            .bind(camp)
            .bind(version)
            .bind(actor)
            .bind(action)
            .bind(to_json(before)?)
            .bind(to_json(after)?)
            .bind(now())
            .execute(&mut *self)
            .await?;
            Ok(())
        }

        /// The current placements of a camp in `table` (the draft or the published one), in
        /// `PLACEMENT_ORDER`.
        async fn read_placements(
            &mut self,
            table: Placements,
            camp: Uuid,
        ) -> StoreResult<Vec<PlacementRow>> {
            let sql = format!(
                "SELECT {PLACEMENT_COLUMNS} FROM {} p
                 JOIN slots sl ON sl.id = p.slot_id JOIN rooms r ON r.id = p.room_id
                 WHERE p.camp_id = $1 {PLACEMENT_ORDER}",
                table.table()
            );
            Ok(sqlx::query_as::<_, PlacementRow>(&sql)
                .bind(camp)
                .fetch_all(&mut *self)
                .await?)
        }
    }
}

/// Which placements [`GridSteps::read_placements`] reads.
#[derive(Clone, Copy)]
enum Placements {
    Draft,
    Published,
}

impl Placements {
    fn table(self) -> &'static str {
        match self {
            Placements::Draft => "placements",
            Placements::Published => "published_placements",
        }
    }
}

impl Store {
    /// The camp's grid version, publication and settings; defaults if nobody touched it yet.
    pub async fn grid_state(&self, camp: Uuid) -> StoreResult<GridStateRow> {
        let sql = "SELECT version, published_version, locked, overlap_threshold, published_at
                   FROM grids WHERE camp_id = $1";
        let row: Option<GridStateRow> = with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_optional(pool)
            .await)?;
        Ok(row.unwrap_or_default())
    }

    /// The draft: every cell taken, by slot time, then room.
    pub async fn placements(&self, camp: Uuid) -> StoreResult<Vec<PlacementRow>> {
        with_pool!(self, |pool| pool
            .acquire()
            .await?
            .read_placements(Placements::Draft, camp)
            .await)
    }

    /// What attendees see: the placements as last published, in the same order.
    pub async fn published_placements(&self, camp: Uuid) -> StoreResult<Vec<PlacementRow>> {
        with_pool!(self, |pool| pool
            .acquire()
            .await?
            .read_placements(Placements::Published, camp)
            .await)
    }

    /// Gives each session in `changes` its new cells (none: unplaced) in one transaction and
    /// returns the new grid version. `expected_version` must be the current one (else
    /// `Stale`); `None` skips that check, for hosts' self-service picks. A taken cell gives
    /// `Duplicate`, a session, room or slot of another camp `NotFound`; either way nothing
    /// changes. Swaps work: all affected sessions are cleared before any cell is filled.
    /// The change is recorded in the history (for undo) and the audit log.
    pub async fn change_grid(
        &self,
        camp: Uuid,
        expected_version: Option<i64>,
        action: &str,
        changes: &[SessionCells],
        actor: Uuid,
    ) -> StoreResult<i64> {
        in_tx!(self, |tx| async {
            let version = tx.bump_version(camp, expected_version).await?;
            let before = tx.replace_cells(camp, changes).await?;
            tx.record_change(camp, version, actor, action, &before, changes)
                .await?;
            let sessions: Vec<String> = changes.iter().map(|c| c.session.to_string()).collect();
            let detail = format!("v{version} {}", sessions.join(" "));
            tx.audit(camp, actor, &format!("grid.{action}"), &detail)
                .await?;
            Ok::<_, StoreError>(version)
        }
        .await)
    }

    /// Takes back the newest change that is not undone yet (never an undo or a publish):
    /// its sessions get their cells from before it again. Returns the new version; `Stale`
    /// as for `change_grid`, `NotFound` when there is nothing left to undo, `Duplicate` if a
    /// cell it needs was taken since in some other way.
    pub async fn undo_grid(
        &self,
        camp: Uuid,
        expected_version: i64,
        actor: Uuid,
    ) -> StoreResult<i64> {
        let skip = params(2, NOT_UNDOABLE.len());
        let newest = format!(
            "SELECT id, version, before FROM grid_changes
             WHERE camp_id = $1 AND undone = FALSE AND action NOT IN ({skip})
             ORDER BY id DESC LIMIT 1"
        );
        in_tx!(self, |tx| async {
            let version = tx.bump_version(camp, Some(expected_version)).await?;
            let mut query = sqlx::query_as::<_, (i64, i64, String)>(&newest).bind(camp);
            for action in NOT_UNDOABLE {
                query = query.bind(action);
            }
            let (id, undone_version, restore) = query
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            let restore = from_json(&restore)?;
            let before = tx.replace_cells(camp, &restore).await?;
            sqlx::query("UPDATE grid_changes SET undone = TRUE WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.record_change(camp, version, actor, "undo", &before, &restore)
                .await?;
            let detail = format!("v{version} undoes v{undone_version}");
            tx.audit(camp, actor, "grid.undo", &detail).await?;
            Ok::<_, StoreError>(version)
        }
        .await)
    }

    /// The grid's history, newest first, at most `limit` entries (a negative limit: none).
    pub async fn grid_history(&self, camp: Uuid, limit: i64) -> StoreResult<Vec<GridChangeRow>> {
        let sql = "SELECT g.id, g.version, p.display_name AS actor_name, g.action, g.before,
                          g.after, g.undone, g.at
                   FROM grid_changes g LEFT JOIN people p ON p.id = g.actor_id
                   WHERE g.camp_id = $1 ORDER BY g.id DESC LIMIT $2";
        let records: Vec<ChangeRecord> = with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .bind(limit.max(0))
            .fetch_all(pool)
            .await)?;
        records
            .into_iter()
            .map(|r| {
                Ok(GridChangeRow {
                    id: r.id,
                    version: r.version,
                    actor_name: r.actor_name,
                    action: r.action,
                    before: from_json(&r.before)?,
                    after: from_json(&r.after)?,
                    undone: r.undone,
                    at: r.at,
                })
            })
            .collect()
    }

    /// Makes the draft at `expected_version` what attendees see (else `Stale`). Returns the
    /// placements published before (to tell people what changed) and the version published.
    /// The grid version itself does not change.
    pub async fn publish_grid(
        &self,
        camp: Uuid,
        expected_version: i64,
        actor: Uuid,
    ) -> StoreResult<(Vec<PlacementRow>, i64)> {
        in_tx!(self, |tx| {
            async {
            sqlx::query(
                "INSERT INTO grids (camp_id) SELECT id FROM camps WHERE id = $1 ON CONFLICT DO NOTHING",
            )
            .bind(camp)
            .execute(&mut *tx)
            .await?;
            let updated = sqlx::query(
                "UPDATE grids SET published_version = version, published_at = $3
                 WHERE camp_id = $1 AND version = $2",
            )
            .bind(camp)
            .bind(expected_version)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                return Err(tx.stale_or_missing(camp).await?);
            }
            let previous = tx.read_placements(Placements::Published, camp).await?;
            sqlx::query("DELETE FROM published_placements WHERE camp_id = $1")
                .bind(camp)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO published_placements (camp_id, session_id, room_id, slot_id, pinned)
                 SELECT camp_id, session_id, room_id, slot_id, pinned FROM placements
                 WHERE camp_id = $1",
            )
            .bind(camp)
            .execute(&mut *tx)
            .await?;
            let current = tx.read_placements(Placements::Draft, camp).await?;
            let (before, after) = (by_session(&previous), by_session(&current));
            tx.record_change(camp, expected_version, actor, "publish", &before, &after)
                .await?;
            tx.audit(camp, actor, "grid.publish", &format!("v{expected_version}")).await?;
            Ok::<_, StoreError>((previous, expected_version))
        }
        .await
        })
    }

    /// Locks the grid against hosts' self-service picks (moderators can always change it).
    pub async fn set_grid_locked(&self, camp: Uuid, locked: bool, actor: Uuid) -> StoreResult<()> {
        self.set_grid_setting(
            camp,
            "UPDATE grids SET locked = $2 WHERE camp_id = $1",
            GridSetting::Locked(locked),
            actor,
        )
        .await
    }

    /// The share of common interest (0 to 1) above which two sessions of one slot conflict.
    pub async fn set_overlap_threshold(
        &self,
        camp: Uuid,
        threshold: f64,
        actor: Uuid,
    ) -> StoreResult<()> {
        self.set_grid_setting(
            camp,
            "UPDATE grids SET overlap_threshold = $2 WHERE camp_id = $1",
            GridSetting::Threshold(threshold),
            actor,
        )
        .await
    }

    async fn set_grid_setting(
        &self,
        camp: Uuid,
        sql: &str,
        value: GridSetting,
        actor: Uuid,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            async {
            sqlx::query(
                "INSERT INTO grids (camp_id) SELECT id FROM camps WHERE id = $1 ON CONFLICT DO NOTHING",
            )
            .bind(camp)
            .execute(&mut *tx)
            .await?;
            let query = sqlx::query(sql).bind(camp);
            let (query, action, detail) = match value {
                GridSetting::Locked(locked) => (
                    query.bind(locked),
                    if locked { "grid.lock" } else { "grid.unlock" },
                    String::new(),
                ),
                GridSetting::Threshold(t) => (query.bind(t), "grid.threshold", t.to_string()),
            };
            if query.execute(&mut *tx).await?.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            tx.audit(camp, actor, action, &detail).await?;
            Ok::<_, StoreError>(())
        }
        .await
        })
    }

    /// Marks a cell as (un)available for sessions. `NotFound` unless room and slot are the
    /// camp's.
    pub async fn set_room_available(
        &self,
        camp: Uuid,
        room: Uuid,
        slot: Uuid,
        available: bool,
        actor: Uuid,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            async {
            let ours: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM rooms WHERE id = $2 AND camp_id = $1)
                    AND EXISTS (SELECT 1 FROM slots WHERE id = $3 AND camp_id = $1)",
            )
            .bind(camp)
            .bind(room)
            .bind(slot)
            .fetch_one(&mut *tx)
            .await?;
            if !ours {
                return Err(StoreError::NotFound);
            }
            let sql = if available {
                "DELETE FROM room_unavailable WHERE room_id = $1 AND slot_id = $2"
            } else {
                "INSERT INTO room_unavailable (room_id, slot_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
            };
            sqlx::query(sql)
                .bind(room)
                .bind(slot)
                .execute(&mut *tx)
                .await?;
            let action = if available {
                "grid.room.available"
            } else {
                "grid.room.unavailable"
            };
            tx.audit(camp, actor, action, &format!("{room} {slot}")).await?;
            Ok::<_, StoreError>(())
        }
        .await
        })
    }

    /// The cells (room, slot) of a camp where the room is not available.
    pub async fn room_unavailable(&self, camp: Uuid) -> StoreResult<Vec<(Uuid, Uuid)>> {
        let sql = "SELECT u.room_id, u.slot_id FROM room_unavailable u
                   JOIN rooms r ON r.id = u.room_id
                   WHERE r.camp_id = $1 ORDER BY u.room_id, u.slot_id";
        Ok(with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }

    /// (session, person) for every interest mark on the camp's sessions that are neither
    /// withdrawn nor hidden: the input of the audience-overlap rules. These person ids must
    /// never leave the server.
    pub async fn grid_interest(&self, camp: Uuid) -> StoreResult<Vec<(Uuid, Uuid)>> {
        let sql = "SELECT v.session_id, v.person_id FROM votes v
                   JOIN sessions s ON s.id = v.session_id
                   WHERE s.camp_id = $1 AND s.withdrawn = FALSE AND s.hidden = FALSE
                   ORDER BY v.session_id, v.person_id";
        Ok(with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }
}

enum GridSetting {
    Locked(bool),
    Threshold(f64),
}
