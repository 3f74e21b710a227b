//! `access_log`: one unmasked read of one personal field (who, whose, what, when).
//! Written before the value is sent; if it cannot be written, the value is not sent.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// Who read: a token name, a JWT subject or `system`.
    pub actor: String,
    /// Whose data: the key of the record read, a person unless `record_type` says otherwise.
    pub person_id: i64,
    /// The API type of the record read: `Person` or `Household`.
    pub record_type: String,
    /// Which field, e.g. `phone`.
    pub field: String,
    pub request_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
