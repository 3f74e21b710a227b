//! `RegionFilter` and region orderings.

use async_graphql::InputObject;
use entity::region::{Column, Entity};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

use super::order::orderable;
use super::primitives::{StringFilter, combine, parse_region, within_region};
use crate::db::table::Table;
use crate::domain::enums::DomainEnum;
use crate::domain::enums::{RegionKind, RegionLevel};
use crate::error::AppResult;

/// Selects regions. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct RegionFilter {
    /// Statistical code.
    pub code: Option<StringFilter>,
    /// Chinese name.
    pub name: Option<StringFilter>,
    /// Levels to include.
    pub level: Option<Vec<RegionLevel>>,
    /// Kinds to include.
    pub kind: Option<Vec<RegionKind>>,
    /// The region (code or id) and everything below it.
    pub within_region: Option<String>,
    /// Direct children of this region (code or id).
    pub parent: Option<String>,
    /// Only synthetic (demo) rows, or only real ones.
    pub is_synthetic: Option<bool>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<RegionFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<RegionFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<RegionFilter>>,
}

impl RegionFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(f) = &self.code {
            all = all.add(f.condition(Column::Code));
        }
        if let Some(f) = &self.name {
            all = all.add(f.condition(Column::Name));
        }
        if let Some(levels) = &self.level {
            all = all.add(Column::Level.is_in(levels.iter().map(|l| l.code())));
        }
        if let Some(kinds) = &self.kind {
            all = all.add(Column::Kind.is_in(kinds.iter().map(|k| k.code())));
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::Code, region)?);
        }
        if let Some(parent) = &self.parent {
            all = all.add(Column::ParentCode.eq(parent_code(parent)?));
        }
        if let Some(synthetic) = self.is_synthetic {
            all = all.add(Column::IsSynthetic.eq(synthetic));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

fn parent_code(input: &str) -> AppResult<String> {
    Ok(parse_region(input)?.as_str().to_owned())
}

/// Live regions matching the filter.
pub fn select(filter: &Option<RegionFilter>) -> AppResult<Select<Entity>> {
    let mut select = Entity::live();
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
    }
    Ok(select)
}

orderable! {
    /// Fields regions can be ordered by.
    RegionOrderField / RegionOrder for region by code {
        /// Statistical code (the natural order of the directory).
        Code => Code(code),
        /// Chinese name.
        Name => Name(name),
        /// Pinyin of the name.
        NamePinyin => NamePinyin(name_pinyin),
        /// Level.
        Level => Level(level),
    }
}
