//! `publication`: A publication of a work on a media outlet.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "publication")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub work_id: i64,
    pub outlet_id: i64,
    pub published_on: Date,
    pub url: Option<String>,
    pub views: Option<i64>,
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
        from = "Column::OutletId",
        to = "super::organization::Column::Id"
    )]
    Outlet,
    #[sea_orm(
        belongs_to = "super::publicity_work::Entity",
        from = "Column::WorkId",
        to = "super::publicity_work::Column::Id"
    )]
    Work,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Outlet.def()
    }
}

impl Related<super::publicity_work::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Work.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
