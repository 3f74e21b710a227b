//! Partial indexes over live rows (`deleted_at IS NULL`, which every read filters on) that
//! match what the report's figures and the region-filtered lists ask:
//!
//! - people with a network-figure kind by region: the summary's influencer and field-trip
//!   figures look for a few hundred people among a million; `person.figure_kinds` is a
//!   `,A,B,` set that no index can search, so the index holds only people who have a kind
//!   (`length(figure_kinds) > 1`), and those queries repeat that term so both databases match
//!   the partial index;
//! - activities by kind and by place within a period (lectures, home and base activities);
//! - live people and activities by region, so a region's `totalCount` is a range of one index
//!   without reading each row for `deleted_at`.
//!
//! Expressions are written out in the same text the queries use: both databases match a
//! partial index only on a condition the query implies.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns, condition).
const INDEXES: [(&str, &str, &str, &str); 5] = [
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
    (
        "idx_activity_place_held_on",
        "activity",
        "place_id, held_on",
        "deleted_at IS NULL",
    ),
    (
        "idx_person_live_region",
        "person",
        "region_code",
        "deleted_at IS NULL",
    ),
    (
        "idx_activity_live_region",
        "activity",
        "region_code",
        "deleted_at IS NULL",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // sea-query's index builder has no partial indexes: the statements are written out;
        // they read the same on SQLite and PostgreSQL.
        let db = manager.get_connection();
        for (name, table, columns, condition) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON {table} ({columns}) WHERE {condition}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
