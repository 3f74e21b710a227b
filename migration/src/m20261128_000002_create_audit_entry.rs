//! The audit trail: an append-only table of changes, indexed for the history and audit-log reads.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn name(s: &str) -> Alias {
    Alias::new(s)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(name("audit_entry"))
                    .col(big_pk_auto(name("id")))
                    .col(timestamp_with_time_zone(name("at")))
                    .col(string(name("actor")))
                    .col(string(name("operation")))
                    .col(string(name("entity_type")))
                    .col(string(name("entity_key")))
                    .col(text_null(name("before")))
                    .col(text_null(name("after")))
                    .col(string(name("changed_fields")))
                    .col(string_null(name("request_id")))
                    .to_owned(),
            )
            .await?;
        for (index, columns) in [
            (
                "idx_audit_entry_record",
                &["entity_type", "entity_key", "id"][..],
            ),
            ("idx_audit_entry_actor", &["actor", "id"][..]),
            ("idx_audit_entry_at", &["at"][..]),
        ] {
            let mut statement = Index::create();
            statement.name(index).table(name("audit_entry"));
            for column in columns {
                statement.col(name(column));
            }
            manager.create_index(statement.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("audit_entry")).to_owned())
            .await
    }
}
