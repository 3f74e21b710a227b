//! `region`: A node of the four-level network: city, county, township, village (NBS statistical code).

use crate::enums::{RegionKind, RegionLevel};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "region")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub name_pinyin: String,
    pub name_initials: String,
    pub level: RegionLevel,
    pub kind: RegionKind,
    pub parent_code: Option<String>,
    pub urban_rural_code: Option<String>,
    pub code_edition: String,
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
        belongs_to = "Entity",
        from = "Column::ParentCode",
        to = "Column::Code"
    )]
    Parent,
}

impl ActiveModelBehavior for ActiveModel {}
