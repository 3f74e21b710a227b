//! The two loader shapes: the rows of a has-many relation grouped by key ([`Many`]), and the
//! one row of a belongs-to relation or a lookup by key ([`One`]). A `Many` can be asked for
//! its rows [`Joined`] with the row each refers to (see `joined`), which its `One` then answers
//! without a statement of its own.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::OnceLock;

use async_graphql::dataloader::Loader;
use sea_orm::sea_query::SelectStatement;
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, IdenStatic, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};

use super::joined::{Join, Primed};
use crate::auth::Viewer;
use crate::db::page::Span;
use crate::db::table::Table;
use crate::error::AppError;

/// Live rows of `E` whose `column` is one of the keys, grouped by key (a has-many relation).
pub struct Many<E: EntityTrait, K> {
    pub(super) db: DatabaseConnection,
    pub(super) column: E::Column,
    pub(super) key_of: fn(&E::Model) -> K,
    /// The viewer's row rule on `E`, if any.
    pub(super) visible: Option<Condition>,
    /// The belongs-to relation fetched with these rows when they are asked for [`Joined`].
    pub(super) join: OnceLock<Box<dyn Join<E>>>,
}

/// The live row of `E` whose `column` equals each key (a belongs-to relation or a lookup by id).
pub struct One<E: EntityTrait, K> {
    pub(super) inner: Many<E, K>,
    /// Rows already read by a join in the statement of the rows that refer to them.
    pub(super) primed: Primed<E, K>,
}

/// A key asked of a [`Many`] for one page of its rows in key order ([`Span`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Window<K> {
    pub key: K,
    pub span: Span,
}

/// A key asked of a [`Many`] for how many rows it has.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Count<K>(pub K);

/// A key asked of a [`Many`] whose caller will also read the row each result refers to: the
/// rows come with that row in one statement (when the relation declares a join).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Joined<K>(pub K);

impl<E: Table, K> Many<E, K> {
    pub fn new(
        db: DatabaseConnection,
        viewer: &Viewer,
        column: E::Column,
        key_of: fn(&E::Model) -> K,
    ) -> Self {
        Self {
            db,
            column,
            key_of,
            visible: crate::db::visibility::rows::<E>(viewer),
            join: OnceLock::new(),
        }
    }
}

impl<E: Table, K> One<E, K> {
    pub fn new(
        db: DatabaseConnection,
        viewer: &Viewer,
        column: E::Column,
        key_of: fn(&E::Model) -> K,
    ) -> Self {
        Self {
            inner: Many::new(db, viewer, column, key_of),
            primed: Primed::default(),
        }
    }
}

impl<E, K> Many<E, K>
where
    E: Table,
    K: Clone + Eq + Hash + Into<sea_orm::Value>,
{
    /// The live rows of the keys that the viewer may know exist, in no order.
    fn filtered(&self, keys: &[K]) -> sea_orm::Select<E> {
        let select = E::live().filter(self.column.is_in(keys.iter().cloned()));
        match &self.visible {
            Some(visible) => select.filter(visible.clone()),
            None => select,
        }
    }

    fn select(&self, keys: &[K]) -> sea_orm::Select<E> {
        self.filtered(keys).order_by_asc(E::key_column())
    }

    /// Each key's rows within `span`, in key order: one statement that numbers each parent's
    /// rows from the span's end and keeps the first `take`, so a parent with thousands of rows
    /// costs a page, not all of them.
    async fn windowed(&self, keys: &[K], span: Span) -> Result<Vec<E::Model>, AppError> {
        let key_column = E::key_column();
        let mut select = self.filtered(keys);
        if let Some(after) = span.after {
            select = select.filter(key_column.gt(after));
        }
        if let Some(before) = span.before {
            select = select.filter(key_column.lt(before));
        }
        let table = E::default().table_name().to_owned();
        let direction = if span.backward { "DESC" } else { "ASC" };
        let mut numbered = select.into_query();
        numbered.expr_as(
            Expr::cust(format!(
                "ROW_NUMBER() OVER (PARTITION BY \"{table}\".\"{}\" ORDER BY \"{table}\".\"{}\" {direction})",
                self.column.as_str(),
                key_column.as_str()
            )),
            Alias::new("window_row"),
        );
        let mut page = Query::select();
        page.column(Asterisk)
            .from_subquery(numbered, Alias::new("w"))
            .and_where(Expr::col(Alias::new("window_row")).lte(span.take))
            .order_by(
                (Alias::new("w"), Alias::new(key_column.as_str())),
                Order::Asc,
            );
        let statement = self.db.get_database_backend().build(&page);
        Ok(E::find().from_raw_sql(statement).all(&self.db).await?)
    }

    /// How many live rows the viewer may know exist each key has (keys without any are left out).
    async fn counts(&self, keys: &[K]) -> Result<Vec<(K, i64)>, AppError>
    where
        K: sea_orm::TryGetable,
    {
        Ok(self
            .filtered(keys)
            .select_only()
            .column_as(self.column, "k")
            .column_as(Expr::cust("COUNT(*)"), "n")
            .group_by(self.column)
            .into_tuple::<(K, i64)>()
            .all(&self.db)
            .await?)
    }

    async fn rows(&self, keys: &[K]) -> Result<Vec<E::Model>, AppError> {
        Ok(self.select(keys).all(&self.db).await?)
    }

    /// [`Self::rows`], read joined with the rows they refer to if a join is declared.
    async fn joined_rows(&self, keys: &[K]) -> Result<Vec<E::Model>, AppError>
    where
        E::Model: Send + Sync,
    {
        match self.join.get() {
            Some(join) => join.rows(&self.db, self.select(keys)).await,
            None => self.rows(keys).await,
        }
    }

    fn grouped(&self, keys: &[K], rows: Vec<E::Model>) -> HashMap<K, Vec<E::Model>> {
        // Pre-filled, so a key with no rows comes back as an empty list.
        let mut grouped: HashMap<K, Vec<E::Model>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for row in rows {
            grouped.entry((self.key_of)(&row)).or_default().push(row);
        }
        grouped
    }
}

impl<E, K> Loader<K> for Many<E, K>
where
    E: Table,
    E::Model: Send + Sync + Clone,
    K: Clone + Eq + Hash + Send + Sync + Into<sea_orm::Value> + 'static,
{
    type Value = Vec<E::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[K]) -> Result<HashMap<K, Self::Value>, Self::Error> {
        let rows = self.rows(keys).await?;
        Ok(self.grouped(keys, rows))
    }
}

impl<E, K> Loader<Joined<K>> for Many<E, K>
where
    E: Table,
    E::Model: Send + Sync + Clone,
    K: Clone + Eq + Hash + Send + Sync + Into<sea_orm::Value> + 'static,
{
    type Value = Vec<E::Model>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[Joined<K>],
    ) -> Result<HashMap<Joined<K>, Self::Value>, Self::Error> {
        let keys: Vec<K> = keys.iter().map(|k| k.0.clone()).collect();
        let rows = self.joined_rows(&keys).await?;
        Ok(self
            .grouped(&keys, rows)
            .into_iter()
            .map(|(k, rows)| (Joined(k), rows))
            .collect())
    }
}

impl<E, K> Loader<Window<K>> for Many<E, K>
where
    E: Table,
    E::Model: Send + Sync + Clone,
    K: Clone + Eq + Hash + Send + Sync + Into<sea_orm::Value> + 'static,
{
    type Value = Vec<E::Model>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[Window<K>],
    ) -> Result<HashMap<Window<K>, Self::Value>, Self::Error> {
        // Siblings ask for the same span; one statement per distinct span.
        let mut spans: HashMap<Span, Vec<K>> = HashMap::new();
        for window in keys {
            spans
                .entry(window.span)
                .or_default()
                .push(window.key.clone());
        }
        let mut out = HashMap::with_capacity(keys.len());
        for (span, keys) in spans {
            let rows = self.windowed(&keys, span).await?;
            out.extend(
                self.grouped(&keys, rows)
                    .into_iter()
                    .map(|(key, rows)| (Window { key, span }, rows)),
            );
        }
        Ok(out)
    }
}

impl<E, K> Loader<Count<K>> for Many<E, K>
where
    E: Table,
    E::Model: Send + Sync + Clone,
    K: Clone + Eq + Hash + Send + Sync + Into<sea_orm::Value> + sea_orm::TryGetable + 'static,
{
    type Value = i64;
    type Error = AppError;

    async fn load(&self, keys: &[Count<K>]) -> Result<HashMap<Count<K>, i64>, Self::Error> {
        let keys: Vec<K> = keys.iter().map(|k| k.0.clone()).collect();
        let mut out: HashMap<Count<K>, i64> = keys.iter().map(|k| (Count(k.clone()), 0)).collect();
        for (key, n) in self.counts(&keys).await? {
            out.insert(Count(key), n);
        }
        Ok(out)
    }
}

impl<E, K> Loader<K> for One<E, K>
where
    E: Table,
    E::Model: Send + Sync + Clone,
    K: Clone + Eq + Hash + Send + Sync + Into<sea_orm::Value> + 'static,
{
    type Value = E::Model;
    type Error = AppError;

    async fn load(&self, keys: &[K]) -> Result<HashMap<K, Self::Value>, Self::Error> {
        let (mut found, rest) = self.primed.answer(keys);
        if !rest.is_empty() {
            let rows = self.inner.rows(&rest).await?;
            found.extend(rows.into_iter().map(|row| ((self.inner.key_of)(&row), row)));
        }
        Ok(found)
    }
}

impl<E, K> Loader<Joined<K>> for One<E, K>
where
    E: Table,
    E::Model: Send + Sync + Clone,
    K: Clone + Eq + Hash + Send + Sync + Into<sea_orm::Value> + 'static,
{
    type Value = E::Model;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[Joined<K>],
    ) -> Result<HashMap<Joined<K>, Self::Value>, Self::Error> {
        let keys: Vec<K> = keys.iter().map(|k| k.0.clone()).collect();
        let rows = self.inner.joined_rows(&keys).await?;
        Ok(rows
            .into_iter()
            .map(|row| (Joined((self.inner.key_of)(&row)), row))
            .collect())
    }
}

impl<E, K> One<E, K>
where
    E: Table,
    E::Model: Send + Sync,
{
    /// The rows `select` reads (rows of this loader's table, e.g. a list's page), joined with
    /// the rows they refer to when `joined` and a join is declared; the joined rows are kept
    /// for their loader.
    pub async fn read(
        &self,
        db: &DatabaseConnection,
        select: sea_orm::Select<E>,
        joined: bool,
    ) -> Result<Vec<E::Model>, AppError> {
        match self.inner.join.get() {
            Some(join) if joined => join.rows(db, select).await,
            _ => Ok(select.all(db).await?),
        }
    }

    /// The statement [`Self::read`] runs for `select` joined (for asking a planner about it).
    pub fn joined_statement(&self, select: sea_orm::Select<E>) -> SelectStatement {
        match self.inner.join.get() {
            Some(join) => join.statement(select),
            None => sea_orm::QueryTrait::into_query(select),
        }
    }
}
