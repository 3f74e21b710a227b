//! Indexes for aggregates and coverage: the date columns their time buckets and period
//! filters read, and composite keys for coverage's per-village `EXISTS` probes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index name, table, columns).
const INDEXES: [(&str, &str, &[&str]); 9] = [
    ("idx_region_level_code", "region", &["level", "code"]),
    (
        "idx_place_kind_region_code",
        "place",
        &["kind", "region_code"],
    ),
    ("idx_place_opened_on", "place", &["opened_on"]),
    (
        "idx_liaison_assignment_region_code_role",
        "liaison_assignment",
        &["region_code", "role"],
    ),
    (
        "idx_pairing_village_code_status",
        "pairing",
        &["village_code", "status"],
    ),
    ("idx_pairing_started_on", "pairing", &["started_on"]),
    (
        "idx_publicity_work_produced_on",
        "publicity_work",
        &["produced_on"],
    ),
    (
        "idx_sales_record_period_start",
        "sales_record",
        &["period_start"],
    ),
    (
        "idx_organization_established_on",
        "organization",
        &["established_on"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (index, table, columns) in INDEXES {
            let mut create = Index::create();
            create.name(index).table(Alias::new(table));
            for column in columns {
                create.col(Alias::new(*column));
            }
            manager.create_index(create.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (index, table, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(index)
                        .table(Alias::new(table))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
