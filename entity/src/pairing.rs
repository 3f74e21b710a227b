//! `pairing`: An enterprise–village pairing of the 万企兴万村 campaign.

use crate::enums::{Campaign, PairingMode, PairingStatus, TargetVillageType};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "pairing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enterprise_id: i64,
    pub village_code: String,
    pub campaign: Campaign,
    pub focus: String,
    pub mode: Option<PairingMode>,
    pub target_village_type: Option<TargetVillageType>,
    pub status: PairingStatus,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    pub investment_fen: Option<i64>,
    pub jobs_created: Option<i32>,
    pub purchase_fen: Option<i64>,
    pub donation_fen: Option<i64>,
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
        from = "Column::EnterpriseId",
        to = "super::organization::Column::Id"
    )]
    Enterprise,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::VillageCode",
        to = "super::region::Column::Code"
    )]
    Village,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enterprise.def()
    }
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Village.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
