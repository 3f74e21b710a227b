//! A person holds each united-front category once: at most one live `person_category` row per
//! person and category. Every write path already keeps it so (a person's categories are set as
//! a set; a merge folds the removed person's copy of a category the kept one holds); the index
//! makes it a rule of the schema, which the aggregates rely on to count a category's people
//! without a set of distinct ids. Its entries also answer the join of a person to their live
//! categories without reading the rows.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_person_category_live";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Written out: sea-query's index builder has no partial indexes.
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX {NAME} ON person_category (person_id, category) \
                 WHERE deleted_at IS NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::indexes::drop_each(manager, &[(NAME, "person_category")]).await
    }
}
