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
        }
    }
}
