//! ID numbers and phones are sealed at rest (decision 0025): a ciphertext is unique by
//! construction and says nothing about equality, so uniqueness and lookups move to keyed
//! hashes of the plaintext. Adds `id_number_hash` (unique index, replacing the unique
//! constraint on `id_number`) and `phone_hash` (index).
//!
//! Migrations have no key: values stored in plaintext by earlier versions are sealed, and their
//! hashes filled in, at start-up right after the migrations (`db::sealed::reseal`). Until then
//! the hash columns of those rows are empty.
//!
//! SQLite cannot drop a column's UNIQUE constraint, so there the table is rebuilt (in this
//! migration's transaction); PostgreSQL drops the constraint.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "person_private";
const ID_NUMBER_HASH_INDEX: &str = "idx_person_private_id_number_hash";
const PHONE_HASH_INDEX: &str = "idx_person_private_phone_hash";
/// The columns both shapes of the table share, in order.
const KEPT: &str = "person_id, id_number, phone, birth_date, address, ethnicity, \
                    political_status, religion, created_at, updated_at, version, deleted_at";

fn name(s: &str) -> Alias {
    Alias::new(s)
}

/// The table as this migration leaves it, under `table`.
fn shape(table: &str) -> TableCreateStatement {
    Table::create()
        .table(name(table))
        .col(big_integer(name("person_id")).primary_key())
        .col(string_null(name("id_number")))
        .col(string_null(name("id_number_hash")))
        .col(string_null(name("phone")))
        .col(string_null(name("phone_hash")))
        .col(date_null(name("birth_date")))
        .col(string_null(name("address")))
        .col(string_null(name("ethnicity")))
        .col(string_null(name("political_status")))
        .col(string_null(name("religion")))
        .col(timestamp_with_time_zone(name("created_at")))
        .col(timestamp_with_time_zone(name("updated_at")))
        .col(integer(name("version")))
        .col(timestamp_with_time_zone_null(name("deleted_at")))
        .foreign_key(
            ForeignKey::create()
                .from(name(table), name("person_id"))
                .to(name("person"), name("id")),
        )
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on SQLite too: the rebuild is all or nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            manager.create_table(shape("person_private_new")).await?;
            db.execute_unprepared(&format!(
                "INSERT INTO person_private_new ({KEPT}) SELECT {KEPT} FROM {TABLE}; \
                 DROP TABLE {TABLE}; \
                 ALTER TABLE person_private_new RENAME TO {TABLE};"
            ))
            .await?;
        } else {
            db.execute_unprepared(&format!(
                "ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {TABLE}_id_number_key; \
                 DROP INDEX IF EXISTS {TABLE}_id_number_key; \
                 ALTER TABLE {TABLE} ADD COLUMN id_number_hash varchar NULL; \
                 ALTER TABLE {TABLE} ADD COLUMN phone_hash varchar NULL;"
            ))
            .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(ID_NUMBER_HASH_INDEX)
                    .table(name(TABLE))
                    .col(name("id_number_hash"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(PHONE_HASH_INDEX)
                    .table(name(TABLE))
                    .col(name("phone_hash"))
                    .to_owned(),
            )
            .await
    }

    /// Back to the earlier shape. The values stay sealed: an earlier version cannot read them.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in [ID_NUMBER_HASH_INDEX, PHONE_HASH_INDEX] {
            manager
                .drop_index(Index::drop().name(index).table(name(TABLE)).to_owned())
                .await?;
        }
        for column in ["id_number_hash", "phone_hash"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(name(TABLE))
                        .drop_column(name(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(format!("{TABLE}_id_number_key"))
                    .table(name(TABLE))
                    .col(name("id_number"))
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
