//! The fields every entity type shares (`Record`: `version`, timestamps, `history`), plus small
//! helpers resolvers use to reach loaders and decode stored enums.

use std::fmt::Display;
use std::hash::Hash;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Object, Result, ResultExt};
use chrono::{DateTime, Utc};
use sea_orm::ModelTrait;

use crate::auth::{Role, Viewer};
use crate::db::loaders::{Joined, Joins, Loaders};
use crate::db::table::IdRow;
use crate::error::AppError;
use crate::graphql::audit::{self, AuditEntry};
use crate::graphql::connection::{self, Conn};
use crate::ids::Typed;

/// The fields every record type shares: `version`, the timestamps and `history`. Each record's
/// object flattens it in (`#[graphql(flatten)]`); it borrows the row, so building it per field
/// costs a few copies and no allocation.
pub struct Record<'a> {
    type_name: &'static str,
    key: Key<'a>,
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A record's key as its history is looked up by: an integer id, or (regions) a borrowed one.
enum Key<'a> {
    Id(i64),
    Other(&'a (dyn Display + Sync)),
}

impl Display for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Id(id) => Display::fmt(id, f),
            Key::Other(key) => Display::fmt(key, f),
        }
    }
}

impl<'a> Record<'a> {
    /// The shared fields of the row of `E` keyed `key` (for a table not keyed by `id`).
    pub fn of<E: Typed>(
        key: &'a (dyn Display + Sync),
        version: i32,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Self {
        Self {
            type_name: E::TYPE_NAME,
            key: Key::Other(key),
            version,
            created_at,
            updated_at,
        }
    }

    /// The shared fields of `row`, a row keyed by `id`; its table names the record type.
    pub fn row<M>(row: &M) -> Self
    where
        M: IdRow + ModelTrait<Entity: Typed>,
    {
        Self {
            type_name: M::Entity::TYPE_NAME,
            key: Key::Id(row.id()),
            version: row.version(),
            created_at: row.created_at(),
            updated_at: row.updated_at(),
        }
    }
}

#[Object]
impl Record<'_> {
    /// Incremented by every change; send it back as `expectedVersion` when changing the record.
    async fn version(&self) -> i32 {
        self.version
    }

    /// When the record was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// When the record last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }

    /// Changes to this record, oldest first (its audit entries).
    async fn history(
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
        #[graphql(
            desc = "Page backward: at most this many items (before `before`). Same limits as `first`; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "End before this cursor (an edge's `cursor` or `pageInfo.startCursor` from the same list and order)."
        )]
        before: Option<String>,
    ) -> Result<Conn<AuditEntry>> {
        let args = connection::args(first, after, last, before);
        audit::history(ctx, self.type_name, self.key.to_string(), args).await
    }
}

pub fn loaders<'a>(ctx: &Context<'a>) -> Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

/// The keys that open and seal ID numbers and phones (schema data).
pub fn data_keys<'a>(ctx: &Context<'a>) -> Result<&'a crate::db::sealed::DataKeys> {
    ctx.data::<crate::db::sealed::DataKeys>()
}

/// A date column as the API's `Date` scalar.
pub fn date(value: chrono::NaiveDate) -> crate::scalars::Date {
    crate::scalars::Date(value)
}

pub fn date_opt(value: Option<chrono::NaiveDate>) -> Option<crate::scalars::Date> {
    value.map(crate::scalars::Date)
}

/// The paging key of a relation list ordered by id.
pub fn by_id<M: IdRow>(row: &M) -> crate::db::cursor::CursorValue {
    crate::db::cursor::CursorValue::Int(row.id())
}

/// The row `loader` holds for `key`, wrapped as its object; `None` when there is none.
pub async fn lookup<K, M, T, L>(
    loader: &DataLoader<L>,
    key: K,
    wrap: fn(M) -> T,
) -> Result<Option<T>>
where
    L: Loader<K, Value = M, Error = AppError>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    Ok(loader.load_one(key).await.extend()?.map(wrap))
}

/// A loader that reads the `V` of a key alone or, asked by [`Joined`] key, with the row it
/// refers to in the same statement (when its relation declares that join).
pub trait JoinLoader<K, V>:
    Loader<K, Value = V, Error = AppError> + Loader<Joined<K>, Value = V, Error = AppError> + Joins
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
}

impl<K, V, L> JoinLoader<K, V> for L
where
    L: Loader<K, Value = V, Error = AppError>
        + Loader<Joined<K>, Value = V, Error = AppError>
        + Joins,
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
}

/// What `loader` holds for `key`, read with the row it refers to when `joined`.
pub async fn load_joined_if<K, V, L>(
    loader: &DataLoader<L>,
    key: K,
    joined: bool,
) -> Result<Option<V>>
where
    L: JoinLoader<K, V>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    let found = if joined {
        loader.load_one(Joined(key)).await
    } else {
        loader.load_one(key).await
    };
    found.extend()
}

/// [`lookup`] by a loader that can read the row with the one it refers to: joined when the
/// selection asks for that row (e.g. a person's `region`), so that both come in one statement.
pub async fn lookup_joined<K, M, T, L>(
    ctx: &Context<'_>,
    loader: &DataLoader<L>,
    key: K,
    wrap: fn(M) -> T,
) -> Result<Option<T>>
where
    L: JoinLoader<K, M>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    let asks = loader
        .loader()
        .item_field()
        .is_some_and(|field| ctx.look_ahead().field(field).exists());
    Ok(load_joined_if(loader, key, asks).await?.map(wrap))
}

/// [`lookup`] of an optional key (a nullable reference): `None` without one.
pub async fn lookup_opt<K, M, T, L>(
    loader: &DataLoader<L>,
    key: Option<K>,
    wrap: fn(M) -> T,
) -> Result<Option<T>>
where
    L: Loader<K, Value = M, Error = AppError>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    match key {
        Some(key) => lookup(loader, key, wrap).await,
        None => Ok(None),
    }
}

/// Everything but regions, places, organizations and published works is for signed-in roles
/// (VIEWER and up). Called before any lookup, so a denial says nothing about what exists.
pub fn signed_in(ctx: &Context<'_>) -> Result<()> {
    match ctx.data_opt::<Viewer>() {
        Some(viewer) if viewer.role >= Role::Viewer => Ok(()),
        Some(viewer) if viewer.subject != "anonymous" => Err(AppError::Forbidden(
            "this record is not open to the PUBLIC role".into(),
        ))
        .extend(),
        _ => Err(AppError::Unauthenticated(
            "sign in (Authorization: Bearer …) to see this".into(),
        ))
        .extend(),
    }
}

/// The caller: the request's viewer, PUBLIC when there is none.
pub fn viewer(ctx: &Context<'_>) -> Viewer {
    ctx.data_opt::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::public)
}

/// Whether the caller is PUBLIC (no token, or a PUBLIC token).
pub fn is_public(ctx: &Context<'_>) -> bool {
    ctx.data_opt::<Viewer>()
        .is_none_or(|v| v.role == Role::Public)
}

/// The loaded relation rows in force on `day` (`db::in_force`), or all of them without a day.
pub fn in_force_on<M: crate::db::in_force::InForce>(
    rows: Option<Vec<M>>,
    day: Option<crate::scalars::Date>,
) -> Vec<M> {
    let mut rows = rows.unwrap_or_default();
    if let Some(day) = day {
        rows.retain(|row| row.in_force_on(day.0));
    }
    rows
}
