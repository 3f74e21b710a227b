//! `importRecords`: a spreadsheet uploaded with the GraphQL multipart request, checked row by
//! row and written all-or-nothing.

use std::io::Read;

use async_graphql::{Context, InputObject, Object, Result, ResultExt, SimpleObject, Upload};

use crate::error::AppError;
use crate::graphql::mutation::{Locale, actor};
use crate::service::bulk::{self, ImportOptions, ImportReport, RecordKind};

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

impl ImportResult {
    fn new(report: ImportReport, locale: Locale) -> Self {
        Self {
            total: count(report.total),
            created: count(report.created),
            updated: count(report.updated),
            unchanged: count(report.unchanged),
            failed: count(report.failed),
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
    /// Imports a spreadsheet of people, organizations, activities or pairings. Rows are
    /// matched to existing records by natural key and created, updated or left unchanged;
    /// the whole file is written in one transaction, or not at all when any row fails.
    async fn import_records(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The spreadsheet, what kind of records it holds, and whether this is a dry run."
        )]
        input: ImportRecordsInput,
    ) -> Result<ImportResult> {
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
        let options = ImportOptions {
            kind: input.kind,
            file_name: Some(&file_name),
            dry_run: input.dry_run,
        };
        let report = bulk::import(
            crate::graphql::mutation::writer(ctx)?,
            crate::graphql::object::data_keys(ctx)?,
            &actor,
            options,
            &bytes,
            &|_, _| {},
        )
        .await
        .extend()?;
        let locale = ctx.data_opt::<Locale>().copied().unwrap_or_default();
        Ok(ImportResult::new(report, locale))
    }
}
