//! Indexes follow the statements that read them.
//!
//! Dropped, because no statement reads them and every row written pays for their entries (a
//! 50,000-person import above all):
//! - the `name_initials` indexes of people, organizations, regions and places: names are
//!   searched through `search_term`, which holds the initials as terms, and nothing filters or
//!   orders by `name_initials`;
//! - `idx_person_name_work_unit` `(name, work_unit, id)`: the duplicate rule "same name and
//!   work unit" reads `idx_person_name_unit_key` `((name || '|' || work_unit), id)`, the same
//!   entries, and one person's check looks the name up in `idx_person_name`.
//!
//! Created: live organizations by region, so that a region's `totalCount` of organizations is
//! a range of one index, as it is for people and activities, instead of a row read per entry
//! to check `deleted_at`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, the statement that creates it).
type Index = (&'static str, &'static str, &'static str);

const UNREAD: [Index; 5] = [
    (
        "idx_person_name_initials",
        "person",
        "CREATE INDEX idx_person_name_initials ON person (name_initials)",
    ),
    (
        "idx_organization_name_initials",
        "organization",
        "CREATE INDEX idx_organization_name_initials ON organization (name_initials)",
    ),
    (
        "idx_region_name_initials",
        "region",
        "CREATE INDEX idx_region_name_initials ON region (name_initials)",
    ),
    (
        "idx_place_name_initials",
        "place",
        "CREATE INDEX idx_place_name_initials ON place (name_initials)",
    ),
    (
        "idx_person_name_work_unit",
        "person",
        "CREATE INDEX idx_person_name_work_unit ON person (name, work_unit, id) \
         WHERE deleted_at IS NULL AND work_unit IS NOT NULL",
    ),
];

const ADDED: [Index; 1] = [(
    "idx_organization_live_region",
    "organization",
    "CREATE INDEX idx_organization_live_region ON organization (region_code) \
     WHERE deleted_at IS NULL",
)];

async fn create(manager: &SchemaManager<'_>, indexes: &[Index]) -> Result<(), DbErr> {
    // Written out: sea-query's index builder has no partial indexes, and the statements read
    // the same on SQLite and PostgreSQL.
    let db = manager.get_connection();
    for (_, _, statement) in indexes {
        db.execute_unprepared(statement).await?;
    }
    Ok(())
}

async fn drop(manager: &SchemaManager<'_>, indexes: &[Index]) -> Result<(), DbErr> {
    let named: Vec<(&str, &str)> = indexes
        .iter()
        .map(|(name, table, _)| (*name, *table))
        .collect();
    crate::indexes::drop_each(manager, &named).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, &UNREAD).await?;
        create(manager, &ADDED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, &ADDED).await?;
        create(manager, &UNREAD).await
    }
}
