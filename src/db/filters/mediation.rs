//! `MediationCaseFilter` and mediation-case orderings.

use async_graphql::{Enum, InputObject};
use entity::mediation_case::{Column, Entity};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::primitives::{DateFilter, StringFilter, combine, within_region};
use crate::db::cursor::CursorValue;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{DisputeSubtype, DomainEnum, MediationCategory, MediationStatus};
use crate::error::AppResult;

/// Selects mediation cases. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct MediationCaseFilter {
    /// Case number matches.
    pub case_no: Option<StringFilter>,
    /// Any of these categories.
    pub category: Option<Vec<MediationCategory>>,
    /// Any of these subtypes (cases without one never match).
    pub subtype: Option<Vec<DisputeSubtype>>,
    /// Any of these statuses.
    pub status: Option<Vec<MediationStatus>>,
    /// Date accepted (受理) matches.
    pub accepted_on: Option<DateFilter>,
    /// Cases in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<MediationCaseFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<MediationCaseFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<MediationCaseFilter>>,
}

impl MediationCaseFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(f) = &self.case_no {
            all = all.add(f.condition(Column::CaseNo));
        }
        if let Some(values) = &self.category {
            all = all.add(Column::Category.is_in(values.iter().map(|v| v.code())));
        }
        if let Some(values) = &self.subtype {
            all = all.add(Column::Subtype.is_in(values.iter().map(|v| v.code())));
        }
        if let Some(values) = &self.status {
            all = all.add(Column::Status.is_in(values.iter().map(|v| v.code())));
        }
        if let Some(f) = &self.accepted_on {
            all = all.add(f.condition(Column::AcceptedOn, "acceptedOn")?);
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::RegionCode, region)?);
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live mediation cases matching the filter.
pub fn select(filter: &Option<MediationCaseFilter>) -> AppResult<Select<Entity>> {
    let mut select = Entity::live();
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
    }
    Ok(select)
}

/// Fields mediation cases can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum MediationCaseOrderField {
    /// Date accepted (受理).
    AcceptedOn,
    /// Case number.
    CaseNo,
    /// Status, by its code (alphabetical, not the order of the workflow).
    Status,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `MediationCaseOrderField`.
pub type MediationCaseOrder = Order<MediationCaseOrderField>;

impl OrderField for MediationCaseOrderField {
    type Entity = entity::mediation_case::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::mediation_case::Column;
        match self {
            Self::AcceptedOn => {
                Self::ascending("AcceptedOn", Column::AcceptedOn, |m| m.accepted_on.into())
            }
            Self::CaseNo => Self::ascending("CaseNo", Column::CaseNo, |m| m.case_no.clone().into()),
            Self::Status => Self::ascending("Status", Column::Status, |m| {
                m.status.code().to_owned().into()
            }),
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::mediation_case::Model) -> CursorValue {
        row.id.into()
    }
}
