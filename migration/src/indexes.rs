//! Index statements several migrations share.

use sea_orm_migration::prelude::*;

/// Drops each `(index, table)`.
pub async fn drop_each(manager: &SchemaManager<'_>, indexes: &[(&str, &str)]) -> Result<(), DbErr> {
    for (name, table) in indexes {
        manager
            .drop_index(
                Index::drop()
                    .name(*name)
                    .table(Alias::new(*table))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}
