//! `importRecords`: a spreadsheet uploaded with the GraphQL multipart request, imported as a
//! background job (checked row by row, written all-or-nothing); the payload holds the job and,
//! when it finishes within the wait the caller allows, its result.

use std::io::Read;
use std::time::Duration;

use async_graphql::{
    Context, Enum, ErrorExtensions, ID, InputObject, Object, Result, ResultExt, SimpleObject,
    Upload,
};

use crate::error::{AppError, UserErrorCode};
use crate::graphql::import_jobs::ImportJob;
use crate::graphql::mutation::{Locale, actor};
use crate::scalars::Date;
use crate::service::bulk::{self, Action, ImportReport, RecordKind, RowPlan};
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
    /// Rows (numbered as the spreadsheet shows them) whose conflicts the caller accepts:
    /// they are applied, a deleted record is restored and updated.
    pub confirm_rows: Option<Vec<i32>>,
    /// The date the file's data is as of, for files without the version column: a record
    /// changed after it is a conflict rather than overwritten.
    pub as_of: Option<Date>,
    /// The `planDigest` of the dry run the caller reviewed: nothing is written, and the
    /// error `PLAN_CHANGED` is returned, when this run would do anything else.
    pub expected_plan: Option<String>,
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
    /// The import job started for the file.
    pub job: ImportJob,
    /// The import's result; null while the job is still queued or running.
    pub result: Option<ImportResult>,
}

/// What one row of an import does.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ImportAction {
    /// A new record.
    Create,
    /// Cells of the matched record change.
    Update,
    /// The matched record already holds the row's values.
    Unchanged,
    /// The row needs confirmation (`confirmRows`) before it is applied.
    Conflict,
    /// The row has errors (listed in `errors`).
    Failed,
    /// A deleted record is restored (and updated), as the caller confirmed.
    Restore,
}

impl From<Action> for ImportAction {
    fn from(action: Action) -> Self {
        match action {
            Action::Create => Self::Create,
            Action::Update => Self::Update,
            Action::Unchanged => Self::Unchanged,
            Action::Conflict => Self::Conflict,
            Action::Failed => Self::Failed,
            Action::Restore => Self::Restore,
        }
    }
}

/// One cell a row changes.
#[derive(SimpleObject, Debug, Clone)]
pub struct CellChange {
    /// The column header.
    pub column: String,
    /// The stored value, masked as the caller sees it when reading; null when blank.
    pub old: Option<String>,
    /// The file's value; null when the cell clears the value.
    pub new: Option<String>,
}

/// Why a row needs confirmation.
#[derive(SimpleObject, Debug, Clone)]
pub struct ImportConflict {
    /// `RECORD_DELETED`, `STALE_VERSION`, `CHANGED_SINCE`, `NAME_MISMATCH` or
    /// `COUNTY_MISMATCH` (the first of the reasons when there are several).
    pub code: UserErrorCode,
    /// Every reason, in the caller's language.
    pub message: String,
}

/// What one row of the file does.
#[derive(SimpleObject, Debug, Clone)]
pub struct ImportRowOutcome {
    /// The row number a spreadsheet program shows.
    pub row: i32,
    /// What the row does.
    pub action: ImportAction,
    /// The matched record; null for new records and rows refused before comparison.
    pub record: Option<ID>,
    /// The row's name (姓名, 名称, 活动名称 …) as the file gives it.
    pub label: String,
    /// Cells that change: for an update, a conflict or a restore the stored and the new
    /// value; empty for a new record, whose values are the file's own.
    pub changes: Vec<CellChange>,
    /// Why the row needs confirmation; null when it does not.
    pub conflict: Option<ImportConflict>,
}

impl ImportRowOutcome {
    fn new(plan: RowPlan, locale: Locale) -> Self {
        Self {
            row: i32::try_from(plan.row).unwrap_or(i32::MAX),
            action: plan.action.into(),
            record: plan.record.map(ID),
            label: plan.label,
            changes: plan
                .changes
                .into_iter()
                .map(|c| CellChange {
                    column: c.column,
                    old: c.old,
                    new: c.new,
                })
                .collect(),
            conflict: plan.conflict.map(|c| ImportConflict {
                code: c.code,
                message: if locale == Locale::En { c.en } else { c.zh },
            }),
        }
    }
}

/// One problem with one row of an imported file.
#[derive(SimpleObject, Debug, Clone)]
pub struct ImportError {
    /// The row number a spreadsheet program shows (a sheet's first row is 1; title rows
    /// above the header count).
    pub row: i32,
    /// The worksheet the row is on, for workbooks (every sheet whose header matches is read).
    pub sheet: Option<String>,
    /// The column header; null when the problem is with the row as a whole.
    pub column: Option<String>,
    /// Stable machine-readable code, e.g. `CREDIT_CODE_CHECKSUM`, `INVALID_ENUM`, `REQUIRED`.
    pub code: UserErrorCode,
    /// Message in the caller's language (`Accept-Language`).
    pub message: String,
}

/// What an import did, or, for a dry run or a file with errors, would have done.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
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
    /// Rows that need confirmation and were not confirmed; nothing is written while any is.
    pub conflicts: i32,
    /// A digest of this plan: pass it as `expectedPlan` to the real run.
    pub plan_digest: String,
    /// Where `rows` come from: the report in hand, or a finished job's stored report.
    #[graphql(skip)]
    pub rows: RowSource,
    #[graphql(skip)]
    pub locale: Locale,
    /// Every problem found, in row order; nothing is written when there is any.
    pub errors: Vec<ImportError>,
    /// What the reader skipped or changed (ignored columns, total and signature rows, 15-digit
    /// ID numbers converted); warnings never stop an import.
    pub warnings: Vec<ImportError>,
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

impl ImportError {
    fn new(e: bulk::RowError, locale: Locale) -> Self {
        Self {
            row: i32::try_from(e.row).unwrap_or(i32::MAX),
            sheet: e.sheet,
            column: e.column,
            code: e.code,
            message: if locale == Locale::En { e.en } else { e.zh },
        }
    }
}

/// The rows of a result: held (the import just ran) or read page by page from the job's
/// stored report, so that one page of a 50,000-row report does not parse every row.
#[derive(Debug, Clone)]
pub enum RowSource {
    Held(std::sync::Arc<Vec<RowPlan>>),
    Stored(std::sync::Arc<entity::import_job::Model>),
}

#[async_graphql::ComplexObject]
impl ImportResult {
    /// Every row except unchanged ones, in row order; `offset` and `first` read one page of
    /// them (from the `offset`-th, at most `first`).
    async fn rows(
        &self,
        #[graphql(desc = "How many rows to skip from the start.")] offset: Option<i32>,
        #[graphql(desc = "At most this many rows; all the rest when omitted.")] first: Option<i32>,
    ) -> Result<Vec<ImportRowOutcome>> {
        let count = |value: Option<i32>, name: &str| -> Result<Option<usize>> {
            value
                .map(|v| {
                    usize::try_from(v).map_err(|_| {
                        AppError::BadInput(format!("`{name}` must not be negative")).extend()
                    })
                })
                .transpose()
        };
        let offset = count(offset, "offset")?.unwrap_or(0);
        let first = count(first, "first")?;
        let plans: Vec<RowPlan> = match &self.rows {
            RowSource::Held(rows) => rows
                .iter()
                .skip(offset)
                .take(first.unwrap_or(usize::MAX))
                .cloned()
                .collect(),
            RowSource::Stored(model) => import_jobs::rows_of(model, offset, first),
        };
        Ok(plans
            .into_iter()
            .map(|plan| ImportRowOutcome::new(plan, self.locale))
            .collect())
    }
}

impl ImportResult {
    /// The result of a finished job, its rows left in the stored report until asked for.
    pub(crate) fn stored(model: &entity::import_job::Model, locale: Locale) -> Option<Self> {
        let report = import_jobs::report_without_rows(model)?;
        let mut result = Self::new(report, locale);
        result.rows = RowSource::Stored(std::sync::Arc::new(model.clone()));
        Some(result)
    }

    pub(crate) fn new(report: ImportReport, locale: Locale) -> Self {
        Self {
            total: count(report.total),
            created: count(report.created),
            updated: count(report.updated),
            unchanged: count(report.unchanged),
            failed: count(report.failed),
            conflicts: count(report.conflicts),
            plan_digest: report.plan_digest,
            rows: RowSource::Held(std::sync::Arc::new(report.rows)),
            locale,
            errors: report
                .errors
                .into_iter()
                .map(|e| ImportError::new(e, locale))
                .collect(),
            warnings: report
                .warnings
                .into_iter()
                .map(|e| ImportError::new(e, locale))
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
        #[graphql(
            desc = "The spreadsheet, what kind of records it holds, and whether this is a dry run."
        )]
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
        let confirm_rows: Vec<u32> = input
            .confirm_rows
            .unwrap_or_default()
            .into_iter()
            .filter_map(|row| u32::try_from(row).ok())
            .collect();
        let jobs = crate::graphql::import_jobs::jobs(ctx)?;
        let job = NewJob {
            kind: input.kind,
            file_name: Some(file_name),
            dry_run: input.dry_run,
            confirm_rows,
            as_of: input.as_of.map(|d| d.0),
            expected_plan: input.expected_plan,
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
        let Some(model) = finished else {
            return Ok(ImportRecordsPayload {
                job: ImportJob::new(started),
                result: None,
            });
        };
        let report = import_jobs::report_of(&model);
        if let Some(report) = report.as_ref().filter(|r| r.plan_changed) {
            return Err(plan_changed(locale, &report.plan_digest));
        }
        Ok(ImportRecordsPayload {
            result: report.map(|r| ImportResult::new(r, locale)),
            job: ImportJob::new(model),
        })
    }
}

/// The real run would do something other than the reviewed dry run: the file or the stored
/// records changed since. Nothing was written; a new dry run shows the current plan.
fn plan_changed(locale: Locale, digest: &str) -> async_graphql::Error {
    let message = if locale == Locale::En {
        "the import would now do something other than the dry run you reviewed (the file or the records changed); nothing was written; run the dry run again"
    } else {
        "导入结果与您核对的试导入不一致（文件或数据已发生变化），未写入任何数据；请重新试导入并核对"
    };
    async_graphql::Error::new(message).extend_with(|_, ext| {
        ext.set("code", "PLAN_CHANGED");
        ext.set("planDigest", digest);
    })
}
