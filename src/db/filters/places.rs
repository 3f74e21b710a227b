//! `PlaceFilter` (bases and homes share it) and place orderings.

use async_graphql::{Enum, InputObject};
use entity::place::{Column, Entity};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::primitives::{DateFilter, StringFilter, combine, within_region};
use crate::db::cursor::CursorValue;
use crate::db::in_force;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{DemocraticParty, DomainEnum, PlaceKind};
use crate::error::AppResult;
use crate::ids;
use crate::scalars::Date;

/// Selects places (bases and homes). All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PlaceFilter {
    /// Name matches.
    pub name: Option<StringFilter>,
    /// Pinyin of the name (lowercase, no tones) matches.
    pub name_pinyin: Option<StringFilter>,
    /// Any of these kinds.
    pub kind: Option<Vec<PlaceKind>>,
    /// Places in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Hosted by this organization (global id).
    pub host_organization: Option<async_graphql::ID>,
    /// Party of a members' home.
    pub party: Option<Vec<DemocraticParty>>,
    /// Date the place opened.
    pub opened_on: Option<DateFilter>,
    /// Open (not closed) places only, or closed ones only.
    pub is_open: Option<bool>,
    /// Places existing on this day: opened on or before it (or opening day unknown) and not
    /// closed on or before it (a place is gone on its closing day).
    pub active_on: Option<Date>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<PlaceFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<PlaceFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<PlaceFilter>>,
}

impl PlaceFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(f) = &self.name {
            all = all.add(f.condition(Column::Name));
        }
        if let Some(f) = &self.name_pinyin {
            all = all.add(f.condition(Column::NamePinyin));
        }
        if let Some(kinds) = &self.kind {
            all = all.add(Column::Kind.is_in(kinds.iter().map(|k| k.code())));
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::RegionCode, region)?);
        }
        if let Some(host) = &self.host_organization {
            all = all.add(Column::HostOrgId.eq(ids::key::<entity::organization::Entity>(host)?));
        }
        if let Some(parties) = &self.party {
            all = all.add(Column::Party.is_in(parties.iter().map(|p| p.code())));
        }
        if let Some(f) = &self.opened_on {
            all = all.add(f.condition(Column::OpenedOn, "openedOn")?);
        }
        if let Some(open) = self.is_open {
            all = all.add(if open {
                Column::ClosedOn.is_null()
            } else {
                Column::ClosedOn.is_not_null()
            });
        }
        if let Some(day) = self.active_on {
            all = all.add(in_force::condition(in_force::place(), day.0));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live places of the given kinds matching the filter.
pub fn select(filter: &Option<PlaceFilter>, kinds: &[PlaceKind]) -> AppResult<Select<Entity>> {
    let mut select = Entity::live().filter(Column::Kind.is_in(kinds.iter().map(|k| k.code())));
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
    }
    Ok(select)
}

/// Fields places can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PlaceOrderField {
    /// Chinese name (code-point order).
    Name,
    /// Pinyin of the name: the order Chinese readers expect.
    NamePinyin,
    /// Kind, by its code (e.g. `THEORY_LECTURE`).
    Kind,
    /// Region code (groups records by place in the directory).
    Region,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `PlaceOrderField`.
pub type PlaceOrder = Order<PlaceOrderField>;

impl OrderField for PlaceOrderField {
    type Entity = entity::place::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::place::Column;
        match self {
            Self::Name => Self::ascending("Name", Column::Name, |m| m.name.clone().into()),
            Self::NamePinyin => Self::ascending("NamePinyin", Column::NamePinyin, |m| {
                m.name_pinyin.clone().into()
            }),
            Self::Kind => {
                Self::ascending("Kind", Column::Kind, |m| m.kind.code().to_owned().into())
            }
            Self::Region => Self::ascending("Region", Column::RegionCode, |m| {
                m.region_code.clone().into()
            }),
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::place::Model) -> CursorValue {
        row.id.into()
    }
}
