//! One typed configuration, read once at start-up from flags and environment variables.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

/// Tongxin (同心): GraphQL data platform for a city's united-front network directory.
#[derive(Debug, Parser)]
#[command(name = "tongxin", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API (the default).
    Serve,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Apply pending database migrations.
    Migrate,
    /// Load the demo dataset into the database (refused if it already holds data).
    Seed,
    /// Import a CSV or XLSX file (the kind's template) as `system`; all rows or none.
    Import {
        /// The file to import (.csv, .xlsx).
        file: std::path::PathBuf,
        /// What the file holds.
        #[arg(long, value_enum)]
        kind: crate::service::bulk::RecordKind,
        /// Check every row and report every error, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a consistent copy of the (SQLite) database to FILE while it serves.
    Backup {
        /// The new file (it must not exist).
        file: std::path::PathBuf,
    },
    /// Restore a `tongxin backup` FILE into the configured database, which must be empty.
    Restore {
        /// The backup file.
        file: std::path::PathBuf,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
}

/// `tongxin token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a token and print it alone on stdout (it is shown only this once).
    Create {
        /// Who or what uses the token; audit entries show it.
        #[arg(long)]
        name: String,
        /// PUBLIC, VIEWER, ANALYST, EDITOR or ADMIN.
        #[arg(long)]
        role: String,
        /// Limit the token to this region subtree (6, 9 or 12-digit code).
        #[arg(long)]
        region: Option<String>,
        /// Expiry, RFC 3339 (`2026-12-31T23:59:59+08:00`) or a number of days (`90d`).
        #[arg(long)]
        expires: Option<String>,
    },
    /// Revoke a token by its number (see the `apiTokens` query).
    Revoke {
        #[arg(long)]
        id: i64,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database URL: `sqlite://FILE?mode=rwc` or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://tongxin.db?mode=rwc"
    )]
    pub database_url: String,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "TONGXIN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Apply pending migrations when the server starts.
    #[arg(long, env = "TONGXIN_AUTO_MIGRATE", default_value_t = true, action = clap::ArgAction::Set)]
    pub auto_migrate: bool,
    /// Load the demo dataset when the server starts on an empty database.
    #[arg(long, env = "TONGXIN_AUTO_SEED", default_value_t = true, action = clap::ArgAction::Set)]
    pub auto_seed: bool,
    /// Largest page a connection may return (`first`/`last`); larger requests are refused.
    #[arg(long, env = "TONGXIN_MAX_PAGE_SIZE", default_value_t = 100)]
    pub max_page_size: usize,
    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "TONGXIN_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
    #[command(flatten)]
    pub jwt: crate::auth::jwt::JwtConfig,
    #[command(flatten)]
    pub ops: Operations,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://tongxin.db?mode=rwc".into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            auto_migrate: true,
            auto_seed: true,
            max_page_size: 100,
            log_json: false,
            jwt: crate::auth::jwt::JwtConfig {
                jwt_role_claim: "role".into(),
                jwt_region_claim: "region".into(),
                jwt_leeway_seconds: 30,
                ..Default::default()
            },
            ops: Operations::default(),
        }
    }
}

// ---- Serving, database pools and operations (README "Operations"; decision 0013) ----

/// How the server treats connections, the database pools, shutdown and logs. Durations are
/// in milliseconds so that tests can use small ones.
#[derive(Debug, Clone, Args)]
pub struct Operations {
    /// A client must send a request's whole header within this time (ms); idle HTTP/1
    /// keep-alive connections are closed after it too.
    #[arg(long, env = "TONGXIN_HEADER_READ_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_read_timeout_ms: u64,
    /// A request body must arrive within this time (ms).
    #[arg(long, env = "TONGXIN_BODY_READ_TIMEOUT_MS", default_value_t = 30_000)]
    pub body_read_timeout_ms: u64,
    /// A connection with no request in flight for this long (ms) is closed.
    #[arg(long, env = "TONGXIN_IDLE_TIMEOUT_MS", default_value_t = 60_000)]
    pub idle_timeout_ms: u64,
    /// On SIGTERM, in-flight requests get this long (ms) to finish before the server exits.
    #[arg(long, env = "TONGXIN_SHUTDOWN_TIMEOUT_MS", default_value_t = 20_000)]
    pub shutdown_timeout_ms: u64,
    /// Read pool size (PostgreSQL: the whole pool). SQLite writes use one more connection.
    #[arg(long, env = "TONGXIN_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,
    /// How long (ms) a request waits for a pooled connection before failing with UNAVAILABLE.
    #[arg(long, env = "TONGXIN_DB_ACQUIRE_TIMEOUT_MS", default_value_t = 2_500)]
    pub db_acquire_timeout_ms: u64,
    /// SQLite: how long (ms) a statement waits for a lock before SQLITE_BUSY.
    #[arg(long, env = "TONGXIN_SQLITE_BUSY_TIMEOUT_MS", default_value_t = 5_000)]
    pub sqlite_busy_timeout_ms: u64,
    /// PostgreSQL `statement_timeout` (ms, 0 = none).
    #[arg(
        long,
        env = "TONGXIN_PG_STATEMENT_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    pub pg_statement_timeout_ms: u64,
    /// PostgreSQL `lock_timeout` (ms, 0 = none).
    #[arg(long, env = "TONGXIN_PG_LOCK_TIMEOUT_MS", default_value_t = 5_000)]
    pub pg_lock_timeout_ms: u64,
    /// At start, keep retrying an unreachable database this long (ms, 0 = forever).
    #[arg(long, env = "TONGXIN_DB_CONNECT_RETRY_MS", default_value_t = 0)]
    pub db_connect_retry_ms: u64,
    /// `text` (default) or `json` log lines.
    #[arg(long, env = "TONGXIN_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
}

impl Default for Operations {
    fn default() -> Self {
        Self {
            header_read_timeout_ms: 10_000,
            body_read_timeout_ms: 30_000,
            idle_timeout_ms: 60_000,
            shutdown_timeout_ms: 20_000,
            db_max_connections: 16,
            db_acquire_timeout_ms: 2_500,
            sqlite_busy_timeout_ms: 5_000,
            pg_statement_timeout_ms: 30_000,
            pg_lock_timeout_ms: 5_000,
            db_connect_retry_ms: 0,
            log_format: "text".into(),
        }
    }
}
