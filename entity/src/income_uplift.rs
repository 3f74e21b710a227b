//! `income_uplift`: Links an influencer to a household whose income they helped raise.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "income_uplift")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub influencer_id: i64,
    pub household_id: i64,
    pub since: Date,
    pub annual_increase_fen: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
}

/// What a row refers to: one variant per foreign key.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::household::Entity",
        from = "Column::HouseholdId",
        to = "super::household::Column::Id"
    )]
    Household,
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::InfluencerId",
        to = "super::person::Column::Id"
    )]
    Influencer,
}

impl Related<super::household::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Household.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Influencer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
