//! `ActivityFilter` and activity orderings.

use async_graphql::{Enum, InputObject};
use entity::activity::{Column, Entity};
use sea_orm::{ColumnTrait, Condition, QueryFilter, QuerySelect, QueryTrait, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::places::PlaceFilter;
use super::primitives::{DateFilter, IntFilter, StringFilter, combine, county_hint, within_region};
use crate::db::cursor::CursorValue;
use crate::db::page::Ordering;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{ActivityKind, DomainEnum};
use crate::error::AppResult;
use crate::ids;

/// Selects activities. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Any of these kinds.
    pub kind: Option<Vec<ActivityKind>>,
    /// Title matches.
    pub title: Option<StringFilter>,
    /// Date held.
    pub held_on: Option<DateFilter>,
    /// Held in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Organized by this organization (global id).
    pub organizer: Option<async_graphql::ID>,
    /// Held at a place matching this filter.
    pub place: Option<PlaceFilter>,
    /// Number of participants matches (activities without one never match).
    pub participant_count: Option<IntFilter>,
    /// Audience in person-times (人次) matches (activities without one never match).
    pub audience_person_times: Option<IntFilter>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<ActivityFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<ActivityFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<ActivityFilter>>,
}

impl ActivityFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(kinds) = &self.kind {
            all = all.add(Column::Kind.is_in(kinds.iter().map(|k| k.code())));
        }
        if let Some(f) = &self.title {
            all = all.add(f.condition(Column::Title));
        }
        if let Some(f) = &self.held_on {
            all = all.add(f.condition(Column::HeldOn, "heldOn")?);
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::RegionCode, region)?);
        }
        if let Some(organizer) = &self.organizer {
            all = all
                .add(Column::OrganizerId.eq(ids::key::<entity::organization::Entity>(organizer)?));
        }
        if let Some(places) = &self.place {
            let matching = entity::place::Entity::live()
                .filter(places.condition()?)
                .select_only()
                .column(entity::place::Column::Id)
                .into_query();
            all = all.add(Column::PlaceId.in_subquery(matching));
        }
        if let Some(f) = &self.participant_count {
            all = all.add(f.condition(Column::ParticipantCount, "participantCount")?);
        }
        if let Some(f) = &self.audience_person_times {
            all = all.add(f.condition(Column::AudiencePersonTimes, "audiencePersonTimes")?);
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live activities matching the filter; `ordering` is the order of a page (the county index hint
/// depends on it), `None` for a whole-set read (a count, an aggregate, an export).
pub fn select(
    filter: &Option<ActivityFilter>,
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

/// Fields activities can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ActivityOrderField {
    /// Date held.
    HeldOn,
    /// Kind, by its code (e.g. `THEORY_LECTURE`).
    Kind,
    /// Region code (groups records by place in the directory).
    Region,
    /// Title (code-point order).
    Title,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `ActivityOrderField`.
pub type ActivityOrder = Order<ActivityOrderField>;

impl OrderField for ActivityOrderField {
    type Entity = entity::activity::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::activity::Column;
        match self {
            Self::HeldOn => Self::ascending("HeldOn", Column::HeldOn, |m| m.held_on.into()),
            Self::Kind => {
                Self::ascending("Kind", Column::Kind, |m| m.kind.code().to_owned().into())
            }
            Self::Region => Self::ascending("Region", Column::RegionCode, |m| {
                m.region_code.clone().into()
            }),
            Self::Title => Self::ascending("Title", Column::Title, |m| m.title.clone().into()),
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::activity::Model) -> CursorValue {
        row.id.into()
    }
}
