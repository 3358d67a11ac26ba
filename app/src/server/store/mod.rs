//! The store: one type over a SQLite or a PostgreSQL pool. Queries are written once in the
//! dialect both understand (`$1` parameters, `RETURNING`, `ON CONFLICT`) and compiled for each
//! pool by `with_pool!`/`in_tx!`; only schema and connection set-up differ per backend.
mod camps;
mod people;
mod sessions;

pub use camps::*;
pub use people::*;
pub use sessions::*;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A uniqueness rule of the schema refused the write (slug, e-mail, room name, cell ...).
    #[error("already exists")]
    Duplicate,
    /// Two slots of one day would overlap.
    #[error("slot overlap")]
    SlotOverlap,
    /// The row changed since the caller read it (optimistic concurrency).
    #[error("stale version")]
    Stale,
    #[error("not found")]
    NotFound,
    /// A voting rule refused the mark.
    #[error("vote refused: {0:?}")]
    Vote(crate::domain::VoteRefusal),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Runs `$body` with `$pool` bound to whichever pool the store holds.
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            $crate::server::store::Store::Sqlite($pool) => $body,
            $crate::server::store::Store::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside one transaction that may write. On SQLite it starts with
/// `BEGIN IMMEDIATE`, which takes the write lock up front: a plain `BEGIN` upgrades later and
/// fails with SQLITE_BUSY under concurrent writers instead of waiting.
macro_rules! in_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match $store {
            $crate::server::store::Store::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let result = $body;
                if result.is_ok() {
                    $tx.commit().await?;
                }
                result
            }
            $crate::server::store::Store::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let result = $body;
                if result.is_ok() {
                    $tx.commit().await?;
                }
                result
            }
        }
    };
}
pub(crate) use {in_tx, with_pool};

impl Store {
    /// Connects by URL: `postgres://` or `postgresql://` selects PostgreSQL, anything else
    /// (`sqlite://path`) SQLite. Migrations run before the store is handed out.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Store::Postgres(pool)
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            Store::Sqlite(pool)
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        match self {
            Store::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Store::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// A cheap round trip for `/healthz`.
    pub async fn ping(&self) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }
}

/// Turns a unique-key violation into `Duplicate` and the slot trigger into `SlotOverlap`.
pub(crate) fn classify(err: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() {
            return StoreError::Duplicate;
        }
        if db.message().contains("slot_overlap") {
            return StoreError::SlotOverlap;
        }
    }
    StoreError::Db(err)
}

pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The fallback mapping for store failures that a service did not handle more precisely.
impl From<StoreError> for crate::error::AppError {
    fn from(err: StoreError) -> Self {
        use crate::error::AppError;
        use crate::i18n::Msg;
        match err {
            StoreError::Stale | StoreError::Duplicate => AppError::Conflict(Msg::ErrConflict),
            StoreError::NotFound => AppError::NotFound,
            StoreError::Vote(refusal) => AppError::Conflict(refusal.msg()),
            StoreError::SlotOverlap => AppError::field("starts", Msg::ErrSlotOverlap),
            other => {
                tracing::error!("store: {other}");
                AppError::Internal
            }
        }
    }
}
