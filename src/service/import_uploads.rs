//! The file an import job was started with, kept so that the caller can download it annotated
//! with the job's errors. It holds personal data (ID numbers, phones, names), so it is sealed
//! with the data key, bound to its job (a sealed file copied to another job's row does not
//! open), bounded in size, and kept no longer than it can serve:
//!
//! - a job that finishes with errors or warnings keeps its file for [`RETENTION`] after it
//!   finished (time to fix the file and try again);
//! - a job that finishes without any, is cancelled, or whose file could not be read, loses it
//!   as it finishes: there is nothing to annotate;
//! - a file is stored with the same deadline counted from the upload, so one whose job never
//!   finished (the process died) expires too. Expired files are deleted by [`sweep`], which
//!   runs when a job starts, when a workbook is asked for, and every hour.

use chrono::Utc;
use entity::import_upload;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::sealed::DataKeys;
use crate::error::AppResult;

/// How long after its job finished a file with errors is kept.
pub const RETENTION: chrono::TimeDelta = chrono::TimeDelta::days(7);
/// The largest file kept: the largest an import accepts.
pub const MAX_KEPT_BYTES: usize = 32 * 1024 * 1024;

/// What the sealed file is bound to.
fn binding(job: i64) -> String {
    format!("import_upload:{job}")
}

/// Keeps `bytes` sealed for `job`; `false` when the file is larger than [`MAX_KEPT_BYTES`]
/// and was not kept.
pub async fn keep<C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    job: i64,
    bytes: &[u8],
) -> AppResult<bool> {
    if bytes.len() > MAX_KEPT_BYTES {
        return Ok(false);
    }
    let (key_id, sealed) = keys.seal_file(&binding(job), bytes)?;
    import_upload::ActiveModel {
        job_id: Set(job),
        key_id: Set(key_id),
        sealed: Set(sealed),
        size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
        expires_at: Set(Utc::now() + RETENTION),
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// The job finished: its file is kept for [`RETENTION`] from now when `annotatable`, and
/// deleted otherwise.
pub async fn job_finished<C: ConnectionTrait>(
    db: &C,
    job: i64,
    annotatable: bool,
) -> AppResult<()> {
    if annotatable {
        import_upload::Entity::update_many()
            .col_expr(
                import_upload::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(Utc::now() + RETENTION),
            )
            .filter(import_upload::Column::JobId.eq(job))
            .exec(db)
            .await?;
    } else {
        import_upload::Entity::delete_by_id(job).exec(db).await?;
    }
    Ok(())
}

/// The file of `job`, opened; `None` when it was not kept or has expired.
pub async fn open<C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    job: i64,
) -> AppResult<Option<Vec<u8>>> {
    let Some(row) = import_upload::Entity::find_by_id(job)
        .filter(import_upload::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    keys.open_file(&binding(job), &row.key_id, &row.sealed)
        .map(Some)
}

/// Deletes every expired file; returns how many.
pub async fn sweep<C: ConnectionTrait>(db: &C) -> AppResult<u64> {
    let deleted = import_upload::Entity::delete_many()
        .filter(import_upload::Column::ExpiresAt.lte(Utc::now()))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}
