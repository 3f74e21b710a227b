//! `HouseholdFilter` and household orderings.

use async_graphql::{Enum, InputObject};
use entity::household::{Column, Entity};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::primitives::{IntFilter, combine, within_region};
use crate::db::cursor::CursorValue;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::error::AppResult;
use crate::ids;

/// Selects households. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct HouseholdFilter {
    /// Households of villages in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Number of people in the household matches.
    pub member_count: Option<IntFilter>,
    /// Helped by this influencer (Person global id).
    pub helped_by: Option<async_graphql::ID>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<HouseholdFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<HouseholdFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<HouseholdFilter>>,
}

impl HouseholdFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::VillageCode, region)?);
        }
        if let Some(f) = &self.member_count {
            all = all.add(f.condition(Column::MemberCount, "memberCount")?);
        }
        if let Some(person) = &self.helped_by {
            use entity::income_uplift as u;
            let helped = Query::select()
                .column(u::Column::HouseholdId)
                .from(u::Entity)
                .and_where(u::Column::DeletedAt.is_null())
                .and_where(u::Column::InfluencerId.eq(ids::key::<entity::person::Entity>(person)?))
                .to_owned();
            all = all.add(Column::Id.in_subquery(helped));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live households matching the filter.
pub fn select(filter: &Option<HouseholdFilter>) -> AppResult<Select<Entity>> {
    let mut select = Entity::live();
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
    }
    Ok(select)
}

/// Fields households can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum HouseholdOrderField {
    /// Village code.
    Village,
    /// Number of people in the household.
    MemberCount,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `HouseholdOrderField`.
pub type HouseholdOrder = Order<HouseholdOrderField>;

impl OrderField for HouseholdOrderField {
    type Entity = entity::household::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::household::Column;
        match self {
            Self::Village => Self::ascending("Village", Column::VillageCode, |m| {
                m.village_code.clone().into()
            }),
            Self::MemberCount => Self::ascending("MemberCount", Column::MemberCount, |m| {
                m.member_count.into()
            }),
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::household::Model) -> CursorValue {
        row.id.into()
    }
}
