//! Generic writes every entity shares: create, versioned update, soft delete and restore (also
//! by API id, in `removal`). Each runs on the caller's connection or transaction and writes its
//! audit entry there too.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, IntoActiveModel,
    Iterable, ModelTrait, QueryFilter, SqlErr, Value,
};
use serde::Serialize;

use super::audit::{self, Actor};
use crate::db::table::Table;
use crate::error::{AppError, AppResult, FieldError, UserErrorCode};

mod patching;
pub mod record;
mod removal;

pub use patching::{Patch, Update};
pub use record::{Filled, InOwnRegion, OwnerRegion, Record};
pub use removal::{InRegion, parent_not_deleted};

/// What a generic write needs of an entity's model and active model.
pub trait Writable:
    Table<
        Model: IntoActiveModel<Self::ActiveModel> + Serialize + Sync + Clone,
        ActiveModel: ActiveModelTrait<Entity = Self> + ActiveModelBehavior + Send,
    >
{
}

impl<E> Writable for E where
    E: Table<
            Model: IntoActiveModel<E::ActiveModel> + Serialize + Sync + Clone,
            ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        >
{
}

fn version_of<E: Table>(model: &E::Model) -> i32 {
    match model.get(E::version()) {
        Value::Int(Some(v)) => v,
        _ => 0,
    }
}

/// A unique index refused the row: said as a user error (the service pre-checks the common
/// cases with better messages; this covers races).
fn duplicate(err: DbErr) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Invalid(vec![FieldError::new(
            &["input"],
            UserErrorCode::Duplicate,
            "a record with the same unique value already exists",
            "已存在相同唯一值的记录",
        )]),
        _ => err.into(),
    }
}

/// The bookkeeping of a new row: created and updated now, version 1, not deleted.
fn stamp_new<E: Writable>(row: &mut E::ActiveModel, now: DateTime<Utc>) {
    row.set(E::created_at(), now.into());
    row.set(E::updated_at(), now.into());
    row.set(E::version(), 1i32.into());
    row.set(E::deleted_at(), Option::<DateTime<Utc>>::None.into());
}

/// Inserts a new row (version 1) and audits it.
pub async fn create<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    mut row: E::ActiveModel,
) -> AppResult<E::Model> {
    stamp_new::<E>(&mut row, Utc::now());
    let model = row.insert(db).await.map_err(duplicate)?;
    audit::record::<E, _, _>(db, actor, "CREATE", None, Some(&model)).await?;
    super::search::sync::<E, _>(db, &model).await?;
    Ok(model)
}

/// [`create`] for many rows in a few multi-row statements: the rows, their CREATE audit
/// entries and their search terms. Returns the models in the order of `rows`. A unique index
/// refusing any row fails the whole call (the caller then writes row by row to say which).
pub async fn create_many<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    rows: Vec<E::ActiveModel>,
) -> AppResult<Vec<E::Model>> {
    let models = insert_many::<E, C>(db, rows).await?;
    recorded::<E, C>(db, actor, &models).await?;
    Ok(models)
}

/// The CREATE audit entries and the search terms of rows [`insert_many`] wrote. The two are
/// built and written side by side: while the database runs one's statement, the other's
/// entries are computed (on SQLite the statement runs on its connection's own thread).
pub async fn recorded<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    models: &[E::Model],
) -> AppResult<()> {
    futures_util::try_join!(
        audit::record_created::<E, _, _>(db, actor, models),
        super::search::add::<E, _>(db, models),
    )?;
    Ok(())
}

/// Inserts new rows (version 1) in a few multi-row statements, without their audit entries
/// and search terms ([`recorded`] writes those). Returns the models in the order of `rows`.
pub async fn insert_many<E: Writable, C: ConnectionTrait>(
    db: &C,
    rows: Vec<E::ActiveModel>,
) -> AppResult<Vec<E::Model>> {
    // At most this many bind parameters a statement: under SQLite's limit (32,766) and
    // PostgreSQL's (65,535) whatever the table.
    const PARAMETERS: usize = 30_000;
    let now = Utc::now();
    let per_statement = (PARAMETERS / E::Column::iter().count().max(1)).max(1);
    let mut models = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let part: Vec<E::ActiveModel> = rows
            .by_ref()
            .take(per_statement)
            .map(|mut row| {
                stamp_new::<E>(&mut row, now);
                row
            })
            .collect();
        let count = part.len();
        let mut inserted = E::insert_many(part)
            .exec_with_returning(db)
            .await
            .map_err(duplicate)?;
        // Keys are assigned in the order of the VALUES list; RETURNING's order is not promised.
        inserted.sort_by_key(|model| match model.get(E::key_column()) {
            Value::BigInt(Some(key)) => key,
            Value::Int(Some(key)) => i64::from(key),
            _ => 0,
        });
        if inserted.len() != count {
            return Err(AppError::Internal(format!(
                "{count} rows inserted, {} returned",
                inserted.len()
            )));
        }
        models.extend(inserted);
    }
    Ok(models)
}

/// Writes the `Set` fields of `changes` over `before` if the row is still at
/// `expected_version`, bumping the version; VERSION_CONFLICT otherwise, never an overwrite.
pub async fn update<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    operation: &str,
    before: &E::Model,
    expected_version: i32,
    changes: E::ActiveModel,
) -> AppResult<E::Model> {
    let after = update_unaudited::<E, C>(db, before, expected_version, changes).await?;
    audit::record::<E, _, _>(db, actor, operation, Some(before), Some(&after)).await?;
    Ok(after)
}

/// [`update`] for a caller that writes its own audit entry (a merge lists everything it moved
/// in one entry).
pub async fn update_unaudited<E: Writable, C: ConnectionTrait>(
    db: &C,
    before: &E::Model,
    expected_version: i32,
    mut changes: E::ActiveModel,
) -> AppResult<E::Model> {
    let current = version_of::<E>(before);
    if current != expected_version {
        return Err(AppError::VersionConflict { current });
    }
    let key = before.get(E::key_column());
    changes.set(E::version(), expected_version.saturating_add(1).into());
    changes.set(E::updated_at(), Utc::now().into());
    // The version guard in the WHERE clause makes the check and the write one atomic step.
    let result = E::update_many()
        .set(changes)
        .filter(E::key_column().eq(key.clone()))
        .filter(E::version().eq(expected_version))
        .exec(db)
        .await
        .map_err(duplicate)?;
    let after = E::find()
        .filter(E::key_column().eq(key))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("the {} no longer exists", E::TYPE_NAME)))?;
    if result.rows_affected == 0 {
        return Err(AppError::VersionConflict {
            current: version_of::<E>(&after),
        });
    }
    // Deletes and restores come through here too: the index follows `deleted_at`.
    super::search::sync::<E, _>(db, &after).await?;
    Ok(after)
}

/// Soft-deletes a live row: it disappears from queries and can be restored.
pub async fn soft_delete<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    before: &E::Model,
    expected_version: i32,
) -> AppResult<E::Model> {
    let mut changes = before.clone().into_active_model();
    changes.set(E::deleted_at(), Some(Utc::now()).into());
    update::<E, C>(db, actor, "DELETE", before, expected_version, changes).await
}

/// Restores a soft-deleted row.
pub async fn restore<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    before: &E::Model,
) -> AppResult<E::Model> {
    let mut changes = before.clone().into_active_model();
    changes.set(E::deleted_at(), Option::<DateTime<Utc>>::None.into());
    update::<E, C>(
        db,
        actor,
        "RESTORE",
        before,
        version_of::<E>(before),
        changes,
    )
    .await
}

/// A live row by key, or NOT_FOUND.
pub async fn get_live<E: Table, C: ConnectionTrait>(
    db: &C,
    key: impl Into<Value>,
) -> AppResult<E::Model> {
    E::live()
        .filter(E::key_column().eq(key))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no live {} has that id", E::TYPE_NAME)))
}

/// A soft-deleted row by key, or NOT_FOUND (live rows are not "deleted").
pub async fn get_deleted<E: Table, C: ConnectionTrait>(
    db: &C,
    key: impl Into<Value>,
) -> AppResult<E::Model> {
    E::find()
        .filter(E::key_column().eq(key))
        .filter(E::deleted_at().is_not_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no deleted {} has that id", E::TYPE_NAME)))
}
