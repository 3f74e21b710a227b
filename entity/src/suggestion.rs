//! `suggestion`: A suggestion (建言) put forward by an organization's members.

use crate::enums::{SuggestionChannel, SuggestionField, SuggestionStatus};
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
    pub field: SuggestionField,
    pub channel: SuggestionChannel,
    pub status: SuggestionStatus,
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
        belongs_to = "super::livelihood_project::Entity",
        from = "Column::LivelihoodProjectId",
        to = "super::livelihood_project::Column::Id"
    )]
    LivelihoodProject,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionCode",
        to = "super::region::Column::Code"
    )]
    Region,
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::SubmittingOrgId",
        to = "super::organization::Column::Id"
    )]
    SubmittingOrg,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl Related<super::livelihood_project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LivelihoodProject.def()
    }
}

impl Related<super::region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Region.def()
    }
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SubmittingOrg.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
