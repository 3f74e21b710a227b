//! Whether the database can serve: it answers, and every migration this build knows is applied
//! (on the read replica too, when there is one: queries go there).

use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbErr};

use super::Db;

/// Why the service is not ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// The database does not answer.
    Unreachable,
    /// It answers, but this many migrations are not applied yet.
    MigrationsPending(usize),
    /// The read replica does not answer, or has not replayed this many migrations yet.
    Replica(Box<NotReady>),
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable => f.write_str("database unavailable"),
            Self::MigrationsPending(n) => write!(f, "{n} database migration(s) pending"),
            Self::Replica(reason) => write!(f, "read replica: {reason}"),
        }
    }
}

/// Pings, then compares the applied migrations with the migrator's list (read-only: it never
/// creates the migrations table).
pub async fn check(db: &DatabaseConnection) -> Result<(), NotReady> {
    db.ping().await.map_err(|err| unreachable(&err))?;
    let pending = Migrator::get_pending_migrations_read_only(db)
        .await
        .map_err(|err| unreachable(&err))?;
    if pending.is_empty() {
        Ok(())
    } else {
        Err(NotReady::MigrationsPending(pending.len()))
    }
}

/// [`check`] on the primary, then on the read replica if there is one.
pub async fn check_pools(pools: &Db) -> Result<(), NotReady> {
    check(&pools.read).await?;
    match &pools.replica {
        Some(replica) => check(replica)
            .await
            .map_err(|reason| NotReady::Replica(Box::new(reason))),
        None => Ok(()),
    }
}

fn unreachable(err: &DbErr) -> NotReady {
    tracing::debug!(error = %err, "readiness check: the database does not answer");
    NotReady::Unreachable
}
