//! Publicity works and where they were published.

use async_graphql::{Context, ID, Object, Result, ResultExt};

use sea_orm::QueryFilter;

use crate::db::filters::publicity::{self, PublicityWorkFilter, PublicityWorkOrder};
use crate::db::visibility;
use crate::domain::enums::PublicityWorkKind;
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{Record, date, loaders, lookup, lookup_opt, signed_in, viewer};
use crate::graphql::types::{Organization, Person, Region};
use crate::ids;
use crate::scalars::{BigInt, Date};

/// A publicity work: a video, article, audio piece or photo set.
#[derive(Clone)]
pub struct PublicityWork(pub entity::publicity_work::Model);

/// A publicity work: a video, article, audio piece or photo set.
#[Object]
impl PublicityWork {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::publicity_work::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// Video, article, audio piece or photo set.
    async fn kind(&self) -> PublicityWorkKind {
        self.0.kind
    }

    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Series, e.g. `铸牢大家谈`.
    async fn series(&self) -> Option<&str> {
        self.0.series.as_deref()
    }

    /// Theme, free text; null when none.
    async fn theme(&self) -> Option<&str> {
        self.0.theme.as_deref()
    }

    /// Date produced.
    async fn produced_on(&self) -> Date {
        date(self.0.produced_on)
    }

    /// The exemplary story it features, e.g. `红溪村`.
    async fn featured_story(&self) -> Option<&str> {
        self.0.featured_story.as_deref()
    }

    /// Region where it was produced.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// The author; signed-in roles only (PUBLIC gets an error), null when not recorded.
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        signed_in(ctx)?;
        lookup_opt(&loaders(ctx)?.person_by_id, self.0.author_id, Person).await
    }

    /// Where it was published.
    async fn publications(
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
    ) -> Result<Conn<Publication>> {
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.publications_by_work,
            self.0.id,
            page,
            Publication,
        )
        .await
    }
}

/// A publication of a work on a media outlet.
#[derive(Clone)]
pub struct Publication(pub entity::publication::Model);

/// A publication of a work on a media outlet.
#[Object]
impl Publication {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::publication::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The work published.
    async fn work(&self, ctx: &Context<'_>) -> Result<Option<PublicityWork>> {
        lookup(&loaders(ctx)?.work_by_id, self.0.work_id, PublicityWork).await
    }

    /// The outlet (a media organization).
    async fn outlet(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup(
            &loaders(ctx)?.organization_by_id,
            self.0.outlet_id,
            Organization,
        )
        .await
    }

    /// Date published.
    async fn published_on(&self) -> Date {
        date(self.0.published_on)
    }

    /// Link to the publication online; null for print and broadcast.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// Views, where the outlet reports them.
    async fn views(&self) -> Option<BigInt> {
        self.0.views.map(BigInt)
    }
}

#[derive(Default)]
pub struct PublicityQuery;

#[Object]
impl PublicityQuery {
    /// Publicity works, by id unless `orderBy` says otherwise.
    async fn publicity_works(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PublicityWorkFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<PublicityWorkOrder>>,
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
    ) -> Result<Conn<PublicityWork>> {
        let mut select = publicity::select(&filter).extend()?;
        if let Some(visible) = visibility::rows::<entity::publicity_work::Entity>(&viewer(ctx)) {
            select = select.filter(visible);
        }
        connection::root(
            ctx,
            select,
            publicity::ordering(&order_by),
            args(first, after, last, before),
            PublicityWork,
        )
        .await
    }
}
