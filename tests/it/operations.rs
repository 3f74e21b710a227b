//! Serving and operations: slow clients, SIGTERM, readiness, metrics, a lost database.

pub mod binary;
mod health;
mod help_secrets;
mod metrics;
mod pg_down;
mod serving;
mod shutdown;
mod startup;
mod telemetry;

/// A read-write-create SQLite URL for `path`.
fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}
