//! `OrganizationFilter` and organization orderings.

use async_graphql::InputObject;
use entity::organization::{Column, Entity};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

use super::order::orderable;
use super::primitives::{StringFilter, combine, county_hint, within_region};
use crate::db::page::Ordering;
use crate::db::table::Table;
use crate::domain::enums::{DemocraticParty, DomainEnum, DpOrgLevel, OrganizationKind};
use crate::error::AppResult;
use crate::ids;

/// Selects organizations. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct OrganizationFilter {
    /// Only these organizations (global ids).
    pub ids: Option<Vec<async_graphql::ID>>,
    /// Name matches.
    pub name: Option<StringFilter>,
    /// Pinyin of the name (lowercase, no tones) matches.
    pub name_pinyin: Option<StringFilter>,
    /// Any of these kinds.
    pub kind: Option<Vec<OrganizationKind>>,
    /// Unified social credit code.
    pub credit_code: Option<StringFilter>,
    /// Organizations located in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Democratic party, for party organizations.
    pub party: Option<Vec<DemocraticParty>>,
    /// Any of these democratic-party organization levels.
    pub dp_level: Option<Vec<DpOrgLevel>>,
    /// Direct sub-organizations of this organization (global id).
    pub parent: Option<async_graphql::ID>,
    /// Key enterprises (重点企业) only, or everyone else.
    pub is_key_enterprise: Option<bool>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<OrganizationFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<OrganizationFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<OrganizationFilter>>,
}

impl OrganizationFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(list) = &self.ids {
            let keys = list
                .iter()
                .map(|id| ids::key::<entity::organization::Entity>(id))
                .collect::<AppResult<Vec<_>>>()?;
            all = all.add(Column::Id.is_in(keys));
        }
        if let Some(f) = &self.name {
            all = all.add(f.condition(Column::Name));
        }
        if let Some(f) = &self.name_pinyin {
            all = all.add(f.condition(Column::NamePinyin));
        }
        if let Some(kinds) = &self.kind {
            all = all.add(Column::Kind.is_in(kinds.iter().map(|k| k.code())));
        }
        if let Some(f) = &self.credit_code {
            all = all.add(f.condition(Column::CreditCode));
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::RegionCode, region)?);
        }
        if let Some(parties) = &self.party {
            all = all.add(Column::Party.is_in(parties.iter().map(|p| p.code())));
        }
        if let Some(levels) = &self.dp_level {
            all = all.add(Column::DpLevel.is_in(levels.iter().map(|l| l.code())));
        }
        if let Some(parent) = &self.parent {
            all = all.add(Column::ParentId.eq(ids::key::<entity::organization::Entity>(parent)?));
        }
        if let Some(flag) = self.is_key_enterprise {
            all = all.add(Column::IsKeyEnterprise.eq(flag));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live organizations matching the filter; `ordering` is the order of a page (the county index hint
/// depends on it), `None` for a whole-set read (a count, an aggregate, an export).
pub fn select(
    filter: &Option<OrganizationFilter>,
    ordering: Option<&Ordering<Entity>>,
) -> AppResult<Select<Entity>> {
    let mut select = Entity::live();
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
        let region = filter.within_region.as_deref();
        select = county_hint(select, Column::RegionCode, region, ordering)?;
    }
    Ok(select)
}

orderable! {
    /// Fields organizations can be ordered by.
    OrganizationOrderField / OrganizationOrder for organization by id {
        /// Chinese name (code-point order).
        Name => Name(name),
        /// Pinyin of the name: the order Chinese readers expect.
        NamePinyin => NamePinyin(name_pinyin),
        /// Kind, by its code (e.g. `THEORY_LECTURE`).
        Kind => Kind(kind),
        /// Region code (groups records by place in the directory).
        Region => RegionCode(region_code),
        /// Creation time.
        CreatedAt => CreatedAt(created_at),
    }
}
