//! `PublicityWorkFilter` and publicity-work orderings.

use async_graphql::{Enum, InputObject};
use entity::publicity_work::{Column, Entity};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

pub use super::order::ordering;
use super::order::{Order, OrderField};
use super::primitives::{DateFilter, StringFilter, combine, within_region};
use crate::db::cursor::CursorValue;
use crate::db::page::SortKey;
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, PublicityWorkKind};
use crate::error::AppResult;

/// Selects publicity works. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PublicityWorkFilter {
    /// Any of these kinds.
    pub kind: Option<Vec<PublicityWorkKind>>,
    /// Title matches.
    pub title: Option<StringFilter>,
    /// Series name, e.g. `铸牢大家谈`.
    pub series: Option<StringFilter>,
    /// Date produced matches.
    pub produced_on: Option<DateFilter>,
    /// Produced in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// Published on at least one outlet, or not yet published.
    pub is_published: Option<bool>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<PublicityWorkFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<PublicityWorkFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<PublicityWorkFilter>>,
}

impl PublicityWorkFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        let mut all = Condition::all();
        if let Some(values) = &self.kind {
            all = all.add(Column::Kind.is_in(values.iter().map(|v| v.code())));
        }
        if let Some(f) = &self.title {
            all = all.add(f.condition(Column::Title));
        }
        if let Some(f) = &self.series {
            all = all.add(f.condition(Column::Series));
        }
        if let Some(f) = &self.produced_on {
            all = all.add(f.condition(Column::ProducedOn, "producedOn")?);
        }
        if let Some(region) = &self.within_region {
            all = all.add(within_region(Column::RegionCode, region)?);
        }
        if let Some(published) = self.is_published {
            use entity::publication as p;
            let works = Query::select()
                .column(p::Column::WorkId)
                .from(p::Entity)
                .and_where(p::Column::DeletedAt.is_null())
                .to_owned();
            all = all.add(if published {
                Column::Id.in_subquery(works)
            } else {
                Column::Id.not_in_subquery(works)
            });
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Live publicity works matching the filter.
pub fn select(filter: &Option<PublicityWorkFilter>) -> AppResult<Select<Entity>> {
    let mut select = Entity::live();
    if let Some(filter) = filter {
        select = select.filter(filter.condition()?);
    }
    Ok(select)
}

/// Fields publicity works can be ordered by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PublicityWorkOrderField {
    /// Date produced.
    ProducedOn,
    /// Title (code-point order).
    Title,
    /// Kind, by its code (e.g. `THEORY_LECTURE`).
    Kind,
    /// Creation time.
    CreatedAt,
}

/// One ordering criterion of `PublicityWorkOrderField`.
pub type PublicityWorkOrder = Order<PublicityWorkOrderField>;

impl OrderField for PublicityWorkOrderField {
    type Entity = entity::publicity_work::Entity;

    fn sort_key(self) -> SortKey<Self::Entity> {
        use entity::publicity_work::Column;
        match self {
            Self::ProducedOn => {
                Self::ascending("ProducedOn", Column::ProducedOn, |m| m.produced_on.into())
            }
            Self::Title => Self::ascending("Title", Column::Title, |m| m.title.clone().into()),
            Self::Kind => {
                Self::ascending("Kind", Column::Kind, |m| m.kind.code().to_owned().into())
            }
            Self::CreatedAt => {
                Self::ascending("CreatedAt", Column::CreatedAt, |m| m.created_at.into())
            }
        }
    }

    fn primary(row: &entity::publicity_work::Model) -> CursorValue {
        row.id.into()
    }
}
