//! Publicity works and where they were published.

use async_graphql::{Context, Object, Result, ResultExt};

use sea_orm::QueryFilter;

use crate::db::filters::publicity::{self, PublicityWorkFilter, PublicityWorkOrder};
use crate::db::visibility;
use crate::domain::enums::PublicityWorkKind;
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{by_id, date, entity_object, loaders, signed_in, stored, viewer};
use crate::graphql::types::{Organization, Person, Region};
use crate::scalars::{BigInt, Date};

entity_object! {
    /// A publicity work: a video, article, audio piece or photo set.
    PublicityWork(publicity_work, id) {
        async fn kind(&self) -> Result<PublicityWorkKind> {
            stored(&self.0.kind)
        }
        async fn title(&self) -> &str {
            &self.0.title
        }
        /// Series, e.g. `铸牢大家谈`.
        async fn series(&self) -> Option<&str> {
            self.0.series.as_deref()
        }
        async fn theme(&self) -> Option<&str> {
            self.0.theme.as_deref()
        }
        async fn produced_on(&self) -> Date {
            date(self.0.produced_on)
        }
        /// The exemplary story it features, e.g. `红溪村`.
        async fn featured_story(&self) -> Option<&str> {
            self.0.featured_story.as_deref()
        }
        /// Region where it was produced.
        async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
            let row = loaders(ctx)?.region_by_code.load_one(self.0.region_code.clone()).await.extend()?;
            Ok(row.map(Region))
        }
        async fn author(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            signed_in(ctx)?;
            let Some(id) = self.0.author_id else { return Ok(None) };
            Ok(loaders(ctx)?.person_by_id.load_one(id).await.extend()?.map(Person))
        }
        /// Where it was published.
        async fn publications(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            after: Option<String>,
            last: Option<i32>,
            before: Option<String>,
        ) -> Result<Conn<Publication>> {
            let rows = loaders(ctx)?.publications_by_work.load_one(self.0.id).await.extend()?;
            connection::relation(ctx, rows.unwrap_or_default(), by_id, args(first, after, last, before), Publication)
        }
    }
}

entity_object! {
    /// A publication of a work on a media outlet.
    Publication(publication, id) {
        async fn work(&self, ctx: &Context<'_>) -> Result<Option<PublicityWork>> {
            Ok(loaders(ctx)?.work_by_id.load_one(self.0.work_id).await.extend()?.map(PublicityWork))
        }
        /// The outlet (a media organization).
        async fn outlet(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            Ok(loaders(ctx)?.organization_by_id.load_one(self.0.outlet_id).await.extend()?.map(Organization))
        }
        async fn published_on(&self) -> Date {
            date(self.0.published_on)
        }
        async fn url(&self) -> Option<&str> {
            self.0.url.as_deref()
        }
        /// Views, where the outlet reports them.
        async fn views(&self) -> Option<BigInt> {
            self.0.views.map(BigInt)
        }
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
        filter: Option<PublicityWorkFilter>,
        order_by: Option<Vec<PublicityWorkOrder>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
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
