//! `import_job`: one spreadsheet import run in the background: its state, progress, counts,
//! report, and the verified caller who started it.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "import_job")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The record kind's slug (`people`, `organizations` …).
    pub kind: String,
    pub dry_run: bool,
    /// QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.
    pub status: String,
    /// The uploaded file's name.
    pub file_name: Option<String>,
    /// Rows processed so far, of `total`.
    pub done: i64,
    pub total: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub conflicts: i64,
    pub failed: i64,
    /// The finished import's report, as JSON.
    #[sea_orm(column_type = "Text", nullable)]
    pub report: Option<String>,
    /// Why the job failed or was cancelled, when it is not in the report.
    #[sea_orm(column_type = "Text", nullable)]
    pub message: Option<String>,
    /// The verified caller: token name, JWT subject, or the person named on the command line.
    pub started_by: String,
    /// The caller's role when the job started.
    pub started_by_role: String,
    /// The caller's region scope when the job started; null for the whole city.
    pub started_by_region: Option<String>,
    /// The request id every audit entry of the import carries.
    pub request_id: String,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
