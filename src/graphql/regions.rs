//! Regions: the four-level network's spine, and the `region`/`regions` root fields.

use async_graphql::{Context, ID, Object, Result, ResultExt};

use crate::db::cursor::CursorValue;
use crate::db::filters::parse_region;
use crate::db::filters::regions::{self, RegionFilter, RegionOrder};
use crate::domain::enums::{NetworkRole, RegionKind, RegionLevel};
use crate::domain::region_code::RegionCode;
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{Record, by_id, in_force_on, loaders, lookup, signed_in};
use crate::graphql::types::{Activity, Household, LiaisonAssignment, Pairing, Place};
use crate::ids;
use crate::scalars::Date;
use crate::service::check::today;

fn by_code(m: &entity::region::Model) -> CursorValue {
    CursorValue::Text(m.code.clone())
}

/// A region of the four-level network: 市, 县(区), 乡镇(街道) or 村(社区), keyed by its
/// 12-digit statistical code (NBS-2022 edition for real rows).
#[derive(Clone)]
pub struct Region(pub entity::region::Model);

/// A region of the four-level network: 市, 县(区), 乡镇(街道) or 村(社区), keyed by its
/// 12-digit statistical code (NBS-2022 edition for real rows).
#[Object]
impl Region {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::region::Entity>(&self.0.code)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        let row = &self.0;
        Record::of::<entity::region::Entity>(&row.code, row.version, row.created_at, row.updated_at)
    }

    /// 12-digit statistical code, e.g. `620421000000` (靖远县).
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// Chinese name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Pinyin of the name, lowercase without tones (`jingyuanxian`).
    async fn name_pinyin(&self) -> &str {
        &self.0.name_pinyin
    }

    /// Level in the network.
    async fn level(&self) -> RegionLevel {
        self.0.level
    }

    /// Kind (district, county, subdistrict, town, township, community, village …).
    async fn kind(&self) -> RegionKind {
        self.0.kind
    }

    /// Urban–rural classification code (城乡分类代码) of a village-level row, e.g. `220`.
    async fn urban_rural_code(&self) -> Option<&str> {
        self.0.urban_rural_code.as_deref()
    }

    /// Code edition, e.g. `NBS-2022`, or `SYNTHETIC` for demo rows.
    async fn code_edition(&self) -> &str {
        &self.0.code_edition
    }

    /// True for invented (demo) rows.
    async fn is_synthetic(&self) -> bool {
        self.0.is_synthetic
    }

    /// The region one level up; null for the city.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        let Some(code) = &self.0.parent_code else {
            return Ok(None);
        };
        lookup(&loaders(ctx)?.region_by_code, code.clone(), Region).await
    }

    /// Every region above this one, the city first.
    async fn ancestors(&self, ctx: &Context<'_>) -> Result<Vec<Region>> {
        let mut codes = Vec::new();
        let mut next = RegionCode::parse(&self.0.code)
            .ok()
            .and_then(|c| c.parent());
        while let Some(code) = next {
            next = code.parent();
            codes.push(code.as_str().to_owned());
        }
        let found = loaders(ctx)?
            .region_by_code
            .load_many(codes.clone())
            .await
            .extend()?;
        Ok(codes
            .iter()
            .rev()
            .filter_map(|c| found.get(c).cloned().map(Region))
            .collect())
    }

    /// The regions one level down, in code order.
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
    ) -> Result<Conn<Region>> {
        let rows = loaders(ctx)?
            .regions_by_parent
            .load_one(self.0.code.clone())
            .await
            .extend()?;
        connection::relation(
            ctx,
            rows.unwrap_or_default(),
            by_code,
            args(first, after, last, before),
            Region,
        )
    }

    /// Bases and homes located directly in this region.
    async fn places(
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
        let loader = &loaders(ctx)?.places_by_region;
        connection::related_on(
            ctx,
            loader,
            self.0.code.clone(),
            active_on,
            page,
            Place::from_model,
        )
        .await
    }

    /// Activities held directly in this region.
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
            &loaders(ctx)?.activities_by_region,
            self.0.code.clone(),
            page,
            Activity,
        )
        .await
    }

    /// Enterprise–village pairings of this village.
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
        let loader = &loaders(ctx)?.pairings_by_village;
        connection::related_on(ctx, loader, self.0.code.clone(), active_on, page, Pairing).await
    }

    /// Network roles held for this region (e.g. the village's liaison officer).
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
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        let loader = &loaders(ctx)?.liaisons_by_region;
        connection::related_on(
            ctx,
            loader,
            self.0.code.clone(),
            active_on,
            page,
            LiaisonAssignment,
        )
        .await
    }

    /// The united-front liaison officers (统战联络员) serving this region on `activeOn`
    /// (default: today, Asia/Shanghai): their assignments in force that day, first and
    /// last day included.
    async fn liaison_officers(
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
        #[graphql(desc = "The day asked about (default: today, Asia/Shanghai).")] active_on: Option<
            Date,
        >,
    ) -> Result<Conn<LiaisonAssignment>> {
        signed_in(ctx)?;
        let day = active_on.unwrap_or(Date(today()));
        let rows = loaders(ctx)?
            .liaisons_by_region
            .load_one(self.0.code.clone())
            .await
            .extend()?;
        let mut rows = in_force_on(rows, Some(day));
        rows.retain(|a| a.role == NetworkRole::LiaisonOfficer);
        connection::relation(
            ctx,
            rows,
            by_id,
            args(first, after, last, before),
            LiaisonAssignment,
        )
    }

    /// Households of this village recorded as helped by influencers.
    async fn households(
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
        signed_in(ctx)?;
        let page = args(first, after, last, before);
        connection::related(
            ctx,
            &loaders(ctx)?.households_by_village,
            self.0.code.clone(),
            page,
            Household,
        )
        .await
    }
}

#[derive(Default)]
pub struct RegionsQuery;

#[Object]
impl RegionsQuery {
    /// One region by statistical code (`"620421"`, `"620421000000"` or a 9-digit township code).
    async fn region(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The region's statistical code (6, 9 or 12 digits) or its `Region` id.")]
        code: String,
    ) -> Result<Option<Region>> {
        let code = parse_region(&code).extend()?;
        lookup(
            &loaders(ctx)?.region_by_code,
            code.as_str().to_owned(),
            Region,
        )
        .await
    }

    /// Regions, in code order unless `orderBy` says otherwise.
    async fn regions(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<RegionFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<RegionOrder>>,
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
    ) -> Result<Conn<Region>> {
        let select = regions::select(&filter).extend()?;
        connection::root(
            ctx,
            select,
            regions::ordering(&order_by),
            args(first, after, last, before),
            Region,
        )
        .await
    }
}
