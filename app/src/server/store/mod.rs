//! The store: one type over a SQLite or a PostgreSQL pool. Queries are written once in the
//! dialect both understand (`$1` parameters, `RETURNING`, `ON CONFLICT`) and compiled for each
//! pool by `with_pool!`/`in_tx!`; only schema and connection set-up differ per backend.
/// Declares a trait of transaction steps and implements it for both backends' connections
/// from one body each, so that a step is an ordinary async method (`tx.audit(..).await?`)
/// whose control flow is plain Rust: an error is its return value, not a `return` from the
/// caller's block. Written by hand because code generic over sqlx's `Database` needs an
/// `Encode`/`Type`/`Executor` bound per bound value; the bodies are compiled once per backend
/// (`self` is a `SqliteConnection` or a `PgConnection`), the way `with_pool!` compiles reads.
macro_rules! steps {
    (
        $(#[$meta:meta])* $vis:vis trait $name:ident {
            $($(#[$fmeta:meta])*
            async fn $f:ident(&mut $me:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty $body:block)*
        }
    ) => {
        $(#[$meta])* $vis trait $name {
            $($(#[$fmeta])* async fn $f(&mut $me $(, $arg: $ty)*) -> $ret;)*
        }
        impl $name for sqlx::SqliteConnection {
            $(async fn $f(&mut $me $(, $arg: $ty)*) -> $ret $body)*
        }
        impl $name for sqlx::PgConnection {
            $(async fn $f(&mut $me $(, $arg: $ty)*) -> $ret $body)*
        }
    };
}

steps! {
    /// The audit log, written in the transaction of the change it records.
    pub(crate) trait Audit {
        /// One entry: who did what to which camp.
        async fn audit(
            &mut self,
            camp: Uuid,
            actor: Uuid,
            action: &str,
            detail: &str,
        ) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO audit_log (camp_id, actor_id, action, detail, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(camp)
            .bind(actor)
            .bind(action)
            .bind(detail)
            .bind(now())
            .execute(&mut *self)
            .await?;
            Ok(())
        }
    }
}

mod accounts;
mod agenda;
mod camps;
mod email_links;
pub mod grid;
mod people;
mod sessions;

pub use accounts::*;
pub use camps::*;
pub use email_links::*;
pub use grid::*;
pub use people::*;
pub use sessions::*;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::ConnectOptions;
use uuid::Uuid;

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePools),
    Postgres(PgPool),
}

/// Reads (`with_pool!`) use `read`; WAL mode lets them run alongside the one writer.
/// Writing transactions (`in_tx!`) go through `writer`: see [`writer`].
#[derive(Clone, Debug)]
pub struct SqlitePools {
    pub read: SqlitePool,
    pub writer: std::sync::Arc<writer::GroupWriter>,
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
    /// The change would leave a camp without a current moderator.
    #[error("last moderator")]
    LastModerator,
    /// A room or slot still holds sessions in the draft grid or the published schedule.
    #[error("room or slot in use")]
    InUse,
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Runs `$body` with `$pool` bound to whichever pool the store holds (on SQLite the reading
/// one; a single statement that writes still works there, waiting in SQLite's busy handler).
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            $crate::server::store::Store::Sqlite(pools) => {
                let $pool = &pools.read;
                $body
            }
            $crate::server::store::Store::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside one transaction that may write, and returns once it is committed.
/// On SQLite `$body` runs as one savepoint of a group transaction on the single writer
/// connection (see [`writer`]); an error, or leaving early with `?`, rolls back just that
/// savepoint.
macro_rules! in_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match $store {
            $crate::server::store::Store::Sqlite(pools) => {
                let mut $tx = pools.writer.begin().await?;
                let result = $body;
                $tx.finish(result.is_ok()).await?;
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
            let read = SqlitePoolOptions::new()
                .max_connections(8)
                // A local file does not drop connections: no test query before each use.
                .test_before_acquire(false)
                .connect_with(options.clone())
                .await?;
            let writer = writer::GroupWriter::start(options.connect().await?);
            Store::Sqlite(SqlitePools { read, writer })
        };
        store.migrate().await?;
        store.hash_legacy_invites().await?;
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        match self {
            Store::Sqlite(pools) => {
                sqlx::migrate!("../migrations/sqlite")
                    .run(&pools.read)
                    .await?
            }
            Store::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Invite tokens stored in plain before migration 0011 become their hash (`invites`):
    /// their links keep working until regenerated, and the database holds no token.
    pub async fn hash_legacy_invites(&self) -> StoreResult<()> {
        let plain = "SELECT id, invite_legacy FROM camps
                     WHERE invite_legacy NOT LIKE 'sha256:%' AND invite_legacy NOT LIKE 'none:%'";
        let rows: Vec<(Uuid, String)> =
            with_pool!(self, |pool| sqlx::query_as(plain).fetch_all(pool).await)?;
        for (camp, token) in rows {
            let hashed = format!("{LEGACY_INVITE}{}", crate::server::auth::token_hash(&token));
            in_tx!(self, |tx| {
                sqlx::query("UPDATE camps SET invite_legacy = $1 WHERE id = $2")
                    .bind(&hashed)
                    .bind(camp)
                    .execute(&mut *tx)
                    .await?;
                Ok::<_, StoreError>(())
            })?;
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
        match self {
            Store::Sqlite(pools) => {
                pools.writer.close().await;
                pools.read.close().await;
            }
            Store::Postgres(pool) => pool.close().await,
        }
    }
}

pub mod writer;

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
            StoreError::LastModerator => AppError::Conflict(Msg::ErrLastModerator),
            StoreError::InUse => AppError::Conflict(Msg::ErrPlanInUse),
            other => {
                tracing::error!("store: {other}");
                AppError::Internal
            }
        }
    }
}
