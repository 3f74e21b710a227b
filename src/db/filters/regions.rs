//! `RegionFilter` and region orderings.

use async_graphql::{Enum, InputObject};
use entity::region::{Column, Entity};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::primitives::{StringFilter, combine, parse_region, within_region};
use crate::db::cursor::CursorValue;
use crate::db::page::SortKey;
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

/// Fields regions can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum RegionOrderField {
    /// Statistical code (the natural order of the directory).
    Code,
    /// Chinese name.
    Name,
    /// Pinyin of the name.
    NamePinyin,
    /// Level.
    Level,
}

/// One ordering criterion of `RegionOrderField`.
pub type RegionOrder = Order<RegionOrderField>;

impl OrderField for RegionOrderField {
    type Entity = entity::region::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::region::Column;
        match self {
            Self::Code => Self::ascending("Code", Column::Code, |m| m.code.clone().into()),
            Self::Name => Self::ascending("Name", Column::Name, |m| m.name.clone().into()),
            Self::NamePinyin => Self::ascending("NamePinyin", Column::NamePinyin, |m| {
                m.name_pinyin.clone().into()
            }),
            Self::Level => {
                Self::ascending("Level", Column::Level, |m| m.level.code().to_owned().into())
            }
        }
    }

    fn primary(row: &entity::region::Model) -> CursorValue {
        row.code.clone().into()
    }
}
