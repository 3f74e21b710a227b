//! Suggestions (建言) and the livelihood projects they were adopted into.

use async_graphql::{Context, Object, Result, ResultExt};

use crate::db::filters::suggestions::{self, SuggestionFilter, SuggestionOrder};
use crate::domain::enums::{SuggestionChannel, SuggestionField, SuggestionStatus};
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{by_id, date, date_opt, entity_object, loaders, signed_in, stored};
use crate::graphql::types::{Organization, Person, Region};
use crate::scalars::{Date, Money};

entity_object! {
    /// A suggestion put forward by an organization's members (e.g. a democratic party's).
    Suggestion(suggestion, id) {
        async fn title(&self) -> &str {
            &self.0.title
        }
        async fn summary(&self) -> Option<&str> {
            self.0.summary.as_deref()
        }
        async fn field(&self) -> Result<SuggestionField> {
            stored(&self.0.field)
        }
        async fn channel(&self) -> Result<SuggestionChannel> {
            stored(&self.0.channel)
        }
        async fn status(&self) -> Result<SuggestionStatus> {
            stored(&self.0.status)
        }
        /// The statuses `moveSuggestion` can move it to now; empty once final.
        async fn next_statuses(&self) -> Result<Vec<SuggestionStatus>> {
            Ok(crate::service::suggestions::next_statuses(stored(&self.0.status)?).to_vec())
        }
        async fn submitted_on(&self) -> Date {
            date(self.0.submitted_on)
        }
        /// Date adopted (采纳), if it was.
        async fn adopted_on(&self) -> Option<Date> {
            date_opt(self.0.adopted_on)
        }
        /// Date the handling department replied.
        async fn replied_on(&self) -> Option<Date> {
            date_opt(self.0.replied_on)
        }
        /// A pressing everyday concern (急难愁盼).
        async fn pressing_concern(&self) -> bool {
            self.0.pressing_concern
        }
        /// The main author.
        async fn author(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            let Some(id) = self.0.author_id else { return Ok(None) };
            Ok(loaders(ctx)?.person_by_id.load_one(id).await.extend()?.map(Person))
        }
        /// The submitting organization.
        async fn submitting_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            let Some(id) = self.0.submitting_org_id else { return Ok(None) };
            Ok(loaders(ctx)?.organization_by_id.load_one(id).await.extend()?.map(Organization))
        }
        /// The region it concerns.
        async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
            let row = loaders(ctx)?.region_by_code.load_one(self.0.region_code.clone()).await.extend()?;
            Ok(row.map(Region))
        }
        /// The livelihood project it was taken into, if any.
        async fn livelihood_project(&self, ctx: &Context<'_>) -> Result<Option<LivelihoodProject>> {
            let Some(id) = self.0.livelihood_project_id else { return Ok(None) };
            Ok(loaders(ctx)?.project_by_id.load_one(id).await.extend()?.map(LivelihoodProject))
        }
    }
}

entity_object! {
    /// An item of the government's yearly livelihood-project list (民生实事).
    LivelihoodProject(livelihood_project, id) {
        async fn year(&self) -> i32 {
            self.0.year
        }
        async fn title(&self) -> &str {
            &self.0.title
        }
        async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
            let row = loaders(ctx)?.region_by_code.load_one(self.0.region_code.clone()).await.extend()?;
            Ok(row.map(Region))
        }
        /// The department responsible.
        async fn responsible_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            let Some(id) = self.0.responsible_org_id else { return Ok(None) };
            Ok(loaders(ctx)?.organization_by_id.load_one(id).await.extend()?.map(Organization))
        }
        /// Budget, in yuan.
        async fn budget(&self) -> Option<Money> {
            self.0.budget_fen.map(Money)
        }
        /// Suggestions adopted into it.
        async fn suggestions(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            after: Option<String>,
            last: Option<i32>,
            before: Option<String>,
        ) -> Result<Conn<Suggestion>> {
            signed_in(ctx)?;
            let rows = loaders(ctx)?.suggestions_by_project.load_one(self.0.id).await.extend()?;
            connection::relation(ctx, rows.unwrap_or_default(), by_id, args(first, after, last, before), Suggestion)
        }
    }
}

#[derive(Default)]
pub struct SuggestionsQuery;

#[Object]
impl SuggestionsQuery {
    /// Suggestions, by id unless `orderBy` says otherwise.
    async fn suggestions(
        &self,
        ctx: &Context<'_>,
        filter: Option<SuggestionFilter>,
        order_by: Option<Vec<SuggestionOrder>>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<Conn<Suggestion>> {
        signed_in(ctx)?;
        let select = suggestions::select(&filter).extend()?;
        connection::root(
            ctx,
            select,
            suggestions::ordering(&order_by),
            args(first, after, last, before),
            Suggestion,
        )
        .await
    }
}
