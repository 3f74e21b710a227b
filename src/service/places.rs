//! Bases and homes: one `place` table behind two API types. The kind decides which type a
//! place is and what it needs (a CPC host for stations and liaison points, a party for
//! members' homes).

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::place::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel, NotSet, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::set_opt;
use super::links::{self, Link};
use super::write;
use crate::domain::enums::{DemocraticParty, DomainEnum, OrganizationKind, PlaceKind};
use crate::domain::pinyin;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::scalars::Date;

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

    fn of_code(kind: &str) -> Self {
        if PlaceKind::from_code(kind).is_some_and(PlaceKind::is_home) {
            Self::Home
        } else {
            Self::Base
        }
    }
}

/// The fields of a new place, whichever type it is created through.
pub struct NewPlace {
    pub name: String,
    pub kind: PlaceKind,
    pub region: String,
    pub host_organization: Option<ID>,
    pub party: Option<DemocraticParty>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opened_on: Option<Date>,
    pub closed_on: Option<Date>,
}

/// Changes to a place: only the fields given change; `null` clears an optional field.
pub struct PlaceChanges {
    pub id: ID,
    pub expected_version: i32,
    pub name: Option<String>,
    pub kind: Option<PlaceKind>,
    pub region: Option<String>,
    pub host_organization: MaybeUndefined<ID>,
    pub party: MaybeUndefined<DemocraticParty>,
    pub address: MaybeUndefined<String>,
    pub latitude: MaybeUndefined<f64>,
    pub longitude: MaybeUndefined<f64>,
    pub opened_on: MaybeUndefined<Date>,
    pub closed_on: MaybeUndefined<Date>,
}

/// Declares the create and update inputs of one place type (same fields, own names).
macro_rules! place_inputs {
    ($create:ident, $update:ident, $create_doc:literal, $update_doc:literal, $kind_doc:literal) => {
        #[doc = $create_doc]
        #[derive(InputObject, Debug, Clone)]
        pub struct $create {
            /// Name, 1–100 characters.
            pub name: String,
            #[doc = $kind_doc]
            pub kind: PlaceKind,
            /// Region code (6, 9 or 12 digits) where it is.
            pub region: String,
            /// The hosting organization (an Organization id); a CPC grassroots organization
            /// for UF work stations and liaison points, where it is required.
            pub host_organization: Option<ID>,
            /// The democratic party running it: required for members' homes, only for them.
            pub party: Option<DemocraticParty>,
            /// Street address, up to 200 characters.
            pub address: Option<String>,
            /// WGS-84 latitude, −90 to 90; given together with `longitude`.
            pub latitude: Option<f64>,
            /// WGS-84 longitude, −180 to 180; given together with `latitude`.
            pub longitude: Option<f64>,
            /// Date it opened.
            pub opened_on: Option<Date>,
            /// Date it closed; not before `openedOn`.
            pub closed_on: Option<Date>,
        }

        impl From<$create> for NewPlace {
            fn from(input: $create) -> Self {
                Self {
                    name: input.name,
                    kind: input.kind,
                    region: input.region,
                    host_organization: input.host_organization,
                    party: input.party,
                    address: input.address,
                    latitude: input.latitude,
                    longitude: input.longitude,
                    opened_on: input.opened_on,
                    closed_on: input.closed_on,
                }
            }
        }

        #[doc = $update_doc]
        #[derive(InputObject, Debug, Clone)]
        pub struct $update {
            /// The record to change.
            pub id: ID,
            /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
            pub expected_version: i32,
            /// New name, 1–100 characters.
            pub name: Option<String>,
            #[doc = $kind_doc]
            pub kind: Option<PlaceKind>,
            /// New region code.
            pub region: Option<String>,
            /// The hosting organization; `null` removes it.
            pub host_organization: MaybeUndefined<ID>,
            /// The democratic party running it (members' homes only).
            pub party: MaybeUndefined<DemocraticParty>,
            /// Street address.
            pub address: MaybeUndefined<String>,
            /// WGS-84 latitude, −90 to 90.
            pub latitude: MaybeUndefined<f64>,
            /// WGS-84 longitude, −180 to 180.
            pub longitude: MaybeUndefined<f64>,
            /// Date it opened.
            pub opened_on: MaybeUndefined<Date>,
            /// Date it closed.
            pub closed_on: MaybeUndefined<Date>,
        }

        impl From<$update> for PlaceChanges {
            fn from(input: $update) -> Self {
                Self {
                    id: input.id,
                    expected_version: input.expected_version,
                    name: input.name,
                    kind: input.kind,
                    region: input.region,
                    host_organization: input.host_organization,
                    party: input.party,
                    address: input.address,
                    latitude: input.latitude,
                    longitude: input.longitude,
                    opened_on: input.opened_on,
                    closed_on: input.closed_on,
                }
            }
        }
    };
}

place_inputs!(
    CreateBaseInput,
    UpdateBaseInput,
    "A new base: practice innovation base, UF work station, liaison point or host platform.",
    "Changes to a base: only the fields given change; `null` clears an optional field.",
    "A base kind (not one of the home kinds)."
);
place_inputs!(
    CreateHomeInput,
    UpdateHomeInput,
    "A new home: 红石榴家园, 石榴籽议事室, 侨胞之家 or a members' home.",
    "Changes to a home: only the fields given change; `null` clears an optional field.",
    "A home kind (RED_POMEGRANATE_HOME, POMEGRANATE_SEED_COUNCIL_ROOM, OVERSEAS_CHINESE_HOME or DP_MEMBERS_HOME)."
);

/// Records that point at a place.
const LINKS: &[Link] = &[Link::blocking(
    "activity",
    "place_id",
    "activities held there",
)];

/// The rules that span fields: kind fits the type, host and party fit the kind, coordinates
/// are on the globe and come in pairs, dates are in order.
async fn check_rules(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    class: PlaceClass,
    row: &ActiveModel,
    host_failed: bool,
) -> AppResult<()> {
    let kind = PlaceKind::from_code(row.kind.as_ref());
    if PlaceClass::of_code(row.kind.as_ref()) != class {
        let other = match class {
            PlaceClass::Base => "a home kind: use createHome/updateHome",
            PlaceClass::Home => "not a home kind: use createBase/updateBase",
        };
        check.fail(
            "kind",
            UserErrorCode::WrongKind,
            format!("{} is {other}", row.kind.as_ref()),
            match class {
                PlaceClass::Base => "该类型属于家园，请使用家园接口",
                PlaceClass::Home => "该类型不属于家园，请使用阵地接口",
            },
        );
    }
    let needs_cpc_host = matches!(
        kind,
        Some(PlaceKind::UfWorkStation | PlaceKind::UfLiaisonPoint)
    );
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
            Some(k) if k != OrganizationKind::CpcGrassrootsOrg.code() => check.fail(
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
    let is_members_home = kind == Some(PlaceKind::DpMembersHome);
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

fn set_kind(row: &mut ActiveModel, kind: PlaceKind) {
    row.kind = Set(kind.code().to_owned());
    row.is_uf_venue = Set(kind.is_uf_venue());
}

fn set_name(row: &mut ActiveModel, name: String) {
    row.name_pinyin = Set(pinyin::full(&name));
    row.name_initials = Set(pinyin::initials(&name));
    row.name = Set(name);
}

/// Adds a base or home.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class: PlaceClass,
    input: NewPlace,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let name = check.text("name", &input.name, 1, 100);
    let region = check.region(db, "region", &input.region, None).await?;
    let host = match &input.host_organization {
        Some(id) => {
            check
                .reference::<entity::organization::Entity>(db, "hostOrganization", id)
                .await?
        }
        None => None,
    };
    let host_failed = input.host_organization.is_some() && host.is_none();
    let mut row = ActiveModel {
        id: NotSet,
        region_code: Set(region.unwrap_or_default()),
        host_org_id: Set(host),
        party: Set(input.party.map(|p| p.code().to_owned())),
        address: Set(check.text_opt("address", input.address.as_deref(), 200)),
        latitude: Set(input.latitude),
        longitude: Set(input.longitude),
        opened_on: Set(input.opened_on.map(|d| d.0)),
        closed_on: Set(input.closed_on.map(|d| d.0)),
        ..Default::default()
    };
    set_name(&mut row, name);
    set_kind(&mut row, input.kind);
    check_rules(db, &mut check, class, &row, host_failed).await?;
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::create::<Entity, _>(db, actor, row).await
}

/// A live place of the given type, or NOT_FOUND (a home's id is not a base's).
async fn get_live(db: &impl ConnectionTrait, class: PlaceClass, id: &ID) -> AppResult<Model> {
    let key = crate::ids::decode_int(id, class.type_name())?;
    let row = write::get_live::<Entity, _>(db, key).await?;
    if PlaceClass::of_code(&row.kind) != class {
        return Err(AppError::not_found(format!(
            "no live {} has that id",
            class.type_name()
        )));
    }
    Ok(row)
}

/// Changes a base or home; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class: PlaceClass,
    input: PlaceChanges,
) -> AppResult<Model> {
    let before = get_live(db, class, &input.id).await?;
    actor.may_write(&before.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(name) = &input.name {
        let name = check.text("name", name, 1, 100);
        set_name(&mut row, name);
    }
    if let Some(kind) = input.kind {
        set_kind(&mut row, kind);
    }
    if let Some(region) = &input.region
        && let Some(code) = check.region(db, "region", region, None).await?
    {
        row.region_code = Set(code);
    }
    let mut host_failed = false;
    match &input.host_organization {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.host_org_id = Set(None),
        MaybeUndefined::Value(id) => {
            match check
                .reference::<entity::organization::Entity>(db, "hostOrganization", id)
                .await?
            {
                Some(key) => row.host_org_id = Set(Some(key)),
                None => host_failed = true,
            }
        }
    }
    if let Some(v) = set_opt(input.party, |p| p.code().to_owned()) {
        row.party = Set(v);
    }
    if let Some(v) = set_opt(input.address, |a| a) {
        row.address = Set(check.text_opt("address", v.as_deref(), 200));
    }
    if let Some(v) = set_opt(input.latitude, |v| v) {
        row.latitude = Set(v);
    }
    if let Some(v) = set_opt(input.longitude, |v| v) {
        row.longitude = Set(v);
    }
    if let Some(v) = set_opt(input.opened_on, |d| d.0) {
        row.opened_on = Set(v);
    }
    if let Some(v) = set_opt(input.closed_on, |d| d.0) {
        row.closed_on = Set(v);
    }
    check_rules(db, &mut check, class, &row, host_failed).await?;
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a base or home; refused while activities point at it.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class: PlaceClass,
    id: &ID,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    let before = get_live(db, class, id).await?;
    actor.may_write(&before.region_code)?;
    links::release(db, actor, LINKS, before.id, end_links).await?;
    write::soft_delete::<Entity, _>(db, actor, &before, expected_version).await
}

/// Restores a soft-deleted base or home.
pub async fn restore(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class: PlaceClass,
    id: &ID,
) -> AppResult<Model> {
    let key = crate::ids::decode_int(id, class.type_name())?;
    let before = write::get_deleted::<Entity, _>(db, key).await?;
    if PlaceClass::of_code(&before.kind) != class {
        return Err(AppError::not_found(format!(
            "no deleted {} has that id",
            class.type_name()
        )));
    }
    actor.may_write(&before.region_code)?;
    write::restore::<Entity, _>(db, actor, &before).await
}
