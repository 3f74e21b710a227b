//! `importRecords`: a spreadsheet uploaded with the GraphQL multipart request, imported as a
//! background job (checked row by row, written all-or-nothing); the payload holds the job and,
//! when it finishes within the wait the caller allows, its result.

use std::io::Read;
use std::time::Duration;

use async_graphql::{Context, InputObject, Object, Result, ResultExt, SimpleObject, Upload};

use crate::error::AppError;
use crate::graphql::import_jobs::ImportJob;
use crate::graphql::mutation::{Locale, actor};
use crate::service::bulk::{self, ImportReport, RecordKind};
use crate::service::import_jobs::{self, NewJob};

/// The largest file `importRecords` reads.
pub const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

/// A spreadsheet to import: the kind's template (Chinese headers), as CSV or XLSX.
#[derive(InputObject)]
pub struct ImportRecordsInput {
    /// What the file holds.
    pub kind: RecordKind,
    /// The file, sent as a GraphQL multipart upload.
    pub file: Upload,
    /// Check every row and report every error, but write nothing.
    #[graphql(default)]
    pub dry_run: bool,
    /// How long to wait for the job to finish before answering (at most 10 s): the payload's
    /// `result` is set when it did. 0 answers at once; follow the job with `importJob` or
    /// the `importJobProgress` subscription.
    #[graphql(default = 10)]
    pub wait_seconds: i32,
}

/// The longest `waitSeconds`: well inside the request time limit.
pub const MAX_WAIT_SECONDS: i32 = 10;

/// The started job, and its result when it finished within the wait.
#[derive(SimpleObject)]
pub struct ImportRecordsPayload {
    pub job: ImportJob,
    /// The import's result; null while the job is still queued or running.
    pub result: Option<ImportResult>,
}

/// One problem with one row of an imported file.
#[derive(SimpleObject, Debug, Clone)]
pub struct ImportError {
    /// The row number a spreadsheet program shows: the header is row 1, data starts on row 2.
    pub row: i32,
    /// The column header; null when the problem is with the row as a whole.
    pub column: Option<String>,
    /// Stable machine-readable code, e.g. `CREDIT_CODE_CHECKSUM`, `INVALID_ENUM`, `REQUIRED`.
    pub code: String,
    /// Message in the caller's language (`Accept-Language`).
    pub message: String,
}

/// What an import did, or, for a dry run or a file with errors, would have done.
#[derive(SimpleObject, Debug, Clone)]
pub struct ImportResult {
    /// Data rows read (blank rows are skipped).
    pub total: i32,
    /// Records created.
    pub created: i32,
    /// Existing records (matched by natural key) changed.
    pub updated: i32,
    /// Existing records that already held the row's values.
    pub unchanged: i32,
    /// Rows with at least one error.
    pub failed: i32,
    /// Every problem found, in row order; nothing is written when there is any.
    pub errors: Vec<ImportError>,
    /// True when the input asked for a dry run.
    pub dry_run: bool,
    /// True when the changes were committed (not a dry run, no errors).
    pub written: bool,
    /// The request id carried by the audit entries of this import.
    pub request_id: String,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl ImportResult {
    pub(crate) fn new(report: ImportReport, locale: Locale) -> Self {
        Self {
            total: count(report.total),
            created: count(report.created),
            updated: count(report.updated),
            unchanged: count(report.unchanged),
            failed: count(report.failed),
            errors: report
                .errors
                .into_iter()
                .map(|e| ImportError {
                    row: i32::try_from(e.row).unwrap_or(i32::MAX),
                    column: e.column,
                    code: e.code,
                    message: if locale == Locale::En { e.en } else { e.zh },
                })
                .collect(),
            dry_run: report.dry_run,
            written: report.written,
            request_id: report.request_id,
        }
    }
}

#[derive(Default)]
pub struct BulkMutation;

#[Object]
impl BulkMutation {
    /// Starts an import job for a spreadsheet of people, organizations, activities or
    /// pairings. Rows are matched to existing records by natural key and created, updated or
    /// left unchanged; the whole file is written, or nothing when any row fails or the job is
    /// cancelled. Other editors keep working while it runs.
    async fn import_records(
        &self,
        ctx: &Context<'_>,
        input: ImportRecordsInput,
    ) -> Result<ImportRecordsPayload> {
        let actor = actor(ctx);
        bulk::import::may_import(&actor).extend()?;
        let upload = input
            .file
            .value(ctx)
            .map_err(|e| AppError::bad_input(format!("the uploaded file cannot be read: {e}")))
            .extend()?;
        let file_name = upload.filename.clone();
        let bytes = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            upload
                .into_read()
                .take(MAX_IMPORT_BYTES + 1)
                .read_to_end(&mut bytes)?;
            Ok(bytes)
        })
        .await
        .map_err(|e| AppError::Internal(format!("reading the upload failed: {e}")))
        .extend()?
        .map_err(|e| AppError::bad_input(format!("the uploaded file cannot be read: {e}")))
        .extend()?;
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            return Err(AppError::LimitExceeded(format!(
                "the file is larger than {} MiB; split it",
                MAX_IMPORT_BYTES / 1024 / 1024
            )))
            .extend();
        }
        let jobs = crate::graphql::import_jobs::jobs(ctx)?;
        let job = NewJob {
            kind: input.kind,
            file_name: Some(file_name),
            dry_run: input.dry_run,
            bytes,
        };
        let started = jobs.start(&actor, job).await.extend()?;
        let wait = input.wait_seconds.clamp(0, MAX_WAIT_SECONDS);
        let finished = if wait > 0 {
            jobs.wait(started.id, Duration::from_secs(wait as u64))
                .await
                .extend()?
        } else {
            None
        };
        let locale = ctx.data_opt::<Locale>().copied().unwrap_or_default();
        Ok(match finished {
            Some(model) => ImportRecordsPayload {
                result: import_jobs::report_of(&model).map(|r| ImportResult::new(r, locale)),
                job: ImportJob::new(model),
            },
            None => ImportRecordsPayload {
                job: ImportJob::new(started),
                result: None,
            },
        })
    }
}
