//! The aggregate root fields: one per record type, each taking the list query's filter.

use async_graphql::{Context, Object, Result, ResultExt};

use super::{
    ActivityAggregate, AggregateOf, MediationCaseAggregate, OrganizationAggregate,
    PairingAggregate, PersonAggregate, PlaceAggregate, PublicityWorkAggregate,
    SalesRecordAggregate, SuggestionAggregate,
};
use crate::auth::Viewer;
use crate::db::filters::activities::ActivityFilter;
use crate::db::filters::mediation::MediationCaseFilter;
use crate::db::filters::organizations::OrganizationFilter;
use crate::db::filters::pairings::PairingFilter;
use crate::db::filters::people::PersonFilter;
use crate::db::filters::places::PlaceFilter;
use crate::db::filters::publicity::PublicityWorkFilter;
use crate::db::filters::suggestions::SuggestionFilter;
use crate::graphql::connection::db;
use crate::scalars::Date;
use crate::service::aggregate::{
    self as service, Activities, ActivityGroupBy, Aggregate, Bases, Homes, MeasureParts,
    MediationCaseGroupBy, MediationCases, OrganizationGroupBy, Organizations, PairingGroupBy,
    Pairings, People, PersonGroupBy, PlaceGroupBy, PublicityWorkGroupBy, PublicityWorks,
    SalesRecordFilter, SalesRecordGroupBy, SalesRecords, Selection, Subject, SuggestionGroupBy,
    Suggestions,
};

async fn run<S: Subject>(
    ctx: &Context<'_>,
    filter: Option<S::Filter>,
    group_by: Option<Vec<S::GroupBy>>,
) -> Result<Aggregate> {
    let viewer = ctx
        .data_opt::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::public);
    let selection = selection::<S>(ctx);
    service::aggregate::<S>(
        db(ctx)?,
        &viewer,
        filter,
        &group_by.unwrap_or_default(),
        &selection,
    )
    .await
    .extend()
}

/// The statistics the query selects of each measure, on the total or on the groups (fragments
/// included): a measure nobody asked for is not computed.
fn selection<S: Subject>(ctx: &Context<'_>) -> Selection {
    let here = ctx.look_ahead();
    let groups = here.field("groups");
    let measures = S::MEASURES
        .iter()
        .map(|m| {
            let asked = |stats: &[&str]| {
                [here.field(m.field), groups.field(m.field)]
                    .iter()
                    .any(|f| stats.iter().any(|s| f.field(s).exists()))
            };
            MeasureParts {
                sum: asked(&["sum", "avg", "count"]),
                extremes: asked(&["min", "max"]),
            }
        })
        .collect();
    Selection { measures }
}

/// `filter` narrowed to rows in force on `as_of`, when a day is given: `make(day, [filter])`.
fn on_day<F>(
    filter: Option<F>,
    as_of: Option<Date>,
    make: impl FnOnce(Date, Option<Vec<F>>) -> F,
) -> Option<F> {
    match as_of {
        Some(day) => Some(make(day, filter.map(|f| vec![f]))),
        None => filter,
    }
}

#[derive(Default)]
pub struct AggregatesQuery;

/// Every aggregate is open to every role; the rules are `policy::aggregate_rules`. PUBLIC
/// cannot group or filter people by personal fields; sensitive groupings (categories,
/// ethnicity, political status, religion) need ADMIN, EDITOR (narrowed to their region) or
/// ANALYST. Under disclosure control (PUBLIC on records it cannot list, ANALYST by sensitive
/// fields) only coarse filters are taken, selections and groups of fewer than 5 people or
/// records are withheld, and so are min/max. Soft-deleted rows never count.
#[Object]
impl AggregatesQuery {
    /// Figures over the people `filter` selects, grouped by `groupBy` (at most 4 dimensions).
    async fn people_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PersonFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<PersonGroupBy>>,
    ) -> Result<PersonAggregate> {
        run::<People>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }

    /// Figures over the organizations `filter` selects, grouped by `groupBy`.
    async fn organizations_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<OrganizationFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<OrganizationGroupBy>>,
    ) -> Result<OrganizationAggregate> {
        run::<Organizations>(ctx, filter, group_by)
            .await
            .map(OrganizationAggregate)
    }

    /// Figures over the bases `filter` selects, grouped by `groupBy`.
    async fn bases_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PlaceFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<PlaceGroupBy>>,
        #[graphql(
            desc = "Count only bases existing on this day, as `filter: { activeOn }` does \
                    (a place is gone on its closing day)."
        )]
        as_of: Option<Date>,
    ) -> Result<PlaceAggregate> {
        let filter = on_day(filter, as_of, |day, and| PlaceFilter {
            active_on: Some(day),
            and,
            ..Default::default()
        });
        run::<Bases>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }

    /// Figures over the homes `filter` selects, grouped by `groupBy`.
    async fn homes_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PlaceFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<PlaceGroupBy>>,
        #[graphql(
            desc = "Count only homes existing on this day, as `filter: { activeOn }` does \
                    (a place is gone on its closing day)."
        )]
        as_of: Option<Date>,
    ) -> Result<PlaceAggregate> {
        let filter = on_day(filter, as_of, |day, and| PlaceFilter {
            active_on: Some(day),
            and,
            ..Default::default()
        });
        run::<Homes>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }

    /// Figures over the enterprise–village pairings `filter` selects, grouped by `groupBy`.
    async fn pairings_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PairingFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<PairingGroupBy>>,
        #[graphql(
            desc = "Count only pairings active on this day, as `filter: { activeOn }` does \
                    (first and last day included)."
        )]
        as_of: Option<Date>,
    ) -> Result<PairingAggregate> {
        let filter = on_day(filter, as_of, |day, and| PairingFilter {
            active_on: Some(day),
            and,
            ..Default::default()
        });
        run::<Pairings>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }

    /// Figures over the activities `filter` selects, grouped by `groupBy`.
    async fn activities_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<ActivityFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<ActivityGroupBy>>,
    ) -> Result<ActivityAggregate> {
        run::<Activities>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }

    /// Figures over the suggestions `filter` selects, grouped by `groupBy`.
    async fn suggestions_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<SuggestionFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<SuggestionGroupBy>>,
    ) -> Result<SuggestionAggregate> {
        run::<Suggestions>(ctx, filter, group_by)
            .await
            .map(SuggestionAggregate)
    }

    /// Figures over the mediation cases `filter` selects, grouped by `groupBy`.
    async fn mediation_cases_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<MediationCaseFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<MediationCaseGroupBy>>,
    ) -> Result<MediationCaseAggregate> {
        run::<MediationCases>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }

    /// Figures over the publicity works `filter` selects (PUBLIC: published ones), grouped by
    /// `groupBy`.
    async fn publicity_works_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PublicityWorkFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<PublicityWorkGroupBy>>,
    ) -> Result<PublicityWorkAggregate> {
        run::<PublicityWorks>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }

    /// Figures over the farm-product sales records `filter` selects, grouped by `groupBy`.
    /// Sales are income: for PUBLIC, groups of fewer than 5 sellers are left out, min/max are
    /// null, and the filter takes no `person`, `or` or `not`.
    async fn sales_records_aggregate(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<SalesRecordFilter>,
        #[graphql(
            desc = "Dimensions to group by, in order (at most 4, none repeated); omitted: totals only and `groups` empty."
        )]
        group_by: Option<Vec<SalesRecordGroupBy>>,
    ) -> Result<SalesRecordAggregate> {
        run::<SalesRecords>(ctx, filter, group_by)
            .await
            .map(AggregateOf::new)
    }
}
