//! Waiting for the database at start-up, and telling a lost database from other failures.

use std::time::{Duration, Instant};

use sea_orm::{DatabaseConnection, DbErr, RuntimeErr};

/// Pings `db` until it answers, backing off from 200 ms to 5 s and logging each wait.
/// Gives up after `budget` (`None`: never) with the last error.
pub async fn wait_for(db: &DatabaseConnection, budget: Option<Duration>) -> Result<(), DbErr> {
    let started = Instant::now();
    let mut delay = Duration::from_millis(200);
    loop {
        match db.ping().await {
            Ok(()) => {
                if started.elapsed() > delay {
                    tracing::info!(
                        waited_ms = started.elapsed().as_millis(),
                        "the database is reachable"
                    );
                }
                return Ok(());
            }
            Err(err) if budget.is_some_and(|b| started.elapsed() + delay > b) => return Err(err),
            Err(err) => {
                tracing::warn!(
                    error = %err,
                    retry_in_ms = delay.as_millis(),
                    "waiting for the database"
                );
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

pub use crate::error::is_unavailable;

/// Whether `err` is a PostgreSQL serialization failure or deadlock (40001, 40P01): the
/// transaction did nothing and may be run again.
pub fn is_retryable_conflict(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error;
    let (DbErr::Exec(RuntimeErr::SqlxError(sqlx))
    | DbErr::Query(RuntimeErr::SqlxError(sqlx))
    | DbErr::Conn(RuntimeErr::SqlxError(sqlx))) = err
    else {
        return false;
    };
    match sqlx.as_ref() {
        Error::Database(db) => db
            .code()
            .is_some_and(|code| code == "40001" || code == "40P01"),
        _ => false,
    }
}
