//! Belongs-to rows read in the statement of the rows that refer to them.
//!
//! When a query asks for a has-many relation and, in each of its items, the row the item
//! refers to (a person's memberships and each membership's organization), the memberships'
//! statement LEFT JOINs the organizations and keeps them for the organization loader, which
//! then answers without a statement of its own. The joined rows pass the same filters as that
//! loader's own reads (live rows, the viewer's row rule), so the answer is the same either way.
//!
//! Only queries join ([`Priming`]): a query writes nothing, so a kept row stays what the
//! database holds for the whole request. Mutations (whose payloads are read after a write) and
//! subscription events (which share loaders across events) read each row when asked.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::future::BoxFuture;
use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    Condition, DatabaseConnection, EntityTrait, JoinType, QuerySelect, QueryTrait, RelationDef,
    Select, SelectTwo,
};

use super::fetch::{Many, One};
use crate::db::table::Table;
use crate::error::AppError;

/// Whether this request's joined reads may be kept (true for queries only).
#[derive(Clone, Default)]
pub struct Priming(Arc<AtomicBool>);

impl Priming {
    /// Lets the joined reads of this request be kept: call for a query only.
    pub fn enable(&self) {
        self.0.store(true, Ordering::Release);
    }

    fn on(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Rows of `E` by key, read by joins, for `E`'s loader to answer from.
pub struct Primed<E: EntityTrait, K>(Arc<Mutex<HashMap<K, E::Model>>>);

impl<E: EntityTrait, K> Default for Primed<E, K> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<E: EntityTrait, K> Clone for Primed<E, K> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<E, K> Primed<E, K>
where
    E: EntityTrait,
    E::Model: Clone,
    K: Clone + Eq + Hash,
{
    /// The kept rows of `keys`, and the keys still to read.
    pub(super) fn answer(&self, keys: &[K]) -> (HashMap<K, E::Model>, Vec<K>) {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut found = HashMap::new();
        let mut rest = Vec::new();
        for key in keys {
            match kept.get(key) {
                Some(row) => {
                    found.insert(key.clone(), row.clone());
                }
                None => rest.push(key.clone()),
            }
        }
        (found, rest)
    }

    fn keep(&self, rows: impl IntoIterator<Item = (K, E::Model)>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(rows);
    }
}

/// How a [`Many`] reads its rows joined with the row each refers to.
pub(super) trait Join<E: EntityTrait>: Send + Sync {
    /// The field of each item (in the schema) that reads the joined row.
    fn item_field(&self) -> &'static str;

    /// The rows `select` reads, keeping each one's joined row when the request allows it.
    fn rows<'a>(
        &'a self,
        db: &'a DatabaseConnection,
        select: Select<E>,
    ) -> BoxFuture<'a, Result<Vec<E::Model>, AppError>>;

    /// The statement [`Join::rows`] runs for `select` (for asking a planner about it).
    fn statement(&self, select: Select<E>) -> SelectStatement;
}

/// A join from `E` to the rows of `J` that `J`'s [`One`] loader keys by `K`.
struct JoinTo<J: EntityTrait, K> {
    item_field: &'static str,
    relation: RelationDef,
    key_of: fn(&J::Model) -> K,
    primed: Primed<J, K>,
    priming: Priming,
}

impl<E, J, K> Join<E> for JoinTo<J, K>
where
    E: EntityTrait,
    E::Model: Send + Sync,
    J: Table,
    J::Model: Send + Sync + Clone,
    K: Clone + Eq + Hash + Send + Sync,
{
    fn item_field(&self) -> &'static str {
        self.item_field
    }

    fn rows<'a>(
        &'a self,
        db: &'a DatabaseConnection,
        select: Select<E>,
    ) -> BoxFuture<'a, Result<Vec<E::Model>, AppError>> {
        Box::pin(async move {
            if !self.priming.on() {
                return Ok(select.all(db).await?);
            }
            let pairs = self.joined(select).all(db).await?;
            self.primed.keep(
                pairs
                    .iter()
                    .filter_map(|(_, joined)| joined.as_ref())
                    .map(|joined| ((self.key_of)(joined), joined.clone())),
            );
            Ok(pairs.into_iter().map(|(row, _)| row).collect())
        })
    }

    fn statement(&self, select: Select<E>) -> SelectStatement {
        self.joined(select).into_query()
    }
}

impl<J: EntityTrait, K> JoinTo<J, K> {
    fn joined<E: EntityTrait>(&self, select: Select<E>) -> SelectTwo<E, J> {
        select
            .select_also(J::default())
            .join(JoinType::LeftJoin, self.relation.clone())
    }
}

impl<E, K> Many<E, K>
where
    E: Table,
    E::Model: Send + Sync,
{
    /// Declares that `relation` (one of `E`'s, declared with its entity) refers to the rows
    /// `target` loads, which each item reads through its field `item_field`: asked for
    /// [`super::Joined`] keys, these rows are read joined with those, and `target` keeps them.
    pub fn join_to<J, JK>(
        &self,
        relation: RelationDef,
        item_field: &'static str,
        target: &One<J, JK>,
        priming: &Priming,
    ) where
        J: Table,
        J::Model: Send + Sync + Clone,
        JK: Clone + Eq + Hash + Send + Sync + 'static,
    {
        // The joined rows pass the filters `target` applies to its own reads.
        let mut filters = Condition::all().add(sea_orm::ColumnTrait::is_null(&J::deleted_at()));
        if let Some(visible) = &target.inner.visible {
            filters = filters.add(visible.clone());
        }
        let relation = relation.on_condition(move |_, _| filters.clone());
        let join = JoinTo {
            item_field,
            relation,
            key_of: target.inner.key_of,
            primed: target.primed.clone(),
            priming: priming.clone(),
        };
        // Declared once, when the request's loaders are built.
        let _ = self.join.set(Box::new(join));
    }
}

/// A loader whose rows may be read joined with the row each refers to.
pub trait Joins {
    /// The field of each item that reads the joined row, if the relation declares a join.
    fn item_field(&self) -> Option<&'static str>;
}

impl<E: EntityTrait, K> Joins for Many<E, K> {
    fn item_field(&self) -> Option<&'static str> {
        self.join.get().map(|join| join.item_field())
    }
}

impl<E: EntityTrait, K> Joins for One<E, K> {
    fn item_field(&self) -> Option<&'static str> {
        self.inner.item_field()
    }
}

impl<E: EntityTrait, K> One<E, K> {
    /// The reads behind this loader, where its joins are declared ([`Many::join_to`]).
    pub fn reads(&self) -> &Many<E, K> {
        &self.inner
    }
}

impl<E: EntityTrait, K> Many<E, K> {
    /// Itself: a has-many loader declares its joins on its own reads.
    pub fn reads(&self) -> &Self {
        self
    }
}
