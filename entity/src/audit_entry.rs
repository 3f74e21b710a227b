//! `audit_entry`: one change to one record, written in the same transaction as the change.
//! Append-only: nothing in the API updates or deletes these rows.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "audit_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// Who: a token name, a JWT subject, or `system`.
    pub actor: String,
    /// CREATE, UPDATE, DELETE, RESTORE, PURGE, IMPORT …
    pub operation: String,
    /// The GraphQL type of the record, e.g. `Organization`.
    pub entity_type: String,
    /// The record's key (id, or code for regions).
    pub entity_key: String,
    /// The record before the change, as JSON (personal fields masked); null on create.
    #[sea_orm(column_type = "Text")]
    pub before: Option<String>,
    /// The record after the change, as JSON (personal fields masked); null on purge.
    #[sea_orm(column_type = "Text")]
    pub after: Option<String>,
    /// Names of the fields the change touched.
    pub changed_fields: String,
    pub request_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
