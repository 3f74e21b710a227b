//! Bulk import and export of whole spreadsheets (CSV or XLSX) with Chinese column headers: one
//! template per record kind, shared by both directions so an exported file re-imports unchanged.

mod activities;
pub mod annotate;
pub mod cells;
pub mod export;
pub mod headers;
pub mod import;
mod organizations;
mod pairings;
mod people;
pub mod plan;
mod references;
pub mod regions;
pub mod row;
pub mod sheet;
pub mod template;
mod undo;

use crate::error::{FieldError, Subject, UserErrorCode};

pub use annotate::annotate;
pub use export::{ExportFormat, ExportRequest, export, template_file};
pub use import::{Control, ImportOptions, import, import_controlled};
pub use plan::{Action, CellChange, Conflict, RowPlan};

pub use crate::domain::RecordKind;

/// The pause between two of a long import's (or undo's) transactions on SQLite. Writers of
/// this process queue for the one writer connection and get it in turn as each transaction
/// ends; the pause is for writers outside that queue (another process on the same file),
/// which poll SQLite's lock: a poll in the gap gets it.
const WRITER_GAP: std::time::Duration = std::time::Duration::from_millis(10);

/// One problem with one row (or, on row 1, with the header), in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    /// The row number a spreadsheet program shows (the sheet's first row is 1).
    pub row: u32,
    /// The worksheet the row is on, for workbooks (every sheet whose header matches is read).
    pub sheet: Option<String>,
    /// The column header the problem is in; `None` for problems with the row as a whole.
    pub column: Option<String>,
    /// Stable code: the validation codes of the mutations plus the cell codes of the import.
    pub code: UserErrorCode,
    pub en: String,
    pub zh: String,
}

impl RowError {
    /// The problem `code` in `column` (or with the row as a whole): the catalogue's message
    /// about that column, then the detail `en`/`zh` when not empty.
    pub fn new(
        row: u32,
        column: Option<&str>,
        code: UserErrorCode,
        en: impl AsRef<str>,
        zh: impl AsRef<str>,
    ) -> Self {
        let subject = column.map_or(Subject::Whole, Subject::Column);
        let (en, zh) = code.message(subject, (en.as_ref(), zh.as_ref()));
        Self {
            row,
            sheet: None,
            column: column.map(str::to_owned),
            code,
            en,
            zh,
        }
    }

    /// A service's field error, placed in the column whose input field it names. Its
    /// message names the field by its Chinese label; an input field's name (`idNumber`) a
    /// detail may still hold is replaced by its column header (公民身份号码): a clerk knows
    /// the columns, not the API.
    pub fn from_field(row: u32, columns: &[template::Column], error: FieldError) -> Self {
        let column = error
            .field
            .last()
            .and_then(|field| columns.iter().find(|c| c.field == field.as_str()))
            .map(|c| c.header.to_owned());
        let mut by_length: Vec<&template::Column> = columns.iter().collect();
        by_length.sort_by_key(|c| std::cmp::Reverse(c.field.len()));
        let zh = by_length.iter().fold(error.zh, |zh, c| {
            if zh.contains(c.field) {
                zh.replace(c.field, &format!("“{}”", c.header))
            } else {
                zh
            }
        });
        Self {
            row,
            sheet: None,
            column,
            code: error.code,
            en: error.en,
            zh,
        }
    }
}

/// What an import did, or (for a dry run or a file with errors) would have done. Import jobs
/// keep it as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ImportReport {
    /// Data rows read (blank rows are skipped and not counted).
    pub total: usize,
    pub created: usize,
    pub updated: usize,
    /// Rows whose record already holds exactly the row's values.
    pub unchanged: usize,
    /// Rows with at least one error.
    pub failed: usize,
    /// Rows that match a record but need confirmation, and were not confirmed: while there is
    /// one, nothing is written.
    pub conflicts: usize,
    /// Every row except unchanged ones, in row order: what it does, to which record, which
    /// cells change, and its conflict.
    pub rows: Vec<RowPlan>,
    /// A digest of the plan as a dry run shows it; a real run given it as `expected_plan`
    /// writes only when its own plan has the same digest.
    pub plan_digest: String,
    /// The run was given an expected plan and its plan differs: nothing was written.
    pub plan_changed: bool,
    /// Every problem found, in row order.
    pub errors: Vec<RowError>,
    /// What the reader skipped or changed and the caller should know (ignored columns, total
    /// rows, converted 15-digit ID numbers); warnings never stop an import.
    pub warnings: Vec<RowError>,
    pub dry_run: bool,
    /// True when the changes were committed: not a dry run, no row failed, no conflict is
    /// left unconfirmed and the plan is the expected one.
    pub written: bool,
    /// True when the import was cancelled before its end; nothing it wrote was kept.
    pub cancelled: bool,
    /// The request id every audit entry of this import carries.
    pub request_id: String,
}
