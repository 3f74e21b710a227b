//! What PostgreSQL's planner needs to read a county's page, or a whole list ordered by kind or
//! status, from an index in order.
//!
//! - **Statistics on each county prefix** (PostgreSQL): the county-prefix indexes are partial
//!   (live rows), and PostgreSQL ignores the statistics of a partial index's expressions. Without
//!   statistics of its own, `substr(region_code, 1, 6) = '620422'` was estimated at 0.5 % of the
//!   rows when a county holds a fifth of them, so a county's page of organizations read the
//!   county's rows through two bitmaps and sorted them (24 ms at 96,000 organizations) instead
//!   of walking the index to the page (0.1 ms). Extended statistics on the expression give it the
//!   real distribution; `ANALYZE` fills them now rather than at the next automatic analyze.
//! - **Live rows by kind and id, by status and id** (activities and organizations by kind,
//!   pairings by status; both databases): SQLite's `(kind)` index keeps equal kinds in rowid
//!   order, which is the page's order; PostgreSQL keeps them in heap order, so the first page
//!   ordered by kind sorted every activity of the first kind (15 ms at 950,000 activities).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (statistics object, table, the code column whose first six digits name the county).
const COUNTY_STATISTICS: [(&str, &str, &str); 4] = [
    ("stx_person_county", "person", "region_code"),
    ("stx_activity_county", "activity", "region_code"),
    ("stx_organization_county", "organization", "region_code"),
    ("stx_pairing_county", "pairing", "village_code"),
];

/// (name, table, the statement that creates it).
const ORDER_INDEXES: [(&str, &str, &str); 3] = [
    (
        "idx_activity_live_kind",
        "activity",
        "CREATE INDEX idx_activity_live_kind ON activity (kind, id) WHERE deleted_at IS NULL",
    ),
    (
        "idx_organization_live_kind",
        "organization",
        "CREATE INDEX idx_organization_live_kind ON organization (kind, id) \
         WHERE deleted_at IS NULL",
    ),
    (
        "idx_pairing_live_status",
        "pairing",
        "CREATE INDEX idx_pairing_live_status ON pairing (status, id) WHERE deleted_at IS NULL",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (_, _, statement) in ORDER_INDEXES {
            db.execute_unprepared(statement).await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            for (name, table, column) in COUNTY_STATISTICS {
                db.execute_unprepared(&format!(
                    "CREATE STATISTICS {name} ON (substr({column}, 1, 6)) FROM {table}"
                ))
                .await?;
                db.execute_unprepared(&format!("ANALYZE {table}")).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            for (name, _, _) in COUNTY_STATISTICS {
                db.execute_unprepared(&format!("DROP STATISTICS IF EXISTS {name}"))
                    .await?;
            }
        }
        let named: Vec<(&str, &str)> = ORDER_INDEXES
            .iter()
            .map(|(name, table, _)| (*name, *table))
            .collect();
        crate::indexes::drop_each(manager, &named).await
    }
}
