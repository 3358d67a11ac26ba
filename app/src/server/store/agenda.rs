//! What attendees keep for themselves: starred sessions ("my agenda") and the secret address
//! under which a calendar app subscribes to that agenda.
use uuid::Uuid;

use super::{in_tx, now, with_pool, Store, StoreError, StoreResult};

impl Store {
    /// The sessions `person` starred in `camp`, oldest star first.
    pub async fn stars(&self, camp: Uuid, person: Uuid) -> StoreResult<Vec<Uuid>> {
        let sql = "SELECT session_id FROM stars WHERE camp_id = $1 AND person_id = $2
                   ORDER BY created_at, session_id";
        let rows: Vec<(Uuid,)> = with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .bind(person)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Stars or unstars a session of `camp`. Idempotent: starring twice keeps one star.
    /// A session of another camp (or none) gives `NotFound`.
    pub async fn set_star(
        &self,
        camp: Uuid,
        person: Uuid,
        session: Uuid,
        starred: bool,
    ) -> StoreResult<()> {
        let insert = "INSERT INTO stars (camp_id, person_id, session_id, created_at)
                      SELECT s.camp_id, $2, s.id, $4 FROM sessions s
                      WHERE s.id = $3 AND s.camp_id = $1
                      ON CONFLICT (person_id, session_id) DO NOTHING";
        let exists = "SELECT COUNT(*) FROM sessions WHERE id = $1 AND camp_id = $2";
        let delete = "DELETE FROM stars WHERE camp_id = $1 AND person_id = $2 AND session_id = $3";
        in_tx!(self, |tx| async {
            let (found,): (i64,) = sqlx::query_as(exists)
                .bind(session)
                .bind(camp)
                .fetch_one(&mut *tx)
                .await?;
            if found == 0 {
                return Err(StoreError::NotFound);
            }
            let sql = if starred { insert } else { delete };
            let mut q = sqlx::query(sql).bind(camp).bind(person).bind(session);
            if starred {
                q = q.bind(now());
            }
            q.execute(&mut *tx).await?;
            Ok::<_, StoreError>(())
        }
        .await)
    }

    /// Gives `person` a new agenda subscription secret (stored as its hash), replacing and so
    /// revoking any earlier one.
    pub async fn set_agenda_feed(
        &self,
        camp: Uuid,
        person: Uuid,
        token_hash: &str,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO agenda_feeds (camp_id, person_id, token_hash, created_at)
                   VALUES ($1, $2, $3, $4)
                   ON CONFLICT (camp_id, person_id)
                   DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at";
        in_tx!(self, |tx| async {
            sqlx::query(sql)
                .bind(camp)
                .bind(person)
                .bind(token_hash)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        }
        .await)
    }

    /// Revokes the subscription: its address stops working.
    pub async fn delete_agenda_feed(&self, camp: Uuid, person: Uuid) -> StoreResult<()> {
        let sql = "DELETE FROM agenda_feeds WHERE camp_id = $1 AND person_id = $2";
        in_tx!(self, |tx| async {
            sqlx::query(sql)
                .bind(camp)
                .bind(person)
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        }
        .await)
    }

    pub async fn has_agenda_feed(&self, camp: Uuid, person: Uuid) -> StoreResult<bool> {
        let sql = "SELECT COUNT(*) FROM agenda_feeds WHERE camp_id = $1 AND person_id = $2";
        let (n,): (i64,) = with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .bind(person)
            .fetch_one(pool)
            .await)?;
        Ok(n > 0)
    }

    /// Whose agenda a subscription secret opens, if it is current and the person is still a
    /// member of the camp.
    pub async fn agenda_feed_owner(
        &self,
        camp: Uuid,
        token_hash: &str,
    ) -> StoreResult<Option<Uuid>> {
        let sql = "SELECT f.person_id FROM agenda_feeds f
                   JOIN memberships m ON m.camp_id = f.camp_id AND m.person_id = f.person_id
                   WHERE f.camp_id = $1 AND f.token_hash = $2 AND m.removed_at IS NULL";
        let row: Option<(Uuid,)> = with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .bind(token_hash)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(|(id,)| id))
    }
}
