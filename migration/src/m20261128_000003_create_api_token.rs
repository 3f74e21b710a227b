//! API tokens: issued by admins, stored as hashes, revocable.

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
                    .table(name("api_token"))
                    .col(big_pk_auto(name("id")))
                    .col(string(name("name")))
                    .col(string(name("secret_hash")).unique_key())
                    .col(string(name("role")))
                    .col(string_null(name("region_scope")))
                    .col(timestamp_with_time_zone(name("created_at")))
                    .col(string(name("created_by")))
                    .col(timestamp_with_time_zone_null(name("expires_at")))
                    .col(timestamp_with_time_zone_null(name("revoked_at")))
                    .col(timestamp_with_time_zone_null(name("last_used_at")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("api_token")).to_owned())
            .await
    }
}
