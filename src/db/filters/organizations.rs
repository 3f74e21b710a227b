//! `OrganizationFilter` and organization orderings.

use async_graphql::{Enum, InputObject};
use entity::organization::{Column, Entity};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, QueryFilter, QuerySelect, QueryTrait, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::people::PersonFilter;
use super::primitives::{StringFilter, combine, county_hint, rewrite_children, within_region};
use crate::auth::Viewer;
use crate::auth::policy::{self, Reach};
use crate::db::cursor::CursorValue;
use crate::db::in_force;
use crate::db::page::Ordering;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{DemocraticParty, DomainEnum, DpOrgLevel, OrganizationKind};
use crate::error::{AppError, AppResult};
use crate::ids::{self, RecordType};
use crate::scalars::Date;

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
    /// With a member matching this filter: a membership in force on `activeOn`, or without it
    /// a current one (not ended). Needs a signed-in role; memberships the caller may not see
    /// (democratic-party ones outside their personal-data reach) count as absent.
    pub has_member: Option<Box<PersonFilter>>,
    /// Enterprises paired (万企兴万村) with a village in this region (code or id) or below it:
    /// a pairing in force on `activeOn`, or without it a current one (not ended). Needs a
    /// signed-in role.
    pub paired_within: Option<String>,
    /// The day `hasMember` and `pairedWithin` of this filter ask about: memberships and
    /// pairings in force that day (first and last day included). Nested filters (`and`, `or`,
    /// `not`) give their own.
    pub active_on: Option<Date>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<OrganizationFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<OrganizationFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<OrganizationFilter>>,
}

impl OrganizationFilter {
    /// The filter as `viewer` may apply it: relation filters over records the viewer may not
    /// read at all (members, pairings) are refused; every `hasMember` (nested ones too) counts
    /// only memberships the viewer may see, and its person filter is rewritten as the people
    /// list rewrites it (`PersonFilter::for_viewer`). Every path taking an organization filter
    /// from a caller applies it: lists, exports, aggregates and the filters that nest it.
    pub fn for_viewer(self, viewer: &Viewer) -> AppResult<Self> {
        if self.has_member.is_some() && !policy::sees_type(viewer, RecordType::Membership) {
            return Err(refused("hasMember"));
        }
        if self.paired_within.is_some() && !policy::sees_type(viewer, RecordType::Pairing) {
            return Err(refused("pairedWithin"));
        }
        let (and, or, not) =
            rewrite_children((self.and, self.or, self.not), |f| f.for_viewer(viewer))?;
        let mut filter = Self {
            and,
            or,
            not,
            ..self
        };
        let Some(people) = filter.has_member.take() else {
            return Ok(filter);
        };
        let people = people.for_viewer(viewer)?;
        // The day travels with the membership test it qualifies.
        let active_on = filter.active_on;
        let members = |people: PersonFilter| Self {
            has_member: Some(Box::new(people)),
            active_on,
            ..Default::default()
        };
        let insensitive = |people: PersonFilter| Self {
            and: Some(vec![Self::with_insensitive_memberships(), members(people)]),
            ..Default::default()
        };
        let visible = match policy::personal_reach(viewer) {
            Reach::Everywhere => members(people),
            Reach::Within(scope) => Self {
                or: Some(vec![
                    insensitive(people.clone()),
                    members(PersonFilter {
                        within_region: Some(scope.as_str().to_owned()),
                        and: Some(vec![people]),
                        ..Default::default()
                    }),
                ]),
                ..Default::default()
            },
            Reach::Nowhere => insensitive(people),
        };
        filter.and.get_or_insert_with(Vec::new).push(visible);
        Ok(filter)
    }

    /// Organizations whose memberships are not sensitive (not of the policy's sensitive kinds).
    pub fn with_insensitive_memberships() -> Self {
        Self {
            not: Some(Box::new(Self {
                kind: Some(policy::SENSITIVE_MEMBERSHIP_KINDS.to_vec()),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

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
        let day = self.active_on.map(|d| d.0);
        if let Some(people) = &self.has_member {
            use entity::membership as m;
            let members = entity::person::Entity::live()
                .filter(people.condition()?)
                .select_only()
                .column(entity::person::Column::Id)
                .into_query();
            let organizations =
                in_force::memberships(m::Column::OrganizationId, m::Column::PersonId, members, day);
            all = all.add(Column::Id.in_subquery(organizations));
        }
        if let Some(region) = &self.paired_within {
            use entity::pairing as p;
            let enterprises = Query::select()
                .column(p::Column::EnterpriseId)
                .from(p::Entity)
                .and_where(p::Column::DeletedAt.is_null())
                .cond_where(in_force::on_day_or_current(in_force::pairing(), day))
                .cond_where(within_region(p::Column::VillageCode, region)?)
                .to_owned();
            all = all.add(Column::Id.in_subquery(enterprises));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// A relation filter over records the caller's role may not read.
fn refused(field: &str) -> AppError {
    AppError::Forbidden(format!(
        "filtering organizations by `{field}` reads records not open to the PUBLIC role"
    ))
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

/// Fields organizations can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum OrganizationOrderField {
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

/// One ordering criterion of `OrganizationOrderField`.
pub type OrganizationOrder = Order<OrganizationOrderField>;

impl OrderField for OrganizationOrderField {
    type Entity = entity::organization::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::organization::Column;
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

    fn primary(row: &entity::organization::Model) -> CursorValue {
        row.id.into()
    }
}
