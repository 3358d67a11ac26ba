//! Group commit on SQLite's one writer connection.
//!
//! SQLite has one writer at a time, and with `synchronous=FULL` every commit waits for the
//! disk (about 4 ms on the reference machine's virtual disk), so one commit per vote caps
//! a camp at a few hundred votes a second; and many connections fighting for the write
//! lock wait in SQLite's busy handler, which sleeps in growing steps. Instead, writing
//! transactions queue in order of arrival for the one writer connection and each runs as
//! a savepoint of a shared transaction; a committer task commits whatever has gathered
//! while the previous commit was on its way to the disk. `in_tx!` returns only after the
//! commit that holds the caller's work: durability is unchanged, the disk wait is shared.
//!
//! Callers can be cancelled (a client goes away) at any `.await`. The steps that must
//! not stop half-way (begin, finish, commit) therefore run in tasks of their own; a caller
//! dropped while holding the connection leaves its savepoint to be rolled back by the next.
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::sqlite::SqliteConnection;
use tokio::sync::{watch, Mutex, Notify, OwnedMutexGuard};

use super::{StoreError, StoreResult};

/// How long a writing transaction may wait for its turn (like a pool's acquire timeout).
const TURN_TIMEOUT: Duration = Duration::from_secs(30);

/// How a group ended: `Ok` when committed, the error text otherwise.
type Outcome = Option<Result<(), String>>;

struct State {
    conn: SqliteConnection,
    /// `BEGIN IMMEDIATE` ran and the group is neither committed nor rolled back yet.
    open: bool,
    /// Callers whose savepoint was released into the open group.
    members: usize,
    /// A caller went away without finishing (an early `?`, a cancelled request): its
    /// savepoint is still open and is rolled back by whoever comes next.
    abandoned: bool,
    /// The open group cannot be committed any more; its members get this error.
    failed: Option<String>,
    /// Tells the open group's members how it ended.
    outcome: watch::Sender<Outcome>,
    closed: bool,
}

pub struct GroupWriter {
    state: Arc<Mutex<State>>,
    commit_wanted: Arc<Notify>,
}

impl std::fmt::Debug for GroupWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GroupWriter")
    }
}

impl Drop for GroupWriter {
    fn drop(&mut self) {
        // Lets the committer task see that it is no longer needed.
        self.commit_wanted.notify_one();
    }
}

fn db_error(text: String) -> StoreError {
    StoreError::Db(sqlx::Error::Io(std::io::Error::other(text)))
}

async fn run(conn: &mut SqliteConnection, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::query(sql).execute(conn).await.map(|_| ())
}

async fn roll_back_savepoint(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    run(conn, "ROLLBACK TO w").await?;
    run(conn, "RELEASE w").await
}

/// Runs `step` to its end even if the caller stops waiting.
async fn uncancelled<T: Send + 'static>(
    step: impl std::future::Future<Output = StoreResult<T>> + Send + 'static,
) -> StoreResult<T> {
    tokio::spawn(step)
        .await
        .map_err(|e| db_error(format!("writer task: {e}")))?
}

impl GroupWriter {
    /// Takes over `conn` and starts the committer task.
    pub fn start(conn: SqliteConnection) -> Arc<GroupWriter> {
        let writer = Arc::new(GroupWriter {
            state: Arc::new(Mutex::new(State {
                conn,
                open: false,
                members: 0,
                abandoned: false,
                failed: None,
                outcome: watch::channel(None).0,
                closed: false,
            })),
            commit_wanted: Arc::new(Notify::new()),
        });
        tokio::spawn(committer(
            Arc::downgrade(&writer),
            writer.commit_wanted.clone(),
        ));
        writer
    }

    /// Waits for the connection (callers at most `TURN_TIMEOUT`) and cleans up after a
    /// caller that went away without finishing.
    async fn turn(
        state: Arc<Mutex<State>>,
        timeout: Option<Duration>,
    ) -> StoreResult<OwnedMutexGuard<State>> {
        let mut st = match timeout {
            Some(t) => tokio::time::timeout(t, state.lock_owned())
                .await
                .map_err(|_| StoreError::Db(sqlx::Error::PoolTimedOut))?,
            None => state.lock_owned().await,
        };
        if st.closed {
            return Err(StoreError::Db(sqlx::Error::PoolClosed));
        }
        if st.abandoned {
            if let Err(err) = roll_back_savepoint(&mut st.conn).await {
                st.failed.get_or_insert(err.to_string());
            }
            st.abandoned = false;
        }
        Ok(st)
    }

    /// Starts the caller's part: joins (or opens) the group transaction and sets a
    /// savepoint. The caller holds the connection until `finish`.
    pub async fn begin(&self) -> StoreResult<WriteTx> {
        let (state, commit_wanted) = (self.state.clone(), self.commit_wanted.clone());
        uncancelled(async move {
            let mut st = Self::turn(state, Some(TURN_TIMEOUT)).await?;
            if !st.open {
                run(&mut st.conn, "BEGIN IMMEDIATE").await?;
                st.open = true;
            }
            if let Err(err) = run(&mut st.conn, "SAVEPOINT w").await {
                drop(st);
                // Someone has to end the open group, even if nobody else writes.
                commit_wanted.notify_one();
                return Err(err.into());
            }
            Ok(WriteTx {
                guard: Some(st),
                commit_wanted,
            })
        })
        .await
    }

    /// Commits what has gathered, if anything; false once closed. Runs in the committer
    /// task, which queues for the connection behind the callers already waiting, so that
    /// their parts join this group.
    async fn commit_pending(&self) -> bool {
        let Ok(mut st) = Self::turn(self.state.clone(), None).await else {
            return false;
        };
        if !st.open {
            return true;
        }
        let outcome = if let Some(err) = st.failed.take() {
            let _ = run(&mut st.conn, "ROLLBACK").await;
            Err(err)
        } else if st.members == 0 {
            run(&mut st.conn, "ROLLBACK")
                .await
                .map_err(|e| e.to_string())
        } else {
            match run(&mut st.conn, "COMMIT").await {
                Ok(()) => Ok(()),
                Err(err) => {
                    let _ = run(&mut st.conn, "ROLLBACK").await;
                    Err(err.to_string())
                }
            }
        };
        st.open = false;
        st.members = 0;
        let ended = std::mem::replace(&mut st.outcome, watch::channel(None).0);
        ended.send_replace(Some(outcome));
        true
    }

    /// Commits the open group and turns later callers away (for `Store::close`).
    pub async fn close(&self) {
        self.commit_pending().await;
        self.state.lock().await.closed = true;
        self.commit_wanted.notify_one();
    }
}

async fn committer(writer: Weak<GroupWriter>, commit_wanted: Arc<Notify>) {
    loop {
        commit_wanted.notified().await;
        let Some(writer) = writer.upgrade() else {
            return;
        };
        if !writer.commit_pending().await {
            return;
        }
    }
}

/// The caller's part of a group transaction: `&mut *tx` is the writer connection.
pub struct WriteTx {
    guard: Option<OwnedMutexGuard<State>>,
    commit_wanted: Arc<Notify>,
}

impl Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.guard.as_ref().expect("unfinished write").conn
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.guard.as_mut().expect("unfinished write").conn
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(mut st) = self.guard.take() {
            st.abandoned = true;
            drop(st);
            self.commit_wanted.notify_one();
        }
    }
}

impl WriteTx {
    /// Keeps (`ok`) or rolls back the caller's part; a kept part returns once the group
    /// holding it is committed.
    pub async fn finish(mut self, ok: bool) -> StoreResult<()> {
        let mut st = self.guard.take().expect("unfinished write");
        let commit_wanted = self.commit_wanted.clone();
        let mut outcome = uncancelled(async move {
            let ended = if ok {
                run(&mut st.conn, "RELEASE w").await
            } else {
                roll_back_savepoint(&mut st.conn).await
            };
            if let Err(err) = &ended {
                st.failed.get_or_insert(err.to_string());
            }
            if ok {
                st.members += 1;
            }
            let outcome = st.outcome.subscribe();
            drop(st);
            commit_wanted.notify_one();
            // A part rolled back ends here either way: the caller reports its own error.
            match ended {
                Err(err) if ok => Err(StoreError::from(err)),
                _ => Ok(outcome),
            }
        })
        .await?;
        if !ok {
            return Ok(());
        }
        let committed = match outcome.wait_for(Option::is_some).await {
            Ok(done) => match done.as_ref() {
                Some(Ok(())) => Ok(()),
                Some(Err(err)) => Err(db_error(format!("commit failed: {err}"))),
                None => Err(db_error("commit failed".into())),
            },
            Err(_) => Err(db_error("writer closed before commit".into())),
        };
        committed
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Store, StoreError};
    use std::time::Duration;

    async fn store() -> Store {
        let path =
            std::env::temp_dir().join(format!("campgrid-writer-{}.db", uuid::Uuid::new_v4()));
        let store = Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        create_table(&store).await.unwrap();
        store
    }

    async fn create_table(store: &Store) -> Result<(), StoreError> {
        in_tx!(store, |tx| {
            sqlx::query("CREATE TABLE t (k TEXT PRIMARY KEY)")
                .execute(&mut *tx)
                .await?;
            Ok::<_, StoreError>(())
        })
    }

    /// Inserts `k`; `keep = false` inserts and then fails, which must roll it back.
    async fn insert(store: &Store, k: String, keep: bool) -> Result<(), StoreError> {
        in_tx!(store, |tx| {
            sqlx::query("INSERT INTO t (k) VALUES ($1)")
                .bind(&k)
                .execute(&mut *tx)
                .await
                .map_err(super::super::classify)?;
            if keep {
                Ok(())
            } else {
                Err(StoreError::Stale)
            }
        })
    }

    async fn keys(store: &Store) -> Vec<String> {
        let Store::Sqlite(pools) = store else {
            unreachable!()
        };
        sqlx::query_scalar("SELECT k FROM t ORDER BY k")
            .fetch_all(&pools.read)
            .await
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_parts_commit_alone_or_together() {
        let store = store().await;
        let mut expected: Vec<String> = (0..10).map(|d| format!("d{d}")).collect();
        for k in &expected {
            insert(&store, k.clone(), true).await.unwrap();
        }
        let mut tasks = Vec::new();
        for i in 0..60 {
            let store = store.clone();
            // A repeated key leaves the body early with `?`; a failing part has written.
            let (k, keep) = match i % 4 {
                0 => (format!("d{}", i / 4 % 10), true),
                1 => (format!("k{i:02}"), false),
                _ => (format!("k{i:02}"), true),
            };
            tasks.push(tokio::spawn(
                async move { (i, insert(&store, k, keep).await) },
            ));
        }
        for task in tasks {
            let (i, result) = task.await.unwrap();
            match i % 4 {
                0 => assert!(matches!(result, Err(StoreError::Duplicate)), "{i}"),
                1 => assert!(matches!(result, Err(StoreError::Stale)), "{i}"),
                _ => {
                    assert!(result.is_ok(), "{i}: {result:?}");
                    expected.push(format!("k{i:02}"));
                }
            }
        }
        expected.sort();
        assert_eq!(keys(&store).await, expected);
    }

    async fn slow_insert(store: &Store) -> Result<(), StoreError> {
        in_tx!(store, |tx| {
            sqlx::query("INSERT INTO t (k) VALUES ('gone')")
                .execute(&mut *tx)
                .await?;
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok::<_, StoreError>(())
        })
    }

    #[tokio::test]
    async fn a_cancelled_part_is_rolled_back_and_others_go_on() {
        let store = store().await;
        let slow = {
            let store = store.clone();
            tokio::spawn(async move { slow_insert(&store).await })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        slow.abort();
        let _ = slow.await;
        insert(&store, "kept".into(), true).await.unwrap();
        assert_eq!(keys(&store).await, vec!["kept".to_string()]);
        store.close().await;
        assert!(insert(&store, "late".into(), true).await.is_err());
    }
}
