//! Suggestions (建言) and the livelihood projects they were adopted into.

use async_graphql::{Context, ID, Object, Result, ResultExt};

use crate::db::filters::suggestions::{self, SuggestionFilter, SuggestionOrder};
use crate::domain::enums::{SuggestionChannel, SuggestionField, SuggestionStatus};
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{
    Record, date, date_opt, loaders, lookup, lookup_opt, signed_in, viewer,
};
use crate::graphql::types::{Organization, Person, Region};
use crate::ids;
use crate::scalars::{Date, Money};

/// A suggestion put forward by an organization's members (e.g. a democratic party's).
#[derive(Clone)]
pub struct Suggestion(pub entity::suggestion::Model);

/// A suggestion put forward by an organization's members (e.g. a democratic party's).
#[Object]
impl Suggestion {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::suggestion::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Summary of the suggestion; null when none.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// Policy field it concerns.
    async fn field(&self) -> SuggestionField {
        self.0.field
    }

    /// How it was submitted.
    async fn channel(&self) -> SuggestionChannel {
        self.0.channel
    }

    /// Where it stands; change it with `moveSuggestion`.
    async fn status(&self) -> SuggestionStatus {
        self.0.status
    }

    /// The statuses `moveSuggestion` can move it to now; empty once final.
    async fn next_statuses(&self) -> Result<Vec<SuggestionStatus>> {
        Ok(crate::service::suggestions::next_statuses(self.0.status).to_vec())
    }

    /// Date submitted.
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
        lookup_opt(&loaders(ctx)?.person_by_id, self.0.author_id, Person).await
    }

    /// The submitting organization.
    async fn submitting_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup_opt(
            &loaders(ctx)?.organization_by_id,
            self.0.submitting_org_id,
            Organization,
        )
        .await
    }

    /// The region it concerns.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// The livelihood project it was taken into, if any.
    async fn livelihood_project(&self, ctx: &Context<'_>) -> Result<Option<LivelihoodProject>> {
        lookup_opt(
            &loaders(ctx)?.project_by_id,
            self.0.livelihood_project_id,
            LivelihoodProject,
        )
        .await
    }
}

/// An item of the government's yearly livelihood-project list (民生实事).
#[derive(Clone)]
pub struct LivelihoodProject(pub entity::livelihood_project::Model);

/// An item of the government's yearly livelihood-project list (民生实事).
#[Object]
impl LivelihoodProject {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::livelihood_project::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The year of the list the project is on.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// Title of the project.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The region it serves.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// The department responsible.
    async fn responsible_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup_opt(
            &loaders(ctx)?.organization_by_id,
            self.0.responsible_org_id,
            Organization,
        )
        .await
    }

    /// Budget, in yuan.
    async fn budget(&self) -> Option<Money> {
        self.0.budget_fen.map(Money)
    }

    /// Suggestions adopted into it.
    async fn suggestions(
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
    ) -> Result<Conn<Suggestion>> {
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.suggestions_by_project,
            self.0.id,
            page,
            Suggestion,
        )
        .await
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
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<SuggestionFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<SuggestionOrder>>,
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
    ) -> Result<Conn<Suggestion>> {
        signed_in(ctx)?;
        let filter = filter
            .map(|f| f.for_viewer(&viewer(ctx)))
            .transpose()
            .extend()?;
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
