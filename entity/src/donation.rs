//! `donation`: Cash and goods donated through an activity (amounts in fen).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "donation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub activity_id: i64,
    pub donor_person_id: Option<i64>,
    pub donor_org_id: Option<i64>,
    pub cash_fen: i64,
    pub in_kind_fen: i64,
    pub donated_on: Date,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
}

/// What a row refers to: one variant per foreign key.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::activity::Entity",
        from = "Column::ActivityId",
        to = "super::activity::Column::Id"
    )]
    Activity,
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::DonorOrgId",
        to = "super::organization::Column::Id"
    )]
    DonorOrg,
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::DonorPersonId",
        to = "super::person::Column::Id"
    )]
    DonorPerson,
}

impl Related<super::activity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activity.def()
    }
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DonorOrg.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DonorPerson.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
