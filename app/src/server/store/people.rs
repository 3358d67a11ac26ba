//! People and their sign-ins.
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{classify, in_tx, now, with_pool, Store, StoreError, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PersonRow {
    pub id: Uuid,
    pub display_name: String,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub is_moderator: bool,
    /// When the sign-in it was read by was last used (only reads by sign-in fill it).
    #[sqlx(default)]
    pub seen_at: Option<DateTime<Utc>>,
}

/// A new person: a moderator account (with e-mail and password hash) or a participant.
pub struct NewPerson<'a> {
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub is_moderator: bool,
}

const PERSON_COLUMNS: &str = "id, display_name, email, password_hash, is_moderator";

/// The condition for a live sign-in `s` of person `p`, with `$2` now and `$3` the idle
/// cutoff: not expired, and an account with a password (a moderator) used since the cutoff.
pub(super) const SIGN_IN_LIVE: &str = "s.expires_at > $2
    AND (p.password_hash IS NULL OR COALESCE(s.last_seen_at, s.created_at) > $3)";

/// Sign-ins of accounts with a password that were not used since this moment have ended.
pub(super) fn idle_cutoff() -> DateTime<Utc> {
    now() - chrono::Duration::hours(crate::domain::SIGN_IN_IDLE_HOURS)
}

impl Store {
    pub async fn create_person(&self, p: NewPerson<'_>) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        let sql =
            "INSERT INTO people (id, display_name, email, password_hash, is_moderator, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6)";
        in_tx!(self, |tx| {
            sqlx::query(sql)
                .bind(id)
                .bind(p.display_name)
                .bind(p.email)
                .bind(p.password_hash)
                .bind(p.is_moderator)
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
            Ok::<_, StoreError>(id)
        })
    }

    pub async fn person_by_id(&self, id: Uuid) -> StoreResult<Option<PersonRow>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn person_by_email(&self, email: &str) -> StoreResult<Option<PersonRow>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE email = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(email)
            .fetch_optional(pool)
            .await)?)
    }

    /// Keeps the hash of a first-start token (`campgrid serve` prints the token itself).
    pub async fn add_setup_token(&self, token_hash: &str) -> StoreResult<()> {
        let sql = "INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)";
        in_tx!(self, |tx| {
            sqlx::query(sql)
                .bind(token_hash)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        })
    }

    /// The first moderator, created only with a setup token made after `valid_from` and only
    /// while there is no moderator: `None` otherwise. Taking the token and inserting the person
    /// happen in one transaction, and every setup token is used up with it, so of any number
    /// of concurrent calls exactly one succeeds (PostgreSQL: the losers wait on the deleted
    /// row and then find it gone; SQLite: one writer at a time).
    pub async fn create_first_moderator(
        &self,
        token_hash: &str,
        valid_from: DateTime<Utc>,
        p: NewPerson<'_>,
    ) -> StoreResult<Option<Uuid>> {
        let take = "DELETE FROM setup_tokens WHERE token_hash = $1 AND created_at > $2";
        let moderators = "SELECT COUNT(*) FROM people WHERE is_moderator = TRUE";
        let insert =
            "INSERT INTO people (id, display_name, email, password_hash, is_moderator, created_at)
                   VALUES ($1, $2, $3, $4, TRUE, $5)";
        let id = Uuid::new_v4();
        in_tx!(self, |tx| async {
            let taken = sqlx::query(take)
                .bind(token_hash)
                .bind(valid_from)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let (existing,): (i64,) = sqlx::query_as(moderators).fetch_one(&mut *tx).await?;
            if taken == 0 || existing > 0 {
                return Ok(None);
            }
            sqlx::query(insert)
                .bind(id)
                .bind(p.display_name)
                .bind(p.email)
                .bind(p.password_hash)
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
            sqlx::query("DELETE FROM setup_tokens")
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(Some(id))
        }
        .await)
    }

    pub async fn moderator_exists(&self) -> StoreResult<bool> {
        let sql = "SELECT COUNT(*) FROM people WHERE is_moderator = TRUE";
        let n: i64 = with_pool!(self, |pool| sqlx::query_scalar(sql).fetch_one(pool).await)?;
        Ok(n > 0)
    }

    pub async fn create_sign_in(
        &self,
        token_hash: &str,
        person_id: Uuid,
        expires_at: DateTime<Utc>,
        device: &str,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO sign_ins (token_hash, person_id, created_at, expires_at, device, last_seen_at)
                   VALUES ($1, $2, $3, $4, $5, $3)";
        in_tx!(self, |tx| {
            sqlx::query(sql)
                .bind(token_hash)
                .bind(person_id)
                .bind(now())
                .bind(expires_at)
                .bind(device)
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        })
    }

    /// The person behind a live sign-in: not expired, and for an account with a password
    /// used within the inactivity timeout (see [`SIGN_IN_LIVE`]).
    pub async fn person_by_sign_in(&self, token_hash: &str) -> StoreResult<Option<PersonRow>> {
        let sql = format!(
            "SELECT p.id, p.display_name, p.email, p.password_hash, p.is_moderator,
                    s.last_seen_at AS seen_at
             FROM sign_ins s JOIN people p ON p.id = s.person_id
             WHERE s.token_hash = $1 AND {SIGN_IN_LIVE}"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(token_hash)
            .bind(now())
            .bind(idle_cutoff())
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn delete_sign_in(&self, token_hash: &str) -> StoreResult<()> {
        let sql = "DELETE FROM sign_ins WHERE token_hash = $1";
        in_tx!(self, |tx| {
            sqlx::query(sql).bind(token_hash).execute(&mut *tx).await?;
            Ok::<_, StoreError>(())
        })
    }
}
