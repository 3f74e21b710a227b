//! Finding and merging duplicates. `organization.name_key` holds the normalised name (width,
//! brackets, spaces, official abbreviations), written by every write path and filled for
//! existing rows on start (the normalisation lives in the application, not in SQL);
//! `merged_into` on people and organizations points a record merged away at the one it was
//! merged into. Indexes make each duplicate rule an index join:
//! organizations by `name_key`, people by `(name_pinyin, county)` (then the birth date in
//! `person_private`) and by `(name, work_unit)`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn name(s: &str) -> Alias {
    Alias::new(s)
}

/// Indexes written out: sea-query's builder has no expression columns or partial indexes, and
/// the statements read the same on SQLite and PostgreSQL.
const INDEXES: [(&str, &str); 3] = [
    (
        "idx_organization_name_key",
        "CREATE INDEX idx_organization_name_key ON organization (name_key, id) \
         WHERE deleted_at IS NULL",
    ),
    (
        "idx_person_pinyin_county",
        "CREATE INDEX idx_person_pinyin_county ON person \
         (name_pinyin, substr(region_code, 1, 6), id) WHERE deleted_at IS NULL",
    ),
    (
        "idx_person_name_work_unit",
        "CREATE INDEX idx_person_name_work_unit ON person (name, work_unit, id) \
         WHERE deleted_at IS NULL AND work_unit IS NOT NULL",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(name("organization"))
                    .add_column(
                        ColumnDef::new(name("name_key"))
                            .string()
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        for table in ["organization", "person"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(name(table))
                        .add_column(ColumnDef::new(name("merged_into")).big_integer().null())
                        .to_owned(),
                )
                .await?;
        }
        for (_, statement) in INDEXES {
            manager
                .get_connection()
                .execute_unprepared(statement)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (index, statement) in INDEXES {
            let table = if statement.contains(" ON organization ") {
                "organization"
            } else {
                "person"
            };
            manager
                .drop_index(Index::drop().name(index).table(name(table)).to_owned())
                .await?;
        }
        for (table, column) in [
            ("organization", "name_key"),
            ("organization", "merged_into"),
            ("person", "merged_into"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(name(table))
                        .drop_column(name(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
