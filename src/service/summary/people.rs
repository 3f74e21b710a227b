//! Figures over influencers: figures 15–18.

use entity::{household, income_uplift, person, platform_account, sales_record};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, Query, SelectStatement};

use super::MILLION_FOLLOWERS;
use super::sql::{Scope, alive, count, count_distinct, has_figure, sum};
use crate::db::scope::within;
use crate::domain::enums::NetworkFigureKind;

impl Scope<'_> {
    /// Live people of the region having `kind`. `length(figure_kinds) > 1` (some kind at all)
    /// repeats what the kinds imply so that both databases read the partial index of people
    /// with a kind (`idx_person_figures_cover`) instead of every person.
    pub(super) fn people_with(&self, kinds: &[NetworkFigureKind]) -> SelectStatement {
        let any_kind = kinds
            .iter()
            .fold(Cond::any(), |cond, kind| cond.add(has_figure(*kind)));
        Query::select()
            .from(person::Entity)
            .and_where(alive(person::Entity, person::Column::DeletedAt))
            .and_where(Expr::cust("length(\"person\".\"figure_kinds\") > 1"))
            .and_where(within(
                (person::Entity, person::Column::RegionCode),
                self.region,
            ))
            .cond_where(any_kind)
            .to_owned()
    }

    /// Figure 15's people: farm-help bloggers with an account measured at a million or more on or
    /// before 31 Dec (the max over accounts and measurements, never a sum).
    pub(super) fn million_bloggers(&self) -> SelectStatement {
        let pa = platform_account::Entity;
        let big_account = Query::select()
            .expr(Expr::val(1))
            .from(pa)
            .and_where(alive(pa, platform_account::Column::DeletedAt))
            .and_where(
                Expr::col((pa, platform_account::Column::PersonId))
                    .equals((person::Entity, person::Column::Id)),
            )
            .and_where(Expr::col((pa, platform_account::Column::MeasuredOn)).lte(self.end))
            .and_where(
                Expr::col((pa, platform_account::Column::FollowerCount)).gte(MILLION_FOLLOWERS),
            )
            .to_owned();
        self.people_with(&[NetworkFigureKind::AgriAssistBlogger])
            .and_where(Expr::exists(big_account))
            .to_owned()
    }

    /// Figure 15.
    pub(super) fn bloggers(&self) -> SelectStatement {
        self.million_bloggers()
            .expr_as(count((person::Entity, person::Column::Id)), "a")
            .to_owned()
    }

    /// Figure 16: live sales records of figure 15's people whose period starts in the year.
    pub(super) fn blogger_sales(&self) -> SelectStatement {
        let ids = self
            .million_bloggers()
            .column((person::Entity, person::Column::Id))
            .to_owned();
        let sr = sales_record::Entity;
        Query::select()
            .expr_as(sum(Expr::col((sr, sales_record::Column::AmountFen))), "a")
            .from(sr)
            .and_where(alive(sr, sales_record::Column::DeletedAt))
            .and_where(self.in_period((sr, sales_record::Column::PeriodStart)))
            .and_where(Expr::col((sr, sales_record::Column::PersonId)).in_subquery(ids))
            .to_owned()
    }

    /// Live income-uplift links that started by 31 Dec, to a live household.
    pub(super) fn uplift_links(&self, query: &mut SelectStatement) {
        let iu = income_uplift::Entity;
        let households = Query::select()
            .column((household::Entity, household::Column::Id))
            .from(household::Entity)
            .and_where(alive(household::Entity, household::Column::DeletedAt))
            .to_owned();
        query
            .and_where(alive(iu, income_uplift::Column::DeletedAt))
            .and_where(Expr::col((iu, income_uplift::Column::Since)).lte(self.end))
            .and_where(Expr::col((iu, income_uplift::Column::HouseholdId)).in_subquery(households));
    }

    /// Figure 17: village influencers with at least one such link (cumulative to 31 Dec).
    pub(super) fn village_influencers(&self) -> SelectStatement {
        let iu = income_uplift::Entity;
        let mut helped = Query::select()
            .expr(Expr::val(1))
            .from(iu)
            .and_where(
                Expr::col((iu, income_uplift::Column::InfluencerId))
                    .equals((person::Entity, person::Column::Id)),
            )
            .to_owned();
        self.uplift_links(&mut helped);
        self.people_with(&[NetworkFigureKind::VillageInfluencer])
            .and_where(Expr::exists(helped))
            .expr_as(count((person::Entity, person::Column::Id)), "a")
            .to_owned()
    }

    /// Figure 18: distinct households linked to the region's village influencers.
    pub(super) fn helped_households(&self) -> SelectStatement {
        let iu = income_uplift::Entity;
        let influencers = self
            .people_with(&[NetworkFigureKind::VillageInfluencer])
            .column((person::Entity, person::Column::Id))
            .to_owned();
        let mut q = Query::select()
            .expr_as(
                count_distinct((iu, income_uplift::Column::HouseholdId)),
                "a",
            )
            .from(iu)
            .and_where(
                Expr::col((iu, income_uplift::Column::InfluencerId)).in_subquery(influencers),
            )
            .to_owned();
        self.uplift_links(&mut q);
        q
    }
}
