//! The import pipeline: read the file, check its header, read every row by its column types,
//! then create, update or skip each row through the kind's service inside ONE transaction,
//! each row behind a savepoint so that one bad row does not hide the errors of the next.
//! Committed only when no row failed and it is not a dry run.

use std::collections::HashMap;

use rand::Rng;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use super::activities::Activities;
use super::cells::{self, Cell};
use super::organizations::Organizations;
use super::pairings::Pairings;
use super::people::People;
use super::references::References;
use super::row::{Mark, Row};
use super::template::{Column, Issue, Template, Ty};
use super::{ImportReport, RecordKind, RowError, headers, regions, sheet};
use crate::db::sealed::DataKeys;
use crate::domain::validate::explain;
use crate::error::{AppError, AppResult};
use crate::service::audit::Actor;

/// What to import and how.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    pub kind: RecordKind,
    /// The uploaded file's name: its extension decides between CSV and a workbook when the
    /// content does not.
    pub file_name: Option<&'a str>,
    /// Check every row and report, but write nothing.
    pub dry_run: bool,
}

/// Called after each row with (rows done, rows in total).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Send + Sync);

/// Imports need the EDITOR role or above; each row is then checked against the editor's region
/// by the kind's service, as a single mutation would be.
pub fn may_import(actor: &Actor) -> AppResult<()> {
    if crate::auth::policy::may_write_any(&actor.viewer) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "imports need the EDITOR role or above".into(),
        ))
    }
}

/// Imports a spreadsheet of `options.kind` as `actor`. Every audit entry it writes (CREATE or
/// UPDATE, one per changed record) carries the same request id, the actor's or a new
/// `import-…` one, which the report returns. File-level problems (not a spreadsheet) are
/// `BadInput`; problems with the header or rows are in the report.
pub async fn import(
    db: &DatabaseConnection,
    keys: &DataKeys,
    actor: &Actor,
    options: ImportOptions<'_>,
    bytes: &[u8],
    progress: Progress<'_>,
) -> AppResult<ImportReport> {
    may_import(actor)?;
    let sheet = sheet::read_for(
        options.file_name,
        bytes,
        super::export::columns_of(options.kind),
    )?;
    let mut actor = actor.clone();
    let request_id = actor
        .request_id
        .get_or_insert_with(|| format!("import-{:016x}", rand::rng().random::<u64>()))
        .clone();
    let dry_run = options.dry_run;
    let mut report = match options.kind {
        RecordKind::Organizations => {
            run::<Organizations>(db, keys, &actor, sheet, dry_run, progress).await?
        }
        RecordKind::People => run::<People>(db, keys, &actor, sheet, dry_run, progress).await?,
        RecordKind::Activities => {
            run::<Activities>(db, keys, &actor, sheet, dry_run, progress).await?
        }
        RecordKind::Pairings => run::<Pairings>(db, keys, &actor, sheet, dry_run, progress).await?,
    };
    report.request_id = request_id;
    tracing::info!(
        kind = options.kind.slug(),
        rows = report.total,
        created = report.created,
        updated = report.updated,
        unchanged = report.unchanged,
        failed = report.failed,
        dry_run = report.dry_run,
        written = report.written,
        "import finished"
    );
    if report.written {
        let rows = report.created + report.updated;
        crate::telemetry::metrics::rows_imported(options.kind.slug(), rows as u64);
    }
    Ok(report)
}

/// Reads one data row against the template.
fn read_row(columns: &[Column], positions: &[Option<usize>], raw: &sheet::SheetRow) -> Row {
    let mut row = Row {
        number: raw.number,
        sheet: raw.sheet.clone(),
        cells: Vec::with_capacity(columns.len()),
        marks: Vec::with_capacity(columns.len()),
        errors: Vec::new(),
        warnings: Vec::new(),
        incomplete: false,
    };
    for (column, position) in columns.iter().zip(positions) {
        let Some(position) = *position else {
            row.cells.push(None);
            row.marks.push(Mark::Blank);
            continue;
        };
        let text = raw.cells.get(position).map_or("", String::as_str);
        let mark = if cells::is_clear_marker(text) {
            Mark::Clear
        } else if text.trim().is_empty() {
            Mark::Blank
        } else {
            Mark::Given
        };
        row.marks.push(mark);
        if mark == Mark::Clear {
            if column.required {
                row.fail(
                    Some(column.header),
                    "REQUIRED",
                    format!("{} is required and cannot be cleared", column.header),
                    format!("“{}”为必填项，不能清空", column.header),
                );
                row.incomplete = true;
                row.cells.push(None);
            } else {
                row.cells.push(Some(Cell::Blank));
            }
            continue;
        }
        let cell = if raw.imprecise.contains(&position) {
            let rounded = explain::rounded_number(column.header);
            Err(cells::CellError {
                code: rounded.code,
                en: rounded.en,
                zh: rounded.zh,
            })
        } else {
            cells::read(column, text).map(|read| {
                if let Some(w) = read.warning {
                    let warning =
                        RowError::new(row.number, Some(column.header), w.code, w.en, w.zh);
                    row.warnings.push(warning);
                }
                read.cell
            })
        };
        match cell {
            Ok(Cell::Blank) if column.required => {
                row.fail(
                    Some(column.header),
                    "REQUIRED",
                    format!("{} is required", column.header),
                    format!("“{}”为必填项", column.header),
                );
                row.incomplete = true;
                row.cells.push(None);
            }
            Ok(cell) => row.cells.push(Some(cell)),
            Err(err) => {
                row.fail(Some(column.header), err.code, err.en, err.zh);
                row.incomplete |= column.required;
                row.cells.push(None);
            }
        }
    }
    row
}

impl Row {
    fn fail(
        &mut self,
        column: Option<&str>,
        code: &str,
        en: impl Into<String>,
        zh: impl Into<String>,
    ) {
        self.errors
            .push(RowError::new(self.number, column, code, en, zh));
    }

    fn issue(&mut self, issue: Issue) {
        self.fail(issue.column, issue.code, issue.en, issue.zh);
    }
}

/// An outcome of one row that went through.
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

async fn run<T: Template>(
    db: &DatabaseConnection,
    keys: &DataKeys,
    actor: &Actor,
    sheet: sheet::Sheet,
    dry_run: bool,
    progress: Progress<'_>,
) -> AppResult<ImportReport> {
    let columns = T::COLUMNS;
    let mut mapping = headers::map(columns, &sheet.headers, sheet.header_row);
    for error in &mut mapping.errors {
        error.sheet.clone_from(&sheet.name);
    }
    mapping.errors.extend(sheet.header_errors);
    let positions = &mapping.positions;
    // A header problem does not hide the rows' own problems: every row is still read and
    // checked, but a row missing a required column is not sent to the service, and nothing
    // is written.
    let complete = mapping.complete(columns);
    let mut rows: Vec<Row> = sheet
        .rows
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| {
            let mut row = read_row(columns, positions, r);
            row.incomplete |= !complete;
            row
        })
        .collect();
    regions::resolve_names(db, columns, &mut rows).await?;
    let mut report = ImportReport {
        total: rows.len(),
        dry_run,
        errors: mapping.errors,
        warnings: sheet.warnings,
        ..ImportReport::default()
    };
    let header_failed = !report.errors.is_empty();
    let mut first_of: HashMap<String, u32> = HashMap::new();
    for row in &mut rows {
        let Some(key) = T::key(row) else { continue };
        if let Some(first) = first_of.get(&key) {
            let first = *first;
            row.fail(
                None,
                "DUPLICATE_ROW",
                format!("this row is about the same record as row {first}"),
                format!("本行与第 {first} 行是同一条记录"),
            );
            row.incomplete = true;
        } else {
            first_of.insert(key, row.number);
        }
    }

    // IMMEDIATE takes SQLite's write lock at BEGIN (see `graphql::mutation::transact`).
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    let txn = db.begin_with_options(options).await?;
    let index = T::index(&txn, keys, &rows).await?;
    let mut references = References::default();
    let total = rows.len();
    for (done, row) in rows.iter_mut().enumerate() {
        if !row.incomplete {
            let savepoint = txn.begin().await?;
            match apply::<T, _>(&savepoint, keys, actor, &index, &mut references, row).await {
                Ok(outcome) if row.errors.is_empty() => {
                    savepoint.commit().await?;
                    match outcome {
                        Outcome::Created => report.created += 1,
                        Outcome::Updated => report.updated += 1,
                        Outcome::Unchanged => report.unchanged += 1,
                    }
                }
                Ok(_) => savepoint.rollback().await?,
                Err(AppError::Invalid(errors)) => {
                    savepoint.rollback().await?;
                    let number = row.number;
                    row.errors.extend(
                        errors
                            .into_iter()
                            .map(|e| RowError::from_field(number, columns, e)),
                    );
                }
                Err(err @ (AppError::Db(_) | AppError::Internal(_))) => return Err(err),
                Err(other) => {
                    savepoint.rollback().await?;
                    row.errors.push(row_level(row.number, &other));
                }
            }
        }
        for message in row.errors.iter_mut().chain(&mut row.warnings) {
            message.sheet.clone_from(&row.sheet);
        }
        report.warnings.append(&mut row.warnings);
        if !row.errors.is_empty() {
            report.failed += 1;
            report.errors.append(&mut row.errors);
        }
        progress(done + 1, total);
    }
    if dry_run || report.failed > 0 || header_failed {
        txn.rollback().await?;
    } else {
        txn.commit().await?;
        report.written = true;
    }
    Ok(report)
}

/// Resolves the row's references, then creates the record, updates it, or finds it unchanged.
/// Cell errors found earlier stay in the row; the service's are returned.
async fn apply<T: Template, C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    actor: &Actor,
    index: &T::Index,
    references: &mut References,
    row: &mut Row,
) -> AppResult<Outcome> {
    for (position, column) in T::COLUMNS.iter().enumerate() {
        let Ty::Ref(target) = column.ty else { continue };
        let Some(Some(Cell::Text(text))) = row.cells.get(position) else {
            continue;
        };
        let text = text.clone();
        match references.resolve(db, target, &text).await? {
            Some(reference) => row.cells[position] = Some(Cell::Ref(reference)),
            None => {
                row.cells[position] = None;
                row.fail(
                    Some(column.header),
                    "REFERENCE_NOT_FOUND",
                    format!("no single live record is named {text:?}; use its credit code or exact, unique name"),
                    format!("找不到唯一对应“{text}”的记录，请填写统一社会信用代码或准确且唯一的全称"),
                );
            }
        }
    }
    let existing = match T::find(index, row) {
        Ok(found) => found,
        Err(issue) => {
            row.issue(issue);
            return Ok(Outcome::Unchanged);
        }
    };
    match existing {
        None => {
            T::create(db, keys, actor, row).await?;
            Ok(Outcome::Created)
        }
        Some(record) => {
            // A record the caller may not write is refused before its cells are compared:
            // an "unchanged" would tell what it holds.
            actor.may_write(T::region(record))?;
            let current = T::cells(db, std::slice::from_ref(record)).await?;
            // Blank cells leave the stored value alone, so they never make a difference.
            let same = current.first().is_some_and(|current| {
                row.cells
                    .iter()
                    .zip(current)
                    .enumerate()
                    .all(|(i, (given, now))| {
                        row.leaves(i) || given.as_ref().is_none_or(|given| given == now)
                    })
            });
            if same {
                return Ok(Outcome::Unchanged);
            }
            T::update(db, keys, actor, record, row).await?;
            Ok(Outcome::Updated)
        }
    }
}

/// A service refusal that is not about one field, as a row error.
fn row_level(row: u32, err: &AppError) -> RowError {
    let zh = match err {
        AppError::Forbidden(_) => "无权修改该区划的记录",
        AppError::VersionConflict { .. } => "记录在导入期间已被他人修改，请重试",
        AppError::NotFound(_) => "记录不存在",
        _ => "该行无法导入",
    };
    RowError::new(row, None, err.code(), err.to_string(), zh)
}
