//! Persisted documents: the GraphQL documents front-end builds register
//! (`tongxin documents add FILE`), by SHA-256; the PUBLIC allow-list mode runs only these.

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
                    .table(name("persisted_document"))
                    .col(string_len(name("sha256"), 64).primary_key())
                    .col(text(name("document")))
                    .col(string_null(name("name")))
                    .col(timestamp_with_time_zone(name("created_at")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("persisted_document")).to_owned())
            .await
    }
}
