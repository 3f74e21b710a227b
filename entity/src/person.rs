//! `person`: A united-front contact. Identity only; personal data lives in `person_private`.

use crate::enums::Gender;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub name_pinyin: String,
    pub name_initials: String,
    pub gender: Gender,
    pub region_code: String,
    pub work_unit: Option<String>,
    pub job_title: Option<String>,
    pub education: Option<String>,
    pub is_representative: bool,
    pub figure_kinds: String,
    pub is_synthetic: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
    /// The record this one was merged into (then also soft-deleted).
    pub merged_into: Option<i64>,
}

/// What a row refers to: one variant per foreign key.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionCode",
        to = "super::region::Column::Code"
    )]
    Region,
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
