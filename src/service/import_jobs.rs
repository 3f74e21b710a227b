//! Import jobs: an uploaded spreadsheet imported in the background. The job is stored
//! (`import_job`) with its progress, counts, report and the verified caller who started it;
//! while it runs in this process its progress is also on a watch channel that subscriptions
//! follow, and it can be cancelled. Jobs run one at a time per process (the others wait
//! QUEUED), so that imports do not compete with each other for the writer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use entity::import_job::{self, Model};
use futures_util::FutureExt;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, NotSet, QueryFilter,
    Set,
};
use tokio::sync::{Semaphore, watch};

use crate::auth::policy::{self, JobOwner};
use crate::auth::{Viewer, tokens};
use crate::db::sealed::DataKeys;
use crate::error::{AppError, AppResult};
use crate::service::audit::Actor;
use crate::service::bulk::{self, Control, ImportOptions, ImportReport, RecordKind};
use crate::service::import_uploads;

mod stored;

/// Rows per transaction on SQLite, whose one write lock would otherwise shut every other
/// writer out for the whole import: at most this many rows, and at most
/// [`SQLITE_CHUNK_TIME`] of writing at a time. The time bounds a chunk: rows that create
/// people are only checked until 500 of them are written together, so a chunk of checks alone
/// (a dry run) may take thousands of rows without holding the writer longer.
pub const SQLITE_CHUNK_ROWS: usize = 5_000;
pub const SQLITE_CHUNK_TIME: Duration = Duration::from_millis(200);

/// How often a running job's progress is written to its row (subscribers in this process
/// follow it live; callers elsewhere read the row).
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

/// How often expired import files are looked for (besides each job's start).
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Where a job is.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "ImportJobStatus")]
pub enum JobStatus {
    /// 排队中: waiting for the import before it to finish.
    Queued,
    /// 进行中
    Running,
    /// 已完成: a dry run ran to its end, or a real run wrote every row.
    Succeeded,
    /// 失败: a real run found errors (nothing was written), or the file could not be read.
    Failed,
    /// 已取消: nothing was kept.
    Cancelled,
}

impl JobStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Queued => "QUEUED",
            Self::Running => "RUNNING",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
        }
    }

    pub fn parse(code: &str) -> Self {
        match code {
            "QUEUED" => Self::Queued,
            "RUNNING" => Self::Running,
            "SUCCEEDED" => Self::Succeeded,
            "CANCELLED" => Self::Cancelled,
            _ => Self::Failed,
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }
}

/// A running job's state as its subscribers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub status: JobStatus,
    pub done: i64,
    pub total: i64,
}

/// Why a job failed without a report (the file could not be read, the database failed).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct JobFailure {
    pub code: String,
    pub en: String,
    pub zh: String,
}

impl JobFailure {
    pub fn of(model: &Model) -> Option<Self> {
        serde_json::from_str(model.message.as_deref()?).ok()
    }
}

/// The report of a finished job.
pub fn report_of(model: &Model) -> Option<ImportReport> {
    serde_json::from_str(model.report.as_deref()?).ok()
}

/// The report of a finished job without its rows (`rows` is empty): what a caller reading
/// counts, errors or one page of rows needs, without holding every row of a big file.
pub fn report_without_rows(model: &Model) -> Option<ImportReport> {
    stored::without_rows(model.report.as_deref()?)
}

/// Rows `offset..offset + limit` of a finished job's report (all from `offset` without a
/// limit), read from the stored report alone: the other rows are skipped as they are parsed.
pub fn rows_of(model: &Model, offset: usize, limit: Option<usize>) -> Vec<bulk::RowPlan> {
    model
        .report
        .as_deref()
        .and_then(|json| stored::rows(json, offset, limit))
        .unwrap_or_default()
}

/// The principal a job is attributed to.
pub fn owner_of(model: &Model) -> JobOwner<'_> {
    JobOwner {
        subject: &model.started_by,
        role: tokens::parse_role(&model.started_by_role).unwrap_or(crate::auth::Role::Public),
        region: model.started_by_region.as_deref(),
    }
}

/// One job running in this process.
struct Live {
    control: Arc<Control>,
    progress: watch::Receiver<Snapshot>,
}

/// The import jobs of this process; cheap to clone.
#[derive(Clone)]
pub struct ImportJobs {
    inner: Arc<Inner>,
}

struct Inner {
    /// Where imports and the jobs' own rows are written: SQLite's writer connection, the
    /// PostgreSQL pool. A job's bookkeeping queues there for its turn between two of an
    /// import's short transactions, instead of polling SQLite's lock from a read connection.
    write: DatabaseConnection,
    /// Where jobs are read.
    read: DatabaseConnection,
    keys: DataKeys,
    feed: Option<crate::live::ChangeFeed>,
    live: Mutex<HashMap<i64, Live>>,
    turn: Semaphore,
    chunk_rows: Option<usize>,
}

/// A file to import as a job.
pub struct NewJob {
    pub kind: RecordKind,
    pub file_name: Option<String>,
    pub dry_run: bool,
    /// Rows whose conflicts the caller accepts.
    pub confirm_rows: Vec<u32>,
    /// The date the file's data is as of.
    pub as_of: Option<chrono::NaiveDate>,
    /// The digest of the dry run the caller reviewed.
    pub expected_plan: Option<String>,
    pub bytes: Vec<u8>,
}

impl ImportJobs {
    pub fn new(
        write: DatabaseConnection,
        read: DatabaseConnection,
        keys: DataKeys,
        feed: Option<crate::live::ChangeFeed>,
    ) -> Self {
        // PostgreSQL's row locks let other editors write while one long transaction imports
        // (the job stays atomic by itself); SQLite's single write lock does not.
        let chunk_rows =
            (write.get_database_backend() == DbBackend::Sqlite).then_some(SQLITE_CHUNK_ROWS);
        let jobs = Self {
            inner: Arc::new(Inner {
                write,
                read,
                keys,
                feed,
                live: Mutex::new(HashMap::new()),
                turn: Semaphore::new(1),
                chunk_rows,
            }),
        };
        jobs.sweep_hourly();
        jobs
    }

    /// Deletes expired import files every hour while these jobs exist (and a runtime runs).
    fn sweep_hourly(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let inner = Arc::downgrade(&self.inner);
        runtime.spawn(async move {
            loop {
                tokio::time::sleep(SWEEP_EVERY).await;
                let Some(inner) = inner.upgrade() else {
                    return;
                };
                if let Err(err) = import_uploads::sweep(&inner.write).await {
                    tracing::warn!(error = %err, "expired import files not deleted");
                }
            }
        });
    }

    /// Stores a QUEUED job for `actor` and starts it in the background. The caller's right to
    /// import is asked before anything else.
    pub async fn start(&self, actor: &Actor, job: NewJob) -> AppResult<Model> {
        bulk::import::may_import(actor)?;
        // Each job has its own request id: compensation finds the job's writes by it, so it
        // must not be shared with anything else (a client may choose its HTTP request id).
        let request_id = format!("import-{:016x}", rand::rng().random::<u64>());
        let viewer = &actor.viewer;
        let model = import_job::ActiveModel {
            id: NotSet,
            kind: Set(job.kind.slug().to_owned()),
            dry_run: Set(job.dry_run),
            status: Set(JobStatus::Queued.code().to_owned()),
            file_name: Set(job.file_name.clone()),
            done: Set(0),
            total: Set(0),
            created: Set(0),
            updated: Set(0),
            unchanged: Set(0),
            conflicts: Set(0),
            failed: Set(0),
            report: Set(None),
            message: Set(None),
            started_by: Set(viewer.subject.clone()),
            started_by_role: Set(tokens::role_code(viewer.role).to_owned()),
            started_by_region: Set(viewer.region_scope.as_ref().map(|r| r.as_str().to_owned())),
            request_id: Set(request_id.clone()),
            created_at: Set(Utc::now()),
            started_at: Set(None),
            finished_at: Set(None),
        }
        .insert(&self.inner.write)
        .await?;
        self.keep_upload(model.id, &job.bytes).await;
        let control = Arc::new(match self.inner.chunk_rows {
            Some(rows) => Control::chunked(rows, SQLITE_CHUNK_TIME),
            None => Control::default(),
        });
        let (sender, receiver) = watch::channel(Snapshot {
            status: JobStatus::Queued,
            done: 0,
            total: 0,
        });
        self.inner
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(
                model.id,
                Live {
                    control: control.clone(),
                    progress: receiver,
                },
            );
        let mut actor = actor.clone();
        actor.request_id = Some(request_id);
        let jobs = self.clone();
        let id = model.id;
        tokio::spawn(async move {
            let outcome =
                std::panic::AssertUnwindSafe(jobs.run(id, &actor, job, &control, &sender))
                    .catch_unwind()
                    .await;
            if outcome.is_err() {
                let failure = JobFailure {
                    code: "INTERNAL".into(),
                    en: "the import stopped unexpectedly".into(),
                    zh: "导入意外中止".into(),
                };
                let _ = jobs
                    .finish(id, JobStatus::Failed, None, Some(failure))
                    .await;
                jobs.upload_finished(id, false).await;
                sender.send_replace(Snapshot {
                    status: JobStatus::Failed,
                    ..*sender.borrow()
                });
            }
            jobs.inner
                .live
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&id);
        });
        Ok(model)
    }

    async fn run(
        &self,
        id: i64,
        actor: &Actor,
        job: NewJob,
        control: &Control,
        sender: &watch::Sender<Snapshot>,
    ) {
        let Ok(_turn) = self.inner.turn.acquire().await else {
            return;
        };
        if control.is_cancelled() {
            let _ = self.finish(id, JobStatus::Cancelled, None, None).await;
            self.upload_finished(id, false).await;
            sender.send_modify(|s| s.status = JobStatus::Cancelled);
            return;
        }
        let started = import_job::ActiveModel {
            id: Set(id),
            status: Set(JobStatus::Running.code().to_owned()),
            started_at: Set(Some(Utc::now())),
            ..Default::default()
        };
        if let Err(err) = started.update(&self.inner.write).await {
            tracing::warn!(job = id, error = %err, "could not mark an import job running");
        }
        sender.send_modify(|s| s.status = JobStatus::Running);
        let ticker = self.track(id, sender.subscribe());
        let progress = |done: usize, total: usize| {
            sender.send_modify(|s| {
                s.done = done as i64;
                s.total = total as i64;
            });
        };
        let options = ImportOptions {
            kind: job.kind,
            file_name: job.file_name.as_deref(),
            dry_run: job.dry_run,
            confirm_rows: &job.confirm_rows,
            as_of: job.as_of,
            expected_plan: job.expected_plan.as_deref(),
        };
        let outcome = bulk::import_controlled(
            &self.inner.write,
            &self.inner.keys,
            actor,
            options,
            &job.bytes,
            &progress,
            control,
        )
        .await;
        ticker.abort();
        let _ = ticker.await;
        if let Some(feed) = &self.inner.feed {
            feed.nudge();
        }
        let (status, report, failure) = match outcome {
            Ok(report) if report.cancelled => (JobStatus::Cancelled, Some(report), None),
            Ok(report) if report.dry_run || report.written => {
                (JobStatus::Succeeded, Some(report), None)
            }
            Ok(report) => (JobStatus::Failed, Some(report), None),
            Err(err) => {
                let failure = JobFailure {
                    code: err.code().to_owned(),
                    zh: failure_zh(&err),
                    en: err.to_string(),
                };
                (JobStatus::Failed, None, Some(failure))
            }
        };
        if let Some(report) = &report {
            sender.send_modify(|s| {
                s.done = s.done.max(report.total as i64);
                s.total = report.total as i64;
            });
        }
        // The file is kept only when there is something to annotate in it.
        let annotatable = report
            .as_ref()
            .is_some_and(|r| !r.cancelled && (!r.errors.is_empty() || !r.warnings.is_empty()));
        // Dropped before the outcome is announced: its sealed copy is all that stays.
        drop(job);
        if let Err(err) = self.finish(id, status, report.as_ref(), failure).await {
            tracing::error!(job = id, error = %err, "could not store an import job's outcome");
        }
        self.upload_finished(id, annotatable).await;
        crate::db::pool::release_writer_cache(&self.inner.write).await;
        sender.send_modify(|s| s.status = status);
    }

    /// Keeps the job's file sealed for its annotated workbook (and deletes expired ones). A
    /// file that cannot be kept costs only the workbook, never the import.
    async fn keep_upload(&self, id: i64, bytes: &[u8]) {
        let db = &self.inner.write;
        if let Err(err) = import_uploads::sweep(db).await {
            tracing::warn!(error = %err, "expired import files not deleted");
        }
        match import_uploads::keep(db, &self.inner.keys, id, bytes).await {
            Ok(true) => {}
            Ok(false) => tracing::info!(
                job = id,
                bytes = bytes.len(),
                "import file too large to keep"
            ),
            Err(err) => tracing::warn!(job = id, error = %err, "import file not kept"),
        }
    }

    async fn upload_finished(&self, id: i64, annotatable: bool) {
        if let Err(err) = import_uploads::job_finished(&self.inner.write, id, annotatable).await {
            tracing::warn!(job = id, error = %err, "import file retention not updated");
        }
    }

    /// Writes the running job's progress to its row every [`PROGRESS_EVERY`].
    fn track(
        &self,
        id: i64,
        mut progress: watch::Receiver<Snapshot>,
    ) -> tokio::task::JoinHandle<()> {
        let db = self.inner.write.clone();
        tokio::spawn(async move {
            let mut last = None;
            loop {
                tokio::time::sleep(PROGRESS_EVERY).await;
                let now = *progress.borrow_and_update();
                if last == Some(now) {
                    continue;
                }
                last = Some(now);
                // Only while the job runs: the outcome, once stored, is final.
                let update = import_job::Entity::update_many()
                    .col_expr(import_job::Column::Done, Expr::value(now.done))
                    .col_expr(import_job::Column::Total, Expr::value(now.total))
                    .filter(import_job::Column::Id.eq(id))
                    .filter(import_job::Column::Status.eq(JobStatus::Running.code()))
                    .exec(&db)
                    .await;
                if let Err(err) = update {
                    tracing::debug!(job = id, error = %err, "progress not stored");
                }
            }
        })
    }

    async fn finish(
        &self,
        id: i64,
        status: JobStatus,
        report: Option<&ImportReport>,
        failure: Option<JobFailure>,
    ) -> AppResult<()> {
        let mut row = import_job::ActiveModel {
            id: Set(id),
            status: Set(status.code().to_owned()),
            finished_at: Set(Some(Utc::now())),
            message: Set(failure.map(|f| serde_json::to_string(&f).unwrap_or_default())),
            ..Default::default()
        };
        let t0 = std::time::Instant::now();
        if let Some(report) = report {
            let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
            row.done = Set(n(report.total));
            row.total = Set(n(report.total));
            row.created = Set(n(report.created));
            row.updated = Set(n(report.updated));
            row.unchanged = Set(n(report.unchanged));
            row.conflicts = Set(n(report.conflicts));
            row.failed = Set(n(report.failed));
            row.report = Set(Some(
                serde_json::to_string(report).map_err(|e| AppError::Internal(e.to_string()))?,
            ));
        }
        bulk::import::profile_phase("report serialized", t0);
        row.update(&self.inner.write).await?;
        bulk::import::profile_phase("report stored", t0);
        Ok(())
    }

    /// The job, when the viewer may see it; `None` otherwise, exactly as for a job that does
    /// not exist.
    pub async fn get(&self, viewer: &Viewer, id: i64) -> AppResult<Option<Model>> {
        let job = import_job::Entity::find_by_id(id)
            .one(&self.inner.read)
            .await?;
        Ok(job.filter(|job| policy::may_see_import_job(viewer, &owner_of(job))))
    }

    /// Asks a queued or running job to stop; nothing it wrote is kept. A finished job is
    /// returned unchanged.
    pub async fn cancel(&self, viewer: &Viewer, id: i64) -> AppResult<Option<Model>> {
        let Some(job) = self.get(viewer, id).await? else {
            return Ok(None);
        };
        let control = self
            .inner
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&id)
            .map(|live| live.control.clone());
        match control {
            Some(control) => control.cancel(),
            None if !JobStatus::parse(&job.status).is_finished() => {
                return Err(AppError::BadInput(
                    "this job runs in another server process; cancel it there".into(),
                ));
            }
            None => {}
        }
        Ok(Some(job))
    }

    /// Follows a job of this process; `None` when it is not running here.
    pub fn progress(&self, id: i64) -> Option<watch::Receiver<Snapshot>> {
        self.inner
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&id)
            .map(|live| live.progress.clone())
    }

    /// Waits up to `limit` for a job of this process to finish; the stored job then.
    pub async fn wait(&self, id: i64, limit: Duration) -> AppResult<Option<Model>> {
        if let Some(mut progress) = self.progress(id) {
            let finished = progress.wait_for(|s| s.status.is_finished());
            if tokio::time::timeout(limit, finished).await.is_err() {
                return Ok(None);
            }
        }
        let job = import_job::Entity::find_by_id(id)
            .one(&self.inner.read)
            .await?;
        Ok(job.filter(|job| JobStatus::parse(&job.status).is_finished()))
    }

    /// The connection jobs' rows are read from.
    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.read
    }
}

/// What the annotated workbook of a finished job is, or why there is none.
pub enum Annotated {
    /// The caller's file with each bad cell marked, a 错误说明 column and a summary sheet.
    Workbook(Vec<u8>),
    /// The job has not finished yet.
    NotFinished,
    /// The job was cancelled: its file was not kept.
    Cancelled,
    /// The file could not be read: there are no rows to mark (the failure says why).
    Unreadable(Option<JobFailure>),
    /// The job found no error and no warning: there is nothing to mark.
    NothingToMark,
    /// The file was not kept (too large) or its retention has passed.
    FileGone,
}

/// The annotated workbook of `job` (whose visibility the caller has checked): its own file,
/// opened from its sealed copy, annotated with the job's report.
pub async fn annotated_workbook(
    db: &DatabaseConnection,
    keys: &DataKeys,
    job: &Model,
) -> AppResult<Annotated> {
    let status = JobStatus::parse(&job.status);
    if !status.is_finished() {
        return Ok(Annotated::NotFinished);
    }
    if status == JobStatus::Cancelled {
        return Ok(Annotated::Cancelled);
    }
    let Some(report) = report_of(job) else {
        return Ok(Annotated::Unreadable(JobFailure::of(job)));
    };
    if report.errors.is_empty() && report.warnings.is_empty() {
        return Ok(Annotated::NothingToMark);
    }
    if let Err(err) = import_uploads::sweep(db).await {
        tracing::warn!(error = %err, "expired import files not deleted");
    }
    let Some(bytes) = import_uploads::open(db, keys, job.id).await? else {
        return Ok(Annotated::FileGone);
    };
    // Reading and writing a large workbook takes a while: off the async workers.
    let workbook = tokio::task::spawn_blocking(move || bulk::annotate(&bytes, &report))
        .await
        .map_err(|e| AppError::Internal(format!("annotating stopped: {e}")))??;
    Ok(Annotated::Workbook(workbook))
}

/// The access-log entry of `viewer` downloading the file of `job` when the policy logs it
/// (someone else's job): the record is the job, the field its annotated workbook.
pub async fn log_file_read(
    db: &DatabaseConnection,
    viewer: &Viewer,
    job: &Model,
    request_id: Option<&str>,
) -> AppResult<()> {
    use entity::access_log::{ActiveModel, Entity};
    if !crate::auth::policy::logs_job_file_read(viewer, &owner_of(job)) {
        return Ok(());
    }
    let entry = ActiveModel {
        id: NotSet,
        at: Set(Utc::now()),
        actor: Set(viewer.subject.clone()),
        person_id: Set(job.id),
        record_type: Set("ImportJob".to_owned()),
        field: Set("annotatedWorkbook".to_owned()),
        request_id: Set(request_id.map(str::to_owned)),
    };
    Entity::insert(entry).exec(db).await?;
    Ok(())
}

fn failure_zh(err: &AppError) -> String {
    match err {
        AppError::BadInput(message) => format!("文件无法读取：{message}"),
        AppError::Forbidden(_) => "导入需要编辑及以上权限".into(),
        AppError::LimitExceeded(_) => "文件超出大小限制，请拆分后导入".into(),
        AppError::Unavailable(_) => "数据库暂时不可用，请稍后重试".into(),
        _ => "导入因内部错误中止，未写入任何数据".into(),
    }
}
