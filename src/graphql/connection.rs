//! Relay connections for every list: root lists page in SQL by keyset, relation lists page the
//! rows their DataLoader already fetched. `totalCount` is counted only when asked for.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{LazyLock, Mutex, PoisonError};

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields};
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Object, Result, ResultExt};
use sea_orm::sea_query::SelectStatement;
use sea_orm::{DatabaseConnection, EntityTrait, Select};

use crate::db::cursor::{Cursor, CursorValue};
use crate::db::filters::order::{self, Order, OrderField};
use crate::db::in_force::InForce;
use crate::db::loaders::{Count, Joins, One, Window};
use crate::db::page::{self, Ordering, Page, PageArgs, PageLimits};
use crate::db::table::IdRow;
use crate::db::table::Keyed;
use crate::db::table::Table;
use crate::error::{AppError, AppResult};
use crate::graphql::Limits;
use crate::graphql::object::{JoinLoader, by_id, in_force_on, load_joined_if};
use crate::scalars::Date;

/// A Relay connection of `T` (named `<T>Connection` in the schema).
pub type Conn<T> = Connection<Cursor, T, Total, EmptyFields>;

/// Cursors are encoded when a client reads one (`cursor`, `startCursor`, `endCursor`).
impl CursorType for Cursor {
    type Error = crate::error::AppError;

    fn decode_cursor(text: &str) -> Result<Self, Self::Error> {
        Cursor::parse(text)
    }

    fn encode_cursor(&self) -> String {
        self.encoded()
    }
}

/// The `totalCount` field every connection carries.
pub struct Total(Source);

enum Source {
    Known(i64),
    Query(Box<(DatabaseConnection, SelectStatement)>),
    /// Not counted, because the selection does not ask for `totalCount`.
    Unasked,
}

#[Object]
impl Total {
    /// How many items the list holds across all pages.
    async fn total_count(&self) -> Result<i64> {
        match &self.0 {
            Source::Known(n) => Ok(*n),
            Source::Query(query) => page::run_count(&query.0, &query.1).await.extend(),
            Source::Unasked => {
                Err(AppError::Internal("totalCount was not counted".into())).extend()
            }
        }
    }
}

/// The Relay arguments, gathered from a resolver's parameters.
pub fn args(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> PageArgs {
    PageArgs {
        first,
        after,
        last,
        before,
    }
}

pub fn limits(ctx: &Context<'_>) -> PageLimits {
    let max = ctx.data_opt::<Limits>().map_or(100, |l| l.max_page_size);
    PageLimits {
        default: max.min(20),
        max,
    }
}

pub fn db<'a>(ctx: &Context<'a>) -> Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
}

fn assemble<M, T>(page: Page<M>, total: Total, wrap: impl Fn(M) -> T) -> Conn<T>
where
    T: async_graphql::OutputType,
{
    let mut connection =
        Connection::with_additional_fields(page.has_previous, page.has_next, total);
    connection.edges.extend(
        page.rows
            .into_iter()
            .map(|(cursor, row)| Edge::new(cursor, wrap(row))),
    );
    connection
}

/// A root list: `select` (already filtered) paged in SQL in `ordering`.
pub async fn root<E, T>(
    ctx: &Context<'_>,
    select: Select<E>,
    ordering: Ordering<E>,
    args: PageArgs,
    wrap: impl Fn(E::Model) -> T,
) -> Result<Conn<T>>
where
    E: Keyed,
    T: async_graphql::OutputType,
{
    let whole = select.clone();
    root_counted(ctx, select, whole, ordering, args, wrap).await
}

/// [`root`] where the page's statement differs from the set's (`whole`, counted for
/// `totalCount`), e.g. by an index hint that serves a page and hurts a count.
pub async fn root_counted<E, T>(
    ctx: &Context<'_>,
    page: Select<E>,
    whole: Select<E>,
    ordering: Ordering<E>,
    args: PageArgs,
    wrap: impl Fn(E::Model) -> T,
) -> Result<Conn<T>>
where
    E: Keyed,
    T: async_graphql::OutputType,
{
    let db = db(ctx)?;
    let read = async |select: Select<E>| Ok(select.all(db).await?);
    read_root(ctx, page, whole, ordering, args, wrap, read).await
}

/// How a filter module selects a root list's rows: for a page in `Some(ordering)`, with the
/// index hint that order wants; for the whole set (`None`), as `totalCount` counts it.
pub type Selecting<F, E> = fn(&Option<F>, Option<&Ordering<E>>) -> AppResult<Select<E>>;

/// A root list of the rows a filter module's `select` takes for a filter: the page's select,
/// the whole set's and the ordering they share.
struct Hinted<E: EntityTrait> {
    page: Select<E>,
    whole: Select<E>,
    ordering: Ordering<E>,
}

impl<E: Keyed> Hinted<E> {
    /// The rows `select` takes for `filter`, in the order `order_by` asks.
    fn new<F, O: OrderField<Entity = E>>(
        filter: &Option<F>,
        order_by: &Option<Vec<Order<O>>>,
        select: Selecting<F, E>,
    ) -> Result<Self> {
        let ordering = order::ordering(order_by);
        let page = select(filter, Some(&ordering)).extend()?;
        let whole = select(filter, None).extend()?;
        Ok(Self {
            page,
            whole,
            ordering,
        })
    }
}

/// A root list of the rows `select` takes for `filter`, in the order `order_by` asks: the page
/// read with the hint its order wants, `totalCount` over the set without one.
pub async fn root_filtered<F, O, T>(
    ctx: &Context<'_>,
    filter: &Option<F>,
    order_by: &Option<Vec<Order<O>>>,
    select: Selecting<F, O::Entity>,
    args: PageArgs,
    wrap: impl Fn(<O::Entity as EntityTrait>::Model) -> T,
) -> Result<Conn<T>>
where
    O: OrderField,
    T: async_graphql::OutputType,
{
    let list = Hinted::new(filter, order_by, select)?;
    root_counted(ctx, list.page, list.whole, list.ordering, args, wrap).await
}

/// [`root_filtered`] for a table whose loader `rows` declares a join: when the items ask for
/// the joined row (e.g. each person's `region`), the page's statement reads it too.
pub async fn root_joined<F, O, K, T>(
    ctx: &Context<'_>,
    rows: &DataLoader<One<O::Entity, K>>,
    filter: &Option<F>,
    order_by: &Option<Vec<Order<O>>>,
    select: Selecting<F, O::Entity>,
    args: PageArgs,
    wrap: impl Fn(<O::Entity as EntityTrait>::Model) -> T,
) -> Result<Conn<T>>
where
    O: OrderField<Entity: Table<Model: Send + Sync>>,
    T: async_graphql::OutputType,
{
    let list = Hinted::new(filter, order_by, select)?;
    let db = db(ctx)?;
    let joined = items_join(ctx, rows.loader());
    let read = async |select| rows.loader().read(db, select, joined).await;
    read_root(ctx, list.page, list.whole, list.ordering, args, wrap, read).await
}

/// A root list's page, its statement run by `read`, and its `totalCount` over `whole`.
async fn read_root<E, T>(
    ctx: &Context<'_>,
    page: Select<E>,
    whole: Select<E>,
    ordering: Ordering<E>,
    args: PageArgs,
    wrap: impl Fn(E::Model) -> T,
    read: impl AsyncFnOnce(Select<E>) -> AppResult<Vec<E::Model>>,
) -> Result<Conn<T>>
where
    E: Keyed,
    T: async_graphql::OutputType,
{
    let db = db(ctx)?;
    let count = page::count_statement(whole);
    let page = page::fetch_by(page, &ordering, &args, limits(ctx), read)
        .await
        .extend()?;
    Ok(assemble(
        page,
        Total(Source::Query(Box::new((db.clone(), count)))),
        wrap,
    ))
}

/// A relation list: `rows` loaded for one parent, ordered by key, paged in memory.
pub fn relation<M, T>(
    ctx: &Context<'_>,
    rows: Vec<M>,
    key_of: fn(&M) -> CursorValue,
    args: PageArgs,
    wrap: impl Fn(M) -> T,
) -> Result<Conn<T>>
where
    T: async_graphql::OutputType,
{
    let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let page = page::slice(rows, key_of, &args, limits(ctx)).extend()?;
    Ok(assemble(page, Total(Source::Known(total)), wrap))
}

/// A relation list: the rows `loader` holds for the parent keyed `key`, paged by id. Unless its
/// items read the rows they refer to (a joined read of all rows), only the page's rows are read,
/// for every parent in one statement, and the rows are counted only if `totalCount` is asked.
pub async fn related<K, M, T, L>(
    ctx: &Context<'_>,
    loader: &DataLoader<L>,
    key: K,
    page: PageArgs,
    wrap: fn(M) -> T,
) -> Result<Conn<T>>
where
    L: JoinLoader<K, Vec<M>>
        + Loader<Window<K>, Value = Vec<M>, Error = AppError>
        + Loader<Count<K>, Value = i64, Error = AppError>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
    M: IdRow + Send + Sync + Clone + 'static,
    T: async_graphql::OutputType,
{
    if items_join(ctx, loader.loader()) {
        let rows = rows_of(ctx, loader, key).await?;
        return relation(ctx, rows, by_id, page, wrap);
    }
    let span = page::span(&page, limits(ctx)).extend()?;
    let window = loader.load_one(Window {
        key: key.clone(),
        span,
    });
    let (rows, total) = if ctx.look_ahead().field("totalCount").exists() {
        let (rows, total) =
            futures_util::try_join!(window, loader.load_one(Count(key))).extend()?;
        (rows, Source::Known(total.unwrap_or(0)))
    } else {
        (window.await.extend()?, Source::Unasked)
    };
    let page = page::slice(rows.unwrap_or_default(), by_id, &page, limits(ctx)).extend()?;
    Ok(assemble(page, Total(total), wrap))
}

/// [`related`], keeping the rows in force on `day` (all of them without a day).
pub async fn related_on<K, M, T, L>(
    ctx: &Context<'_>,
    loader: &DataLoader<L>,
    key: K,
    day: Option<Date>,
    page: PageArgs,
    wrap: fn(M) -> T,
) -> Result<Conn<T>>
where
    L: JoinLoader<K, Vec<M>>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
    M: IdRow + InForce,
    T: async_graphql::OutputType,
{
    let rows = rows_of(ctx, loader, key).await?;
    relation(ctx, in_force_on(Some(rows), day), by_id, page, wrap)
}

/// The rows `loader` holds for the parent keyed `key`: read joined with the row each refers
/// to when the relation declares that join and this list's items ask for that row.
async fn rows_of<K, M, L>(ctx: &Context<'_>, loader: &DataLoader<L>, key: K) -> Result<Vec<M>>
where
    L: JoinLoader<K, Vec<M>>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    let joined = items_join(ctx, loader.loader());
    Ok(load_joined_if(loader, key, joined)
        .await?
        .unwrap_or_default())
}

/// Whether this connection's items (`nodes`, or `edges` → `node`) select the field that reads
/// the row `loader` can join.
fn items_join(ctx: &Context<'_>, loader: &impl Joins) -> bool {
    loader.item_field().is_some_and(|field| {
        let here = ctx.look_ahead();
        here.field("nodes").field(field).exists()
            || here.field("edges").field("node").field(field).exists()
    })
}

/// A relation list through a link table: the rows `targets` holds for the `far` end of each link
/// `links` holds for the parent keyed `key`, in id order, paged by id.
pub async fn linked<K, Link, M, T, LinkLoader, TargetLoader>(
    ctx: &Context<'_>,
    links: &DataLoader<LinkLoader>,
    key: K,
    targets: &DataLoader<TargetLoader>,
    far: fn(&Link) -> i64,
    page: PageArgs,
    wrap: fn(M) -> T,
) -> Result<Conn<T>>
where
    LinkLoader: Loader<K, Value = Vec<Link>, Error = AppError>,
    TargetLoader: Loader<i64, Value = M, Error = AppError>,
    K: Send + Sync + Hash + Eq + Clone + 'static,
    Link: Send + Sync,
    M: IdRow,
    T: async_graphql::OutputType,
{
    let links = links.load_one(key).await.extend()?.unwrap_or_default();
    let found = targets.load_many(links.iter().map(far)).await.extend()?;
    let mut rows: Vec<M> = found.into_values().collect();
    rows.sort_by_key(IdRow::id);
    relation(ctx, rows, by_id, page, wrap)
}

/// Describes each `<T>Connection` type: async-graphql's connection type carries no description
/// of its own, so the schema builder is given one per node type. A list of a new node type
/// belongs here too (the schema-descriptions test names any connection left out).
pub fn describe<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
) -> async_graphql::SchemaBuilder<Q, M, S>
where
    Q: async_graphql::ObjectType + 'static,
    M: async_graphql::ObjectType + 'static,
    S: async_graphql::SubscriptionType + 'static,
{
    use super::audit::{AccessLogEntry, AuditEntry};
    use super::duplicates::DuplicatePair;
    use super::import_jobs::ImportJob;
    use super::tokens::ApiToken;
    use super::types::*;

    builder
        .describe_connection::<AccessLogEntry>()
        .describe_connection::<Activity>()
        .describe_connection::<ApiToken>()
        .describe_connection::<AuditEntry>()
        .describe_connection::<Base>()
        .describe_connection::<DuplicatePair>()
        .describe_connection::<ImportJob>()
        .describe_connection::<Donation>()
        .describe_connection::<Home>()
        .describe_connection::<Household>()
        .describe_connection::<IncomeUplift>()
        .describe_connection::<LiaisonAssignment>()
        .describe_connection::<MediationCase>()
        .describe_connection::<Membership>()
        .describe_connection::<Organization>()
        .describe_connection::<Pairing>()
        .describe_connection::<Person>()
        .describe_connection::<Place>()
        .describe_connection::<PlatformAccount>()
        .describe_connection::<Publication>()
        .describe_connection::<PublicityWork>()
        .describe_connection::<Region>()
        .describe_connection::<SalesRecord>()
        .describe_connection::<Suggestion>()
        .describe_connection::<TermElection>()
}

/// Describing a `<T>Connection` on the schema builder.
trait DescribeConnection {
    fn describe_connection<T: async_graphql::OutputType>(self) -> Self;
}

impl<Q, M, S> DescribeConnection for async_graphql::SchemaBuilder<Q, M, S>
where
    Q: async_graphql::ObjectType + 'static,
    M: async_graphql::ObjectType + 'static,
    S: async_graphql::SubscriptionType + 'static,
{
    fn describe_connection<T: async_graphql::OutputType>(self) -> Self {
        self.override_output_type_description::<Conn<T>>(connection_description(&T::type_name()))
    }
}

/// The description of the connection of `node`s. The schema builder keeps descriptions as
/// `&'static str`, so each is made once per process and kept (one per node type).
fn connection_description(node: &str) -> &'static str {
    static MADE: LazyLock<Mutex<HashMap<String, &'static str>>> = LazyLock::new(Default::default);
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    made.entry(node.to_owned()).or_insert_with(|| {
        let text = format!(
            "One page of a list of `{node}` (Relay connection): `edges` (each with its `cursor`) \
             or `nodes`, `pageInfo` to page on with `first`/`after` or `last`/`before`, and \
             `totalCount` across all pages."
        );
        Box::leak(text.into_boxed_str())
    })
}
