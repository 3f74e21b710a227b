//! The search index: one row per searchable spelling of a record's name or code, so a
//! prefix search is an index range scan (decision 0011).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn name(s: &str) -> Alias {
    Alias::new(s)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut term = string(name("term"));
        // Range scans (`term >= q AND term < q || U+10FFFF`) need byte order, whatever the
        // cluster's default collation; SQLite's default BINARY collation already is.
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            term.extra("COLLATE \"C\"");
        }
        manager
            .create_table(
                Table::create()
                    .table(name("search_term"))
                    .col(big_pk_auto(name("id")))
                    .col(string(name("record_type")))
                    .col(string(name("record_key")))
                    .col(small_integer(name("type_rank")))
                    .col(string(name("field")))
                    .col(string(name("kind")))
                    .col(term)
                    .col(boolean(name("is_suffix")))
                    .col(integer(name("name_len")))
                    .col(boolean(name("alt_reading")))
                    .col(string(name("region_code")))
                    .col(boolean(name("deleted")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_term_lookup")
                    .table(name("search_term"))
                    .col(name("deleted"))
                    .col(name("is_suffix"))
                    .col(name("term"))
                    .col(name("type_rank"))
                    .col(name("record_key"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_term_record")
                    .table(name("search_term"))
                    .col(name("record_key"))
                    .col(name("record_type"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("search_term")).to_owned())
            .await
    }
}
