//! Activities, the people who took part and the donations they raised.

use async_graphql::{Context, ID, Object, Result};

use crate::db::filters::activities::{self, ActivityFilter, ActivityOrder};
use crate::domain::enums::ActivityKind;
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{Record, date, date_opt, loaders, lookup, lookup_opt, signed_in};
use crate::graphql::types::{Organization, Person, Place, Region};
use crate::ids;
use crate::scalars::{Date, Money};

/// A united-front activity: lecture, dialogue, relief, seminar, field trip …
#[derive(Clone)]
pub struct Activity(pub entity::activity::Model);

/// A united-front activity: lecture, dialogue, relief, seminar, field trip …
#[Object]
impl Activity {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::activity::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// What kind of activity it is (theory lecture, dialogue, relief …).
    async fn kind(&self) -> ActivityKind {
        self.0.kind
    }

    /// Title, as the organizer names it.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Date held (first day).
    async fn held_on(&self) -> Date {
        date(self.0.held_on)
    }

    /// Last day, for activities over several days.
    async fn ended_on(&self) -> Option<Date> {
        date_opt(self.0.ended_on)
    }

    /// Where it was held.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// The organizing organization.
    async fn organizer(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup_opt(
            &loaders(ctx)?.organization_by_id,
            self.0.organizer_id,
            Organization,
        )
        .await
    }

    /// The base or home it was held at.
    async fn place(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        lookup_opt(
            &loaders(ctx)?.place_by_id,
            self.0.place_id,
            Place::from_model,
        )
        .await
    }

    /// Attendances (人次) for lectures: a count of person-times, not of distinct people.
    async fn audience_person_times(&self) -> Option<i32> {
        self.0.audience_person_times
    }

    /// Number of participants.
    async fn participant_count(&self) -> Option<i32> {
        self.0.participant_count
    }

    /// Free-text account of the activity; null when none was recorded.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// Donations raised through it.
    async fn donations(
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
    ) -> Result<Conn<Donation>> {
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.donations_by_activity,
            self.0.id,
            page,
            Donation,
        )
        .await
    }

    /// People recorded as taking part.
    async fn participants(
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
            &l.participants_by_activity,
            self.0.id,
            &l.person_by_id,
            |link| link.person_id,
            page,
            Person,
        )
        .await
    }
}

/// Cash and goods donated through an activity.
#[derive(Clone)]
pub struct Donation(pub entity::donation::Model);

/// Cash and goods donated through an activity.
#[Object]
impl Donation {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::donation::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The activity the donation was made through; null only if that activity is deleted.
    async fn activity(&self, ctx: &Context<'_>) -> Result<Option<Activity>> {
        lookup(&loaders(ctx)?.activity_by_id, self.0.activity_id, Activity).await
    }

    /// The donating person, if not anonymous or an organization.
    async fn donor_person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        lookup_opt(&loaders(ctx)?.person_by_id, self.0.donor_person_id, Person).await
    }

    /// The donating organization, if any.
    async fn donor_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup_opt(
            &loaders(ctx)?.organization_by_id,
            self.0.donor_org_id,
            Organization,
        )
        .await
    }

    /// Cash, in yuan.
    async fn cash(&self) -> Money {
        Money(self.0.cash_fen)
    }

    /// Value of goods, in yuan.
    async fn in_kind_value(&self) -> Money {
        Money(self.0.in_kind_fen)
    }

    /// Cash plus goods, in yuan.
    async fn total(&self) -> Money {
        Money(self.0.cash_fen.saturating_add(self.0.in_kind_fen))
    }

    /// Date of the donation.
    async fn donated_on(&self) -> Date {
        date(self.0.donated_on)
    }

    /// Free-text note (what the goods were, conditions …); null when none.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

#[derive(Default)]
pub struct ActivitiesQuery;

#[Object]
impl ActivitiesQuery {
    /// Activities, by id unless `orderBy` says otherwise.
    async fn activities(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<ActivityFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<ActivityOrder>>,
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
    ) -> Result<Conn<Activity>> {
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        connection::root_filtered(ctx, &filter, &order_by, activities::select, page, Activity).await
    }
}
