//! The connection pools. SQLite: a read pool plus one writer connection (WAL,
//! `synchronous=FULL`, busy timeout, foreign keys), so that writers queue in the process instead
//! of fighting over SQLite's lock, and WAL checkpoints run beside them (`super::checkpoint`). PostgreSQL: one pool on the primary for both, sized by
//! configuration, with `statement_timeout` and `lock_timeout` set on every connection, plus an
//! optional pool on a read replica (hot standby) for GraphQL queries (decision 0017).

use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

use super::checkpoint::Checkpointer;
use crate::config::Operations;

/// What the pools are opened with; [`PoolSettings::default`] is what tests use.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    /// Read pool size (PostgreSQL: the pool).
    pub max_connections: u32,
    /// How long a caller waits for a pooled connection: short, so that a lost database
    /// fails requests fast (UNAVAILABLE) instead of piling them up.
    pub acquire_timeout: Duration,
    /// SQLite `busy_timeout`; also how long a write waits for the writer connection.
    pub busy_timeout: Duration,
    /// PostgreSQL `statement_timeout`.
    pub statement_timeout: Option<Duration>,
    /// PostgreSQL `lock_timeout`.
    pub lock_timeout: Option<Duration>,
    /// Create the pools without connecting (the first query connects).
    pub lazy: bool,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self::from_config(&Operations::default())
    }
}

impl PoolSettings {
    pub fn from_config(ops: &Operations) -> Self {
        let optional = |ms: u64| (ms > 0).then(|| Duration::from_millis(ms));
        Self {
            max_connections: ops.db_max_connections.max(1),
            acquire_timeout: Duration::from_millis(ops.db_acquire_timeout_ms.max(1)),
            busy_timeout: Duration::from_millis(ops.sqlite_busy_timeout_ms),
            statement_timeout: optional(ops.pg_statement_timeout_ms),
            lock_timeout: optional(ops.pg_lock_timeout_ms),
            lazy: false,
        }
    }
}

/// The pools of one database.
///
/// - `read`: reads that must see every commit, and single-statement bookkeeping (the access
///   log, a token's last use): SQLite's read pool, the PostgreSQL primary.
/// - `write`: every transaction that changes records: SQLite's one writer connection, the
///   PostgreSQL primary (the same pool as `read`).
/// - `replica`: a PostgreSQL hot standby (`DATABASE_REPLICA_URL`) for the requests that only
///   read and may lag behind commits by the replication delay: GraphQL queries. It refuses
///   writes, and its sessions are read-only even if it is not a standby.
///
/// Anything that does not choose [`Db::queries`] runs on the primary: a path that writes, or
/// must see its own writes, is right by default.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
    pub replica: Option<DatabaseConnection>,
    /// SQLite's WAL checkpoints, while these pools live (a file opened with [`Db::open`]);
    /// held only to be dropped with the last clone.
    _checkpoints: Option<Arc<Checkpointer>>,
}

impl From<DatabaseConnection> for Db {
    /// One pool for both (tests, PostgreSQL without a replica).
    fn from(pool: DatabaseConnection) -> Self {
        Self {
            read: pool.clone(),
            write: pool,
            replica: None,
            _checkpoints: None,
        }
    }
}

impl Db {
    /// Opens the pools. A SQLite file is created when missing.
    pub async fn open(url: &str, settings: &PoolSettings) -> Result<Self, DbErr> {
        if !super::is_sqlite(url) || is_memory(url) {
            return Ok(Self::from(
                open_pool(url, settings, Role::Read, false).await?,
            ));
        }
        // The writer first: it creates the file and switches it to WAL before readers open it.
        let write = open_pool(url, settings, Role::Write, true).await?;
        let read = open_pool(url, settings, Role::Read, true).await?;
        let checkpoints = Checkpointer::start(read.clone());
        Ok(Self {
            read,
            write,
            replica: None,
            _checkpoints: Some(Arc::new(checkpoints)),
        })
    }

    /// Adds a pool on the PostgreSQL read replica at `url` (same settings; read-only sessions).
    pub async fn with_replica(self, url: &str, settings: &PoolSettings) -> Result<Self, DbErr> {
        if super::is_sqlite(url) || self.read.get_database_backend() != DbBackend::Postgres {
            return Err(DbErr::Custom(
                "a read replica needs PostgreSQL for both the primary and the replica".into(),
            ));
        }
        let replica = open_pool(url, settings, Role::Replica, false).await?;
        Ok(Self {
            replica: Some(replica),
            ..self
        })
    }

    /// The pool GraphQL queries read from: the replica when there is one, else `read`.
    pub fn queries(&self) -> &DatabaseConnection {
        self.replica.as_ref().unwrap_or(&self.read)
    }

    /// One pool for reads and writes (tests and tools); SQLite pragmas as in [`Db::open`].
    pub async fn open_shared(url: &str, settings: &PoolSettings) -> Result<Self, DbErr> {
        Ok(Self::from(
            open_pool(url, settings, Role::Read, false).await?,
        ))
    }

    /// Closes the pools.
    pub async fn close(self) -> Result<(), DbErr> {
        // Closing a pool twice (when both are the same) is harmless.
        if let Some(replica) = self.replica {
            replica.close().await?;
        }
        self.read.close().await?;
        self.write.close().await
    }
}

/// The WAL is cut back to this size when a checkpoint has copied all of it, so that one
/// large import does not leave a file of hundreds of megabytes behind.
const JOURNAL_SIZE_LIMIT: &str = "67108864";

/// The writer's page cache, in KiB (negative: a size, not a page count). At SQLite's default
/// (2 MiB) a transaction that writes a thousand people spills dirty index pages into the WAL
/// and reads them back while it runs; at 16 MiB most stay in memory until the commit. Readers
/// keep the default: each of them is one of several. A job gives the memory back when it
/// ends ([`release_writer_cache`]).
const WRITER_CACHE_KIB: &str = "-16384";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Read,
    Write,
    /// A PostgreSQL read replica: sessions default to read-only transactions.
    Replica,
}

fn is_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// One pool with the pragmas or session settings of its backend.
async fn open_pool(
    url: &str,
    settings: &PoolSettings,
    role: Role,
    checkpointed: bool,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    // `TONGXIN_LOG_STATEMENTS=1` logs every statement (target `sqlx::query`, level INFO): the
    // benchmark counts them. Off otherwise.
    let log_statements = std::env::var_os("TONGXIN_LOG_STATEMENTS").is_some();
    options
        .sqlx_logging(log_statements)
        .connect_lazy(settings.lazy);
    if super::is_sqlite(url) {
        let busy = settings.busy_timeout;
        let (size, wait) = match role {
            // Writes queue for the one connection as long as SQLite would wait for its lock.
            Role::Write => (1, settings.acquire_timeout.max(busy)),
            Role::Read | Role::Replica => {
                (settings.max_connections.min(8), settings.acquire_timeout)
            }
        };
        // A read-only file (a backup being checked) keeps its journal mode.
        let read_only = url.contains("mode=ro");
        let writer = role == Role::Write;
        options
            .max_connections(size)
            .connect_timeout(wait)
            .acquire_timeout(wait)
            .map_sqlx_sqlite_opts(move |o| {
                let o = o.busy_timeout(busy).foreign_keys(true);
                if read_only {
                    return o;
                }
                let o = o
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT);
                let o = if writer {
                    o.pragma("cache_size", WRITER_CACHE_KIB)
                } else {
                    o
                };
                // Commits never checkpoint when the checkpointer does, beside them.
                if checkpointed {
                    o.pragma("wal_autocheckpoint", "0")
                } else {
                    o
                }
            });
    } else {
        // Every statement is prepared and cached per connection. After five executions
        // PostgreSQL may switch a prepared statement to a generic plan, chosen without the
        // parameter values; for "a county's people by name" that plan bitmap-scans and sorts
        // the whole county (212 ms) where the custom plan reads 51 index entries (0.2 ms).
        // Planning every execution costs ≈ 0.2 ms; decision 0019.
        let mut session: Vec<(&str, String)> =
            vec![("plan_cache_mode", "force_custom_plan".into())];
        if let Some(t) = settings.lock_timeout {
            session.push(("lock_timeout", t.as_millis().to_string()));
        }
        if role == Role::Replica {
            // A standby refuses writes anyway; this also catches a replica URL that points at
            // a writable server, so a query path that writes fails the same way everywhere.
            session.push(("default_transaction_read_only", "on".into()));
        }
        options
            .max_connections(settings.max_connections)
            .connect_timeout(settings.acquire_timeout)
            .acquire_timeout(settings.acquire_timeout)
            .map_sqlx_postgres_opts(move |o| o.options(session.iter().map(|(k, v)| (*k, v))));
        if let Some(timeout) = settings.statement_timeout {
            options.statement_timeout(timeout);
        }
    }
    Database::connect(options).await
}

/// Hands the SQLite writer's page cache back to the allocator (a no-op on PostgreSQL). Called
/// when a large job ends: the next job's workbook then reuses that memory instead of adding
/// to it, and the cache fills again as writes need it.
pub async fn release_writer_cache(write: &DatabaseConnection) {
    if write.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    if let Err(err) = write.execute_unprepared("PRAGMA shrink_memory").await {
        tracing::debug!(error = %err, "the writer's page cache was not released");
    }
}

/// Pool counters for `/metrics`: (connections in use, idle connections).
pub fn usage(pool: &DatabaseConnection) -> (u64, u64) {
    let (size, idle) = match pool.get_database_backend() {
        DbBackend::Sqlite => {
            let p = pool.get_sqlite_connection_pool();
            (p.size(), p.num_idle())
        }
        DbBackend::Postgres => {
            let p = pool.get_postgres_connection_pool();
            (p.size(), p.num_idle())
        }
        _ => (0, 0),
    };
    let idle = idle as u64;
    (u64::from(size).saturating_sub(idle), idle)
}
