//! `suggestion`: A suggestion (建言) put forward by an organization's members.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "suggestion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: Option<String>,
    pub field: String,
    pub channel: String,
    pub status: String,
    pub submitted_on: Date,
    pub adopted_on: Option<Date>,
    pub replied_on: Option<Date>,
    pub submitting_org_id: Option<i64>,
    pub author_id: Option<i64>,
    pub region_code: String,
    pub pressing_concern: bool,
    pub livelihood_project_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
