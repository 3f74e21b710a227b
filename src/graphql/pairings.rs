//! 万企兴万村 enterprise–village pairings.

use async_graphql::{Context, ID, Object, Result};

use crate::db::filters::pairings::{self, PairingFilter, PairingOrder};
use crate::domain::enums::{
    Campaign, PairingForm, PairingMode, PairingStatus, TargetVillageType, decode_set,
};
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{Record, date, date_opt, loaders, lookup, signed_in};
use crate::graphql::types::{Organization, Region};
use crate::ids;
use crate::scalars::{Date, Money};

/// An enterprise (or chamber) paired with a village in the 万企兴万村 campaign.
#[derive(Clone)]
pub struct Pairing(pub entity::pairing::Model);

/// An enterprise (or chamber) paired with a village in the 万企兴万村 campaign.
#[Object]
impl Pairing {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::pairing::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The enterprise or chamber of commerce.
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup(
            &loaders(ctx)?.organization_by_id,
            self.0.enterprise_id,
            Organization,
        )
        .await
    }

    /// The village (or community) paired.
    async fn village(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.village_code.clone(),
            Region,
        )
        .await
    }

    /// The campaign the pairing belongs to (e.g. 万企兴万村).
    async fn campaign(&self) -> Campaign {
        self.0.campaign
    }

    /// Forms of help (产业/就业/消费/公益/智力兴村 …).
    async fn focus(&self) -> Vec<PairingForm> {
        decode_set(&self.0.focus)
    }

    /// How the enterprise and village are paired; null when not recorded.
    async fn mode(&self) -> Option<PairingMode> {
        self.0.mode
    }

    /// The kind of village helped; null when not recorded.
    async fn target_village_type(&self) -> Option<TargetVillageType> {
        self.0.target_village_type
    }

    /// Whether the pairing is ongoing or ended.
    async fn status(&self) -> PairingStatus {
        self.0.status
    }

    /// Date the pairing was signed.
    async fn started_on(&self) -> Date {
        date(self.0.started_on)
    }

    /// Date the pairing ended; null while ongoing.
    async fn ended_on(&self) -> Option<Date> {
        date_opt(self.0.ended_on)
    }

    /// Investment committed, in yuan.
    async fn investment(&self) -> Option<Money> {
        self.0.investment_fen.map(Money)
    }

    /// Jobs created for villagers.
    async fn jobs_created(&self) -> Option<i32> {
        self.0.jobs_created
    }

    /// Village products purchased, in yuan.
    async fn purchases(&self) -> Option<Money> {
        self.0.purchase_fen.map(Money)
    }

    /// Donations made, in yuan.
    async fn donations(&self) -> Option<Money> {
        self.0.donation_fen.map(Money)
    }
}

#[derive(Default)]
pub struct PairingsQuery;

#[Object]
impl PairingsQuery {
    /// Enterprise–village pairings, by id unless `orderBy` says otherwise.
    async fn pairings(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PairingFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<PairingOrder>>,
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
    ) -> Result<Conn<Pairing>> {
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        connection::root_filtered(ctx, &filter, &order_by, pairings::select, page, Pairing).await
    }
}
