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

/// [`announce`] for many entries in one statement (an import's multi-row writes).
pub async fn announce_many(db: &impl ConnectionTrait, audit_ids: &[i64]) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres || audit_ids.is_empty() {
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, id::text) FROM unnest($2::bigint[]) AS id",
        [CHANNEL.into(), audit_ids.to_vec().into()],
    ))
    .await?;
    Ok(())
}
