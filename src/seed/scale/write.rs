//! Bulk writes: multi-row `INSERT`s as large as the backend's bind limit allows, the search
//! terms of searchable rows, and (PostgreSQL) identity sequences moved past the explicit ids.

use std::collections::HashMap;

use entity::search_term;
use indicatif::ProgressBar;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    IntoActiveModel, Iterable,
};
use serde::Serialize;

use crate::error::AppError;
use crate::seed::SeedReport;
use crate::seed::common::Dataset;
use crate::service::search::Record;

/// Bound values per statement: SQLite's limit is 32,766, PostgreSQL's 65,535.
fn max_binds(backend: DbBackend) -> usize {
    match backend {
        DbBackend::Postgres => 65_535,
        _ => 32_766,
    }
}

/// The next explicit id of each table the bulk writes.
pub struct NextIds(HashMap<&'static str, i64>);

impl NextIds {
    /// Ids after the demo's (which are 1-based positions).
    pub fn after(demo: &Dataset) -> Self {
        let len = |n: usize| i64::try_from(n).unwrap_or(0) + 1;
        Self(HashMap::from([
            ("organization", len(demo.organizations.len())),
            ("pairing", len(demo.pairings.len())),
            ("person", len(demo.people.len())),
            ("membership", len(demo.memberships.len())),
            ("activity", len(demo.activities.len())),
            ("donation", len(demo.donations.len())),
        ]))
    }

    /// Takes the next id of `table`.
    pub fn next(&mut self, table: &'static str) -> i64 {
        let slot = self.0.entry(table).or_insert(1);
        let id = *slot;
        *slot += 1;
        id
    }
}

/// Inserts `rows` in statements of as many rows as the bind limit allows.
pub async fn rows<E>(
    db: &DatabaseTransaction,
    rows: Vec<E::Model>,
    report: &mut SeedReport,
    progress: &ProgressBar,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let columns = E::Column::iter().count().max(1);
    let per_statement = (max_binds(db.get_database_backend()) / columns).max(1);
    let count = rows.len() as u64;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<E::ActiveModel> = rows
            .by_ref()
            .take(per_statement)
            .map(IntoActiveModel::into_active_model)
            .collect();
        let n = chunk.len() as u64;
        E::insert_many(chunk).exec_without_returning(db).await?;
        progress.inc(n);
    }
    *report.rows.entry(E::default().table_name()).or_insert(0) += count;
    Ok(())
}

/// Writes the search terms of `models` (rows of API type `type_name`); returns how many.
pub async fn searchable<E: crate::db::table::Table>(
    db: &DatabaseTransaction,
    models: &[impl Serialize],
) -> Result<u64, AppError> {
    let mut terms: Vec<search_term::ActiveModel> = Vec::new();
    for model in models {
        if let Some(record) = Record::from_row(E::TYPE_NAME, model)? {
            terms.extend(record.rows());
        }
    }
    let count = terms.len() as u64;
    let columns = search_term::Column::iter().count();
    let per_statement = max_binds(db.get_database_backend()) / columns;
    let mut terms = terms.into_iter().peekable();
    while terms.peek().is_some() {
        let chunk: Vec<_> = terms.by_ref().take(per_statement).collect();
        search_term::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(count)
}

/// Moves the identity sequences of the tables the bulk wrote past their largest id.
pub async fn advance_sequences<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for table in [
        "organization",
        "pairing",
        "person",
        "membership",
        "activity",
        "donation",
    ] {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
        );
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}
