//! `SuggestionFilter` and suggestion orderings.

use async_graphql::{Enum, InputObject};
use entity::suggestion::{Column, Entity};
use sea_orm::{ColumnTrait, Condition, QueryFilter, QuerySelect, QueryTrait, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::organizations::OrganizationFilter;
use super::primitives::{DateFilter, StringFilter, combine, rewrite_children, within_region};
use crate::auth::Viewer;
use crate::db::cursor::CursorValue;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, SuggestionChannel, SuggestionField, SuggestionStatus};
use crate::error::AppResult;

/// Selects suggestions. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct SuggestionFilter {
    /// Title matches.
    pub title: Option<StringFilter>,
    /// Any of these policy fields.
    pub field: Option<Vec<SuggestionField>>,
    /// Any of these channels.
    pub channel: Option<Vec<SuggestionChannel>>,
    /// Any of these statuses.
    pub status: Option<Vec<SuggestionStatus>>,
    /// Date submitted matches.
    pub submitted_on: Option<DateFilter>,
    /// Concerning this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Submitted by an organization matching this filter.
    pub submitted_by: Option<OrganizationFilter>,
    /// Pressing everyday concerns (急难愁盼) only, or the others.
    pub pressing_concern: Option<bool>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<SuggestionFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<SuggestionFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<SuggestionFilter>>,
}

impl SuggestionFilter {
    /// The filter as `viewer` may apply it: every `submittedBy` (nested ones too) rewritten by
    /// `OrganizationFilter::for_viewer`.
    pub fn for_viewer(self, viewer: &Viewer) -> AppResult<Self> {
        let (and, or, not) =
            rewrite_children((self.and, self.or, self.not), |f| f.for_viewer(viewer))?;
        Ok(Self {
            and,
            or,
            not,
            submitted_by: self
                .submitted_by
                .map(|f| f.for_viewer(viewer))
                .transpose()?,
            ..self
        })
    }

    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(f) = &self.title {
            all = all.add(f.condition(Column::Title));
        }
        if let Some(values) = &self.field {
            all = all.add(Column::Field.is_in(values.iter().map(|v| v.code())));
        }
        if let Some(values) = &self.channel {
            all = all.add(Column::Channel.is_in(values.iter().map(|v| v.code())));
        }
        if let Some(values) = &self.status {
            all = all.add(Column::Status.is_in(values.iter().map(|v| v.code())));
        }
        if let Some(f) = &self.submitted_on {
            all = all.add(f.condition(Column::SubmittedOn, "submittedOn")?);
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::RegionCode, region)?);
        }
        if let Some(orgs) = &self.submitted_by {
            let matching = entity::organization::Entity::live()
                .filter(orgs.condition()?)
                .select_only()
                .column(entity::organization::Column::Id)
                .into_query();
            all = all.add(Column::SubmittingOrgId.in_subquery(matching));
        }
        if let Some(flag) = self.pressing_concern {
            all = all.add(Column::PressingConcern.eq(flag));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live suggestions matching the filter.
pub fn select(filter: &Option<SuggestionFilter>) -> AppResult<Select<Entity>> {
    let mut select = Entity::live();
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
    }
    Ok(select)
}

/// Fields suggestions can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SuggestionOrderField {
    /// Date submitted.
    SubmittedOn,
    /// Status, by its code (alphabetical, not the order of the workflow).
    Status,
    /// Title (code-point order).
    Title,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `SuggestionOrderField`.
pub type SuggestionOrder = Order<SuggestionOrderField>;

impl OrderField for SuggestionOrderField {
    type Entity = entity::suggestion::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::suggestion::Column;
        match self {
            Self::SubmittedOn => Self::ascending("SubmittedOn", Column::SubmittedOn, |m| {
                m.submitted_on.into()
            }),
            Self::Status => Self::ascending("Status", Column::Status, |m| {
                m.status.code().to_owned().into()
            }),
            Self::Title => Self::ascending("Title", Column::Title, |m| m.title.clone().into()),
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::suggestion::Model) -> CursorValue {
        row.id.into()
    }
}
