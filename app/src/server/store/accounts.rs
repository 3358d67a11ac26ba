//! What an account holds beyond its name (see migration 0010): its sign-ins as a list, the
//! one-time tokens of a person (password reset, second device), TOTP and recovery codes, and
//! changes of password and address.
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::people::{idle_cutoff, SIGN_IN_LIVE};
use super::{classify, in_tx, now, with_pool, Store, StoreError, StoreResult};

type Time = DateTime<Utc>;

/// One of a person's sign-ins as their own list shows it. `key` names it without being the
/// token: the first 16 hex digits of the token's hash.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SignInRow {
    pub key: String,
    pub device: String,
    pub created_at: Time,
    pub last_seen_at: Option<Time>,
}

/// What a one-time token of a person is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    PasswordReset,
    Device,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::Device => "device",
        }
    }
}

/// A person's second factor: the confirmed secret and the last time step used with it.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct TotpRow {
    pub totp_pending: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    /// Codes are refused until then, after too many wrong ones.
    pub totp_locked_until: Option<Time>,
}

/// Wrong codes in a row before codes are refused for a while: 15 minutes after the first
/// five, doubling with each five more, at most a day.
pub const TOTP_FAILURES: i64 = 5;

fn totp_lock(failures: i64) -> Option<chrono::Duration> {
    (failures % TOTP_FAILURES == 0).then(|| {
        let rounds = (failures / TOTP_FAILURES - 1).clamp(0, 7) as u32;
        chrono::Duration::minutes((15i64 << rounds).min(24 * 60))
    })
}

const SIGN_IN_KEY: &str = "substr(s.token_hash, 1, 16)";

impl Store {
    /// The sign-ins of `person` that have not expired, the most recently used first.
    pub async fn sign_ins_of(&self, person: Uuid) -> StoreResult<Vec<SignInRow>> {
        let sql = format!(
            "SELECT {SIGN_IN_KEY} AS key, s.device, s.created_at, s.last_seen_at
             FROM sign_ins s JOIN people p ON p.id = s.person_id
             WHERE s.person_id = $1 AND {SIGN_IN_LIVE}
             ORDER BY COALESCE(s.last_seen_at, s.created_at) DESC"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(person)
            .bind(now())
            .bind(idle_cutoff())
            .fetch_all(pool)
            .await)?)
    }

    /// Ends the sign-in of `person` named by `key`; false if there is none.
    pub async fn end_sign_in_of(&self, person: Uuid, key: &str) -> StoreResult<bool> {
        let sql = "DELETE FROM sign_ins WHERE person_id = $1 AND substr(token_hash, 1, 16) = $2";
        in_tx!(self, |tx| {
            let n = sqlx::query(sql)
                .bind(person)
                .bind(key)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            Ok::<_, StoreError>(n > 0)
        })
    }

    /// Ends every sign-in of `person` except the one with `keep` (its token's hash), if given.
    pub async fn end_sign_ins(&self, person: Uuid, keep: Option<&str>) -> StoreResult<u64> {
        let sql = "DELETE FROM sign_ins WHERE person_id = $1 AND token_hash <> $2";
        in_tx!(self, |tx| {
            let n = sqlx::query(sql)
                .bind(person)
                .bind(keep.unwrap_or(""))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            Ok::<_, StoreError>(n)
        })
    }

    /// Records that the sign-in was used at `at` (the inactivity timeout counts from here).
    pub async fn touch_sign_in(&self, token_hash: &str, at: Time) -> StoreResult<()> {
        let sql = "UPDATE sign_ins SET last_seen_at = $2 WHERE token_hash = $1";
        in_tx!(self, |tx| {
            sqlx::query(sql)
                .bind(token_hash)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        })
    }

    /// Keeps a new one-time token of `person` (its hash) and drops every expired one, and
    /// any earlier one for the same purpose: only the newest reset link or code works.
    pub async fn add_person_token(
        &self,
        token_hash: &str,
        person: Uuid,
        purpose: TokenPurpose,
        expires_at: Time,
    ) -> StoreResult<()> {
        let drop = "DELETE FROM person_tokens
                    WHERE expires_at <= $1 OR (person_id = $2 AND purpose = $3)";
        let insert =
            "INSERT INTO person_tokens (token_hash, person_id, purpose, created_at, expires_at)
                      VALUES ($1, $2, $3, $4, $5)";
        in_tx!(self, |tx| async {
            sqlx::query(drop)
                .bind(now())
                .bind(person)
                .bind(purpose.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query(insert)
                .bind(token_hash)
                .bind(person)
                .bind(purpose.as_str())
                .bind(now())
                .bind(expires_at)
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
            Ok::<_, StoreError>(())
        }
        .await)
    }

    /// The person a valid token is for, without using it up (the page that asks first).
    pub async fn person_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
    ) -> StoreResult<Option<Uuid>> {
        let sql = "SELECT person_id FROM person_tokens
                   WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3";
        Ok(with_pool!(self, |pool| sqlx::query_scalar(sql)
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now())
            .fetch_optional(pool)
            .await)?)
    }

    /// Uses up a valid token: the person it was for, once; `None` for an unknown, used or
    /// expired one. Deleting the row decides, so two concurrent uses cannot both succeed.
    pub async fn take_person_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
    ) -> StoreResult<Option<Uuid>> {
        let sql = "DELETE FROM person_tokens
                   WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3
                   RETURNING person_id";
        in_tx!(self, |tx| {
            let person = sqlx::query_scalar(sql)
                .bind(token_hash)
                .bind(purpose.as_str())
                .bind(now())
                .fetch_optional(&mut *tx)
                .await?;
            Ok::<_, StoreError>(person)
        })
    }

    /// A new password hash; every sign-in but `keep` ends, and reset links are used up.
    pub async fn set_password(
        &self,
        person: Uuid,
        hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<()> {
        let update = "UPDATE people SET password_hash = $2 WHERE id = $1";
        let sign_ins = "DELETE FROM sign_ins WHERE person_id = $1 AND token_hash <> $2";
        let resets =
            "DELETE FROM person_tokens WHERE person_id = $1 AND purpose = 'password_reset'";
        in_tx!(self, |tx| async {
            sqlx::query(update)
                .bind(person)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
            sqlx::query(sign_ins)
                .bind(person)
                .bind(keep.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
            sqlx::query(resets).bind(person).execute(&mut *tx).await?;
            Ok::<_, StoreError>(())
        }
        .await)
    }

    /// A new sign-in address; `Duplicate` if another account has it. Reset links mailed to
    /// the old address stop working.
    pub async fn set_email(&self, person: Uuid, email: &str) -> StoreResult<()> {
        let sql = "UPDATE people SET email = $2 WHERE id = $1";
        let resets =
            "DELETE FROM person_tokens WHERE person_id = $1 AND purpose = 'password_reset'";
        in_tx!(self, |tx| async {
            sqlx::query(sql)
                .bind(person)
                .bind(email)
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
            sqlx::query(resets).bind(person).execute(&mut *tx).await?;
            Ok::<_, StoreError>(())
        }
        .await)
    }

    pub async fn totp(&self, person: Uuid) -> StoreResult<TotpRow> {
        let sql = "SELECT totp_pending, totp_secret, totp_last_step, totp_locked_until
                   FROM people WHERE id = $1";
        let row = with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(person)
            .fetch_optional(pool)
            .await)?;
        row.ok_or(StoreError::NotFound)
    }

    /// Keeps a secret being set up (not yet asked for at sign-in).
    pub async fn set_totp_pending(&self, person: Uuid, secret: &str) -> StoreResult<()> {
        let sql = "UPDATE people SET totp_pending = $2 WHERE id = $1";
        in_tx!(self, |tx| {
            sqlx::query(sql)
                .bind(person)
                .bind(secret)
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        })
    }

    /// Turns the pending secret on (`step` was just used with it) with new recovery codes
    /// (their hashes); false if the pending secret is no longer `secret`.
    pub async fn enable_totp(
        &self,
        person: Uuid,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
    ) -> StoreResult<bool> {
        let enable = "UPDATE people SET totp_secret = totp_pending, totp_pending = NULL,
                             totp_last_step = $3
                      WHERE id = $1 AND totp_pending = $2 AND totp_secret IS NULL";
        let insert = "INSERT INTO recovery_codes (person_id, code_hash) VALUES ($1, $2)";
        in_tx!(self, |tx| async {
            let n = sqlx::query(enable)
                .bind(person)
                .bind(secret)
                .bind(step)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1")
                .bind(person)
                .execute(&mut *tx)
                .await?;
            for hash in recovery_hashes {
                sqlx::query(insert)
                    .bind(person)
                    .bind(hash)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<_, StoreError>(true)
        }
        .await)
    }

    pub async fn disable_totp(&self, person: Uuid) -> StoreResult<()> {
        let update = "UPDATE people SET totp_secret = NULL, totp_pending = NULL,
                             totp_last_step = NULL WHERE id = $1";
        in_tx!(self, |tx| async {
            sqlx::query(update).bind(person).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1")
                .bind(person)
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        }
        .await)
    }

    /// Records that the code of time step `step` was used; false if that step or a later
    /// one was used already, so that an overheard code cannot be replayed.
    pub async fn use_totp_step(&self, person: Uuid, step: i64) -> StoreResult<bool> {
        let sql = "UPDATE people SET totp_last_step = $2
                   WHERE id = $1 AND totp_secret IS NOT NULL
                     AND (totp_last_step IS NULL OR totp_last_step < $2)";
        in_tx!(self, |tx| {
            let n = sqlx::query(sql)
                .bind(person)
                .bind(step)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            Ok::<_, StoreError>(n > 0)
        })
    }

    /// Counts a wrong code; after every [`TOTP_FAILURES`] in a row, codes are refused for a
    /// while (see `totp_lock`).
    pub async fn totp_failed(&self, person: Uuid) -> StoreResult<()> {
        let count = "UPDATE people SET totp_failures = totp_failures + 1 WHERE id = $1
                     RETURNING totp_failures";
        let lock = "UPDATE people SET totp_locked_until = $2 WHERE id = $1";
        in_tx!(self, |tx| async {
            let failures: i32 = sqlx::query_scalar(count)
                .bind(person)
                .fetch_one(&mut *tx)
                .await?;
            if let Some(pause) = totp_lock(i64::from(failures)) {
                sqlx::query(lock)
                    .bind(person)
                    .bind(now() + pause)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<_, StoreError>(())
        }
        .await)
    }

    /// A right code: the count of wrong ones starts again.
    pub async fn totp_succeeded(&self, person: Uuid) -> StoreResult<()> {
        let sql = "UPDATE people SET totp_failures = 0, totp_locked_until = NULL
                   WHERE id = $1 AND totp_failures > 0";
        in_tx!(self, |tx| {
            sqlx::query(sql).bind(person).execute(&mut *tx).await?;
            Ok::<_, StoreError>(())
        })
    }

    /// Whether `person` is a current member of some camp with a verified address (and can
    /// therefore sign in again by a mailed link).
    pub async fn has_verified_address(&self, person: Uuid) -> StoreResult<bool> {
        let sql = "SELECT COUNT(*) FROM memberships
                   WHERE person_id = $1 AND email_verified_at IS NOT NULL AND removed_at IS NULL";
        let n: i64 = with_pool!(self, |pool| sqlx::query_scalar(sql)
            .bind(person)
            .fetch_one(pool)
            .await)?;
        Ok(n > 0)
    }

    /// Uses up a recovery code (its hash); false if it is not one of `person`'s.
    pub async fn use_recovery_code(&self, person: Uuid, code_hash: &str) -> StoreResult<bool> {
        let sql = "DELETE FROM recovery_codes WHERE person_id = $1 AND code_hash = $2";
        in_tx!(self, |tx| {
            let n = sqlx::query(sql)
                .bind(person)
                .bind(code_hash)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            Ok::<_, StoreError>(n > 0)
        })
    }

    pub async fn recovery_codes_left(&self, person: Uuid) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM recovery_codes WHERE person_id = $1";
        Ok(with_pool!(self, |pool| sqlx::query_scalar(sql)
            .bind(person)
            .fetch_one(pool)
            .await)?)
    }
}
