//! `person_private`: Personal and sensitive data of a person (PIPL), kept apart from `person`.
//! `id_number` and `phone` hold sealed values (`v1:<key id>:<base64>`, decision 0025), never
//! plaintext; `tongxin::db::sealed` seals and opens them. The `_hash` columns are keyed hashes of
//! the plaintext for equality lookups, left out of serialization (audit entries). The table's
//! `match_key` (county, name pinyin, birth date: the duplicate rule's key) is kept by database
//! triggers and read only by the duplicate statements, so it is not mapped here.

use crate::enums::PoliticalStatus;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "person_private")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i64,
    pub id_number: Option<String>,
    #[sea_orm(unique)]
    #[serde(skip)]
    pub id_number_hash: Option<String>,
    pub phone: Option<String>,
    #[serde(skip)]
    pub phone_hash: Option<String>,
    pub birth_date: Option<Date>,
    pub address: Option<String>,
    pub ethnicity: Option<String>,
    pub political_status: Option<PoliticalStatus>,
    pub religion: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
}

/// What a row refers to: one variant per foreign key.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id"
    )]
    Person,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
