//! `HouseholdFilter` and household orderings.

use async_graphql::InputObject;
use entity::household::{Column, Entity};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

use super::order::orderable;
use super::primitives::{IntFilter, combine, within_region};
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

orderable! {
    /// Fields households can be ordered by.
    HouseholdOrderField / HouseholdOrder for household by id {
        /// Village code.
        Village => VillageCode(village_code),
        /// Number of people in the household.
        MemberCount => MemberCount(member_count),
        /// Creation time.
        CreatedAt => CreatedAt(created_at),
    }
}
