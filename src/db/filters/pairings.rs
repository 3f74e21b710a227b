//! `PairingFilter` and pairing orderings.

use async_graphql::{Enum, InputObject};
use entity::pairing::{Column, Entity};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::primitives::{DateFilter, combine, county_hint, within_region};
use crate::db::cursor::CursorValue;
use crate::db::in_force;
use crate::db::page::Ordering;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, PairingForm, PairingStatus};
use crate::error::AppResult;
use crate::ids;
use crate::scalars::Date;

/// Selects enterprise–village pairings. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PairingFilter {
    /// Any of these statuses.
    pub status: Option<Vec<PairingStatus>>,
    /// With at least one of these forms of help.
    pub focus: Option<Vec<PairingForm>>,
    /// Villages in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Of this enterprise or chamber (global id).
    pub enterprise: Option<async_graphql::ID>,
    /// Date signed matches.
    pub started_on: Option<DateFilter>,
    /// Pairings active on this day: started on or before it and not ended before it (the end
    /// day is the last active day).
    pub active_on: Option<Date>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<PairingFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<PairingFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<PairingFilter>>,
}

impl PairingFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(statuses) = &self.status {
            all = all.add(Column::Status.is_in(statuses.iter().map(|s| s.code())));
        }
        if let Some(forms) = &self.focus {
            let mut any = Condition::any();
            for form in forms {
                any = any.add(Column::Focus.like(LikeExpr::new(format!("%,{},%", form.code()))));
            }
            all = all.add(any);
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::VillageCode, region)?);
        }
        if let Some(enterprise) = &self.enterprise {
            all = all.add(
                Column::EnterpriseId.eq(ids::key::<entity::organization::Entity>(enterprise)?),
            );
        }
        if let Some(f) = &self.started_on {
            all = all.add(f.condition(Column::StartedOn, "startedOn")?);
        }
        if let Some(day) = self.active_on {
            all = all.add(in_force::condition(in_force::pairing(), day.0));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live pairings matching the filter; `ordering` is the order of a page (the county index hint
/// depends on it), `None` for a whole-set read (a count, an aggregate, an export).
pub fn select(
    filter: &Option<PairingFilter>,
    ordering: Option<&Ordering<Entity>>,
) -> AppResult<Select<Entity>> {
    let mut select = Entity::live();
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
        let region = filter.within_region.as_deref();
        select = county_hint(select, Column::VillageCode, region, ordering)?;
    }
    Ok(select)
}

/// Fields pairings can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PairingOrderField {
    /// Date signed.
    StartedOn,
    /// Village code.
    Village,
    /// Status, by its code (alphabetical, not the order of the workflow).
    Status,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `PairingOrderField`.
pub type PairingOrder = Order<PairingOrderField>;

impl OrderField for PairingOrderField {
    type Entity = entity::pairing::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::pairing::Column;
        match self {
            Self::StartedOn => {
                Self::ascending("StartedOn", Column::StartedOn, |m| m.started_on.into())
            }
            Self::Village => Self::ascending("Village", Column::VillageCode, |m| {
                m.village_code.clone().into()
            }),
            Self::Status => Self::ascending("Status", Column::Status, |m| {
                m.status.code().to_owned().into()
            }),
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::pairing::Model) -> CursorValue {
        row.id.into()
    }
}
