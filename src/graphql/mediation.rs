//! Dispute mediation cases and the organizations that took part.

use async_graphql::{Context, ID, Object, Result, ResultExt};

use crate::db::filters::mediation::{self, MediationCaseFilter, MediationCaseOrder};
use crate::domain::enums::{DisputeSubtype, MediationCategory, MediationStatus};
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{Record, date, date_opt, loaders, lookup, signed_in};
use crate::graphql::types::{Organization, Region};
use crate::ids;
use crate::scalars::{Date, Money};

/// A mediated dispute (e.g. commercial, with courts, justice bureaus and communities).
#[derive(Clone)]
pub struct MediationCase(pub entity::mediation_case::Model);

/// A mediated dispute (e.g. commercial, with courts, justice bureaus and communities).
#[Object]
impl MediationCase {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::mediation_case::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// Case number.
    async fn case_no(&self) -> &str {
        &self.0.case_no
    }

    /// Category of dispute.
    async fn category(&self) -> MediationCategory {
        self.0.category
    }

    /// Finer kind of dispute; null when not classified.
    async fn subtype(&self) -> Option<DisputeSubtype> {
        self.0.subtype
    }

    /// Where the case stands.
    async fn status(&self) -> MediationStatus {
        self.0.status
    }

    /// Date the case was accepted for mediation (受理).
    async fn accepted_on(&self) -> Date {
        date(self.0.accepted_on)
    }

    /// Date the case was closed (结案); null while open.
    async fn closed_on(&self) -> Option<Date> {
        date_opt(self.0.closed_on)
    }

    /// Amount in dispute, in yuan.
    async fn amount_in_dispute(&self) -> Option<Money> {
        self.0.amount_fen.map(Money)
    }

    /// Confirmed by a court (司法确认).
    async fn judicially_confirmed(&self) -> Option<bool> {
        self.0.judicially_confirmed
    }

    /// The region where the dispute arose.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// Courts, justice bureaus and community organizations that took part.
    async fn partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page forward: at most this many items (after `after`). Default 20, at most the server's page size limit (100 unless configured); not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` from the same list and order)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Page backward: at most this many items (before `before`). Same limits as `first`; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "End before this cursor (an edge's `cursor` or `pageInfo.startCursor` from the same list and order)."
        )]
        before: Option<String>,
    ) -> Result<Conn<Organization>> {
        let l = loaders(ctx)?;
        let page = args(first, after, last, before);
        connection::linked(
            ctx,
            &l.partners_by_case,
            self.0.id,
            &l.organization_by_id,
            |link| link.organization_id,
            page,
            Organization,
        )
        .await
    }
}

#[derive(Default)]
pub struct MediationQuery;

#[Object]
impl MediationQuery {
    /// Mediation cases, by id unless `orderBy` says otherwise.
    async fn mediation_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<MediationCaseFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<MediationCaseOrder>>,
        #[graphql(
            desc = "Page forward: at most this many items (after `after`). Default 20, at most the server's page size limit (100 unless configured); not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` from the same list and order)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Page backward: at most this many items (before `before`). Same limits as `first`; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "End before this cursor (an edge's `cursor` or `pageInfo.startCursor` from the same list and order)."
        )]
        before: Option<String>,
    ) -> Result<Conn<MediationCase>> {
        signed_in(ctx)?;
        let select = mediation::select(&filter).extend()?;
        connection::root(
            ctx,
            select,
            mediation::ordering(&order_by),
            args(first, after, last, before),
            MediationCase,
        )
        .await
    }
}
