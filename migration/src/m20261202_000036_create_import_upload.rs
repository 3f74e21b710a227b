//! The file an import job was started with, sealed, kept for its annotated workbook until it
//! expires.

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
                    .table(name("import_upload"))
                    .col(big_integer(name("job_id")).primary_key())
                    .col(string(name("key_id")))
                    .col(blob(name("sealed")))
                    .col(big_integer(name("size")))
                    .col(timestamp_with_time_zone(name("expires_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("import_upload_expires_at")
                    .table(name("import_upload"))
                    .col(name("expires_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("import_upload")).to_owned())
            .await
    }
}
