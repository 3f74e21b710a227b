//! The import pipeline: read the file, check its header, read every row by its column types,
//! then create, update or skip each row through the kind's service inside ONE transaction,
//! each row behind a savepoint so that one bad row does not hide the errors of the next.
//! Committed only when no row failed and it is not a dry run.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
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
use super::plan::{Action, CellChange, Conflict, PlanDigest, RowPlan};
use super::references::References;
use super::row::{Mark, Row};
use super::template::{Column, Issue, Stored, Template, Ty};
use super::undo::Undo;
use super::{ImportReport, RecordKind, RowError, headers, regions, sheet};
use crate::db::sealed::DataKeys;
use crate::db::table::IdRow;
use crate::domain::validate::explain;
use crate::error::{AppError, AppResult, Subject, UserErrorCode};
use crate::service::audit::Actor;
use crate::service::check::RegionTable;

/// What to import and how.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    pub kind: RecordKind,
    /// The uploaded file's name: its extension decides between CSV and a workbook when the
    /// content does not.
    pub file_name: Option<&'a str>,
    /// Check every row and report, but write nothing.
    pub dry_run: bool,
    /// Rows (as the spreadsheet numbers them) whose conflicts the caller accepts: a stale or
    /// identity-changing row is then applied, a deleted record restored and updated.
    pub confirm_rows: &'a [u32],
    /// The date the file says its data is as of, for rows without a version: a record changed
    /// after that date is a conflict instead of being overwritten.
    pub as_of: Option<NaiveDate>,
    /// The `plan_digest` of the dry run the caller saw: the run writes nothing (and says
    /// `plan_changed`) when its own plan differs.
    pub expected_plan: Option<&'a str>,
}

/// The header of the column exports add with each record's version. Kept on re-import, it
/// tells a row written from an old export from a current one.
pub const VERSION_HEADER: &str = "版本（勿改）";

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
    let t0 = Instant::now();
    // Unzipping and reading a big workbook takes seconds of CPU: off the async workers, so
    // that other callers' requests are not held up behind it.
    let (file_name, file) = (options.file_name.map(str::to_owned), bytes.to_vec());
    let columns = super::export::columns_of(options.kind);
    let sheet =
        tokio::task::spawn_blocking(move || sheet::read_for(file_name.as_deref(), &file, columns))
            .await
            .map_err(|e| AppError::Internal(format!("reading the file stopped: {e}")))??;
    profile_phase("sheet read", t0);
    let mut actor = actor.clone();
    let request_id = actor
        .request_id
        .get_or_insert_with(|| format!("import-{:016x}", rand::rng().random::<u64>()))
        .clone();
    let run_options = &options;
    let mut report = match options.kind {
        RecordKind::Organizations => {
            run::<Organizations>(db, keys, &actor, sheet, run_options, progress, control).await?
        }
        RecordKind::People => {
            run::<People>(db, keys, &actor, sheet, run_options, progress, control).await?
        }
        RecordKind::Activities => {
            run::<Activities>(db, keys, &actor, sheet, run_options, progress, control).await?
        }
        RecordKind::Pairings => {
            run::<Pairings>(db, keys, &actor, sheet, run_options, progress, control).await?
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
        conflicts = report.conflicts,
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

/// Where each template column and the version column are in the file.
struct Layout {
    positions: Vec<Option<usize>>,
    version: Option<usize>,
}

/// Reads one data row against the template.
fn read_row(columns: &[Column], layout: &Layout, raw: &sheet::SheetRow) -> Row {
    let mut row = Row::empty(raw.number, raw.sheet.clone(), columns.len());
    let version = layout
        .version
        .and_then(|position| raw.cells.get(position))
        .map_or("", |text| text.trim());
    if !version.is_empty() {
        match version.parse::<i32>() {
            Ok(version) if version > 0 => row.version = Some(version),
            // Without a readable version a stale row cannot be told from a current one.
            _ => {
                row.fail(
                    Some(VERSION_HEADER),
                    UserErrorCode::InvalidVersion,
                    format!("{version:?} is not a record version; copy it from the export unchanged or leave it blank"),
                    format!("“{version}”不是有效的版本号；请保留导出时的值，新增的行留空"),
                );
                row.incomplete = true;
            }
        }
    }
    for (column, position) in columns.iter().zip(&layout.positions) {
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
                    UserErrorCode::Required,
                    "it cannot be cleared",
                    "不能清空",
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
                row.fail(Some(column.header), UserErrorCode::Required, "", "");
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
        code: UserErrorCode,
        en: impl AsRef<str>,
        zh: impl AsRef<str>,
    ) {
        self.errors
            .push(RowError::new(self.number, column, code, en, zh));
    }

    fn issue(&mut self, issue: Issue) {
        self.fail(issue.column, issue.code, issue.en, issue.zh);
    }
}

/// The caller's answers for this run: confirmed rows and the file's stated date.
pub(super) struct Settings {
    pub(super) confirm: HashSet<u32>,
    pub(super) as_of: Option<NaiveDate>,
}

/// What one row did, for the report and the plan digest.
pub(super) struct Done {
    pub(super) plan: RowPlan,
    /// The action before any confirmation (what a dry run without confirmations shows).
    pub(super) unconfirmed: Action,
    pub(super) version: Option<i32>,
    /// Personal values shown unmasked in `changes`, for the access log.
    pub(super) reads: Vec<(i64, &'static str)>,
}

async fn run<T: Template>(
    db: &DatabaseConnection,
    keys: &DataKeys,
    actor: &Actor,
    sheet: sheet::Sheet,
    options: &ImportOptions<'_>,
    progress: Progress<'_>,
    control: &Control,
) -> AppResult<ImportReport> {
    let t0 = Instant::now();
    let columns = T::COLUMNS;
    let dry_run = options.dry_run;
    let mut mapping = headers::map(columns, &sheet.headers, sheet.header_row);
    for error in &mut mapping.errors {
        error.sheet.clone_from(&sheet.name);
    }
    mapping.errors.extend(sheet.header_errors);
    let layout = Layout {
        positions: mapping.positions.clone(),
        version: mapping.version,
    };
    // A header problem does not hide the rows' own problems: every row is still read and
    // checked, but a row missing a required column is not sent to the service, and nothing
    // is written.
    let complete = mapping.complete(columns);
    // The file's texts are let go as soon as they are read: a big file is held once.
    let mut rows: Vec<Row> = sheet
        .rows
        .into_iter()
        .filter(|r| !r.is_blank())
        .map(|r| {
            let mut row = read_row(columns, &layout, &r);
            row.incomplete |= !complete;
            row
        })
        .collect();
    profile_phase("rows read", t0);
    regions::resolve_names(db, columns, &mut rows).await?;
    profile_phase("names resolved", t0);
    let mut report = ImportReport {
        total: rows.len(),
        dry_run,
        errors: mapping.errors,
        warnings: sheet.warnings,
        ..ImportReport::default()
    };
    let header_failed = !report.errors.is_empty();
    mark_duplicates::<T>(&mut rows);
    let settings = Settings {
        confirm: options.confirm_rows.iter().copied().collect(),
        as_of: options.as_of,
    };

    // IMMEDIATE takes SQLite's write lock at BEGIN (see `graphql::mutation::transact`).
    let transaction = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    // Written in short transactions, the file's records are looked up before the first one:
    // other writers then do not wait behind the lookups for SQLite's lock. A record changed
    // between the lookup and its row's write is caught by the version its update expects, a
    // natural key stored meanwhile by the unique index.
    let chunked = control.chunk_rows.is_some();
    let looked_up = if chunked {
        Some(T::index(db, keys, &rows).await?)
    } else {
        None
    };
    let staging = if T::STAGES {
        Some(Staging::<T> {
            regions: RegionTable::load(db).await?,
            rows: Vec::new(),
        })
    } else {
        None
    };
    let mut writing = Writing {
        db,
        keys,
        actor,
        keeps_nothing: dry_run || header_failed,
        staging,
        clock: ChunkClock::default(),
        undo: Undo::default(),
    };
    let mut txn = db.begin_with_options(transaction).await?;
    let index = match looked_up {
        Some(index) => index,
        None => T::index(&txn, keys, &rows).await?,
    };
    profile_phase("indexed", t0);
    let mut references = References::default();
    let mut touched: HashMap<i64, u32> = HashMap::new();
    let mut digest = PlanDigest::default();
    let mut reads = Vec::new();
    let total = rows.len();
    let chunk = control.chunk_rows.unwrap_or(usize::MAX);
    let mut in_chunk = 0;
    let mut chunk_started = Instant::now();
    // Each row is let go once it is done: the file's rows and the report are not held at once.
    for (done, mut row) in rows.into_iter().enumerate() {
        let row = &mut row;
        if done % YIELD_EVERY == 0 {
            // Checking rows that create records awaits nothing: let the runtime's other
            // tasks (other callers' requests) in now and then.
            tokio::task::yield_now().await;
        }
        if control.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let long = control
            .chunk_time
            .is_some_and(|limit| chunk_started.elapsed() >= limit);
        if in_chunk == chunk || (long && in_chunk > 0) {
            txn = writing.flush_or_undo(txn, &mut report).await?;
            let ending = Instant::now();
            // Short transactions: commit what is good so far and let other writers in;
            // once a row failed nothing more is kept, and what was kept is undone at the end.
            if dry_run || report.failed > 0 || report.conflicts > 0 {
                txn.rollback().await?;
                // Records created in the rolled-back rows are gone.
                references = References::default();
            } else {
                txn.commit().await?;
                writing.undo.committed = true;
            }
            writing.clock.chunk_ended(chunk_started, ending);
            if control.chunk_time.is_some() {
                tokio::time::sleep(super::WRITER_GAP).await;
            }
            txn = db.begin_with_options(transaction).await?;
            in_chunk = 0;
            chunk_started = Instant::now();
        }
        in_chunk += 1;
        let mut outcome = Done {
            plan: RowPlan {
                row: row.number,
                action: Action::Failed,
                record: None,
                label: label::<T>(row),
                changes: Vec::new(),
                conflict: None,
            },
            unconfirmed: Action::Failed,
            version: None,
            reads: Vec::new(),
        };
        if !row.incomplete {
            // A row that stages its record only reads: it needs no savepoint of its own.
            let stages = writing.staging.is_some() && matches!(T::find(&index, row), Ok(None));
            let savepoint = if stages {
                None
            } else {
                Some(txn.begin().await?)
            };
            let connection = savepoint.as_ref().unwrap_or(&txn);
            let journal = if control.chunk_rows.is_some()
                && !dry_run
                && report.failed == 0
                && report.conflicts == 0
            {
                Some(&mut writing.undo)
            } else {
                None
            };
            let applied = apply::<T, _>(
                connection,
                keys,
                actor,
                &settings,
                &index,
                &mut references,
                &mut touched,
                row,
                &mut outcome,
                journal,
                writing.staging.as_mut(),
            )
            .await;
            match applied {
                Ok(()) if row.errors.is_empty() => {
                    if let Some(savepoint) = savepoint {
                        savepoint.commit().await?;
                    }
                    match outcome.plan.action {
                        Action::Create => report.created += 1,
                        Action::Update | Action::Restore => report.updated += 1,
                        Action::Unchanged => report.unchanged += 1,
                        Action::Conflict => report.conflicts += 1,
                        Action::Failed => {}
                    }
                }
                Ok(()) => {
                    rollback(savepoint).await?;
                    writing.undo.forget(row.number);
                }
                Err(AppError::Invalid(errors)) => {
                    rollback(savepoint).await?;
                    writing.undo.forget(row.number);
                    let number = row.number;
                    row.errors.extend(
                        errors
                            .into_iter()
                            .map(|e| RowError::from_field(number, columns, e)),
                    );
                }
                Err(err @ (AppError::Db(_) | AppError::Internal(_))) => {
                    txn.rollback().await?;
                    writing.undo.revert::<T>(db, keys, actor).await?;
                    return Err(err);
                }
                Err(other) => {
                    rollback(savepoint).await?;
                    writing.undo.forget(row.number);
                    if matches!(other, AppError::Forbidden(_)) {
                        // Refused before comparison: say nothing about the record.
                        outcome.plan.record = None;
                        outcome.plan.changes.clear();
                        outcome.plan.conflict = None;
                        outcome.version = None;
                        outcome.reads.clear();
                    }
                    row.errors.push(row_level(row.number, &other));
                }
            }
        }
        for message in row.errors.iter_mut().chain(&mut row.warnings) {
            message.sheet.clone_from(&row.sheet);
        }
        report.warnings.append(&mut row.warnings);
        if !row.errors.is_empty() {
            outcome.plan.action = Action::Failed;
            outcome.unconfirmed = Action::Failed;
            report.failed += 1;
        }
        let codes: Vec<&str> = row.errors.iter().map(|e| e.code.as_str()).collect();
        digest.add(&outcome.plan, outcome.unconfirmed, outcome.version, &codes);
        report.errors.append(&mut row.errors);
        reads.append(&mut outcome.reads);
        if outcome.plan.action != Action::Unchanged {
            report.rows.push(outcome.plan.compact());
        }
        progress(done + 1, total);
        if writing
            .staging
            .as_ref()
            .is_some_and(|s| s.rows.len() >= STAGED_ROWS)
        {
            txn = writing.flush_or_undo(txn, &mut report).await?;
        }
    }
    txn = writing.flush_or_undo(txn, &mut report).await?;
    profile_phase("rows done", t0);
    report.plan_digest = digest.finish();
    report.plan_changed = options
        .expected_plan
        .is_some_and(|expected| expected.trim() != report.plan_digest);
    if dry_run
        || report.failed > 0
        || report.conflicts > 0
        || report.plan_changed
        || header_failed
        || report.cancelled
    {
        let ending = Instant::now();
        txn.rollback().await?;
        writing.clock.chunk_ended(chunk_started, ending);
        writing.clock.log();
        let mut not_undone = writing.undo.revert::<T>(db, keys, actor).await?;
        report.errors.append(&mut not_undone);
    } else {
        let ending = Instant::now();
        txn.commit().await?;
        writing.clock.chunk_ended(chunk_started, ending);
        writing.clock.log();
        report.written = true;
    }
    // The plan showed these stored personal values unmasked: logged as any read of them is.
    super::export::log_reads(db, &actor.viewer, actor.request_id.as_deref(), &reads).await?;
    profile_phase("finished", t0);
    Ok(report)
}

/// Logs that an import reached `phase`, with the time since `since` and the process's
/// resident and peak memory (Linux; 0 elsewhere): where a big file's time and memory go.
pub fn profile_phase(phase: &str, since: Instant) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    };
    tracing::info!(
        phase,
        elapsed_ms = since.elapsed().as_millis() as u64,
        rss_mib = field("VmRSS:"),
        hwm_mib = field("VmHWM:"),
        "import phase"
    );
}

/// Where a run's transactions spent their time: how long each held the writer (SQLite's
/// other writers wait that long at most), how much of it writing staged rows, and committing.
#[derive(Default)]
struct ChunkClock {
    chunks: u32,
    held_max: Duration,
    held: Duration,
    flushing: Duration,
    committing: Duration,
    commit_max: Duration,
}

impl ChunkClock {
    async fn flush<F: std::future::Future<Output = AppResult<()>>>(
        &mut self,
        work: F,
    ) -> AppResult<()> {
        let started = Instant::now();
        let outcome = work.await;
        self.flushing += started.elapsed();
        outcome
    }

    /// A transaction begun at `began` ended; its commit (or rollback) started at `ending`.
    fn chunk_ended(&mut self, began: Instant, ending: Instant) {
        let held = began.elapsed();
        let commit = ending.elapsed();
        self.chunks += 1;
        self.held += held;
        self.held_max = self.held_max.max(held);
        self.committing += commit;
        self.commit_max = self.commit_max.max(commit);
    }

    fn log(&self) {
        let ms = |d: Duration| d.as_millis() as u64;
        tracing::info!(
            transactions = self.chunks,
            held_ms = ms(self.held),
            held_max_ms = ms(self.held_max),
            writing_staged_ms = ms(self.flushing),
            commit_ms = ms(self.committing),
            commit_max_ms = ms(self.commit_max),
            "import phase transactions"
        );
    }
}

/// Rows checked between two chances for other tasks to run.
const YIELD_EVERY: usize = 64;

/// Most rows staged before they are written: bounds what one statement and memory hold when
/// the whole file is one transaction. On SQLite one batch is about one chunk's writing: at
/// 1,500 rows about 0.4 s, and each chunk's commit (a sync of the WAL) is shared by more
/// rows, while an editor still waits well under a second for the writer.
const STAGED_ROWS: usize = 1_500;

/// Rows that create records of a staging kind ([`Template::STAGES`]): checked, and waiting
/// for one multi-row write.
pub(super) struct Staging<T: Template> {
    regions: RegionTable,
    rows: Vec<Staged<T::Staged>>,
}

pub(super) struct Staged<R> {
    number: u32,
    sheet: Option<String>,
    record: R,
}

/// Rolls back a row's savepoint, when it had one.
async fn rollback(savepoint: Option<sea_orm::DatabaseTransaction>) -> AppResult<()> {
    if let Some(savepoint) = savepoint {
        savepoint.rollback().await?;
    }
    Ok(())
}

/// Writes the staged rows when the run `keep`s what it writes (a dry run, or a run that will
/// be rolled back, only checks them). When a unique index refuses the batch (a natural key
/// stored by someone else since the file's lookups), the rows are written one by one to find
/// which fail; those are marked failed in the report, so nothing of the run is kept.
/// What a run's transactions share: where and as whom they write, the rows staged for one
/// multi-row write, their timing, and what committed transactions would have to undo.
struct Writing<'a, T: Template> {
    db: &'a DatabaseConnection,
    keys: &'a DataKeys,
    actor: &'a Actor,
    /// A dry run, or one whose header failed: nothing it writes is kept.
    keeps_nothing: bool,
    staging: Option<Staging<T>>,
    clock: ChunkClock,
    undo: Undo,
}

impl<T: Template> Writing<'_, T> {
    /// Writes the staged rows within `txn` when the run keeps them ([`flush`]): not once a
    /// row failed or has a conflict to confirm. On an error `txn` is rolled back and what
    /// earlier transactions committed is undone.
    async fn flush_or_undo(
        &mut self,
        txn: sea_orm::DatabaseTransaction,
        report: &mut ImportReport,
    ) -> AppResult<sea_orm::DatabaseTransaction> {
        let keep = !(self.keeps_nothing || report.failed > 0 || report.conflicts > 0);
        let (keys, actor) = (self.keys, self.actor);
        let work = flush(&txn, keys, actor, self.staging.as_mut(), report, keep);
        match self.clock.flush(work).await {
            Ok(()) => Ok(txn),
            Err(err) => {
                txn.rollback().await?;
                std::mem::take(&mut self.undo)
                    .revert::<T>(self.db, keys, actor)
                    .await?;
                Err(err)
            }
        }
    }
}

async fn flush<T: Template>(
    txn: &sea_orm::DatabaseTransaction,
    keys: &DataKeys,
    actor: &Actor,
    staging: Option<&mut Staging<T>>,
    report: &mut ImportReport,
    keep: bool,
) -> AppResult<()> {
    let Some(staging) = staging else {
        return Ok(());
    };
    let staged = std::mem::take(&mut staging.rows);
    if staged.is_empty() || !keep {
        return Ok(());
    }
    let records: Vec<T::Staged> = staged.iter().map(|s| s.record.clone()).collect();
    let batch = txn.begin().await?;
    match T::write_staged(&batch, keys, actor, &records).await {
        Ok(()) => return Ok(batch.commit().await?),
        Err(AppError::Invalid(_)) => batch.rollback().await?,
        Err(other) => return Err(other),
    }
    for one in &staged {
        let savepoint = txn.begin().await?;
        match T::write_staged(&savepoint, keys, actor, std::slice::from_ref(&one.record)).await {
            Ok(()) => savepoint.commit().await?,
            Err(AppError::Invalid(errors)) => {
                savepoint.rollback().await?;
                let columns = T::COLUMNS;
                // The latest plan of that number: rows of an earlier sheet may share it.
                if let Some(plan) = report.rows.iter_mut().rev().find(|p| p.row == one.number) {
                    plan.action = Action::Failed;
                }
                report.created = report.created.saturating_sub(1);
                report.failed += 1;
                report.errors.extend(errors.into_iter().map(|e| {
                    let mut error = RowError::from_field(one.number, columns, e);
                    error.sheet.clone_from(&one.sheet);
                    error
                }));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// Two rows about one record: the same natural key (DUPLICATE_ROW), or the same second key
/// with different natural keys (an organization once with and once without its credit code,
/// MIXED_KEYS), which would otherwise meet as two writes to one record.
fn mark_duplicates<T: Template>(rows: &mut [Row]) {
    let mut first_of: HashMap<String, u32> = HashMap::new();
    let mut first_alt: HashMap<String, (u32, Option<String>)> = HashMap::new();
    for row in rows {
        let key = T::key(row);
        if let Some(key) = &key {
            if let Some(first) = first_of.get(key) {
                let first = *first;
                row.fail(
                    None,
                    UserErrorCode::DuplicateRow,
                    format!("this row is about the same record as row {first}"),
                    format!("本行与第 {first} 行是同一条记录"),
                );
                row.incomplete = true;
                continue;
            }
            first_of.insert(key.clone(), row.number);
        }
        let Some(alt) = T::alt_key(row) else { continue };
        match first_alt.get(&alt) {
            Some((first, first_key)) if *first_key != key => {
                let first = *first;
                row.fail(
                    None,
                    UserErrorCode::MixedKeys,
                    format!(
                        "row {first} names the same organization (name and region) with a different or no credit code; give both rows the same credit code, or keep one row"
                    ),
                    format!(
                        "本行与第 {first} 行的名称和区划相同，但统一社会信用代码不同（或一行有、一行没有）；请在两行填写同一代码，或只保留一行"
                    ),
                );
                row.incomplete = true;
            }
            Some(_) => {}
            None => {
                first_alt.insert(alt, (row.number, key));
            }
        }
    }
}

/// The row's name as the file gives it.
fn label<T: Template>(row: &Row) -> String {
    row.cell(T::LABEL)
        .map(|cell| cells::format(&T::COLUMNS[T::LABEL], cell))
        .unwrap_or_default()
}

/// Resolves the row's references, then creates the record, or compares it with the record it
/// matches and updates, restores or leaves it, or stops at a conflict the caller has not
/// confirmed. Cell errors found earlier stay in the row; the service's are returned.
#[allow(clippy::too_many_arguments)]
pub(super) async fn apply<T: Template, C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    actor: &Actor,
    settings: &Settings,
    index: &T::Index,
    references: &mut References,
    touched: &mut HashMap<i64, u32>,
    row: &mut Row,
    outcome: &mut Done,
    journal: Option<&mut Undo>,
    staging: Option<&mut Staging<T>>,
) -> AppResult<()> {
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
                    UserErrorCode::ReferenceNotFound,
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
            return Ok(());
        }
    };
    let Some(record) = existing else {
        outcome.plan.changes = T::COLUMNS
            .iter()
            .enumerate()
            .filter(|&(i, _)| !row.leaves(i))
            .filter_map(|(i, column)| {
                let new = row.cell(i).map(|cell| cells::format(column, cell))?;
                Some(CellChange {
                    column: column.header.to_owned(),
                    old: None,
                    new: Some(new).filter(|n| !n.is_empty()),
                })
            })
            .collect();
        outcome.plan.action = Action::Create;
        outcome.unconfirmed = Action::Create;
        // Sent even with a bad optional cell, so that the service's errors show in this run.
        if let Some(staging) = staging
            && let Some(staged) = T::stage(db, keys, actor, row, &staging.regions).await?
        {
            if row.errors.is_empty() {
                staging.rows.push(Staged {
                    number: row.number,
                    sheet: row.sheet.clone(),
                    record: staged,
                });
            }
            return Ok(());
        }
        T::create(db, keys, actor, row).await?;
        return Ok(());
    };
    // A record the caller may not write is refused before its cells are compared (or its
    // deletion told): an "unchanged" or a conflict would tell what it holds.
    actor.may_write(T::region(record))?;
    let id = record.row().id();
    if let Some(first) = touched.insert(id, row.number) {
        row.fail(
            None,
            UserErrorCode::DuplicateRow,
            format!("this row is about the same record as row {first}"),
            format!("本行与第 {first} 行指向同一条记录"),
        );
        return Ok(());
    }
    outcome.plan.record = Some(crate::ids::encode(T::TYPE_NAME, id).to_string());
    outcome.version = Some(record.row().version());
    let current = T::cells(db, std::slice::from_ref(record)).await?;
    let current = current.into_iter().next().unwrap_or_default();
    let mut shown = current.clone();
    let unmasked = T::mask(&actor.viewer, record, &mut shown);
    let mut changed = Vec::new();
    for (i, column) in T::COLUMNS.iter().enumerate() {
        if row.leaves(i) {
            continue;
        }
        let (Some(given), Some(now)) = (row.cell(i), current.get(i)) else {
            continue;
        };
        if given == now {
            continue;
        }
        changed.push(column.field);
        let text = |cell: &Cell| Some(cells::format(column, cell)).filter(|t| !t.is_empty());
        outcome.plan.changes.push(CellChange {
            column: column.header.to_owned(),
            old: shown.get(i).and_then(text),
            new: text(given),
        });
    }
    outcome.reads = unmasked
        .into_iter()
        .filter(|(_, field)| changed.contains(field))
        .collect();
    let deleted = record.row().is_deleted();
    if outcome.plan.changes.is_empty() && !deleted {
        outcome.plan.action = Action::Unchanged;
        outcome.unconfirmed = Action::Unchanged;
        return Ok(());
    }
    outcome.plan.conflict = conflict::<T>(settings, record, row, &current);
    let confirmed = settings.confirm.contains(&row.number);
    if outcome.plan.conflict.is_some() && !confirmed {
        outcome.plan.action = Action::Conflict;
        outcome.unconfirmed = Action::Conflict;
        return Ok(());
    }
    outcome.unconfirmed = if outcome.plan.conflict.is_some() {
        Action::Conflict
    } else {
        Action::Update
    };
    let mut version = record.row().version();
    if deleted {
        version = T::restore(db, actor, record).await?;
    }
    if !outcome.plan.changes.is_empty() {
        T::update(db, keys, actor, record, version, row).await?;
        if let Some(journal) = journal {
            journal.updated(row, current);
        }
    }
    outcome.plan.action = if deleted {
        Action::Restore
    } else {
        Action::Update
    };
    Ok(())
}

/// Why a row that changes `record` needs confirmation, if it does: the record is deleted, was
/// changed since the file was exported (or since its stated date), or the row names it
/// differently or moves it to another county.
fn conflict<T: Template>(
    settings: &Settings,
    record: &T::Record,
    row: &Row,
    current: &[Cell],
) -> Option<Conflict> {
    let mut reasons: Vec<(UserErrorCode, String, String)> = Vec::new();
    if record.row().is_deleted() {
        reasons.push((
            UserErrorCode::RecordDeleted,
            "this record was deleted; confirm the row to restore it and apply the row".into(),
            "该记录已被删除；确认本行将恢复该记录并按本行更新".into(),
        ));
    }
    let stored = record.row().version();
    match row.version {
        Some(file) if file != stored => reasons.push((
            UserErrorCode::StaleVersion,
            format!("the record changed since the file was exported (file version {file}, now {stored}); the changes list the stored and the file's values"),
            format!("该记录在文件导出后已被修改（文件中版本 {file}，当前版本 {stored}）；请核对各列的现值与文件值"),
        )),
        Some(_) => {}
        None => {
            // The calendar day in China (UTC+8), as the file's date is meant.
            let changed_on = (record.row().updated_at() + chrono::Duration::hours(8)).date_naive();
            if let Some(as_of) = settings.as_of.filter(|as_of| changed_on > *as_of) {
                reasons.push((
                    UserErrorCode::ChangedSince,
                    format!("the record was changed on {changed_on}, after the file's date {as_of}; the row would overwrite that change"),
                    format!("该记录于 {changed_on} 修改过，晚于文件日期 {as_of}；本行会覆盖该修改"),
                ));
            }
        }
    }
    if let Some(name) = T::NAME
        && let (Some(Cell::Text(given)), Some(Cell::Text(now))) =
            (row.cell(name), current.get(name))
        && !row.leaves(name)
        && given.trim() != now.trim()
    {
        reasons.push((
            UserErrorCode::NameMismatch,
            format!("the matched record is named {now:?}, the row says {given:?}"),
            format!("按编码匹配到的记录名称为“{now}”，与本行的“{given}”不一致"),
        ));
    }
    let county = |code: &str| code.chars().take(6).collect::<String>();
    if let Some(region) = T::REGION
        && let (Some(Cell::Text(given)), Some(Cell::Text(now))) =
            (row.cell(region), current.get(region))
        && !row.leaves(region)
        && county(given) != county(now)
    {
        let (from, to) = (county(now), county(given));
        reasons.push((
            UserErrorCode::CountyMismatch,
            format!("the row would move the record from county {from} to {to}"),
            format!("本行会将该记录从县区 {from} 移到 {to}"),
        ));
    }
    let code = reasons.first()?.0;
    let messages: Vec<(String, String)> = reasons
        .iter()
        .map(|(code, en, zh)| code.message(Subject::Whole, (en, zh)))
        .collect();
    Some(Conflict {
        code,
        en: messages
            .iter()
            .map(|m| m.0.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        zh: messages
            .iter()
            .map(|m| m.1.as_str())
            .collect::<Vec<_>>()
            .join("；"),
    })
}

/// A service refusal that is not about one field, as a row error.
fn row_level(row: u32, err: &AppError) -> RowError {
    let code = UserErrorCode::of_refusal(err.code());
    let en = match code {
        UserErrorCode::Forbidden | UserErrorCode::NotFound | UserErrorCode::BadUserInput => {
            err.to_string()
        }
        _ => String::new(),
    };
    RowError::new(row, None, code, en, "")
}
