//! SQL building blocks of the summary: the scope (region subtree and period) and helpers.

use chrono::NaiveDate;
use entity::{organization, person, place};
use sea_orm::EntityTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, IntoColumnRef, Query, SelectStatement};

use crate::domain::enums::{DomainEnum, NetworkFigureKind, OrganizationKind, PlaceKind};
use crate::domain::region_code::RegionCode;

/// `CAST(COALESCE(SUM(expr), 0) AS BIGINT)`: PostgreSQL sums BIGINT into NUMERIC.
pub(super) fn sum(expr: impl Into<Expr>) -> Expr {
    Func::cast_as(
        Func::coalesce([Func::sum(expr.into()).into(), Expr::val(0)]),
        Alias::new("BIGINT"),
    )
    .into()
}

/// `SUM(CASE WHEN cond THEN 1 ELSE 0 END)`.
pub(super) fn count_if(cond: Expr) -> Expr {
    sum(Expr::case(cond, 1).finally(0))
}

pub(super) fn count(col: impl IntoColumnRef) -> Expr {
    Func::count(Expr::col(col)).into()
}

pub(super) fn count_distinct(col: impl IntoColumnRef) -> Expr {
    Func::count_distinct(Expr::col(col)).into()
}

pub(super) fn alive<E: EntityTrait>(entity: E, deleted_at: E::Column) -> Expr {
    Expr::col((entity, deleted_at)).is_null()
}

/// `person.figure_kinds` (a `,A,B,` set) holds `kind`.
pub(super) fn has_figure(kind: NetworkFigureKind) -> Expr {
    Expr::col((person::Entity, person::Column::FigureKinds)).like(format!("%,{},%", kind.code()))
}

/// Ids of live organizations of the given kinds.
pub(super) fn orgs_of(kinds: &[OrganizationKind]) -> SelectStatement {
    Query::select()
        .column((organization::Entity, organization::Column::Id))
        .from(organization::Entity)
        .and_where(alive(organization::Entity, organization::Column::DeletedAt))
        .and_where(
            Expr::col((organization::Entity, organization::Column::Kind))
                .is_in(kinds.iter().map(|k| k.code())),
        )
        .to_owned()
}

/// Ids of live places of the given kinds.
pub(super) fn places_of(kinds: &[PlaceKind]) -> SelectStatement {
    Query::select()
        .column((place::Entity, place::Column::Id))
        .from(place::Entity)
        .and_where(alive(place::Entity, place::Column::DeletedAt))
        .and_where(
            Expr::col((place::Entity, place::Column::Kind)).is_in(kinds.iter().map(|k| k.code())),
        )
        .to_owned()
}

/// The region subtree and the period every query is bounded by.
pub(super) struct Scope<'a> {
    pub(super) region: &'a RegionCode,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    /// The day standing things (liaison officers, homes) are counted on.
    pub(super) as_of: NaiveDate,
}

impl Scope<'_> {
    pub(super) fn in_period(&self, col: impl IntoColumnRef) -> Expr {
        Expr::col(col).between(self.start, self.end)
    }
}
