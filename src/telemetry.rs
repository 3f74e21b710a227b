//! Logging: `tracing` events to stderr, human-readable or JSON lines, filtered by `RUST_LOG`.

pub mod operation;

use std::io::IsTerminal;

use anyhow::anyhow;
use tracing_subscriber::EnvFilter;

use crate::config::Config;

/// The filter used when `RUST_LOG` is unset or unreadable: our own `info` lines, and only
/// warnings from sqlx (PostgreSQL notices) and the migrator, so a normal start logs little
/// more than where to point a browser.
const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm_migration=warn";

/// Installs the global subscriber. Logs go to stderr so that stdout stays clean for commands
/// whose output is meant for scripts (`tongxin schema`).
pub fn init(config: &Config) -> anyhow::Result<()> {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let json = config.log_json || config.ops.log_format.eq_ignore_ascii_case("json");
    let installed = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
    installed.map_err(|err| anyhow!("could not install the logger: {err}"))
}
