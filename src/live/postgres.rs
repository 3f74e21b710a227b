//! PostgreSQL: changes announced with NOTIFY, heard with LISTEN, across every process.

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};

/// The notification channel; the payload is the audit entry's id.
pub const CHANNEL: &str = "tongxin_changes";

/// Announces an audit entry inside the writing transaction. PostgreSQL delivers the
/// notification when (and only if) the transaction commits. SQLite needs nothing here.
pub async fn announce(db: &impl ConnectionTrait, audit_id: i64) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), audit_id.to_string().into()],
    ))
    .await?;
    Ok(())
}
