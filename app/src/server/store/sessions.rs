//! Session proposals, their hosts and tags, and interest votes.
use uuid::Uuid;

use super::{in_tx, now, with_pool, Audit, Store, StoreError, StoreResult};

use crate::domain::{check_vote, VoteContext};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionFlag {
    Withdrawn,
    Hidden,
}

pub struct NewSession<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub format: &'a str,
    pub tags: &'a [String],
    pub hosts: &'a [Uuid],
    pub length_slots: i64,
}

/// A person's marks that count against the budget: those on sessions still on the board.
const MARKS_USED: &str = "SELECT COUNT(*) FROM votes v JOIN sessions s ON s.id = v.session_id
     WHERE v.camp_id = $1 AND v.person_id = $2 AND s.withdrawn = FALSE AND s.hidden = FALSE";

/// Everything `check_vote` needs about a camp, a session and a person, in one row.
const VOTE_STATE: &str = "SELECT c.voting_open, c.vote_budget, c.blind_voting, s.withdrawn, s.hidden,
        EXISTS (SELECT 1 FROM session_hosts h WHERE h.session_id = s.id AND h.person_id = $3) AS is_host,
        EXISTS (SELECT 1 FROM votes v WHERE v.session_id = s.id AND v.person_id = $3) AS already_marked,
        (SELECT COUNT(*) FROM votes v WHERE v.session_id = s.id) AS count,
        (SELECT COUNT(*) FROM votes v JOIN sessions o ON o.id = v.session_id
          WHERE v.camp_id = $2 AND v.person_id = $3 AND o.withdrawn = FALSE AND o.hidden = FALSE)
          AS marks_used
     FROM sessions s JOIN camps c ON c.id = s.camp_id WHERE s.id = $1 AND s.camp_id = $2";

#[derive(sqlx::FromRow)]
struct VoteState {
    voting_open: bool,
    vote_budget: Option<i64>,
    blind_voting: bool,
    withdrawn: bool,
    hidden: bool,
    is_host: bool,
    already_marked: bool,
    count: i64,
    marks_used: i64,
}

/// A session's interest count after a vote, and whether the camp's rules let people see it.
/// `version` numbers the session's votes in the order they committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub count: i64,
    pub shown: bool,
    pub version: i64,
}

/// A camp's voting rules.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct VotingRules {
    pub voting_open: bool,
    pub vote_budget: Option<i64>,
    pub blind_voting: bool,
    pub long_sessions: bool,
}

steps! {
    /// The parts of a session stored beside its row, inside the caller's transaction.
    trait SessionSteps {
        /// Adds a session's hosts (whose own marks on it lapse: hosts do not vote for their
        /// session) and its tags.
        async fn link_hosts_and_tags(&mut self, id: Uuid, s: &NewSession<'_>) -> StoreResult<()> {
            for host in s.hosts {
                sqlx::query(
                    "INSERT INTO session_hosts (session_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(host)
                .execute(&mut *self)
                .await?;
                sqlx::query("DELETE FROM votes WHERE session_id = $1 AND person_id = $2")
                    .bind(id)
                    .bind(host)
                    .execute(&mut *self)
                    .await?;
            }
            for tag in s.tags {
                sqlx::query("INSERT INTO session_tags (session_id, tag) VALUES ($1, $2)")
                    .bind(id)
                    .bind(tag)
                    .execute(&mut *self)
                    .await?;
            }
            Ok(())
        }
    }
}

impl Store {
    /// Stores a pitched session with its hosts and tags; the first host is its creator.
    pub async fn create_session(&self, camp: Uuid, s: &NewSession<'_>) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        let creator = *s.hosts.first().ok_or(StoreError::NotFound)?;
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO sessions (id, camp_id, title, description, format, length_slots, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            )
            .bind(id)
            .bind(camp)
            .bind(s.title)
            .bind(s.description)
            .bind(s.format)
            .bind(s.length_slots)
            .bind(creator)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            tx.link_hosts_and_tags(id, s).await?;
            Ok::<_, StoreError>(id)
        })
    }

    /// Replaces a session's text, format, length, tags and co-hosts, if it is still at
    /// `version` (else `Stale`) and not withdrawn. The creator stays a host; marks of new hosts
    /// on their own session lapse.
    pub async fn update_session(
        &self,
        camp: Uuid,
        id: Uuid,
        version: i64,
        s: &NewSession<'_>,
        actor: Uuid,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE sessions SET title = $1, description = $2, format = $3, length_slots = $4,
                        updated_at = $5, version = version + 1
                 WHERE id = $6 AND camp_id = $7 AND version = $8 AND withdrawn = FALSE",
            )
            .bind(s.title)
            .bind(s.description)
            .bind(s.format)
            .bind(s.length_slots)
            .bind(now())
            .bind(id)
            .bind(camp)
            .bind(version)
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                let exists: bool = sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = $1 AND camp_id = $2 AND withdrawn = FALSE)",
                )
                .bind(id)
                .bind(camp)
                .fetch_one(&mut *tx)
                .await?;
                return Err(if exists {
                    StoreError::Stale
                } else {
                    StoreError::NotFound
                });
            }
            sqlx::query("DELETE FROM session_hosts WHERE session_id = $1 AND person_id <> (SELECT created_by FROM sessions WHERE id = $1)")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM session_tags WHERE session_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.link_hosts_and_tags(id, s).await?;
            tx.audit(camp, actor, "session.update", &id.to_string())
                .await?;
            Ok::<_, StoreError>(())
        })
    }

    /// Sets a session's `withdrawn` (hosts) or `hidden` (moderators) flag. A withdrawn
    /// session cannot come back; its marks stop counting against anyone's budget. A hidden
    /// session's marks stop counting too (its voters cannot see it to take them back), so
    /// when it is restored, the marks of those who have spent their budget meanwhile lapse:
    /// nobody ever holds more counted marks than the budget.
    pub async fn set_session_flag(
        &self,
        camp: Uuid,
        id: Uuid,
        flag: SessionFlag,
        value: bool,
        actor: Uuid,
    ) -> StoreResult<()> {
        let (sql, action) = match (flag, value) {
            (SessionFlag::Withdrawn, _) => (
                "UPDATE sessions SET withdrawn = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND camp_id = $4 AND withdrawn = FALSE",
                "session.withdraw",
            ),
            (SessionFlag::Hidden, hidden) => (
                "UPDATE sessions SET hidden = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND camp_id = $4 AND withdrawn = FALSE",
                if hidden { "session.hide" } else { "session.restore" },
            ),
        };
        let restore = flag == SessionFlag::Hidden && !value;
        // On PostgreSQL a restore takes its voters' membership rows first, in the order
        // `set_vote` does (person, then session), so that a concurrent mark of a voter is
        // either seen by the budget rule below or waits for it.
        let lock_voters = restore && matches!(self, Store::Postgres(_));
        in_tx!(self, |tx| {
            if lock_voters {
                sqlx::query(
                    "SELECT 1 FROM memberships WHERE camp_id = $1 AND person_id IN
                       (SELECT person_id FROM votes WHERE session_id = $2)
                     ORDER BY person_id FOR UPDATE",
                )
                .bind(camp)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            let updated = sqlx::query(sql)
                .bind(value)
                .bind(now())
                .bind(id)
                .bind(camp)
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            if value {
                // A session that leaves the board leaves the draft grid too, freeing its
                // cells; the grid's version moves on so that open editors reload.
                let placed = sqlx::query("DELETE FROM placements WHERE session_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if placed.rows_affected() > 0 {
                    sqlx::query("UPDATE grids SET version = version + 1 WHERE camp_id = $1")
                        .bind(camp)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if restore {
                // A mark on the restored session lapses where its voter's marks on the
                // other sessions already reach the budget; no budget (NULL) drops nothing.
                sqlx::query(
                    "DELETE FROM votes WHERE session_id = $1 AND person_id IN (
                         SELECT v.person_id FROM votes v JOIN sessions s ON s.id = v.session_id
                          WHERE v.camp_id = $2 AND v.session_id <> $1
                            AND s.withdrawn = FALSE AND s.hidden = FALSE
                          GROUP BY v.person_id
                         HAVING COUNT(*) >= (SELECT vote_budget FROM camps WHERE id = $2))",
                )
                .bind(id)
                .bind(camp)
                .execute(&mut *tx)
                .await?;
            }
            tx.audit(camp, actor, action, &id.to_string()).await?;
            Ok::<_, StoreError>(())
        })
    }

    /// Adds (`mark`) or takes back a person's interest mark and returns the session's count.
    /// The rules of `check_vote` are applied inside the transaction, so that concurrent
    /// requests of one person cannot exceed the camp's vote budget. Everything the rules need
    /// comes from one query: on SQLite the transaction holds the one writer connection, so
    /// every statement in it is time that all other writers wait.
    pub async fn set_vote(
        &self,
        camp: Uuid,
        session: Uuid,
        person: Uuid,
        mark: bool,
    ) -> StoreResult<Tally> {
        // SQLite's BEGIN IMMEDIATE already serialises all writers. PostgreSQL serialises one
        // person's marks on their membership row (for the budget), and then all votes on one
        // session on its row (the version update), always in this order.
        // The membership is read again inside the transaction: a removal that commits
        // between the access check and this vote must not let the mark count.
        let member = if matches!(self, Store::Postgres(_)) {
            "SELECT 1 FROM memberships WHERE camp_id = $1 AND person_id = $2
             AND removed_at IS NULL FOR UPDATE"
        } else {
            "SELECT 1 FROM memberships WHERE camp_id = $1 AND person_id = $2
             AND removed_at IS NULL"
        };
        in_tx!(self, |tx| {
            sqlx::query(member)
                .bind(camp)
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            let version: i64 = sqlx::query_scalar(
                "UPDATE sessions SET vote_version = vote_version + 1
                 WHERE id = $1 AND camp_id = $2 RETURNING vote_version",
            )
            .bind(session)
            .bind(camp)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            // Read after the session's row is ours, so the count is exact on both backends.
            let state: VoteState = sqlx::query_as(VOTE_STATE)
                .bind(session)
                .bind(camp)
                .bind(person)
                .fetch_one(&mut *tx)
                .await?;
            let ctx = VoteContext {
                voting_open: state.voting_open,
                session_available: !state.withdrawn && !state.hidden,
                is_host: state.is_host,
                already_marked: state.already_marked,
                marks_used: state.marks_used,
                budget: state.vote_budget,
            };
            check_vote(&ctx, mark).map_err(StoreError::Vote)?;
            if mark {
                sqlx::query(
                    "INSERT INTO votes (session_id, person_id, camp_id, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(session)
                .bind(person)
                .bind(camp)
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(super::classify)?;
            } else {
                sqlx::query("DELETE FROM votes WHERE session_id = $1 AND person_id = $2")
                    .bind(session)
                    .bind(person)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<_, StoreError>(Tally {
                // The rules above guarantee the insert added and the delete removed one mark.
                count: state.count + if mark { 1 } else { -1 },
                shown: !state.blind_voting || !state.voting_open,
                version,
            })
        })
    }

    pub async fn voting_rules(&self, camp: Uuid) -> StoreResult<VotingRules> {
        let sql =
            "SELECT voting_open, vote_budget, blind_voting, long_sessions FROM camps WHERE id = $1";
        with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_optional(pool)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Sets the camp's voting rules (moderators).
    pub async fn set_voting_rules(
        &self,
        camp: Uuid,
        open: bool,
        blind: bool,
        budget: Option<i64>,
        actor: Uuid,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query(
                "UPDATE camps SET voting_open = $1, blind_voting = $2, vote_budget = $3 WHERE id = $4",
            )
            .bind(open)
            .bind(blind)
            .bind(budget)
            .bind(camp)
            .execute(&mut *tx)
            .await?;
            let detail = format!("open={open} blind={blind} budget={budget:?}");
            tx.audit(camp, actor, "voting.update", &detail).await?;
            Ok::<_, StoreError>(())
        })
    }

    pub async fn marks_used(&self, camp: Uuid, person: Uuid) -> StoreResult<i64> {
        Ok(with_pool!(self, |pool| sqlx::query_scalar(MARKS_USED)
            .bind(camp)
            .bind(person)
            .fetch_one(pool)
            .await)?)
    }

    pub async fn vote_count(&self, session: Uuid) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM votes WHERE session_id = $1";
        Ok(with_pool!(self, |pool| sqlx::query_scalar(sql)
            .bind(session)
            .fetch_one(pool)
            .await)?)
    }
}

/// One session on the board, as the viewer sees it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BoardRow {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub format: String,
    pub length_slots: i64,
    pub hidden: bool,
    pub version: i64,
    pub created_by: Uuid,
    pub votes: i64,
    pub marked: bool,
    pub hosted: bool,
}

const BOARD_COLUMNS: &str = "SELECT s.id, s.title, s.description, s.format, s.length_slots, s.hidden,
        s.version, s.created_by,
        (SELECT COUNT(*) FROM votes v WHERE v.session_id = s.id) AS votes,
        EXISTS (SELECT 1 FROM votes v WHERE v.session_id = s.id AND v.person_id = $2) AS marked,
        EXISTS (SELECT 1 FROM session_hosts h WHERE h.session_id = s.id AND h.person_id = $2) AS hosted
    FROM sessions s";

impl Store {
    /// The sessions of a camp that are not withdrawn, newest first, with their interest
    /// counts and whether `viewer` marked or hosts each of them. Hidden ones only for
    /// moderators (`with_hidden`).
    pub async fn board(
        &self,
        camp: Uuid,
        viewer: Uuid,
        with_hidden: bool,
    ) -> StoreResult<Vec<BoardRow>> {
        let sql = format!(
            "{BOARD_COLUMNS} WHERE s.camp_id = $1 AND s.withdrawn = FALSE AND (s.hidden = FALSE OR $3)
             ORDER BY s.created_at DESC, s.id"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(camp)
            .bind(viewer)
            .bind(with_hidden)
            .fetch_all(pool)
            .await)?)
    }

    /// One session that is not withdrawn, as `viewer` sees it.
    pub async fn board_session(&self, camp: Uuid, viewer: Uuid, id: Uuid) -> StoreResult<BoardRow> {
        let sql =
            format!("{BOARD_COLUMNS} WHERE s.camp_id = $1 AND s.id = $3 AND s.withdrawn = FALSE");
        with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(camp)
            .bind(viewer)
            .bind(id)
            .fetch_optional(pool)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// (session, host id, host display name) of a camp's sessions, by name.
    pub async fn session_host_people(&self, camp: Uuid) -> StoreResult<Vec<(Uuid, Uuid, String)>> {
        let sql = "SELECT h.session_id, p.id, p.display_name FROM session_hosts h
                   JOIN sessions s ON s.id = h.session_id JOIN people p ON p.id = h.person_id
                   WHERE s.camp_id = $1 ORDER BY p.display_name";
        Ok(with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }

    /// (session, tag) pairs of a camp's sessions.
    pub async fn session_tags(&self, camp: Uuid) -> StoreResult<Vec<(Uuid, String)>> {
        let sql = "SELECT t.session_id, t.tag FROM session_tags t
                   JOIN sessions s ON s.id = t.session_id
                   WHERE s.camp_id = $1 ORDER BY t.tag";
        Ok(with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }
}
