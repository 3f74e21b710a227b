//! `mediation_case`: A dispute mediation case (e.g. commercial), with its partner organizations.

use crate::enums::{DisputeSubtype, MediationCategory, MediationStatus};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "mediation_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub case_no: String,
    pub category: MediationCategory,
    pub subtype: Option<DisputeSubtype>,
    pub accepted_on: Date,
    pub closed_on: Option<Date>,
    pub status: MediationStatus,
    pub amount_fen: Option<i64>,
    pub region_code: String,
    #[sea_orm(column_type = "Text")]
    pub summary: Option<String>,
    pub judicially_confirmed: Option<bool>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
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
