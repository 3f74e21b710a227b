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
    Seed {
        /// About N times the demo: N > 1 adds (N − 1) × 50,000 synthetic people, 50,000
        /// activities and 5,000 enterprises (the report's figures then no longer hold).
        #[arg(long, default_value_t = 1)]
        scale: u32,
    },
    /// Import a CSV or XLSX file (the kind's template) as a named person; all rows or none.
    Import {
        /// The file to import (.csv, .xlsx).
        file: std::path::PathBuf,
        /// What the file holds.
        #[arg(long, value_enum)]
        kind: crate::domain::RecordKind,
        /// Check every row and report every error, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The person running the import, as the audit trail and the job record name them
        /// (`cli:NAME`, with every right). Either this or `--token`.
        #[arg(long = "as", value_name = "NAME", conflicts_with = "token")]
        as_name: Option<String>,
        /// Import as the holder of this API token, with its role and region (env:
        /// TONGXIN_IMPORT_TOKEN, so that it need not appear in the process list).
        #[arg(long, env = "TONGXIN_IMPORT_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Rows (as the spreadsheet numbers them, e.g. 3,7) whose conflicts you accept.
        #[arg(long, value_delimiter = ',')]
        confirm_rows: Vec<u32>,
        /// The date the file's data is as of (YYYY-MM-DD), for files without the version
        /// column: records changed after it are conflicts, not overwritten.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        /// The plan digest a dry run printed: write only if this run would do exactly that.
        #[arg(long)]
        expected_plan: Option<String>,
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
    /// Manage registered GraphQL documents (automatic persisted queries, PUBLIC allow-list).
    Documents {
        #[command(subcommand)]
        action: DocumentsCommand,
    },
    /// Manage the data key that seals ID numbers and phones.
    Keys {
        #[command(subcommand)]
        action: KeysCommand,
    },
}

/// `tongxin keys …`
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Print a new random data key (base64 of 32 bytes) alone on stdout.
    Generate,
    /// Seal every ID number and phone with the key in FILE and recompute their lookup hashes,
    /// in batches of one transaction each; values open with the configured key(s). Then
    /// configure FILE as TONGXIN_DATA_KEY_FILE (README "Operations → Keys").
    Rotate {
        /// The new key (base64 of 32 bytes).
        #[arg(long)]
        new_key_file: std::path::PathBuf,
    },
}

/// `tongxin documents …`
#[derive(Debug, Subcommand)]
pub enum DocumentsCommand {
    /// Register each FILE's text as one document; prints `sha256  FILE` per file.
    Add {
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
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
        /// Limit the token to this region subtree (6, 9 or 12-digit code); required for EDITOR.
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
        default_value = "sqlite://tongxin.db?mode=rwc",
        hide_env_values = true
    )]
    pub database_url: String,
    /// PostgreSQL read replica (hot standby) for GraphQL queries: `postgres://…`. Mutations,
    /// subscriptions, sign-in and the access log stay on `DATABASE_URL` (the primary).
    #[arg(long, env = "DATABASE_REPLICA_URL", hide_env_values = true)]
    pub database_replica_url: Option<String>,
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
    /// Subscriptions one WebSocket connection may hold open at once.
    #[arg(long, env = "TONGXIN_MAX_SUBSCRIPTIONS", default_value_t = 10)]
    pub max_subscriptions: usize,
    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "TONGXIN_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
    #[command(flatten)]
    pub jwt: JwtConfig,
    #[command(flatten)]
    pub ops: Operations,
    #[command(flatten)]
    pub limits: RequestLimits,
    #[command(flatten)]
    pub keys: DataKeyConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://tongxin.db?mode=rwc".into(),
            database_replica_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            auto_migrate: true,
            auto_seed: true,
            max_page_size: 100,
            max_subscriptions: 10,
            log_json: false,
            jwt: JwtConfig {
                jwt_role_claim: "role".into(),
                jwt_region_claim: "region".into(),
                jwt_leeway_seconds: 30,
                ..Default::default()
            },
            ops: Operations::default(),
            limits: RequestLimits::default(),
            keys: DataKeyConfig::default(),
        }
    }
}

// ---- Data keys: ID numbers and phones sealed at rest (README "Operations → Keys"; decision 0025) ----

/// The key that seals ID numbers and phones in the database, and the one before it during a
/// rotation. Each key is base64 of 32 random bytes (`tongxin keys generate`); a file holds one.
#[derive(Debug, Clone, Default, Args)]
pub struct DataKeyConfig {
    /// File holding the data key (base64 of 32 bytes). Required in production.
    #[arg(long, env = "TONGXIN_DATA_KEY_FILE", hide_env_values = true)]
    pub data_key_file: Option<std::path::PathBuf>,
    /// The data key itself (base64 of 32 bytes), instead of a file.
    #[arg(long, env = "TONGXIN_DATA_KEY", hide_env_values = true)]
    pub data_key: Option<String>,
    /// File holding the previous data key: values it sealed still open (and match lookups)
    /// until `tongxin keys rotate` has sealed them with the current one.
    #[arg(long, env = "TONGXIN_DATA_KEY_PREVIOUS_FILE", hide_env_values = true)]
    pub data_key_previous_file: Option<std::path::PathBuf>,
    /// The previous data key itself (base64 of 32 bytes), instead of a file.
    #[arg(long, env = "TONGXIN_DATA_KEY_PREVIOUS", hide_env_values = true)]
    pub data_key_previous: Option<String>,
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
    /// A request's whole body must arrive within this time (ms) of its header; a byte now and
    /// then does not extend it.
    #[arg(long, env = "TONGXIN_BODY_READ_TIMEOUT_MS", default_value_t = 30_000)]
    pub body_read_timeout_ms: u64,
    /// Connections one client address may hold open at once (0 = any number). Behind a
    /// reverse proxy every client has the proxy's address: raise it, or set 0 and cap there.
    #[arg(
        long,
        env = "TONGXIN_MAX_CONNECTIONS_PER_CLIENT",
        default_value_t = 128
    )]
    pub max_connections_per_client: usize,
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
    /// One tracing span per resolved GraphQL field, for detailed traces. Off by default: a
    /// page of 50 nested records resolves about a thousand fields, and their spans cost more
    /// CPU than the SQL (docs/performance.md). Operation spans are always recorded.
    #[arg(long, env = "TONGXIN_TRACE_FIELDS", default_value_t = false, action = clap::ArgAction::Set)]
    pub trace_fields: bool,
    /// Serve `/metrics` on this address too (a private interface, e.g. `10.0.0.5:9090`).
    #[arg(long, env = "TONGXIN_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Bearer token `/metrics` asks for (16+ characters). Without it the main listener does
    /// not serve `/metrics` at all.
    #[arg(long, env = "TONGXIN_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

impl Default for Operations {
    fn default() -> Self {
        Self {
            header_read_timeout_ms: 10_000,
            body_read_timeout_ms: 30_000,
            max_connections_per_client: 128,
            idle_timeout_ms: 60_000,
            shutdown_timeout_ms: 20_000,
            db_max_connections: 16,
            db_acquire_timeout_ms: 2_500,
            sqlite_busy_timeout_ms: 5_000,
            pg_statement_timeout_ms: 30_000,
            pg_lock_timeout_ms: 5_000,
            db_connect_retry_ms: 0,
            log_format: "text".into(),
            trace_fields: false,
            metrics_addr: None,
            metrics_token: None,
        }
    }
}

// ---- Request limits, GraphQL-over-HTTP and exposure (README "Operations → Limits"; decision 0012) ----

/// `development` (default) or `production`: production hides introspection and GraphiQL
/// from the PUBLIC role whatever the other settings say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    #[default]
    Development,
    Production,
}

/// Limits on what one request may ask for, and on how often and how many at once.
/// Every one is refused with code LIMIT_EXCEEDED and a message naming it.
#[derive(Debug, Clone, Args)]
pub struct RequestLimits {
    /// `development` or `production`.
    #[arg(long, env = "TONGXIN_MODE", value_enum, default_value_t = Mode::Development)]
    pub mode: Mode,
    /// Largest GraphQL document (bytes of the query text).
    #[arg(long, env = "TONGXIN_MAX_DOCUMENT_BYTES", default_value_t = 32 * 1024)]
    pub max_document_bytes: usize,
    /// Most tokens in a document (names, punctuators, values).
    #[arg(long, env = "TONGXIN_MAX_TOKENS", default_value_t = 5_000)]
    pub max_tokens: usize,
    /// Most fragment definitions in a document.
    #[arg(long, env = "TONGXIN_MAX_FRAGMENTS", default_value_t = 64)]
    pub max_fragments: usize,
    /// Most fields selected once fragments are expanded.
    #[arg(long, env = "TONGXIN_MAX_SELECTIONS", default_value_t = 2_000)]
    pub max_selections: usize,
    /// Deepest field nesting (a connection hop adds two levels: edges and node).
    #[arg(long, env = "TONGXIN_MAX_DEPTH", default_value_t = 13)]
    pub max_depth: usize,
    /// Highest complexity: each field costs 1, times the page sizes of the connections above.
    #[arg(long, env = "TONGXIN_MAX_COMPLEXITY", default_value_t = 50_000)]
    pub max_complexity: usize,
    /// Most aliases plus `__typename` fields, fragments expanded.
    #[arg(long, env = "TONGXIN_MAX_ALIASES", default_value_t = 64)]
    pub max_aliases: usize,
    /// Most directives on one field, fragment spread or inline fragment.
    #[arg(long, env = "TONGXIN_MAX_DIRECTIVES_PER_FIELD", default_value_t = 4)]
    pub max_directives_per_field: usize,
    /// Most operations in one batch (a JSON array) for authenticated callers.
    #[arg(long, env = "TONGXIN_MAX_BATCH", default_value_t = 10)]
    pub max_batch: usize,
    /// Most operations in one batch for the PUBLIC role.
    #[arg(long, env = "TONGXIN_MAX_BATCH_PUBLIC", default_value_t = 1)]
    pub max_batch_public: usize,
    /// Longest a request may execute (ms) before it is cut off.
    #[arg(long, env = "TONGXIN_REQUEST_TIMEOUT_MS", default_value_t = 15_000)]
    pub request_timeout_ms: u64,
    /// Most GraphQL requests being handled at once; past it, 503 at once.
    #[arg(long, env = "TONGXIN_MAX_IN_FLIGHT", default_value_t = 256)]
    pub max_in_flight: usize,
    /// Requests per minute per token (or per client address without one); 0 = no limit.
    #[arg(long, env = "TONGXIN_RATE_LIMIT_PER_MINUTE", default_value_t = 600)]
    pub rate_limit_per_minute: u32,
    /// Serve introspection (`__schema`, `__type`); production never serves it to PUBLIC.
    #[arg(long, env = "TONGXIN_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
    /// Serve GraphiQL at `GET /graphql`; production never serves it.
    #[arg(long, env = "TONGXIN_GRAPHIQL", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphiql: bool,
    /// Origins allowed to call the API from a browser (comma-separated); none = no CORS headers.
    #[arg(long, env = "TONGXIN_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// PUBLIC may only run registered documents (`tongxin documents add FILE`).
    #[arg(long, env = "TONGXIN_PUBLIC_ALLOW_LIST", default_value_t = false, action = clap::ArgAction::Set)]
    pub public_allow_list: bool,
    /// Automatic persisted queries: how many documents the in-memory cache keeps (0 = off).
    #[arg(long, env = "TONGXIN_APQ_CACHE_SIZE", default_value_t = 1_000)]
    pub apq_cache_size: usize,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            mode: Mode::Development,
            max_document_bytes: 32 * 1024,
            max_tokens: 5_000,
            max_fragments: 64,
            max_selections: 2_000,
            max_depth: 13,
            max_complexity: 50_000,
            max_aliases: 64,
            max_directives_per_field: 4,
            max_batch: 10,
            max_batch_public: 1,
            request_timeout_ms: 15_000,
            max_in_flight: 256,
            rate_limit_per_minute: 600,
            introspection: true,
            graphiql: true,
            cors_origins: Vec::new(),
            public_allow_list: false,
            apq_cache_size: 1_000,
        }
    }
}

/// JWT settings (all from configuration).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct JwtConfig {
    /// Expected `iss` of JWTs; JWTs are refused unless issuer and audience are set.
    #[arg(long, env = "TONGXIN_JWT_ISSUER")]
    pub jwt_issuer: Option<String>,
    /// Expected `aud` of JWTs.
    #[arg(long, env = "TONGXIN_JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,
    /// PEM file with the provider's RSA (RS256) or Ed25519 (EdDSA) public key.
    #[arg(long, env = "TONGXIN_JWT_PUBLIC_KEY_FILE", hide_env_values = true)]
    pub jwt_public_key_file: Option<std::path::PathBuf>,
    /// JWKS file with the provider's public keys (chosen by `kid`).
    #[arg(long, env = "TONGXIN_JWT_JWKS_FILE", hide_env_values = true)]
    pub jwt_jwks_file: Option<std::path::PathBuf>,
    /// Shared secret for HS256 (at least 32 bytes); only when the provider cannot sign otherwise.
    #[arg(long, env = "TONGXIN_JWT_HS256_SECRET", hide_env_values = true)]
    pub jwt_hs256_secret: Option<String>,
    /// Claim holding the role (PUBLIC, VIEWER, ANALYST, EDITOR, ADMIN).
    #[arg(long, env = "TONGXIN_JWT_ROLE_CLAIM", default_value = "role")]
    pub jwt_role_claim: String,
    /// Claim holding the region scope (a region code); absent means the whole city, which an
    /// EDITOR may not have (such a JWT is refused).
    #[arg(long, env = "TONGXIN_JWT_REGION_CLAIM", default_value = "region")]
    pub jwt_region_claim: String,
    /// Clock leeway in seconds for `exp` and `nbf`.
    #[arg(long, env = "TONGXIN_JWT_LEEWAY_SECONDS", default_value_t = 30)]
    pub jwt_leeway_seconds: u64,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn help_never_shows_a_key_value() {
        use clap::CommandFactory;
        let command = Cli::command();
        for id in ["data_key", "data_key_previous"] {
            let arg = command.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert!(arg.is_hide_env_values_set(), "{id}");
        }
    }

    /// Settings whose value may hold a secret (a password in a URL, a key, a token), by the
    /// words of their variable's name (`TONGXIN_MAX_TOKENS` is a count, not a token).
    fn may_hold_a_secret(env: &str) -> bool {
        env.split('_')
            .any(|word| ["URL", "SECRET", "TOKEN", "KEY", "PASSWORD", "JWKS"].contains(&word))
    }

    #[test]
    fn help_hides_the_values_of_secret_settings() {
        use clap::CommandFactory;
        let command = Cli::command();
        let mut checked = 0;
        for arg in command.get_arguments() {
            let Some(env) = arg.get_env().and_then(|e| e.to_str()) else {
                continue;
            };
            if may_hold_a_secret(env) {
                assert!(arg.is_hide_env_values_set(), "--help would print {env}");
                checked += 1;
            }
        }
        assert!(checked >= 5, "found only {checked} secret settings");
    }
}
