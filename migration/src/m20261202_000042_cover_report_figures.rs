//! The report's figure statements read only index entries.
//!
//! - People with a network-figure kind: the partial index on `region_code` alone tied with the
//!   live-people index on the same column, and SQLite (which keeps no statistics) read every
//!   live person of the city through the latter: 4 s per figure at a million people. With
//!   `figure_kinds` and `deleted_at` in the entry the index covers those statements, which
//!   both planners prefer, and it still holds only the few hundred people with a kind.
//! - Activities by kind within a period (lectures, base and home activities): the entries
//!   carry the region, the audience and the place, so counting a year's lectures of the city
//!   sums 67,000 index entries instead of looking up as many rows.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns, condition): the new indexes.
const COVERING: [(&str, &str, &str, &str); 2] = [
    (
        "idx_person_figures_cover",
        "person",
        "region_code, figure_kinds, deleted_at",
        "deleted_at IS NULL AND length(figure_kinds) > 1",
    ),
    (
        "idx_activity_kind_held_on_cover",
        "activity",
        "kind, held_on, region_code, audience_person_times, place_id",
        "deleted_at IS NULL",
    ),
];

/// (name, table, columns, condition): the indexes they replace.
const REPLACED: [(&str, &str, &str, &str); 2] = [
    (
        "idx_person_figures_region",
        "person",
        "region_code",
        "deleted_at IS NULL AND length(figure_kinds) > 1",
    ),
    (
        "idx_activity_kind_held_on",
        "activity",
        "kind, held_on",
        "deleted_at IS NULL",
    ),
];

async fn create(
    manager: &SchemaManager<'_>,
    indexes: &[(&str, &str, &str, &str)],
) -> Result<(), DbErr> {
    // sea-query's index builder has no partial indexes: the statements are written out; they
    // read the same on SQLite and PostgreSQL.
    let db = manager.get_connection();
    for (name, table, columns, condition) in indexes {
        db.execute_unprepared(&format!(
            "CREATE INDEX {name} ON {table} ({columns}) WHERE {condition}"
        ))
        .await?;
    }
    Ok(())
}

async fn drop(
    manager: &SchemaManager<'_>,
    indexes: &[(&str, &str, &str, &str)],
) -> Result<(), DbErr> {
    let named: Vec<(&str, &str)> = indexes
        .iter()
        .map(|(name, table, _, _)| (*name, *table))
        .collect();
    crate::indexes::drop_each(manager, &named).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create(manager, &COVERING).await?;
        drop(manager, &REPLACED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create(manager, &REPLACED).await?;
        drop(manager, &COVERING).await
    }
}
