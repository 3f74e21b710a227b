//! Indexes that give every large list its page as an index range, whatever the order asked
//! (decision 0039): for each orderable field of people, activities, organizations and
//! pairings, over live rows (`deleted_at IS NULL`, which every read filters on),
//!
//! - `(field, id)` for the whole list, where no index on the field existed yet;
//! - `(county prefix, field, id)` for a county's list, the county prefix being
//!   `substr(<region column>, 1, 6)`, the expression the filters add next to the code range
//!   when the region is a county (`db::filters::primitives::county_index_hint`).
//!
//! No county index ends in the region code: one would match both the prefix and the code
//! range, so SQLite would pick it for every order and sort (a county's list in region order
//! sorts the county; see decision 0039).
//!
//! Below a county (a township, a village) the code range selects a few thousand rows at most,
//! which are read and sorted. Expressions are written in the same text as the queries: both
//! databases match an expression index only on an identical expression.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns).
const INDEXES: [(&str, &str, &str); 22] = [
    ("idx_person_live_created", "person", "created_at, id"),
    (
        "idx_person_county_id",
        "person",
        "substr(region_code, 1, 6), id",
    ),
    (
        "idx_person_county_pinyin",
        "person",
        "substr(region_code, 1, 6), name_pinyin, id",
    ),
    (
        "idx_person_county_created",
        "person",
        "substr(region_code, 1, 6), created_at, id",
    ),
    ("idx_activity_live_title", "activity", "title, id"),
    ("idx_activity_live_created", "activity", "created_at, id"),
    (
        "idx_activity_county_id",
        "activity",
        "substr(region_code, 1, 6), id",
    ),
    (
        "idx_activity_county_held_on",
        "activity",
        "substr(region_code, 1, 6), held_on, id",
    ),
    (
        "idx_activity_county_kind",
        "activity",
        "substr(region_code, 1, 6), kind, id",
    ),
    (
        "idx_activity_county_title",
        "activity",
        "substr(region_code, 1, 6), title, id",
    ),
    (
        "idx_activity_county_created",
        "activity",
        "substr(region_code, 1, 6), created_at, id",
    ),
    (
        "idx_organization_live_created",
        "organization",
        "created_at, id",
    ),
    (
        "idx_organization_county_id",
        "organization",
        "substr(region_code, 1, 6), id",
    ),
    (
        "idx_organization_county_name",
        "organization",
        "substr(region_code, 1, 6), name, id",
    ),
    (
        "idx_organization_county_pinyin",
        "organization",
        "substr(region_code, 1, 6), name_pinyin, id",
    ),
    (
        "idx_organization_county_kind",
        "organization",
        "substr(region_code, 1, 6), kind, id",
    ),
    (
        "idx_organization_county_created",
        "organization",
        "substr(region_code, 1, 6), created_at, id",
    ),
    ("idx_pairing_live_created", "pairing", "created_at, id"),
    (
        "idx_pairing_county_id",
        "pairing",
        "substr(village_code, 1, 6), id",
    ),
    (
        "idx_pairing_county_started",
        "pairing",
        "substr(village_code, 1, 6), started_on, id",
    ),
    (
        "idx_pairing_county_status",
        "pairing",
        "substr(village_code, 1, 6), status, id",
    ),
    (
        "idx_pairing_county_created",
        "pairing",
        "substr(village_code, 1, 6), created_at, id",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // sea-query's index builder has neither expression columns nor partial indexes: the
        // statements are written out; they read the same on SQLite and PostgreSQL.
        let db = manager.get_connection();
        for (name, table, columns) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON {table} ({columns}) WHERE deleted_at IS NULL"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
