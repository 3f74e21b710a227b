//! Import jobs: an uploaded spreadsheet imported in the background, with its progress, counts,
//! report and the caller who started it.

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
                    .table(name("import_job"))
                    .col(big_pk_auto(name("id")))
                    .col(string(name("kind")))
                    .col(boolean(name("dry_run")))
                    .col(string(name("status")))
                    .col(string_null(name("file_name")))
                    .col(big_integer(name("done")).default(0))
                    .col(big_integer(name("total")).default(0))
                    .col(big_integer(name("created")).default(0))
                    .col(big_integer(name("updated")).default(0))
                    .col(big_integer(name("unchanged")).default(0))
                    .col(big_integer(name("conflicts")).default(0))
                    .col(big_integer(name("failed")).default(0))
                    .col(text_null(name("report")))
                    .col(text_null(name("message")))
                    .col(string(name("started_by")))
                    .col(string(name("started_by_role")))
                    .col(string_null(name("started_by_region")))
                    .col(string(name("request_id")))
                    .col(timestamp_with_time_zone(name("created_at")))
                    .col(timestamp_with_time_zone_null(name("started_at")))
                    .col(timestamp_with_time_zone_null(name("finished_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("import_job_started_by")
                    .table(name("import_job"))
                    .col(name("started_by"))
                    .col(name("id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("import_job")).to_owned())
            .await
    }
}
