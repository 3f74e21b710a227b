//! `PersonFilter` and person orderings.

use async_graphql::{Enum, InputObject};
use entity::person::{Column, Entity};
use sea_orm::sea_query::{LikeExpr, Query};
use sea_orm::{ColumnTrait, Condition, QueryFilter, QuerySelect, QueryTrait, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::organizations::OrganizationFilter;
use super::primitives::{StringFilter, combine, county_hint, rewrite_children, within_region};
use crate::auth::Viewer;
use crate::auth::policy::{self, Reach};
use crate::db::cursor::CursorValue;
use crate::db::in_force;
use crate::db::page::Ordering;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, Gender, NetworkFigureKind, UfCategory};
use crate::error::{AppError, AppResult};
use crate::ids;
use crate::scalars::Date;

/// Selects people. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PersonFilter {
    /// Only these people (global ids).
    pub ids: Option<Vec<async_graphql::ID>>,
    /// Chinese name.
    pub name: Option<StringFilter>,
    /// Pinyin of the name (lowercase, no tones).
    pub name_pinyin: Option<StringFilter>,
    /// Any of these genders.
    pub gender: Option<Vec<Gender>>,
    /// People registered in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// In at least one of these united-front categories.
    pub category: Option<Vec<UfCategory>>,
    /// Of at least one of these network-figure kinds.
    pub figure_kind: Option<Vec<NetworkFigureKind>>,
    /// Representative figures (代表人士) only, or everyone else.
    pub is_representative: Option<bool>,
    /// With a membership of an organization matching this filter: one in force on `activeOn`,
    /// or without it a current one (not ended).
    pub member_of: Option<OrganizationFilter>,
    /// Holding a network role (e.g. 统战联络员) for a region in this region (code or id) or
    /// below it: an assignment in force on `activeOn`, or without it a current one (not ended).
    pub liaison_in: Option<String>,
    /// The day `memberOf` and `liaisonIn` of this filter ask about: memberships and
    /// assignments in force that day (first and last day included). Nested filters (`and`,
    /// `or`, `not`) give their own.
    pub active_on: Option<Date>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<PersonFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<PersonFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<PersonFilter>>,
}

impl PersonFilter {
    /// The filter as `viewer` may apply it, by the policy's personal-data reach: a filter on
    /// categories (a sensitive attribute) is refused to who may not see categories and narrowed
    /// to an editor's subtree; memberships of sensitive organizations (democratic parties) are
    /// matched only where the viewer may see them. The list query and exports both apply it.
    pub fn for_viewer(self, viewer: &Viewer) -> AppResult<Self> {
        let reach = policy::personal_reach(viewer);
        let filter = if self.uses_category() {
            match &reach {
                Reach::Everywhere => self,
                Reach::Within(scope) => Self {
                    within_region: Some(scope.as_str().to_owned()),
                    and: Some(vec![self]),
                    ..Default::default()
                },
                Reach::Nowhere => {
                    return Err(AppError::Forbidden(
                        "filtering by united-front category needs the right to see categories"
                            .into(),
                    ));
                }
            }
        } else {
            self
        };
        filter.sensitive_memberships_within(viewer, &reach)
    }

    /// Rewrites every `memberOf` (nested ones too) so that memberships the viewer may not see
    /// match nothing: for [`Reach::Nowhere`] only organizations of other kinds count; within an
    /// editor's subtree all memberships of the people there count. The organization filter
    /// itself is first rewritten for the viewer (its own relation filters).
    fn sensitive_memberships_within(self, viewer: &Viewer, reach: &Reach) -> AppResult<Self> {
        let (and, or, not) = rewrite_children((self.and, self.or, self.not), |f| {
            f.sensitive_memberships_within(viewer, reach)
        })?;
        let mut filter = Self {
            and,
            or,
            not,
            ..self
        };
        let Some(organizations) = filter.member_of.take() else {
            return Ok(filter);
        };
        let organizations = organizations.for_viewer(viewer)?;
        // The day travels with the membership test it qualifies.
        let active_on = filter.active_on;
        let insensitive = OrganizationFilter {
            and: Some(vec![
                organizations.clone(),
                OrganizationFilter::with_insensitive_memberships(),
            ]),
            ..Default::default()
        };
        let visible = match reach {
            Reach::Everywhere => Self {
                member_of: Some(organizations),
                active_on,
                ..Default::default()
            },
            Reach::Within(scope) => Self {
                or: Some(vec![
                    Self {
                        member_of: Some(insensitive),
                        active_on,
                        ..Default::default()
                    },
                    Self {
                        within_region: Some(scope.as_str().to_owned()),
                        member_of: Some(organizations),
                        active_on,
                        ..Default::default()
                    },
                ]),
                ..Default::default()
            },
            Reach::Nowhere => Self {
                member_of: Some(insensitive),
                active_on,
                ..Default::default()
            },
        };
        filter.and.get_or_insert_with(Vec::new).push(visible);
        Ok(filter)
    }

    /// Whether this filter, or any filter nested in it, selects by category (a sensitive field).
    pub fn uses_category(&self) -> bool {
        self.category.is_some()
            || self.and.iter().flatten().any(Self::uses_category)
            || self.or.iter().flatten().any(Self::uses_category)
            || self.not.as_deref().is_some_and(Self::uses_category)
    }

    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(list) = &self.ids {
            let keys = list
                .iter()
                .map(|id| ids::key::<entity::person::Entity>(id))
                .collect::<AppResult<Vec<_>>>()?;
            all = all.add(Column::Id.is_in(keys));
        }
        if let Some(f) = &self.name {
            all = all.add(f.condition(Column::Name));
        }
        if let Some(f) = &self.name_pinyin {
            all = all.add(f.condition(Column::NamePinyin));
        }
        if let Some(genders) = &self.gender {
            all = all.add(Column::Gender.is_in(genders.iter().map(|g| g.code())));
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::RegionCode, region)?);
        }
        if let Some(categories) = &self.category {
            use entity::person_category as pc;
            let people = Query::select()
                .column(pc::Column::PersonId)
                .from(pc::Entity)
                .and_where(pc::Column::Category.is_in(categories.iter().map(|c| c.code())))
                .and_where(pc::Column::DeletedAt.is_null())
                .to_owned();
            all = all.add(Column::Id.in_subquery(people));
        }
        if let Some(kinds) = &self.figure_kind {
            let mut any = Condition::any();
            for kind in kinds {
                let pattern = format!("%,{},%", kind.code());
                any = any.add(Column::FigureKinds.like(LikeExpr::new(pattern)));
            }
            all = all.add(any);
        }
        if let Some(flag) = self.is_representative {
            all = all.add(Column::IsRepresentative.eq(flag));
        }
        if let Some(organizations) = &self.member_of {
            use entity::membership as m;
            let orgs = entity::organization::Entity::live()
                .filter(organizations.condition()?)
                .select_only()
                .column(entity::organization::Column::Id)
                .into_query();
            let people = in_force::memberships(
                m::Column::PersonId,
                m::Column::OrganizationId,
                orgs,
                self.active_on.map(|d| d.0),
            );
            all = all.add(Column::Id.in_subquery(people));
        }
        if let Some(region) = &self.liaison_in {
            use entity::liaison_assignment as la;
            let people = Query::select()
                .column(la::Column::PersonId)
                .from(la::Entity)
                .and_where(la::Column::DeletedAt.is_null())
                .cond_where(in_force::on_day_or_current(
                    in_force::liaison_assignment(),
                    self.active_on.map(|d| d.0),
                ))
                .cond_where(within_region(la::Column::RegionCode, region)?)
                .to_owned();
            all = all.add(Column::Id.in_subquery(people));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live people matching the filter; `ordering` is the order of a page (the county index hint
/// depends on it), `None` for a whole-set read (a count, an aggregate, an export).
pub fn select(
    filter: &Option<PersonFilter>,
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

/// Fields people can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PersonOrderField {
    /// Chinese name (code-point order).
    Name,
    /// Pinyin of the name: the order Chinese readers expect.
    NamePinyin,
    /// Region code.
    Region,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `PersonOrderField`.
pub type PersonOrder = Order<PersonOrderField>;

impl OrderField for PersonOrderField {
    type Entity = entity::person::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::person::Column;
        match self {
            Self::Name => Self::ascending("Name", Column::Name, |m| m.name.clone().into()),
            Self::NamePinyin => Self::ascending("NamePinyin", Column::NamePinyin, |m| {
                m.name_pinyin.clone().into()
            }),
            Self::Region => Self::ascending("Region", Column::RegionCode, |m| {
                m.region_code.clone().into()
            }),
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::person::Model) -> CursorValue {
        row.id.into()
    }
}
