//! Session proposals and interest votes (the board itself comes with the pitch issue).
use uuid::Uuid;

use super::{in_tx, now, with_pool, Store, StoreError, StoreResult};

pub struct NewSession<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub format: &'a str,
    pub tags: &'a [String],
    pub hosts: &'a [Uuid],
}

impl Store {
    /// Stores a pitched session with its hosts and tags; the first host is its creator.
    pub async fn create_session(&self, camp: Uuid, s: &NewSession<'_>) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        let creator = *s.hosts.first().ok_or(StoreError::NotFound)?;
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO sessions (id, camp_id, title, description, format, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
            )
            .bind(id)
            .bind(camp)
            .bind(s.title)
            .bind(s.description)
            .bind(s.format)
            .bind(creator)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            for host in s.hosts {
                sqlx::query("INSERT INTO session_hosts (session_id, person_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(host)
                    .execute(&mut *tx)
                    .await?;
            }
            for tag in s.tags {
                sqlx::query("INSERT INTO session_tags (session_id, tag) VALUES ($1, $2)")
                    .bind(id)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<_, StoreError>(id)
        })
    }

    /// Marks interest; a second mark of the same person is refused by the primary key.
    pub async fn add_vote(&self, camp: Uuid, session: Uuid, person: Uuid) -> StoreResult<()> {
        let sql = "INSERT INTO votes (session_id, person_id, camp_id, created_at) VALUES ($1, $2, $3, $4)";
        with_pool!(self, |pool| sqlx::query(sql)
            .bind(session)
            .bind(person)
            .bind(camp)
            .bind(now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(super::classify)?;
        Ok(())
    }

    pub async fn vote_count(&self, session: Uuid) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM votes WHERE session_id = $1";
        Ok(with_pool!(self, |pool| sqlx::query_scalar(sql)
            .bind(session)
            .fetch_one(pool)
            .await)?)
    }
}
