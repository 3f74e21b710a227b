//! Aggregates of the directory's public records: organizations, bases and homes.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{DbBackend, QueryTrait};

use super::sql::Bucket;
use super::work::group_by;
use super::{Dimension, GroupDimension, Measure, Rollup, Subject, dims};
use crate::auth::Viewer;
use crate::db::filters::organizations::{self, OrganizationFilter};
use crate::db::filters::places::{self, PlaceFilter};
use crate::domain::enums::{
    DemocraticParty, DomainEnum, DpOrgLevel, OrganizationKind, PlaceKind, RegionLevel,
};
use crate::error::AppResult;

group_by! {
    /// Dimensions organizations can be grouped by.
    OrganizationGroupBy on "organization"."region_code", "established_on" ("the organization's region") {
        /// Kind (组织类型).
        Kind => dims::code::<OrganizationKind>("组织类型", "organization", "kind"),
        /// Democratic party of a party organization (党派).
        Party => dims::code::<DemocraticParty>("党派", "organization", "party"),
        /// Level of a democratic-party organization (组织层级).
        DpLevel => dims::code::<DpOrgLevel>("组织层级", "organization", "dp_level"),
        /// Key enterprise (重点企业) or not.
        KeyEnterprise => dims::yes_no("重点企业", "organization", "is_key_enterprise"),
    }
}

/// `organizationsAggregate`.
pub struct Organizations;

impl Subject for Organizations {
    type Filter = OrganizationFilter;
    type GroupBy = OrganizationGroupBy;
    const SLUG: &'static str = "organizations";
    const LABEL: &'static str = "组织";
    const KEY: &'static str = "\"organization\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::Organization;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"organization\".\"region_code\"";
    const MEASURES: &'static [Measure] = &[];

    fn base(filter: &Option<OrganizationFilter>, viewer: &Viewer) -> AppResult<SelectStatement> {
        // The organizations the list would select for this viewer.
        let filter = filter.clone().map(|f| f.for_viewer(viewer)).transpose()?;
        Ok(organizations::select(&filter, None)?.into_query())
    }
}

group_by! {
    /// Dimensions bases and homes can be grouped by.
    PlaceGroupBy on "place"."region_code", "opened_on" ("the place") {
        /// Kind of place (场所类型).
        Kind => dims::code::<PlaceKind>("场所类型", "place", "kind"),
        /// Democratic party of a members' home (党派).
        Party => dims::code::<DemocraticParty>("党派", "place", "party"),
    }
}

const PLACE_MEASURES: &[Measure] = &[Measure {
    field: "activities",
    header: "活动场次",
    // A place without activities counts as 0.
    sql: "COALESCE(\"place_activities\".\"v\", 0)",
    money: false,
    rollup: Some(Rollup {
        name: "place_activities",
        table: "activity",
        key: "place_id",
        value: "COUNT(*)",
    }),
}];

/// `basesAggregate`: places that are not homes (what `bases` lists).
pub struct Bases;

impl Subject for Bases {
    type Filter = PlaceFilter;
    type GroupBy = PlaceGroupBy;
    const SLUG: &'static str = "bases";
    const LABEL: &'static str = "阵地";
    const KEY: &'static str = "\"place\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::Base;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"place\".\"region_code\"";
    const MEASURES: &'static [Measure] = PLACE_MEASURES;

    fn base(filter: &Option<PlaceFilter>, _viewer: &Viewer) -> AppResult<SelectStatement> {
        let kinds: Vec<PlaceKind> = <PlaceKind as DomainEnum>::ALL
            .iter()
            .copied()
            .filter(|k| !k.is_home())
            .collect();
        Ok(places::select(filter, &kinds)?.into_query())
    }
}

/// `homesAggregate`: ethnic-unity, overseas-Chinese and members' homes.
pub struct Homes;

impl Subject for Homes {
    type Filter = PlaceFilter;
    type GroupBy = PlaceGroupBy;
    const SLUG: &'static str = "homes";
    const LABEL: &'static str = "家园";
    const KEY: &'static str = "\"place\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::Home;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"place\".\"region_code\"";
    const MEASURES: &'static [Measure] = PLACE_MEASURES;

    fn base(filter: &Option<PlaceFilter>, _viewer: &Viewer) -> AppResult<SelectStatement> {
        Ok(places::select(filter, &PlaceKind::HOMES)?.into_query())
    }
}
