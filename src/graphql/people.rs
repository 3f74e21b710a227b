//! People and what hangs off them: memberships, network roles, accounts, sales.
//! Personal data is masked and sensitive identity omitted unless the policy allows it.

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};

use crate::auth::{Viewer, policy};
use crate::db::access_log::{AccessLog, Holder};
use crate::db::filters::people::{self, PersonFilter, PersonOrder};
use crate::db::sealed;
use crate::domain::enums::{
    DemocraticParty, Gender, MembershipRole, NetworkFigureKind, NetworkRole, Platform,
    PoliticalStatus, UfCategory, decode_set,
};
use crate::domain::{ethnicity, masking};
use crate::graphql::audit::AuditEntry;
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{
    Record, data_keys, date, date_opt, loaders, lookup, lookup_opt, signed_in, viewer,
};
use crate::graphql::types::{Activity, Household, IncomeUplift, Organization, Region, Suggestion};
use crate::ids;
use crate::scalars::{BigInt, Date, Money};

/// An ethnic group (民族, GB/T 3304).
#[derive(SimpleObject, Clone)]
pub struct Ethnicity {
    /// Two-digit numeric code, e.g. `03`.
    pub code: &'static str,
    /// Two-letter code, e.g. `HU`.
    pub alpha: &'static str,
    /// Chinese name, e.g. `回族`.
    pub name: &'static str,
}

impl Person {
    async fn private(&self, ctx: &Context<'_>) -> Result<Option<entity::person_private::Model>> {
        loaders(ctx)?
            .private_by_person
            .load_one(self.0.id)
            .await
            .extend()
    }

    fn unmasked(&self, ctx: &Context<'_>) -> bool {
        ctx.data_opt::<Viewer>()
            .is_some_and(|viewer| policy::sees_personal(viewer, &self.0.region_code))
    }

    /// Records an unmasked read in the access log before the value is sent (fail closed).
    async fn log_read(&self, ctx: &Context<'_>, field: &'static str) -> Result<()> {
        let log = ctx.data::<AccessLog>()?;
        log.load_one((Holder::Person, self.0.id, field.to_owned()))
            .await
            .extend()?;
        Ok(())
    }

    /// A sensitive field: the value for callers who may see it, otherwise nothing at all.
    async fn sensitive<T>(
        &self,
        ctx: &Context<'_>,
        field: &'static str,
        read: impl FnOnce(&entity::person_private::Model) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        if !self.unmasked(ctx) {
            return Ok(None);
        }
        let value = match self.private(ctx).await? {
            Some(private) => read(&private)?,
            None => None,
        };
        if value.is_some() {
            self.log_read(ctx, field).await?;
        }
        Ok(value)
    }

    /// A personal field: unmasked for callers who may see it, masked for everyone else.
    async fn personal(
        &self,
        ctx: &Context<'_>,
        field: &'static str,
        read: impl FnOnce(&entity::person_private::Model) -> Option<String>,
        mask: impl FnOnce(&str) -> String,
    ) -> Result<Option<String>> {
        let value = self.private(ctx).await?.as_ref().and_then(read);
        self.shown(ctx, field, value, mask).await
    }

    /// A sealed personal field (ID number, phone), opened and then shown as [`Self::personal`]
    /// shows it. A value that does not open is an INTERNAL error, never shown.
    async fn sealed(
        &self,
        ctx: &Context<'_>,
        field: &'static str,
        column: sealed::Column,
        mask: impl FnOnce(&str) -> String,
    ) -> Result<Option<String>> {
        let value = match self.private(ctx).await? {
            Some(row) => data_keys(ctx)?.open_column(&row, column).extend()?,
            None => None,
        };
        self.shown(ctx, field, value, mask).await
    }

    async fn shown(
        &self,
        ctx: &Context<'_>,
        field: &'static str,
        value: Option<String>,
        mask: impl FnOnce(&str) -> String,
    ) -> Result<Option<String>> {
        let Some(value) = value else {
            return Ok(None);
        };
        if !self.unmasked(ctx) {
            return Ok(Some(mask(&value)));
        }
        self.log_read(ctx, field).await?;
        Ok(Some(value))
    }
}

/// A united-front contact (统战对象 or network worker). Only synthetic people in the demo.
#[derive(Clone)]
pub struct Person(pub entity::person::Model);

/// A united-front contact (统战对象 or network worker). Only synthetic people in the demo.
#[Object]
impl Person {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::person::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// Full name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The record this one was merged into (by a merge); null unless merged away. `node`
    /// answers a merged-away id with that record, so a differing `id` also tells.
    async fn merged_into(&self) -> Option<async_graphql::ID> {
        self.0
            .merged_into
            .map(crate::ids::of::<entity::person::Entity>)
    }

    /// Pinyin of the name, lowercase without tones.
    async fn name_pinyin(&self) -> &str {
        &self.0.name_pinyin
    }

    /// Gender.
    async fn gender(&self) -> Gender {
        self.0.gender
    }

    /// Where the person is registered in the network.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// Employer or unit (工作单位).
    async fn work_unit(&self) -> Option<&str> {
        self.0.work_unit.as_deref()
    }

    /// Position (职务).
    async fn job_title(&self) -> Option<&str> {
        self.0.job_title.as_deref()
    }

    /// Education (学历).
    async fn education(&self) -> Option<&str> {
        self.0.education.as_deref()
    }

    /// A representative figure (代表人士).
    async fn is_representative(&self) -> bool {
        self.0.is_representative
    }

    /// Network-figure kinds (blogger, village influencer, writer …).
    async fn figure_kinds(&self) -> Vec<NetworkFigureKind> {
        decode_set(&self.0.figure_kinds)
    }

    /// True for invented (demo) people.
    async fn is_synthetic(&self) -> bool {
        self.0.is_synthetic
    }

    /// True when sensitive identity fields (ethnicity, political status, party, religion,
    /// categories) were omitted because the caller may not see them.
    async fn sensitive_redacted(&self, ctx: &Context<'_>) -> bool {
        !self.unmasked(ctx)
    }

    /// Ethnic group. Sensitive: null unless the caller may see it.
    async fn ethnicity(&self, ctx: &Context<'_>) -> Result<Option<Ethnicity>> {
        self.sensitive(ctx, "ethnicity", |p| {
            Ok(p.ethnicity
                .as_deref()
                .and_then(ethnicity::by_code)
                .map(|e| Ethnicity {
                    code: e.code,
                    alpha: e.alpha,
                    name: e.name,
                }))
        })
        .await
    }

    /// Political status (政治面貌). Sensitive: null unless the caller may see it.
    async fn political_status(&self, ctx: &Context<'_>) -> Result<Option<PoliticalStatus>> {
        self.sensitive(ctx, "politicalStatus", |p| Ok(p.political_status))
            .await
    }

    /// Democratic party the person belongs to. Sensitive: null unless the caller may see it.
    async fn party(&self, ctx: &Context<'_>) -> Result<Option<DemocraticParty>> {
        self.sensitive(ctx, "party", |p| {
            Ok(p.political_status.and_then(PoliticalStatus::party))
        })
        .await
    }

    /// Religion. Sensitive: null unless the caller may see it.
    async fn religion(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.sensitive(ctx, "religion", |p| Ok(p.religion.clone()))
            .await
    }

    /// United-front categories (统战对象类别). Sensitive: null unless the caller may see them.
    async fn categories(&self, ctx: &Context<'_>) -> Result<Option<Vec<UfCategory>>> {
        if !self.unmasked(ctx) {
            return Ok(None);
        }
        let rows = loaders(ctx)?
            .categories_by_person
            .load_one(self.0.id)
            .await
            .extend()?;
        let categories = rows
            .unwrap_or_default()
            .iter()
            .map(|c| c.category)
            .collect();
        self.log_read(ctx, "categories").await?;
        Ok(Some(categories))
    }

    /// Mobile number, masked (`138****1234`) unless the caller may see it.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.sealed(ctx, "phone", sealed::Column::Phone, masking::mask_phone)
            .await
    }

    /// Resident ID number, masked (`6204**********1237`) unless the caller may see it.
    async fn id_number(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.sealed(
            ctx,
            "idNumber",
            sealed::Column::IdNumber,
            masking::mask_id_number,
        )
        .await
    }

    /// Birth date, masked (`1985-**-**`) unless the caller may see it.
    async fn birth_date(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.personal(
            ctx,
            "birthDate",
            |p| p.birth_date.map(|d| d.format("%Y-%m-%d").to_string()),
            |text| {
                text.get(..4)
                    .map_or_else(String::new, |year| format!("{year}-**-**"))
            },
        )
        .await
    }

    /// Home address, house numbers masked unless the caller may see it.
    async fn address(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        self.personal(ctx, "address", |p| p.address.clone(), masking::mask_address)
            .await
    }

    /// Memberships of organizations, past and present.
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
        let page = args(first, after, last, before);
        let loader = &loaders(ctx)?.memberships_by_person;
        connection::related_on(ctx, loader, self.0.id, active_on, page, Membership).await
    }

    /// Network roles held (e.g. liaison officer of a village).
    async fn liaison_assignments(
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
        #[graphql(desc = "Only assignments in force on this day (first and last day included).")]
        active_on: Option<Date>,
    ) -> Result<Conn<LiaisonAssignment>> {
        let page = args(first, after, last, before);
        let loader = &loaders(ctx)?.liaisons_by_person;
        connection::related_on(ctx, loader, self.0.id, active_on, page, LiaisonAssignment).await
    }

    /// Accounts on online platforms.
    async fn platform_accounts(
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
    ) -> Result<Conn<PlatformAccount>> {
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.accounts_by_person,
            self.0.id,
            page,
            PlatformAccount,
        )
        .await
    }

    /// Farm-product sales the person drove.
    async fn sales_records(
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
    ) -> Result<Conn<SalesRecord>> {
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.sales_by_person,
            self.0.id,
            page,
            SalesRecord,
        )
        .await
    }

    /// Activities the person took part in.
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
        let l = loaders(ctx)?;
        let page = args(first, after, last, before);
        connection::linked(
            ctx,
            &l.participants_by_person,
            self.0.id,
            &l.activity_by_id,
            |link| link.activity_id,
            page,
            Activity,
        )
        .await
    }

    /// Households whose income this influencer helped raise.
    async fn households_helped(
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
    ) -> Result<Conn<Household>> {
        let l = loaders(ctx)?;
        let page = args(first, after, last, before);
        connection::linked(
            ctx,
            &l.uplifts_by_influencer,
            self.0.id,
            &l.household_by_id,
            |link| link.household_id,
            page,
            Household,
        )
        .await
    }

    /// Links to the households this influencer helped (to correct or remove one).
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
            &loaders(ctx)?.uplifts_by_influencer,
            self.0.id,
            page,
            IncomeUplift,
        )
        .await
    }

    /// Changes to the person's personal data (ID number, phone, birth date, address,
    /// ethnicity, political status, religion), oldest first, values masked. Null unless the
    /// caller may see the person's personal data.
    async fn personal_data_history(
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
    ) -> Result<Option<Conn<AuditEntry>>> {
        if !self.unmasked(ctx) {
            return Ok(None);
        }
        let page = args(first, after, last, before);
        crate::graphql::audit::history(ctx, "PersonPrivate", self.0.id.to_string(), page)
            .await
            .map(Some)
    }

    /// Suggestions the person authored.
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
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.suggestions_by_author,
            self.0.id,
            page,
            Suggestion,
        )
        .await
    }
}

/// A person's membership of (or role in) an organization.
#[derive(Clone)]
pub struct Membership(pub entity::membership::Model);

/// A person's membership of (or role in) an organization.
#[Object]
impl Membership {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::membership::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The member.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        lookup(&loaders(ctx)?.person_by_id, self.0.person_id, Person).await
    }

    /// The organization.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup(
            &loaders(ctx)?.organization_by_id,
            self.0.organization_id,
            Organization,
        )
        .await
    }

    /// The member's role in the organization (member, chair …).
    async fn role(&self) -> MembershipRole {
        self.0.role
    }

    /// First day of the membership.
    async fn since(&self) -> Date {
        date(self.0.since)
    }

    /// Last day, if it has ended.
    async fn until(&self) -> Option<Date> {
        date_opt(self.0.until)
    }

    /// Whether the membership has not ended.
    async fn is_active(&self) -> bool {
        self.0.until.is_none()
    }
}

/// A person serving a region in a network role (e.g. 统战联络员 of a village).
#[derive(Clone)]
pub struct LiaisonAssignment(pub entity::liaison_assignment::Model);

/// A person serving a region in a network role (e.g. 统战联络员 of a village).
#[Object]
impl LiaisonAssignment {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::liaison_assignment::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The person serving.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        lookup(&loaders(ctx)?.person_by_id, self.0.person_id, Person).await
    }

    /// The region served.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// The network role served (e.g. 统战联络员, liaison officer).
    async fn role(&self) -> NetworkRole {
        self.0.role
    }

    /// The organization the role is attached to, if any.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        lookup_opt(
            &loaders(ctx)?.organization_by_id,
            self.0.organization_id,
            Organization,
        )
        .await
    }

    /// First day of the assignment.
    async fn start_on(&self) -> Date {
        date(self.0.start_on)
    }

    /// Last day of the assignment; null while it runs.
    async fn end_on(&self) -> Option<Date> {
        date_opt(self.0.end_on)
    }

    /// Whether the assignment has not ended.
    async fn is_active(&self) -> bool {
        self.0.end_on.is_none()
    }
}

/// An account on an online platform, with its follower count as last measured.
#[derive(Clone)]
pub struct PlatformAccount(pub entity::platform_account::Model);

/// An account on an online platform, with its follower count as last measured.
#[Object]
impl PlatformAccount {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::platform_account::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The account holder.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        lookup(&loaders(ctx)?.person_by_id, self.0.person_id, Person).await
    }

    /// The platform (Douyin, Kuaishou, WeChat Channels …).
    async fn platform(&self) -> Platform {
        self.0.platform
    }

    /// Public handle on the platform.
    async fn handle(&self) -> &str {
        &self.0.handle
    }

    /// Followers when measured (a string-encoded 64-bit integer).
    async fn follower_count(&self) -> BigInt {
        BigInt(self.0.follower_count)
    }

    /// Date of the follower measurement.
    async fn measured_on(&self) -> Date {
        date(self.0.measured_on)
    }

    /// Verified by the platform.
    async fn verified(&self) -> bool {
        self.0.verified
    }
}

/// Farm-product sales an influencer drove in a period.
#[derive(Clone)]
pub struct SalesRecord(pub entity::sales_record::Model);

/// Farm-product sales an influencer drove in a period.
#[Object]
impl SalesRecord {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::sales_record::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The influencer who drove the sales.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        lookup(&loaders(ctx)?.person_by_id, self.0.person_id, Person).await
    }

    /// First day of the period the sales cover.
    async fn period_start(&self) -> Date {
        date(self.0.period_start)
    }

    /// Last day of the period the sales cover (inclusive).
    async fn period_end(&self) -> Date {
        date(self.0.period_end)
    }

    /// Sales amount in yuan.
    async fn amount(&self) -> Money {
        Money(self.0.amount_fen)
    }

    /// The platform the sales were made on; null when offline or not recorded.
    async fn platform(&self) -> Option<Platform> {
        self.0.platform
    }

    /// Product category, free text.
    async fn product_category(&self) -> Option<&str> {
        self.0.product_category.as_deref()
    }
}

#[derive(Default)]
pub struct PeopleQuery;

#[Object]
impl PeopleQuery {
    /// People, by id unless `orderBy` says otherwise.
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PersonFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<PersonOrder>>,
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
        signed_in(ctx)?;
        let filter = filter
            .map(|f| f.for_viewer(&viewer(ctx)))
            .transpose()
            .extend()?;
        connection::root_joined(
            ctx,
            &loaders(ctx)?.person_by_id,
            &filter,
            &order_by,
            people::select,
            args(first, after, last, before),
            Person,
        )
        .await
    }
}
