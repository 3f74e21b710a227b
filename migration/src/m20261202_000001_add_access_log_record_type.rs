//! The access log records unmasked reads of personal data held by records other than people
//! (a household's head-of-household name): `record_type` names the API type whose row
//! `person_id` keys; every earlier entry is a person's.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("access_log"))
                    .add_column(string(Alias::new("record_type")).default("Person"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("access_log"))
                    .drop_column(Alias::new("record_type"))
                    .to_owned(),
            )
            .await
    }
}
