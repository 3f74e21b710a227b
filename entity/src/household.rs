//! `household`: A rural household helped by a village influencer.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "household")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub village_code: String,
    pub head_name: String,
    pub member_count: i32,
    pub is_synthetic: bool,
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
        from = "Column::VillageCode",
        to = "super::region::Column::Code"
    )]
    Village,
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Village.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
