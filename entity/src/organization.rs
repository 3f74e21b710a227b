//! `organization`: Any organization: departments, CPC and democratic-party organizations, enterprises, chambers, outlets.

use crate::enums::{
    DemocraticParty, DpOrgLevel, EnterpriseOwnership, OrganizationKind, OutletKind, OutletLevel,
};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: OrganizationKind,
    pub name: String,
    pub name_pinyin: String,
    pub name_initials: String,
    /// The normalised name duplicates are compared by (`org_name::normalize`).
    pub name_key: String,
    pub region_code: String,
    #[sea_orm(unique)]
    pub credit_code: Option<String>,
    pub parent_id: Option<i64>,
    pub party: Option<DemocraticParty>,
    pub dp_level: Option<DpOrgLevel>,
    pub term_number: Option<i32>,
    pub term_start: Option<Date>,
    pub term_end: Option<Date>,
    pub ownership: Option<EnterpriseOwnership>,
    pub industry_code: Option<String>,
    pub is_key_enterprise: bool,
    pub outlet_level: Option<OutletLevel>,
    pub outlet_kind: Option<OutletKind>,
    pub established_on: Option<Date>,
    pub phone: Option<String>,
    pub address: Option<String>,
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
    #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
    Parent,
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
