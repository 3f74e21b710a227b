//! Households helped by village influencers.

use async_graphql::{Context, ID, Object, Result, ResultExt};

use crate::auth::{Viewer, policy};
use crate::db::access_log::{AccessLog, Holder};
use crate::db::filters::households::{self, HouseholdFilter, HouseholdOrder};
use crate::domain::masking;
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{Record, loaders, lookup, signed_in};
use crate::graphql::types::{IncomeUplift, Person, Region};
use crate::ids;

/// A rural household whose income an influencer helped raise.
#[derive(Clone)]
pub struct Household(pub entity::household::Model);

/// A rural household whose income an influencer helped raise.
#[Object]
impl Household {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::household::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The village it lives in.
    async fn village(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.village_code.clone(),
            Region,
        )
        .await
    }

    /// Name of the head of household, masked (`张*`) unless the caller may see it; an
    /// unmasked read is written to the access log before it is sent.
    async fn head_name(&self, ctx: &Context<'_>) -> Result<String> {
        let unmasked = ctx
            .data_opt::<Viewer>()
            .is_some_and(|viewer| policy::sees_personal(viewer, &self.0.village_code));
        if !unmasked {
            return Ok(masking::mask_name(&self.0.head_name));
        }
        let log = ctx.data::<AccessLog>()?;
        log.load_one((Holder::Household, self.0.id, "headName".to_owned()))
            .await
            .extend()?;
        Ok(self.0.head_name.clone())
    }

    /// Number of people in the household (户人口).
    async fn member_count(&self) -> i32 {
        self.0.member_count
    }

    /// True for invented (demo) households.
    async fn is_synthetic(&self) -> bool {
        self.0.is_synthetic
    }

    /// The influencers who helped it.
    async fn helped_by(
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
    ) -> Result<Conn<Person>> {
        let l = loaders(ctx)?;
        let page = args(first, after, last, before);
        connection::linked(
            ctx,
            &l.uplifts_by_household,
            self.0.id,
            &l.person_by_id,
            |link| link.influencer_id,
            page,
            Person,
        )
        .await
    }

    /// The links to the influencers who helped it (to correct or remove one).
    async fn income_uplifts(
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
    ) -> Result<Conn<IncomeUplift>> {
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.uplifts_by_household,
            self.0.id,
            page,
            IncomeUplift,
        )
        .await
    }
}

#[derive(Default)]
pub struct HouseholdsQuery;

#[Object]
impl HouseholdsQuery {
    /// Households, by id unless `orderBy` says otherwise.
    async fn households(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<HouseholdFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<HouseholdOrder>>,
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
    ) -> Result<Conn<Household>> {
        signed_in(ctx)?;
        let select = households::select(&filter).extend()?;
        connection::root(
            ctx,
            select,
            households::ordering(&order_by),
            args(first, after, last, before),
            Household,
        )
        .await
    }
}
