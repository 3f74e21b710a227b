//! `publicity_work`: A publicity work (video, article …) and its series/theme.

use crate::enums::PublicityWorkKind;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "publicity_work")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: PublicityWorkKind,
    pub title: String,
    pub series: Option<String>,
    pub theme: Option<String>,
    pub produced_on: Date,
    pub featured_story: Option<String>,
    pub featured_region_code: Option<String>,
    pub author_id: Option<i64>,
    pub region_code: String,
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
        from = "Column::AuthorId",
        to = "super::person::Column::Id"
    )]
    Author,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::FeaturedRegionCode",
        to = "super::region::Column::Code"
    )]
    FeaturedRegion,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionCode",
        to = "super::region::Column::Code"
    )]
    Region,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
