//! `place`: A base (practice base, work station, liaison point, host platform) or a home.

use crate::enums::{DemocraticParty, PlaceKind};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "place")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: PlaceKind,
    pub name: String,
    pub name_pinyin: String,
    pub name_initials: String,
    pub region_code: String,
    pub host_org_id: Option<i64>,
    pub party: Option<DemocraticParty>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opened_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub is_uf_venue: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
}

/// What a row refers to: one variant per foreign key.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::HostOrgId",
        to = "super::organization::Column::Id"
    )]
    HostOrg,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionCode",
        to = "super::region::Column::Code"
    )]
    Region,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::HostOrg.def()
    }
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
