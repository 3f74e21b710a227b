//! What every mutation shares: the caller as audit actor, one transaction per mutation, and
//! payloads that carry field-level `userErrors` in the caller's language.

use async_graphql::{Context, Enum, Result, ResultExt, SimpleObject};
use futures_util::future::BoxFuture;
use sea_orm::{
    DatabaseConnection, DatabaseTransaction, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use crate::auth::Viewer;
use crate::error::{AppError, AppResult, FieldError, UserErrorCode};
use crate::graphql::connection::db;
use crate::service::audit::Actor;
use crate::service::write::Update;
use crate::service::write::record::{self, Record, Row};

/// The language of user-facing messages, from `Accept-Language` (Chinese unless English is
/// preferred).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

impl Locale {
    /// Picks the first of `zh`/`en` named in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Self {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Self::Zh;
            }
            if tag.starts_with("en") {
                return Self::En;
            }
        }
        Self::Zh
    }
}

pub use crate::telemetry::request_id::RequestId;

/// A validation failure a form can show beside the input it concerns.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserError {
    /// Path to the input field, e.g. `["input", "creditCode"]`.
    pub field: Vec<String>,
    /// Stable machine-readable code, e.g. `CREDIT_CODE_CHECKSUM`.
    pub code: UserErrorCode,
    /// Message in the caller's language (`Accept-Language`).
    pub message: String,
}

fn localize(ctx: &Context<'_>, errors: Vec<FieldError>) -> Vec<UserError> {
    let locale = ctx.data_opt::<Locale>().copied().unwrap_or_default();
    errors
        .into_iter()
        .map(|e| UserError {
            field: e.field,
            code: e.code,
            message: if locale == Locale::En { e.en } else { e.zh },
        })
        .collect()
}

/// The caller as the audit trail names them.
pub fn actor(ctx: &Context<'_>) -> Actor {
    Actor {
        viewer: ctx
            .data_opt::<Viewer>()
            .cloned()
            .unwrap_or_else(Viewer::public),
        request_id: ctx.data_opt::<RequestId>().map(|r| r.0.clone()),
    }
}

/// Every write starts here: a caller who may not write at all is refused before the input is
/// read or the database is touched, so the refusal is the same whatever the input names.
pub fn may_write_any(ctx: &Context<'_>) -> AppResult<()> {
    let viewer = ctx.data_opt::<Viewer>();
    if viewer.is_some_and(crate::auth::policy::may_write_any) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "changing records needs the EDITOR role or above".into(),
        ))
    }
}

/// The pool writes go through (schema data): SQLite's one writer connection, or the pool.
#[derive(Clone, Debug)]
pub struct Writer(pub DatabaseConnection);

/// The connection to write with: the [`Writer`] when the schema has one, else the pool.
pub fn writer<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseConnection> {
    match ctx.data_opt::<Writer>() {
        Some(Writer(pool)) => Ok(pool),
        None => db(ctx),
    }
}

/// Runs `work` in one transaction: committed when it succeeds, rolled back otherwise.
pub async fn transact<T: Send>(
    ctx: &Context<'_>,
    work: impl for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, AppResult<T>>,
) -> AppResult<T> {
    may_write_any(ctx)?;
    let db = writer(ctx).map_err(|e| AppError::Internal(e.message))?;
    // IMMEDIATE takes SQLite's write lock at BEGIN: a deferred transaction that reads, then
    // writes, fails with SQLITE_BUSY under concurrent writers whatever the busy timeout.
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    let txn = db.begin_with_options(options).await?;
    let value = work(&txn).await?;
    txn.commit().await?;
    if let Ok(feed) = ctx.data::<crate::live::ChangeFeed>() {
        feed.nudge();
    }
    Ok(value)
}

/// [`transact`] for work that may run again: a PostgreSQL serialization failure or deadlock
/// (the transaction did nothing) is retried up to three times.
pub async fn transact_retrying<T: Send>(
    ctx: &Context<'_>,
    work: impl for<'t> Fn(&'t DatabaseTransaction) -> BoxFuture<'t, AppResult<T>>,
) -> AppResult<T> {
    let mut attempt = 1;
    loop {
        match transact(ctx, &work).await {
            Err(AppError::Db(err))
                if attempt < 4 && crate::db::retry::is_retryable_conflict(&err) =>
            {
                tracing::debug!(attempt, error = %err, "serialization failure; retrying");
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

/// Every mutation's one shape: runs `work` as the caller in one transaction (after the policy
/// has said the caller may write at all) and shapes its payload. Input is decoded inside
/// `work`, so a caller who may not write is refused whatever the input says.
pub async fn mutate<M: Send, T, P>(
    ctx: &Context<'_>,
    work: impl for<'t> FnOnce(&'t DatabaseTransaction, Actor) -> BoxFuture<'t, AppResult<M>>,
    wrap: impl FnOnce(M) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    let actor = actor(ctx);
    let outcome = transact(ctx, move |txn| work(txn, actor)).await;
    payload(ctx, outcome, wrap, make)
}

/// What a generic mutation of record type `R` asks of the write path.
enum Command<R: Record> {
    Create(R::Draft),
    Update(Update<R::Patch>),
    Delete {
        key: i64,
        expected_version: i32,
        end_links: bool,
    },
    Restore(i64),
}

/// A payload that shows warnings beside the record written (a likely duplicate).
pub trait Warned {
    /// Where its warnings go.
    fn warnings(&mut self) -> &mut Vec<UserError>;
}

/// The write a generic mutation's command asks for.
async fn write<R: Record>(
    txn: &DatabaseTransaction,
    actor: &Actor,
    command: Command<R>,
) -> AppResult<Row<R>> {
    match command {
        Command::Create(draft) => record::create::<R, _>(txn, actor, draft).await,
        Command::Update(update) => record::update::<R, _>(txn, actor, update).await,
        Command::Delete {
            key,
            expected_version,
            end_links,
        } => record::delete::<R, _>(txn, actor, key, expected_version, end_links).await,
        Command::Restore(key) => record::restore::<R, _>(txn, actor, key).await,
    }
}

/// The one path of the generic mutations: the command is made from the input inside the
/// transaction, so ids are decoded only once the caller may write at all.
async fn run<R: Record, T, P>(
    ctx: &Context<'_>,
    command: impl FnOnce() -> AppResult<Command<R>> + Send + 'static,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    mutate(
        ctx,
        |txn, actor| Box::pin(async move { write::<R>(txn, &actor, command()?).await }),
        wrap,
        make,
    )
    .await
}

/// [`run`] for a record type whose writes can succeed with warnings ([`Record::warnings`],
/// read in the same transaction): they are shown only when the write succeeded.
async fn run_warned<R: Record, T, P: Warned>(
    ctx: &Context<'_>,
    command: impl FnOnce() -> AppResult<Command<R>> + Send + 'static,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    let actor = actor(ctx);
    let outcome = transact(ctx, move |txn| {
        Box::pin(async move {
            let row = write::<R>(txn, &actor, command()?).await?;
            let warnings = R::warnings(txn, &row).await?;
            Ok((row, warnings))
        })
    })
    .await;
    let (outcome, warnings) = match outcome {
        Ok((row, warnings)) => (Ok(row), warnings),
        Err(e) => (Err(e), Vec::new()),
    };
    let mut made = payload(ctx, outcome, wrap, make)?;
    *made.warnings() = localize(ctx, warnings);
    Ok(made)
}

/// Creates a record of type `R` from the draft `draft` makes of the input.
pub async fn create<R: Record, T, P>(
    ctx: &Context<'_>,
    draft: impl FnOnce() -> AppResult<R::Draft> + Send + 'static,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    run(ctx, move || draft().map(Command::<R>::Create), wrap, make).await
}

/// Changes a record of type `R` by the command `update` makes of the input.
pub async fn update<R: Record, T, P>(
    ctx: &Context<'_>,
    update: impl FnOnce() -> AppResult<Update<R::Patch>> + Send + 'static,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    run(ctx, move || update().map(Command::<R>::Update), wrap, make).await
}

/// [`create`] for a record type whose writes can warn: the warnings go in the payload.
pub async fn create_warned<R: Record, T, P: Warned>(
    ctx: &Context<'_>,
    draft: impl FnOnce() -> AppResult<R::Draft> + Send + 'static,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    run_warned(ctx, move || draft().map(Command::<R>::Create), wrap, make).await
}

/// [`update`] for a record type whose writes can warn: the warnings go in the payload.
pub async fn update_warned<R: Record, T, P: Warned>(
    ctx: &Context<'_>,
    update: impl FnOnce() -> AppResult<Update<R::Patch>> + Send + 'static,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    run_warned(ctx, move || update().map(Command::<R>::Update), wrap, make).await
}

/// Soft-deletes a record of type `R`.
pub async fn delete<R: Record, T, P>(
    ctx: &Context<'_>,
    input: DeleteInput,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    let command = move || {
        Ok(Command::<R>::Delete {
            key: R::key(&input.id)?,
            expected_version: input.expected_version,
            end_links: input.end_links,
        })
    };
    run(ctx, command, wrap, make).await
}

/// Restores a soft-deleted record of type `R`.
pub async fn restore<R: Record, T, P>(
    ctx: &Context<'_>,
    input: RestoreInput,
    wrap: impl FnOnce(Row<R>) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    run(
        ctx,
        move || Ok(Command::<R>::Restore(R::key(&input.id)?)),
        wrap,
        make,
    )
    .await
}

/// Turns a service outcome into a payload: the object, or the user errors, or a GraphQL error.
pub fn payload<M, T, P>(
    ctx: &Context<'_>,
    outcome: AppResult<M>,
    wrap: impl FnOnce(M) -> T,
    make: impl FnOnce(Option<T>, Vec<UserError>) -> P,
) -> Result<P> {
    match outcome {
        Ok(model) => Ok(make(Some(wrap(model)), Vec::new())),
        Err(AppError::Invalid(errors)) => Ok(make(None, localize(ctx, errors))),
        Err(other) => Err(other).extend(),
    }
}

/// Deletes a record (softly: it can be restored).
#[derive(async_graphql::InputObject, Debug, Clone)]
pub struct DeleteInput {
    /// The record to delete (global id).
    pub id: async_graphql::ID,
    /// The `version` you read.
    pub expected_version: i32,
    /// End the links that can be ended (memberships, assignments, participations) instead of
    /// refusing while they exist.
    #[graphql(default)]
    pub end_links: bool,
}

impl DeleteInput {
    /// The key of the `E` to delete; an id of another type is bad input.
    pub fn key<E: crate::ids::Typed>(&self) -> AppResult<i64> {
        crate::ids::key::<E>(&self.id)
    }
}

/// Restores a soft-deleted record.
#[derive(async_graphql::InputObject, Debug, Clone)]
pub struct RestoreInput {
    /// The soft-deleted record to restore (global id).
    pub id: async_graphql::ID,
}

impl RestoreInput {
    /// The key of the `E` to restore; an id of another type is bad input.
    pub fn key<E: crate::ids::Typed>(&self) -> AppResult<i64> {
        crate::ids::key::<E>(&self.id)
    }
}
