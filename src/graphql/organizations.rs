//! Organizations (one table for every kind) and their term elections.

use crate::db::filters::organizations;
use crate::db::filters::organizations::OrganizationFilter;
use crate::db::filters::organizations::OrganizationOrder;
use crate::db::in_force;
use crate::domain::enums::DemocraticParty;
use crate::domain::enums::DpOrgLevel;
use crate::domain::enums::EnterpriseOwnership;
use crate::domain::enums::OrganizationKind;
use crate::domain::enums::OutletKind;
use crate::domain::enums::OutletLevel;
use crate::domain::enums::TermElectionStatus;
use crate::graphql::connection;
use crate::graphql::connection::Conn;
use crate::graphql::connection::args;
use crate::graphql::inputs::organizations::CreateOrganizationInput;
use crate::graphql::inputs::organizations::UpdateOrganizationInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::Warned;
use crate::graphql::object::Record;
use crate::graphql::object::by_id;
use crate::graphql::object::date;
use crate::graphql::object::date_opt;
use crate::graphql::object::is_public;
use crate::graphql::object::loaders;
use crate::graphql::object::lookup;
use crate::graphql::object::lookup_opt;
use crate::graphql::object::signed_in;
use crate::graphql::object::viewer;
use crate::graphql::types::Activity;
use crate::graphql::types::Membership;
use crate::graphql::types::Pairing;
use crate::graphql::types::Person;
use crate::graphql::types::Place;
use crate::graphql::types::Region;
use crate::graphql::types::Suggestion;
use crate::ids;
use crate::scalars::Date;
use crate::service::check::today;
use crate::service::organizations::Organizations;
use async_graphql::Context;
use async_graphql::ID;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::ResultExt;
use async_graphql::SimpleObject;

impl Organization {
    /// An individual business (个体工商户) is a person's: its contact details are personal.
    fn contact<'a>(&self, ctx: &Context<'_>, value: &'a Option<String>) -> Option<&'a str> {
        let personal = self.0.ownership == Some(EnterpriseOwnership::IndividualBusiness);
        if personal && is_public(ctx) {
            None
        } else {
            value.as_deref()
        }
    }
}

/// An organization: UF department, CPC or democratic-party organization, enterprise,
/// chamber, association, court, media outlet …
#[derive(Clone)]
pub struct Organization(pub entity::organization::Model);

/// An organization: UF department, CPC or democratic-party organization, enterprise,
/// chamber, association, court, media outlet …
#[Object]
impl Organization {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::organization::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// Full registered name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The record this one was merged into (by a merge); null unless merged away. `node`
    /// answers a merged-away id with that record, so a differing `id` also tells.
    async fn merged_into(&self) -> Option<async_graphql::ID> {
        self.0
            .merged_into
            .map(crate::ids::of::<entity::organization::Entity>)
    }

    /// Pinyin of the name, lowercase without tones.
    async fn name_pinyin(&self) -> &str {
        &self.0.name_pinyin
    }

    /// What kind of organization it is.
    async fn kind(&self) -> OrganizationKind {
        self.0.kind
    }

    /// Unified social credit code (统一社会信用代码), 18 characters.
    async fn credit_code(&self) -> Option<&str> {
        self.0.credit_code.as_deref()
    }

    /// The organization above this one (e.g. a branch's municipal committee).
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup_opt(
            &loaders(ctx)?.organization_by_id,
            self.0.parent_id,
            Organization,
        )
        .await
    }

    /// Organizations directly below this one.
    async fn children(
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
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.organizations_by_parent,
            self.0.id,
            page,
            Organization,
        )
        .await
    }

    /// Where the organization is located.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// Democratic party, for party organizations.
    async fn party(&self) -> Option<DemocraticParty> {
        self.0.party
    }

    /// Level inside the party, for party organizations.
    async fn dp_level(&self) -> Option<DpOrgLevel> {
        self.0.dp_level
    }

    /// Number of the current committee term.
    async fn term_number(&self) -> Option<i32> {
        self.0.term_number
    }

    /// First day of the current committee term; null when not tracked.
    async fn term_start(&self) -> Option<Date> {
        date_opt(self.0.term_start)
    }

    /// Last day of the current committee term (when re-election, 换届, is due); null when not
    /// tracked.
    async fn term_end(&self) -> Option<Date> {
        date_opt(self.0.term_end)
    }

    /// Ownership, for enterprises.
    async fn ownership(&self) -> Option<EnterpriseOwnership> {
        self.0.ownership
    }

    /// Industry code (GB/T 4754), for enterprises.
    async fn industry_code(&self) -> Option<&str> {
        self.0.industry_code.as_deref()
    }

    /// A key enterprise (重点企业).
    async fn is_key_enterprise(&self) -> bool {
        self.0.is_key_enterprise
    }

    /// Level, for media outlets.
    async fn outlet_level(&self) -> Option<OutletLevel> {
        self.0.outlet_level
    }

    /// Kind, for media outlets.
    async fn outlet_kind(&self) -> Option<OutletKind> {
        self.0.outlet_kind
    }

    /// Date founded or registered; null when unknown.
    async fn established_on(&self) -> Option<Date> {
        date_opt(self.0.established_on)
    }

    /// Office telephone (an institution's number, not personal).
    async fn phone(&self, ctx: &Context<'_>) -> Option<&str> {
        self.contact(ctx, &self.0.phone)
    }

    /// Office address (hidden from PUBLIC for individual businesses, which are people's).
    async fn address(&self, ctx: &Context<'_>) -> Option<&str> {
        self.contact(ctx, &self.0.address)
    }

    /// People who are or were members.
    async fn memberships(
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
        #[graphql(desc = "Only memberships in force on this day (first and last day included).")]
        active_on: Option<Date>,
    ) -> Result<Conn<Membership>> {
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        let loader = &loaders(ctx)?.memberships_by_organization;
        connection::related_on(ctx, loader, self.0.id, active_on, page, Membership).await
    }

    /// 万企兴万村 pairings of this enterprise or chamber.
    async fn pairings(
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
        #[graphql(desc = "Only pairings active on this day (start and end day included).")]
        active_on: Option<Date>,
    ) -> Result<Conn<Pairing>> {
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        let loader = &loaders(ctx)?.pairings_by_enterprise;
        connection::related_on(ctx, loader, self.0.id, active_on, page, Pairing).await
    }

    /// Bases and homes this organization hosts.
    async fn hosted_places(
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
        #[graphql(desc = "Only places existing on this day (gone on their closing day).")]
        active_on: Option<Date>,
    ) -> Result<Conn<Place>> {
        let page = args(first, after, last, before);
        let loader = &loaders(ctx)?.places_by_host;
        connection::related_on(ctx, loader, self.0.id, active_on, page, Place::from_model).await
    }

    /// Activities this organization organized.
    async fn activities(
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
    ) -> Result<Conn<Activity>> {
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.activities_by_organizer,
            self.0.id,
            page,
            Activity,
        )
        .await
    }

    /// Suggestions this organization submitted.
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
            &loaders(ctx)?.suggestions_by_organization,
            self.0.id,
            page,
            Suggestion,
        )
        .await
    }

    /// Committee re-elections (换届) held.
    async fn term_elections(
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
        #[graphql(
            desc = "Only the election that began the term in force on this day: the latest \
                    completed one held on or before it (the next completed election ends \
                    the term)."
        )]
        active_on: Option<Date>,
    ) -> Result<Conn<TermElection>> {
        signed_in(ctx)?;
        let mut rows = loaders(ctx)?
            .elections_by_organization
            .load_one(self.0.id)
            .await
            .extend()?
            .unwrap_or_default();
        if let Some(day) = active_on {
            rows = in_force::current_term(&rows, day.0)
                .cloned()
                .into_iter()
                .collect();
        }
        connection::relation(
            ctx,
            rows,
            by_id,
            args(first, after, last, before),
            TermElection,
        )
    }

    /// The committee term in force on `activeOn` (default: today, Asia/Shanghai), as the
    /// election that began it: the latest completed election held on or before that day.
    /// Null before the first recorded election.
    async fn current_term(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The day asked about (default: today, Asia/Shanghai).")] active_on: Option<
            Date,
        >,
    ) -> Result<Option<TermElection>> {
        signed_in(ctx)?;
        let day = active_on.map_or_else(today, |d| d.0);
        let rows = loaders(ctx)?
            .elections_by_organization
            .load_one(self.0.id)
            .await
            .extend()?
            .unwrap_or_default();
        Ok(in_force::current_term(&rows, day)
            .cloned()
            .map(TermElection))
    }
}

/// A re-election (换届) of an organization's committee.
#[derive(Clone)]
pub struct TermElection(pub entity::term_election::Model);

/// A re-election (换届) of an organization's committee.
#[Object]
impl TermElection {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::term_election::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The organization whose committee was elected.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup(
            &loaders(ctx)?.organization_by_id,
            self.0.organization_id,
            Organization,
        )
        .await
    }

    /// Date of the election (or its planned date).
    async fn held_on(&self) -> Date {
        date(self.0.held_on)
    }

    /// Number of the term elected.
    async fn term_number(&self) -> i32 {
        self.0.term_number
    }

    /// Whether the election is planned, held …
    async fn status(&self) -> TermElectionStatus {
        self.0.status
    }

    /// The chair elected.
    async fn chair(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        lookup_opt(&loaders(ctx)?.person_by_id, self.0.chair_id, Person).await
    }
}

#[derive(Default)]
pub struct OrganizationsQuery;

#[Object]
impl OrganizationsQuery {
    /// Organizations, by id unless `orderBy` says otherwise.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<OrganizationFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<OrganizationOrder>>,
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
        let filter = filter
            .map(|f| f.for_viewer(&viewer(ctx)))
            .transpose()
            .extend()?;
        connection::root_joined(
            ctx,
            &loaders(ctx)?.organization_by_id,
            &filter,
            &order_by,
            organizations::select,
            args(first, after, last, before),
            Organization,
        )
        .await
    }
}

/// The result of a mutation of a `Organization`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct OrganizationPayload {
    /// The record as written; null when the input was refused.
    pub organization: Option<Organization>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
    /// What to check although the write succeeded: `LIKELY_DUPLICATE` names a record this one likely duplicates (merge them if so).
    pub warnings: Vec<UserError>,
}

impl OrganizationPayload {
    pub fn new(organization: Option<Organization>, user_errors: Vec<UserError>) -> Self {
        Self {
            organization,
            user_errors,
            warnings: Vec::new(),
        }
    }
}

impl Warned for OrganizationPayload {
    fn warnings(&mut self) -> &mut Vec<UserError> {
        &mut self.warnings
    }
}

#[derive(Default)]
pub struct OrganizationsMutation;

#[Object]
impl OrganizationsMutation {
    /// Adds an organization. One of the same region whose name reads the same (width,
    /// brackets, spaces, official abbreviations) is refused as DUPLICATE_ORGANIZATION, naming
    /// it; one of another region is a `LIKELY_DUPLICATE` warning.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateOrganizationInput,
    ) -> Result<OrganizationPayload> {
        mutation::create_warned::<Organizations, _, _>(
            ctx,
            move || Ok(input.into()),
            Organization,
            OrganizationPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateOrganizationInput,
    ) -> Result<OrganizationPayload> {
        mutation::update_warned::<Organizations, _, _>(
            ctx,
            move || input.into_update(),
            Organization,
            OrganizationPayload::new,
        )
        .await
    }

    /// Soft-deletes an organization; refused while records point at it (see `endLinks`).
    async fn delete_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<OrganizationPayload> {
        mutation::delete::<Organizations, _, _>(ctx, input, Organization, OrganizationPayload::new)
            .await
    }

    /// Restores a soft-deleted organization.
    async fn restore_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<OrganizationPayload> {
        mutation::restore::<Organizations, _, _>(ctx, input, Organization, OrganizationPayload::new)
            .await
    }
}
