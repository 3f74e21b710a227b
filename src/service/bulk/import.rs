//! The import pipeline: read the file, check its header, read every row by its column types,
//! then create, update or skip each row through the kind's service inside ONE transaction,
//! each row behind a savepoint so that one bad row does not hide the errors of the next.
//! Committed only when no row failed and it is not a dry run.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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
use super::undo::Undo;
use super::{ImportReport, RecordKind, RowError, sheet};
use crate::db::sealed::DataKeys;
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

/// How a background job runs an import: it may be cancelled, and it may write in short
/// transactions (see [`super::undo`] for how such an import stays all-or-nothing).
#[derive(Debug, Default)]
pub struct Control {
    cancelled: AtomicBool,
    /// At most this many rows per transaction; `None`: the whole file in one transaction.
    pub chunk_rows: Option<usize>,
    /// A transaction also ends after this long (on a slow or busy machine, fewer rows).
    pub chunk_time: Option<Duration>,
}

impl Control {
    pub fn chunked(rows: usize, time: Duration) -> Self {
        Self {
            cancelled: AtomicBool::new(false),
            chunk_rows: Some(rows.max(1)),
            chunk_time: Some(time),
        }
    }

    /// Asks the import to stop at the next row; nothing it wrote is kept.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

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
    import_controlled(
        db,
        keys,
        actor,
        options,
        bytes,
        progress,
        &Control::default(),
    )
    .await
}

/// [`import`] under a job's [`Control`]. A cancelled import reports `cancelled` and keeps
/// nothing.
pub async fn import_controlled(
    db: &DatabaseConnection,
    keys: &DataKeys,
    actor: &Actor,
    options: ImportOptions<'_>,
    bytes: &[u8],
    progress: Progress<'_>,
    control: &Control,
) -> AppResult<ImportReport> {
    may_import(actor)?;
    let sheet = sheet::read(options.file_name, bytes)?;
    let mut actor = actor.clone();
    let request_id = actor
        .request_id
        .get_or_insert_with(|| format!("import-{:016x}", rand::rng().random::<u64>()))
        .clone();
    let dry_run = options.dry_run;
    let mut report = match options.kind {
        RecordKind::Organizations => {
            run::<Organizations>(db, keys, &actor, sheet, dry_run, progress, control).await?
        }
        RecordKind::People => {
            run::<People>(db, keys, &actor, sheet, dry_run, progress, control).await?
        }
        RecordKind::Activities => {
            run::<Activities>(db, keys, &actor, sheet, dry_run, progress, control).await?
        }
        RecordKind::Pairings => {
            run::<Pairings>(db, keys, &actor, sheet, dry_run, progress, control).await?
        }
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

/// Where each template column is in the file, or the header's problems.
fn map_headers(columns: &[Column], headers: &[String]) -> (Vec<Option<usize>>, Vec<RowError>) {
    let mut errors = Vec::new();
    let mut positions = vec![None; columns.len()];
    for (index, header) in headers.iter().enumerate() {
        let header = header.trim();
        if header.is_empty() {
            continue;
        }
        match columns.iter().position(|c| c.header == header) {
            Some(column) if positions[column].is_some() => errors.push(RowError::new(
                1,
                Some(header),
                "DUPLICATE_COLUMN",
                format!("the column {header} appears twice"),
                format!("列“{header}”重复"),
            )),
            Some(column) => positions[column] = Some(index),
            None => errors.push(RowError::new(
                1,
                Some(header),
                "UNKNOWN_COLUMN",
                format!(
                    "{header} is not a column of this template; expected: {}",
                    headers_of(columns)
                ),
                format!(
                    "“{header}”不是本模板的列，模板列为：{}",
                    headers_of(columns)
                ),
            )),
        }
    }
    for (column, position) in columns.iter().zip(&positions) {
        if column.required && position.is_none() {
            errors.push(RowError::new(
                1,
                Some(column.header),
                "MISSING_COLUMN",
                format!("the required column {} is missing", column.header),
                format!("缺少必填列“{}”", column.header),
            ));
        }
    }
    (positions, errors)
}

fn headers_of(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.header)
        .collect::<Vec<_>>()
        .join("、")
}

/// Reads one data row against the template.
fn read_row(columns: &[Column], positions: &[Option<usize>], raw: &sheet::SheetRow) -> Row {
    let mut row = Row {
        number: raw.number,
        cells: Vec::with_capacity(columns.len()),
        marks: Vec::with_capacity(columns.len()),
        errors: Vec::new(),
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
            Err(cells::CellError {
                code: "NUMBER_PRECISION",
                en: "Excel stored this long number as a rounded number; format the column as text and type it again".into(),
                zh: "Excel 已将该长数字按数值舍入，请将该列设为文本格式后重新填写".into(),
            })
        } else {
            cells::parse(column, text)
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
pub(super) enum Outcome {
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
    control: &Control,
) -> AppResult<ImportReport> {
    let columns = T::COLUMNS;
    let (positions, header_errors) = map_headers(columns, &sheet.headers);
    let mut rows: Vec<Row> = sheet
        .rows
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| read_row(columns, &positions, r))
        .collect();
    let mut report = ImportReport {
        total: rows.len(),
        dry_run,
        ..ImportReport::default()
    };
    if !header_errors.is_empty() {
        report.errors = header_errors;
        return Ok(report);
    }
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
    let mut txn = db.begin_with_options(options).await?;
    let index = T::index(&txn, keys, &rows).await?;
    let mut references = References::default();
    let mut undo = Undo::default();
    let total = rows.len();
    let chunk = control.chunk_rows.unwrap_or(usize::MAX);
    let mut in_chunk = 0;
    let mut chunk_started = Instant::now();
    for (done, row) in rows.iter_mut().enumerate() {
        if control.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let long = control
            .chunk_time
            .is_some_and(|limit| chunk_started.elapsed() >= limit);
        if in_chunk == chunk || (long && in_chunk > 0) {
            // Short transactions: commit what is good so far and let other writers in;
            // once a row failed nothing more is kept, and what was kept is undone at the end.
            if dry_run || report.failed > 0 {
                txn.rollback().await?;
                // Records created in the rolled-back rows are gone.
                references = References::default();
            } else {
                txn.commit().await?;
                undo.committed = true;
            }
            // SQLite has no queue for its lock: waiting writers poll it, so leave a gap long
            // enough for their next poll (they also take the writer connection meanwhile).
            if let Some(limit) = control.chunk_time {
                tokio::time::sleep(limit / 4).await;
            }
            txn = db.begin_with_options(options).await?;
            in_chunk = 0;
            chunk_started = Instant::now();
        }
        in_chunk += 1;
        if !row.incomplete {
            let savepoint = txn.begin().await?;
            let journal = if control.chunk_rows.is_some() && !dry_run && report.failed == 0 {
                Some(&mut undo)
            } else {
                None
            };
            match apply::<T, _>(
                &savepoint,
                keys,
                actor,
                &index,
                &mut references,
                row,
                journal,
            )
            .await
            {
                Ok(outcome) if row.errors.is_empty() => {
                    savepoint.commit().await?;
                    match outcome {
                        Outcome::Created => report.created += 1,
                        Outcome::Updated => report.updated += 1,
                        Outcome::Unchanged => report.unchanged += 1,
                    }
                }
                Ok(_) => {
                    savepoint.rollback().await?;
                    undo.forget(row.number);
                }
                Err(AppError::Invalid(errors)) => {
                    savepoint.rollback().await?;
                    undo.forget(row.number);
                    let number = row.number;
                    row.errors.extend(
                        errors
                            .into_iter()
                            .map(|e| RowError::from_field(number, columns, e)),
                    );
                }
                Err(err @ (AppError::Db(_) | AppError::Internal(_))) => {
                    txn.rollback().await?;
                    undo.revert::<T>(db, keys, actor).await?;
                    return Err(err);
                }
                Err(other) => {
                    savepoint.rollback().await?;
                    undo.forget(row.number);
                    row.errors.push(row_level(row.number, &other));
                }
            }
        }
        if !row.errors.is_empty() {
            report.failed += 1;
            report.errors.append(&mut row.errors);
        }
        progress(done + 1, total);
    }
    if dry_run || report.failed > 0 || report.cancelled {
        txn.rollback().await?;
        let mut not_undone = undo.revert::<T>(db, keys, actor).await?;
        report.errors.append(&mut not_undone);
    } else {
        txn.commit().await?;
        report.written = true;
    }
    Ok(report)
}

/// Resolves the row's references, then creates the record, updates it, or finds it unchanged.
/// Cell errors found earlier stay in the row; the service's are returned.
pub(super) async fn apply<T: Template, C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    actor: &Actor,
    index: &T::Index,
    references: &mut References,
    row: &mut Row,
    journal: Option<&mut Undo>,
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
            if let (Some(journal), Some(before)) = (journal, current.into_iter().next()) {
                journal.updated(row, before);
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_checked() {
        let columns = Organizations::COLUMNS;
        let headers: Vec<String> = ["名称", "名称", "备注"].map(str::to_owned).to_vec();
        let (_, errors) = map_headers(columns, &headers);
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert!(codes.contains(&"DUPLICATE_COLUMN"));
        assert!(codes.contains(&"UNKNOWN_COLUMN"));
        assert!(codes.contains(&"MISSING_COLUMN"));
        assert!(errors.iter().all(|e| e.row == 1));
    }
}
