//! `publicity_work`: A publicity work (video, article …) and its series/theme.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "publicity_work")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
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

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
