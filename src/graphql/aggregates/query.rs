//! The aggregate root fields: one per record type, each taking the list query's filter.

use async_graphql::{Context, Object, Result, ResultExt};

use super::{
    ActivityAggregate, MediationCaseAggregate, OrganizationAggregate, PairingAggregate,
    PersonAggregate, PlaceAggregate, PublicityWorkAggregate, SalesRecordAggregate,
    SuggestionAggregate,
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
        filter: Option<PersonFilter>,
        group_by: Option<Vec<PersonGroupBy>>,
    ) -> Result<PersonAggregate> {
        run::<People>(ctx, filter, group_by)
            .await
            .map(PersonAggregate)
    }

    /// Figures over the organizations `filter` selects, grouped by `groupBy`.
    async fn organizations_aggregate(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrganizationFilter>,
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
        filter: Option<PlaceFilter>,
        group_by: Option<Vec<PlaceGroupBy>>,
    ) -> Result<PlaceAggregate> {
        run::<Bases>(ctx, filter, group_by)
            .await
            .map(PlaceAggregate)
    }

    /// Figures over the homes `filter` selects, grouped by `groupBy`.
    async fn homes_aggregate(
        &self,
        ctx: &Context<'_>,
        filter: Option<PlaceFilter>,
        group_by: Option<Vec<PlaceGroupBy>>,
    ) -> Result<PlaceAggregate> {
        run::<Homes>(ctx, filter, group_by)
            .await
            .map(PlaceAggregate)
    }

    /// Figures over the enterprise–village pairings `filter` selects, grouped by `groupBy`.
    async fn pairings_aggregate(
        &self,
        ctx: &Context<'_>,
        filter: Option<PairingFilter>,
        group_by: Option<Vec<PairingGroupBy>>,
    ) -> Result<PairingAggregate> {
        run::<Pairings>(ctx, filter, group_by)
            .await
            .map(PairingAggregate)
    }

    /// Figures over the activities `filter` selects, grouped by `groupBy`.
    async fn activities_aggregate(
        &self,
        ctx: &Context<'_>,
        filter: Option<ActivityFilter>,
        group_by: Option<Vec<ActivityGroupBy>>,
    ) -> Result<ActivityAggregate> {
        run::<Activities>(ctx, filter, group_by)
            .await
            .map(ActivityAggregate)
    }

    /// Figures over the suggestions `filter` selects, grouped by `groupBy`.
    async fn suggestions_aggregate(
        &self,
        ctx: &Context<'_>,
        filter: Option<SuggestionFilter>,
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
        filter: Option<MediationCaseFilter>,
        group_by: Option<Vec<MediationCaseGroupBy>>,
    ) -> Result<MediationCaseAggregate> {
        run::<MediationCases>(ctx, filter, group_by)
            .await
            .map(MediationCaseAggregate)
    }

    /// Figures over the publicity works `filter` selects (PUBLIC: published ones), grouped by
    /// `groupBy`.
    async fn publicity_works_aggregate(
        &self,
        ctx: &Context<'_>,
        filter: Option<PublicityWorkFilter>,
        group_by: Option<Vec<PublicityWorkGroupBy>>,
    ) -> Result<PublicityWorkAggregate> {
        run::<PublicityWorks>(ctx, filter, group_by)
            .await
            .map(PublicityWorkAggregate)
    }

    /// Figures over the farm-product sales records `filter` selects, grouped by `groupBy`.
    /// Sales are income: for PUBLIC, groups of fewer than 5 sellers are left out, min/max are
    /// null, and the filter takes no `person`, `or` or `not`.
    async fn sales_records_aggregate(
        &self,
        ctx: &Context<'_>,
        filter: Option<SalesRecordFilter>,
        group_by: Option<Vec<SalesRecordGroupBy>>,
    ) -> Result<SalesRecordAggregate> {
        run::<SalesRecords>(ctx, filter, group_by)
            .await
            .map(SalesRecordAggregate)
    }
}
