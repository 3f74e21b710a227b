//! Bases and homes: one `place` table behind two API types. The kind decides which type a
//! place is and what it needs (a CPC host for stations and liaison points, a party for
//! members' homes).

use chrono::NaiveDate;
use entity::organization;
use entity::place::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::put;
use super::links::Link;
use super::write::Record;
use crate::domain::change::Change;
use crate::domain::enums::{DemocraticParty, OrganizationKind, PlaceKind};
use crate::domain::pinyin;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;

/// Which API type a write goes through: bases take the non-home kinds, homes the home kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceClass {
    Base,
    Home,
}

impl PlaceClass {
    /// The GraphQL type name, which global ids carry.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Base => "Base",
            Self::Home => "Home",
        }
    }

    fn of(kind: PlaceKind) -> Self {
        if kind.is_home() {
            Self::Home
        } else {
            Self::Base
        }
    }
}

/// A new place, whichever type it is created through.
pub struct PlaceDraft {
    pub name: String,
    pub kind: PlaceKind,
    pub region: String,
    pub host_organization: Option<Ref<organization::Entity>>,
    pub party: Option<DemocraticParty>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opened_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// Changes to a place: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct PlacePatch {
    pub name: Option<String>,
    pub kind: Option<PlaceKind>,
    pub region: Option<String>,
    pub host_organization: Change<Ref<organization::Entity>>,
    pub party: Change<DemocraticParty>,
    pub address: Change<String>,
    pub latitude: Change<f64>,
    pub longitude: Change<f64>,
    pub opened_on: Change<NaiveDate>,
    pub closed_on: Change<NaiveDate>,
}

impl From<PlaceDraft> for PlacePatch {
    fn from(draft: PlaceDraft) -> Self {
        Self {
            name: Some(draft.name),
            kind: Some(draft.kind),
            region: Some(draft.region),
            host_organization: Change::from_option(draft.host_organization),
            party: Change::from_option(draft.party),
            address: Change::from_option(draft.address),
            latitude: Change::from_option(draft.latitude),
            longitude: Change::from_option(draft.longitude),
            opened_on: Change::from_option(draft.opened_on),
            closed_on: Change::from_option(draft.closed_on),
        }
    }
}

/// The rules that span fields: kind fits the type, host and party fit the kind, coordinates
/// are on the globe and come in pairs, dates are in order.
async fn check_rules(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    class: PlaceClass,
    row: &ActiveModel,
    host_failed: bool,
) -> AppResult<()> {
    let kind = *row.kind.as_ref();
    if PlaceClass::of(kind) != class {
        let other = match class {
            PlaceClass::Base => "a home kind: use createHome/updateHome",
            PlaceClass::Home => "not a home kind: use createBase/updateBase",
        };
        check.fail(
            "kind",
            UserErrorCode::WrongKind,
            format!("{kind} is {other}"),
            match class {
                PlaceClass::Base => "该类型属于家园，请使用家园接口",
                PlaceClass::Home => "该类型不属于家园，请使用阵地接口",
            },
        );
    }
    let needs_cpc_host = matches!(kind, PlaceKind::UfWorkStation | PlaceKind::UfLiaisonPoint);
    if needs_cpc_host && !host_failed {
        let host = match row.host_org_id.as_ref() {
            Some(key) => entity::organization::Entity::find_by_id(*key)
                .one(db)
                .await?
                .map(|o| o.kind),
            None => None,
        };
        match host {
            None => check.fail(
                "hostOrganization",
                UserErrorCode::Required,
                "a UF work station or liaison point needs its host organization",
                "统战工作站、联络点须填写依托的基层党组织",
            ),
            Some(k) if k != OrganizationKind::CpcGrassrootsOrg => check.fail(
                "hostOrganization",
                UserErrorCode::WrongKind,
                format!(
                    "a UF work station or liaison point is hosted by a CPC_GRASSROOTS_ORG, not a {k}"
                ),
                "统战工作站、联络点须依托基层党组织",
            ),
            Some(_) => {}
        }
    }
    let is_members_home = kind == PlaceKind::DpMembersHome;
    match (is_members_home, row.party.as_ref().is_some()) {
        (true, false) => check.fail(
            "party",
            UserErrorCode::Required,
            "a democratic-party members' home needs its party",
            "民主党派成员之家须填写所属党派",
        ),
        (false, true) => check.fail(
            "party",
            UserErrorCode::NotApplicable,
            "only democratic-party members' homes have a party",
            "仅民主党派成员之家填写所属党派",
        ),
        _ => {}
    }
    let (latitude, longitude) = (*row.latitude.as_ref(), *row.longitude.as_ref());
    if latitude.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
        check.fail(
            "latitude",
            UserErrorCode::OutOfRange,
            "latitude must be between -90 and 90",
            "纬度须在 -90 至 90 之间",
        );
    }
    if longitude.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
        check.fail(
            "longitude",
            UserErrorCode::OutOfRange,
            "longitude must be between -180 and 180",
            "经度须在 -180 至 180 之间",
        );
    }
    match (latitude, longitude) {
        (Some(_), None) => check.fail(
            "longitude",
            UserErrorCode::Required,
            "a latitude needs its longitude",
            "填写纬度时须同时填写经度",
        ),
        (None, Some(_)) => check.fail(
            "latitude",
            UserErrorCode::Required,
            "a longitude needs its latitude",
            "填写经度时须同时填写纬度",
        ),
        _ => {}
    }
    check.date_order("closedOn", *row.opened_on.as_ref(), *row.closed_on.as_ref());
    Ok(())
}

/// Writes the fields `patch` gives into `row`, each checked: the one place a place's fields
/// are written, for a new row as for a stored one. Returns whether a host reference failed.
async fn apply(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    row: &mut ActiveModel,
    patch: PlacePatch,
) -> AppResult<bool> {
    if let Some(name) = patch.name {
        let name = check.text("name", &name, 1, 100);
        row.name_pinyin = Set(pinyin::full(&name));
        row.name_initials = Set(pinyin::initials(&name));
        row.name = Set(name);
    }
    if let Some(kind) = patch.kind {
        row.kind = Set(kind);
        row.is_uf_venue = Set(kind.is_uf_venue());
    }
    check
        .put_region(db, &mut row.region_code, "region", patch.region, None)
        .await?;
    let host_named = patch.host_organization.as_set().is_some();
    let host = check.reference_change::<organization::Entity>(
        db,
        "hostOrganization",
        patch.host_organization,
    );
    let host = host.await?;
    // A host that was named but failed is reported already: the rules do not ask for it again.
    let host_failed = host_named && host == Some(None);
    put(&mut row.host_org_id, host);
    put(&mut row.party, patch.party.into_new());
    check.put_text_opt(&mut row.address, "address", patch.address, 200);
    put(&mut row.latitude, patch.latitude.into_new());
    put(&mut row.longitude, patch.longitude.into_new());
    put(&mut row.opened_on, patch.opened_on.into_new());
    put(&mut row.closed_on, patch.closed_on.into_new());
    Ok(host_failed)
}

/// Bases (`HOME` false) and homes (`HOME` true): one table, two record types, each written
/// in its region and refused deletion while activities point at it.
pub struct Places<const HOME: bool>;

/// Bases, the non-home kinds of place.
pub type Bases = Places<false>;
/// Homes, the home kinds of place.
pub type Homes = Places<true>;

impl<const HOME: bool> Places<HOME> {
    const CLASS: PlaceClass = if HOME {
        PlaceClass::Home
    } else {
        PlaceClass::Base
    };

    /// A stored place of the other type is not found (a home's id is not a base's).
    fn own(row: &Model, state: &str) -> AppResult<()> {
        if PlaceClass::of(row.kind) == Self::CLASS {
            return Ok(());
        }
        let name = Self::CLASS.type_name();
        Err(AppError::not_found(format!(
            "no {state} {name} has that id"
        )))
    }
}

impl<const HOME: bool> Record for Places<HOME> {
    type Entity = Entity;
    type Draft = PlaceDraft;
    type Patch = PlacePatch;
    type Governor = ();
    type Outcome = ();
    const LINKS: &'static [Link] = &[Link::blocking(
        "activity",
        "place_id",
        "activities held there",
        "在此举办的活动",
    )];

    fn key(id: &async_graphql::ID) -> AppResult<i64> {
        crate::ids::decode_int(id, Self::CLASS.type_name())
    }

    async fn may_change<C: ConnectionTrait>(_: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        Self::own(row, "live")?;
        actor.may_write(&row.region_code)
    }

    async fn may_restore<C: ConnectionTrait>(_: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        Self::own(row, "deleted")?;
        actor.may_write(&row.region_code)
    }

    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: PlaceDraft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<()> {
        row.region_code = Set(String::new());
        let host_failed = apply(db, check, row, draft.into()).await?;
        check_rules(db, check, Self::CLASS, row, host_failed).await
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: PlacePatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        _: &Model,
        (): (),
    ) -> AppResult<()> {
        let host_failed = apply(db, check, row, patch).await?;
        check_rules(db, check, Self::CLASS, row, host_failed).await
    }

    async fn settle<C: ConnectionTrait>(
        _: &C,
        actor: &Actor,
        row: &ActiveModel,
        (): &(),
    ) -> AppResult<()> {
        actor.may_write(row.region_code.as_ref())
    }
}
