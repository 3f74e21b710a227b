//! Bases and homes: two kinds of `Place` over one table, and their root lists.

use async_graphql::{Context, ID, Interface, Object, Result, ResultExt};

use crate::db::filters::places::{self, PlaceFilter, PlaceOrder};
use crate::domain::enums::DemocraticParty;
use crate::domain::enums::{DomainEnum, PlaceKind};
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::{Record, date_opt, loaders, lookup, lookup_opt, signed_in};
use crate::graphql::types::{Activity, Organization, Region};
use crate::ids;
use crate::scalars::Date;

/// A united-front venue: a base (practice base, work station, liaison point, host platform) or
/// a home (红石榴家园, 石榴籽议事室, 侨胞之家, members' homes).
#[derive(Interface)]
#[expect(
    clippy::duplicated_attributes,
    reason = "interface fields repeat `ty` and `arg` by design"
)]
#[graphql(
    field(name = "id", ty = "ID", desc = "Opaque, stable global id (Relay)."),
    field(name = "name", ty = "String", desc = "Name of the place."),
    field(
        name = "kind",
        ty = "PlaceKind",
        desc = "What kind of base or home it is."
    ),
    field(name = "region", ty = "Option<Region>", desc = "Where the place is."),
    field(
        name = "address",
        ty = "Option<String>",
        desc = "Street address; null when not recorded."
    ),
    field(name = "latitude", ty = "Option<f64>", desc = "WGS-84 latitude."),
    field(name = "longitude", ty = "Option<f64>", desc = "WGS-84 longitude."),
    field(
        name = "host_organization",
        ty = "Option<Organization>",
        desc = "The organization that hosts it."
    ),
    field(
        name = "opened_on",
        ty = "Option<Date>",
        desc = "Date opened (挂牌); null when unknown."
    ),
    field(
        name = "activities",
        ty = "Conn<Activity>",
        desc = "Activities held here.",
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "Page forward: at most this many items (after `after`). Default 20, at most the server's page size limit (100 unless configured); not with `last`."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` from the same list and order)."
        ),
        arg(
            name = "last",
            ty = "Option<i32>",
            desc = "Page backward: at most this many items (before `before`). Same limits as `first`; not with `first`."
        ),
        arg(
            name = "before",
            ty = "Option<String>",
            desc = "End before this cursor (an edge's `cursor` or `pageInfo.startCursor` from the same list and order)."
        )
    )
)]
pub enum Place {
    Base(Base),
    Home(Home),
}

impl Place {
    /// Wraps a row as a home or a base by its kind.
    pub fn from_model(row: entity::place::Model) -> Self {
        if row.kind.is_home() {
            Self::Home(Home(row))
        } else {
            Self::Base(Base(row))
        }
    }
}

/// The kinds of place that are bases.
pub fn base_kinds() -> Vec<PlaceKind> {
    PlaceKind::ALL
        .iter()
        .copied()
        .filter(|k| !k.is_home())
        .collect()
}

/// A base: practice innovation base, UF work station or liaison point, or a host platform.
#[derive(Clone)]
pub struct Base(pub entity::place::Model);

/// A base: practice innovation base, UF work station or liaison point, or a host platform.
#[Object]
impl Base {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::encode("Base", self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    #[graphql(flatten)]
    async fn place(&self) -> PlaceFields<'_> {
        PlaceFields(&self.0)
    }
}

/// A home: 红石榴家园, 石榴籽议事室, 侨胞之家 or a democratic party's members' home.
#[derive(Clone)]
pub struct Home(pub entity::place::Model);

/// A home: 红石榴家园, 石榴籽议事室, 侨胞之家 or a democratic party's members' home.
#[Object]
impl Home {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::encode("Home", self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    #[graphql(flatten)]
    async fn place(&self) -> PlaceFields<'_> {
        PlaceFields(&self.0)
    }
}

/// The fields bases and homes share, flattened into both objects.
pub struct PlaceFields<'a>(&'a entity::place::Model);

#[Object]
impl PlaceFields<'_> {
    /// Name of the place.
    pub(crate) async fn name(&self) -> Result<String> {
        Ok(self.0.name.clone())
    }

    /// Pinyin of the name, lowercase without tones.
    async fn name_pinyin(&self) -> &str {
        &self.0.name_pinyin
    }

    /// What kind of base or home it is.
    pub(crate) async fn kind(&self) -> PlaceKind {
        self.0.kind
    }

    /// Where the place is.
    pub(crate) async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region_code.clone(),
            Region,
        )
        .await
    }

    /// Street address; null when not recorded.
    pub(crate) async fn address(&self) -> Result<Option<String>> {
        Ok(self.0.address.clone())
    }

    /// WGS-84 latitude.
    pub(crate) async fn latitude(&self) -> Option<f64> {
        self.0.latitude
    }

    /// WGS-84 longitude.
    pub(crate) async fn longitude(&self) -> Option<f64> {
        self.0.longitude
    }

    /// The organization that hosts it.
    pub(crate) async fn host_organization(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<Organization>> {
        lookup_opt(
            &loaders(ctx)?.organization_by_id,
            self.0.host_org_id,
            Organization,
        )
        .await
    }

    /// Democratic party running it, for members' homes.
    async fn party(&self) -> Option<DemocraticParty> {
        self.0.party
    }

    /// Date opened (挂牌); null when unknown.
    pub(crate) async fn opened_on(&self) -> Result<Option<Date>> {
        Ok(date_opt(self.0.opened_on))
    }

    /// Date closed; null while open.
    async fn closed_on(&self) -> Option<Date> {
        date_opt(self.0.closed_on)
    }

    /// A united-front venue proper (host platforms are not).
    async fn is_uf_venue(&self) -> bool {
        self.0.is_uf_venue
    }

    /// Activities held here.
    pub(crate) async fn activities(
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
            &loaders(ctx)?.activities_by_place,
            self.0.id,
            page,
            Activity,
        )
        .await
    }
}

/// The `Place` interface resolves its fields on the base or home it holds by these names; they
/// read the same [`PlaceFields`] the objects flatten in.
pub(crate) trait PlaceRow {
    fn row(&self) -> &entity::place::Model;

    async fn name(&self, ctx: &Context<'_>) -> Result<String> {
        PlaceFields(self.row()).name(ctx).await
    }

    async fn kind(&self, ctx: &Context<'_>) -> Result<PlaceKind> {
        PlaceFields(self.row()).kind(ctx).await
    }

    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        PlaceFields(self.row()).region(ctx).await
    }

    async fn address(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        PlaceFields(self.row()).address(ctx).await
    }

    async fn latitude(&self, ctx: &Context<'_>) -> Result<Option<f64>> {
        PlaceFields(self.row()).latitude(ctx).await
    }

    async fn longitude(&self, ctx: &Context<'_>) -> Result<Option<f64>> {
        PlaceFields(self.row()).longitude(ctx).await
    }

    async fn host_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        PlaceFields(self.row()).host_organization(ctx).await
    }

    async fn opened_on(&self, ctx: &Context<'_>) -> Result<Option<Date>> {
        PlaceFields(self.row()).opened_on(ctx).await
    }

    async fn activities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<Conn<Activity>> {
        PlaceFields(self.row())
            .activities(ctx, first, after, last, before)
            .await
    }
}

impl PlaceRow for Base {
    fn row(&self) -> &entity::place::Model {
        &self.0
    }
}

impl PlaceRow for Home {
    fn row(&self) -> &entity::place::Model {
        &self.0
    }
}

#[derive(Default)]
pub struct PlacesQuery;

#[Object]
impl PlacesQuery {
    /// Bases (practice bases, work stations, liaison points, host platforms).
    async fn bases(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PlaceFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<PlaceOrder>>,
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
    ) -> Result<Conn<Base>> {
        let select = places::select(&filter, &base_kinds()).extend()?;
        connection::root(
            ctx,
            select,
            places::ordering(&order_by),
            args(first, after, last, before),
            Base,
        )
        .await
    }

    /// Homes (ethnic-unity, overseas-Chinese and members' homes).
    async fn homes(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PlaceFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<PlaceOrder>>,
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
    ) -> Result<Conn<Home>> {
        let select = places::select(&filter, &PlaceKind::HOMES).extend()?;
        connection::root(
            ctx,
            select,
            places::ordering(&order_by),
            args(first, after, last, before),
            Home,
        )
        .await
    }

    /// Bases and homes together.
    async fn places(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<PlaceFilter>,
        #[graphql(
            desc = "Sort criteria, applied in turn, then the record key as tie-breaker; omitted: by record key. Cursors are valid only for the order they came from."
        )]
        order_by: Option<Vec<PlaceOrder>>,
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
    ) -> Result<Conn<Place>> {
        let select = places::select(&filter, PlaceKind::ALL).extend()?;
        connection::root(
            ctx,
            select,
            places::ordering(&order_by),
            args(first, after, last, before),
            Place::from_model,
        )
        .await
    }
}
