//! The access log of unmasked personal-data reads (PIPL), append-only.

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
                    .table(name("access_log"))
                    .col(big_pk_auto(name("id")))
                    .col(timestamp_with_time_zone(name("at")))
                    .col(string(name("actor")))
                    .col(big_integer(name("person_id")))
                    .col(string(name("field")))
                    .col(string_null(name("request_id")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_access_log_person")
                    .table(name("access_log"))
                    .col(name("person_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("access_log")).to_owned())
            .await
    }
}
