//! Import jobs in the API: `importJob(id:)`, `importJobs(first:, after:)`,
//! `cancelImportJob(id:)` and the `importJobProgress(id:)` subscription. A job the caller may
//! not see answers exactly as one that does not exist.

use std::time::Duration;

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};
use entity::import_job::{Column, Entity, Model};
use futures_util::stream::{self, Stream};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::auth::{Role, Viewer, policy, tokens};
use crate::db::cursor::CursorValue;
use crate::db::page::Ordering;
use crate::error::AppError;
use crate::graphql::bulk::{ImportError, ImportResult};
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::mutation::Locale;
use crate::ids;
use crate::service::bulk::RecordKind;
use crate::service::import_jobs::{self, ImportJobs, JobFailure, JobStatus, Snapshot};

pub const TYPE_NAME: &str = "ImportJob";

/// How far an import job has got.
#[derive(SimpleObject, Debug, Clone, Copy)]
#[graphql(name = "ImportJobProgress")]
pub struct Progress {
    /// Rows processed.
    pub done: i64,
    /// Rows in the file (0 until the file has been read).
    pub total: i64,
}

/// What an import job did with the rows, or (dry run, errors) would have done.
#[derive(SimpleObject, Debug, Clone, Copy)]
#[graphql(name = "ImportJobCounts")]
pub struct Counts {
    /// Rows that create a record.
    pub created: i64,
    /// Rows that change a record (or restore a deleted one, as confirmed).
    pub updated: i64,
    /// Rows whose record already holds exactly the row's values.
    pub unchanged: i64,
    /// Rows that match a record but need confirmation (`confirmRows`) and were not confirmed.
    pub conflicts: i64,
    /// Rows with at least one error.
    pub failed: i64,
}

/// Why a job failed without a report, e.g. a file that is not a spreadsheet.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(name = "ImportJobFailure")]
pub struct Failure {
    /// Stable machine-readable code, e.g. `BAD_INPUT`.
    pub code: String,
    /// Message in the caller's language.
    pub message: String,
}

/// An import run in the background: started by `importRecords`.
pub struct ImportJob {
    model: Model,
    /// Live progress of a job running in this process, fresher than the stored row.
    live: Option<Snapshot>,
}

impl ImportJob {
    pub fn new(model: Model) -> Self {
        Self { model, live: None }
    }

    fn status_now(&self) -> JobStatus {
        self.live
            .map_or_else(|| JobStatus::parse(&self.model.status), |s| s.status)
    }
}

fn locale(ctx: &Context<'_>) -> Locale {
    ctx.data_opt::<Locale>().copied().unwrap_or_default()
}

/// An import run in the background: started by `importRecords`, followed with `importJob`,
/// `importJobs` or the `importJobProgress` subscription.
#[Object]
impl ImportJob {
    /// The job's global id.
    async fn id(&self) -> ID {
        ids::encode(TYPE_NAME, self.model.id)
    }

    /// What the file holds.
    async fn kind(&self) -> Option<RecordKind> {
        RecordKind::from_slug(&self.model.kind)
    }

    /// True for a dry run: every row checked, nothing written.
    async fn dry_run(&self) -> bool {
        self.model.dry_run
    }

    /// Where the job stands: QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.
    async fn status(&self) -> JobStatus {
        self.status_now()
    }

    /// The uploaded file's name.
    async fn file_name(&self) -> Option<&str> {
        self.model.file_name.as_deref()
    }

    /// Rows processed so far out of the rows in the file.
    async fn progress(&self) -> Progress {
        match self.live {
            Some(s) if !s.status.is_finished() => Progress {
                done: s.done,
                total: s.total,
            },
            _ => Progress {
                done: self.model.done,
                total: self.model.total,
            },
        }
    }

    /// Row counts; final once the job has finished.
    async fn counts(&self) -> Counts {
        Counts {
            created: self.model.created,
            updated: self.model.updated,
            unchanged: self.model.unchanged,
            conflicts: self.model.conflicts,
            failed: self.model.failed,
        }
    }

    /// Every problem found in the file, in row order (once finished).
    async fn errors(&self, ctx: &Context<'_>) -> Vec<ImportError> {
        import_jobs::report_without_rows(&self.model)
            .map(|report| ImportResult::new(report, locale(ctx)).errors)
            .unwrap_or_default()
    }

    /// The import's full result once the job has finished with a report.
    async fn result(&self, ctx: &Context<'_>) -> Option<ImportResult> {
        ImportResult::stored(&self.model, locale(ctx))
    }

    /// Why the job failed when the file could not be imported at all.
    async fn failure(&self, ctx: &Context<'_>) -> Option<Failure> {
        JobFailure::of(&self.model).map(|f| Failure {
            code: f.code,
            message: if locale(ctx) == Locale::En {
                f.en
            } else {
                f.zh
            },
        })
    }

    /// Who started the job: a token name, a JWT subject, or the person named on the command line.
    async fn started_by(&self) -> &str {
        &self.model.started_by
    }

    /// The starter's role at the time.
    async fn started_by_role(&self) -> Option<Role> {
        tokens::parse_role(&self.model.started_by_role)
    }

    /// The request id every audit entry of this import carries.
    async fn request_id(&self) -> &str {
        &self.model.request_id
    }

    /// When the job was started (queued).
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    /// When the job began to run; null while it is queued.
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.model.started_at
    }

    /// When the job ended; null while it is queued or running.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.model.finished_at
    }
}

fn viewer(ctx: &Context<'_>) -> Viewer {
    ctx.data_opt::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::public)
}

pub fn jobs<'a>(ctx: &Context<'a>) -> Result<&'a ImportJobs> {
    ctx.data::<ImportJobs>()
}

/// A job id from the API; a malformed one is refused like any other id.
fn job_id(id: &ID) -> Result<i64> {
    ids::decode_int(id, TYPE_NAME).extend()
}

fn not_found() -> async_graphql::Error {
    async_graphql::ErrorExtensions::extend(&AppError::not_found("no such import job"))
}

#[derive(Default)]
pub struct ImportJobsQuery;

#[Object]
impl ImportJobsQuery {
    /// One import job: the caller's own, or any for an ADMIN.
    async fn import_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job's id, as `importRecords` returned it.")] id: ID,
    ) -> Result<Option<ImportJob>> {
        let id = job_id(&id)?;
        let jobs = jobs(ctx)?;
        let job = jobs.get(&viewer(ctx), id).await.extend()?;
        Ok(job.map(|model| ImportJob {
            live: jobs.progress(model.id).map(|p| *p.borrow()),
            model,
        }))
    }

    /// Import jobs, newest first: the caller's own, or everyone's for an ADMIN.
    async fn import_jobs(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page forward: at most this many items (after `after`). Default 20, at most the server's page size limit (100 unless configured); not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` from the same list and order)."
        )]
        after: Option<String>,
    ) -> Result<Conn<ImportJob>> {
        let viewer = viewer(ctx);
        let mut select = Entity::find();
        if !policy::lists_every_import_job(&viewer) {
            if viewer.role < Role::Editor {
                // Only writers start jobs: nobody else has any.
                select = select.filter(Column::Id.lt(0));
            } else {
                select = select
                    .filter(Column::StartedBy.eq(viewer.subject.as_str()))
                    .filter(Column::StartedByRole.eq(tokens::role_code(viewer.role)));
                select = match &viewer.region_scope {
                    Some(region) => select.filter(Column::StartedByRegion.eq(region.as_str())),
                    None => select.filter(Column::StartedByRegion.is_null()),
                };
            }
        }
        let ordering = Ordering::newest_first(|m: &Model| CursorValue::Int(m.id));
        connection::root(
            ctx,
            select,
            ordering,
            args(first, after, None, None),
            ImportJob::new,
        )
        .await
    }
}

#[derive(Default)]
pub struct ImportJobsMutation;

#[Object]
impl ImportJobsMutation {
    /// Stops a queued or running import job: nothing it wrote is kept. The job is returned as
    /// it stands; its status becomes CANCELLED when it has stopped.
    async fn cancel_import_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job to stop.")] id: ID,
    ) -> Result<ImportJob> {
        // Who may act is decided before the id is read.
        crate::graphql::mutation::may_write_any(ctx).extend()?;
        let id = job_id(&id)?;
        let viewer = viewer(ctx);
        let jobs = jobs(ctx)?;
        let job = jobs
            .cancel(&viewer, id)
            .await
            .extend()?
            .ok_or_else(not_found)?;
        // A queued job stops at once; a running one at its next row.
        let job = jobs
            .wait(job.id, Duration::from_secs(5))
            .await
            .extend()?
            .unwrap_or(job);
        Ok(ImportJob::new(job))
    }
}

/// The job's state each time it changes, until it has finished (the last item).
pub async fn follow(ctx: &Context<'_>, id: ID) -> Result<impl Stream<Item = ImportJob> + use<>> {
    let id = job_id(&id)?;
    let viewer = viewer(ctx);
    let jobs = jobs(ctx)?.clone();
    let first = jobs
        .get(&viewer, id)
        .await
        .extend()?
        .ok_or_else(not_found)?;
    let progress = jobs.progress(id);
    struct State {
        jobs: ImportJobs,
        progress: Option<tokio::sync::watch::Receiver<Snapshot>>,
        first: Option<Model>,
        done: bool,
    }
    let state = State {
        jobs,
        progress,
        first: Some(first),
        done: false,
    };
    Ok(stream::unfold(state, move |mut state| async move {
        if state.done {
            return None;
        }
        if let Some(model) = state.first.take() {
            let live = state.progress.as_ref().map(|p| *p.borrow());
            let finished = live.map_or_else(
                || JobStatus::parse(&model.status).is_finished(),
                |s| s.status.is_finished() && JobStatus::parse(&model.status).is_finished(),
            );
            state.done = finished;
            return Some((ImportJob { model, live }, state));
        }
        let live = match state.progress.as_mut() {
            Some(progress) => {
                if progress.changed().await.is_err() {
                    // The job has left the registry: it finished; read its stored outcome.
                    state.progress = None;
                    None
                } else {
                    // Progress arrives once per row: hand on at most a few states a second.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    Some(*progress.borrow_and_update())
                }
            }
            None => {
                tokio::time::sleep(Duration::from_millis(500)).await;
                None
            }
        };
        let model = Entity::find_by_id(id)
            .one(state.jobs.db())
            .await
            .ok()
            .flatten()?;
        let stored = JobStatus::parse(&model.status);
        state.done = stored.is_finished();
        Some((
            ImportJob {
                model,
                live: live.filter(|_| !stored.is_finished()),
            },
            state,
        ))
    }))
}
