//! Writing stored values again in batches: plaintext left by databases older than sealing
//! (at start-up, [`seal_plaintext`]) and values sealed with another key (`tongxin keys rotate`,
//! [`rotate`]). Neither is a change of the record: no audit entry, no new version.

use entity::person_private::{Column as Col, Entity, Model};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use super::{Column, DataKeys};
use crate::error::AppResult;

/// Rows per transaction.
const BATCH: u64 = 500;

/// What a pass wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resealed {
    /// Rows written again.
    pub rows: u64,
    /// Rows changed by someone else between reading and writing (left to their writer).
    pub skipped: u64,
}

/// Seals every ID number and phone still stored in plaintext (a database from before sealing,
/// or a restored backup of one) with the current key, and fills in missing lookup hashes.
/// Idempotent: sealed values with their hashes are left alone, so once done a start-up costs
/// one scan of `person_private` that finds nothing.
pub async fn seal_plaintext(db: &DatabaseConnection, keys: &DataKeys) -> AppResult<Resealed> {
    let done = reseal(db, keys, "v1:%").await?;
    if done.rows > 0 {
        compact(db).await?;
        tracing::info!(
            rows = done.rows,
            "sealed ID numbers and phones that were stored in plaintext"
        );
    }
    Ok(done)
}

/// Rewrites the storage so that the plaintext just replaced does not linger in freed pages:
/// SQLite rebuilds the file (`VACUUM`) and empties its WAL; PostgreSQL rewrites the table
/// (`VACUUM FULL`, which drops the old row versions). Runs once, before serving. Copies made
/// earlier (backups, PostgreSQL's WAL archive) are out of its reach.
async fn compact(db: &DatabaseConnection) -> AppResult<()> {
    let statements: &[&str] = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => &["VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"],
        _ => &["VACUUM FULL person_private"],
    };
    for statement in statements {
        db.execute_unprepared(statement).await?;
    }
    Ok(())
}

/// Seals every value not yet sealed with `keys`' current key with it, and recomputes its lookup
/// hash: the rotation to that key (`keys` opens what the old keys sealed). Resumable: a second
/// run writes only what the first did not.
pub async fn rotate(db: &DatabaseConnection, keys: &DataKeys) -> AppResult<Resealed> {
    let prefix = format!("v1:{}:%", keys.current_id()?);
    reseal(db, keys, &prefix).await
}

/// A value that is there and either is not in the form `like` describes or lacks its hash.
fn stale(column: Col, hash: Col, like: &str) -> SimpleExpr {
    column
        .is_not_null()
        .and(column.not_like(like).or(hash.is_null()))
}

async fn reseal(db: &DatabaseConnection, keys: &DataKeys, like: &str) -> AppResult<Resealed> {
    keys.current_id()?;
    let mut done = Resealed::default();
    let mut after = i64::MIN;
    loop {
        let txn = db.begin().await?;
        let rows = Entity::find()
            .filter(Col::PersonId.gt(after))
            .filter(stale(Col::IdNumber, Col::IdNumberHash, like).or(stale(
                Col::Phone,
                Col::PhoneHash,
                like,
            )))
            .order_by_asc(Col::PersonId)
            .limit(BATCH)
            .all(&txn)
            .await?;
        let Some(last) = rows.last() else {
            txn.commit().await?;
            return Ok(done);
        };
        after = last.person_id;
        for row in &rows {
            if write_again(&txn, keys, row).await? {
                done.rows += 1;
            } else {
                done.skipped += 1;
            }
        }
        txn.commit().await?;
        tracing::debug!(rows = done.rows, after, "resealed a batch");
    }
}

/// A stored value's plaintext: sealed values open with `keys`, anything else is plaintext.
fn plain(
    keys: &DataKeys,
    column: Column,
    row: &Model,
    stored: &Option<String>,
) -> AppResult<Option<String>> {
    match stored.as_deref() {
        Some(value) if value.starts_with("v1:") => {
            keys.open(column, row.person_id, value).map(Some)
        }
        other => Ok(other.map(str::to_owned)),
    }
}

/// Writes `row`'s values again with the current key, unless the row changed since it was read
/// (the guard compares the stored values): then its writer already sealed it.
async fn write_again<C: ConnectionTrait>(db: &C, keys: &DataKeys, row: &Model) -> AppResult<bool> {
    let id_number = plain(keys, Column::IdNumber, row, &row.id_number)?;
    let phone = plain(keys, Column::Phone, row, &row.phone)?;
    let sealed = keys.seal_private(row.person_id, id_number.as_deref(), phone.as_deref(), None)?;
    let same = |column: Col, value: &Option<String>| match value {
        Some(v) => column.eq(v.as_str()),
        None => column.is_null(),
    };
    let result = Entity::update_many()
        .col_expr(Col::IdNumber, Expr::value(sealed.id_number))
        .col_expr(Col::IdNumberHash, Expr::value(sealed.id_number_hash))
        .col_expr(Col::Phone, Expr::value(sealed.phone))
        .col_expr(Col::PhoneHash, Expr::value(sealed.phone_hash))
        .filter(Col::PersonId.eq(row.person_id))
        .filter(same(Col::IdNumber, &row.id_number))
        .filter(same(Col::Phone, &row.phone))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
