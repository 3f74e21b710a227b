//! Bulk import and export of whole spreadsheets (CSV or XLSX) with Chinese column headers: one
//! template per record kind, shared by both directions so an exported file re-imports unchanged.

mod activities;
pub mod cells;
pub mod export;
pub mod import;
mod organizations;
mod pairings;
mod people;
mod references;
pub mod row;
pub mod sheet;
pub mod template;
mod undo;

use crate::error::FieldError;

pub use export::{ExportFormat, ExportRequest, export, template_file};
pub use import::{Control, ImportOptions, import, import_controlled};

/// The kinds of record a spreadsheet can hold.
#[derive(
    async_graphql::Enum, clap::ValueEnum, Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum RecordKind {
    /// 人员
    People,
    /// 组织
    Organizations,
    /// 活动
    Activities,
    /// 结对（万企兴万村）
    Pairings,
}

impl RecordKind {
    pub const ALL: [Self; 4] = [
        Self::People,
        Self::Organizations,
        Self::Activities,
        Self::Pairings,
    ];

    /// The English plural used in URLs and file names (`organizations`).
    pub fn slug(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Organizations => "organizations",
            Self::Activities => "activities",
            Self::Pairings => "pairings",
        }
    }

    /// The Chinese name, used as the worksheet name.
    pub fn label(self) -> &'static str {
        match self {
            Self::People => "人员",
            Self::Organizations => "组织",
            Self::Activities => "活动",
            Self::Pairings => "结对",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }
}

/// One problem with one row (or, on row 1, with the header), in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    /// The row number a spreadsheet program shows: the header is row 1, data starts on row 2.
    pub row: u32,
    /// The column header the problem is in; `None` for problems with the row as a whole.
    pub column: Option<String>,
    /// Stable code: the validation codes of the mutations plus the cell codes of the import.
    pub code: String,
    pub en: String,
    pub zh: String,
}

impl RowError {
    pub fn new(
        row: u32,
        column: Option<&str>,
        code: &str,
        en: impl Into<String>,
        zh: impl Into<String>,
    ) -> Self {
        Self {
            row,
            column: column.map(str::to_owned),
            code: code.to_owned(),
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A service's field error, placed in the column whose input field it names.
    pub fn from_field(row: u32, columns: &[template::Column], error: FieldError) -> Self {
        let column = error
            .field
            .last()
            .and_then(|field| columns.iter().find(|c| c.field == field.as_str()))
            .map(|c| c.header);
        Self::new(row, column, error.code, error.en, error.zh)
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
    /// Every problem found, in row order.
    pub errors: Vec<RowError>,
    pub dry_run: bool,
    /// True when the changes were committed: not a dry run, and no row failed.
    pub written: bool,
    /// True when the import was cancelled before its end; nothing it wrote was kept.
    pub cancelled: bool,
    /// The request id every audit entry of this import carries.
    pub request_id: String,
}
