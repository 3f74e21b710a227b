//! The inputs of bases' and homes' writes: the same fields under each type's own names.

use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{change, change_ref, opt_ref};
use crate::domain::enums::{DemocraticParty, PlaceKind};
use crate::error::AppResult;
use crate::ids;
use crate::scalars::Date;
use crate::service::places::{PlaceClass, PlaceDraft, PlacePatch};
use crate::service::write::Update;

/// Declares the create and update inputs of one place type (same fields, own names).
macro_rules! place_inputs {
    ($class:expr, $create:ident, $update:ident, $create_doc:literal, $update_doc:literal, $kind_doc:literal) => {
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

        impl From<$create> for PlaceDraft {
            fn from(input: $create) -> Self {
                Self {
                    name: input.name,
                    kind: input.kind,
                    region: input.region,
                    host_organization: opt_ref(input.host_organization),
                    party: input.party,
                    address: input.address,
                    latitude: input.latitude,
                    longitude: input.longitude,
                    opened_on: input.opened_on.map(|d| d.0),
                    closed_on: input.closed_on.map(|d| d.0),
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

        impl $update {
            /// The update command; an id that is not this type's is bad input.
            pub fn into_update(self) -> AppResult<Update<PlacePatch>> {
                Ok(Update {
                    key: ids::decode_int(&self.id, $class.type_name())?,
                    expected_version: self.expected_version,
                    patch: PlacePatch {
                        name: self.name,
                        kind: self.kind,
                        region: self.region,
                        host_organization: change_ref(self.host_organization),
                        party: self.party.into(),
                        address: self.address.into(),
                        latitude: self.latitude.into(),
                        longitude: self.longitude.into(),
                        opened_on: change(self.opened_on, |d| d.0),
                        closed_on: change(self.closed_on, |d| d.0),
                    },
                })
            }
        }
    };
}

place_inputs!(
    PlaceClass::Base,
    CreateBaseInput,
    UpdateBaseInput,
    "A new base: practice innovation base, UF work station, liaison point or host platform.",
    "Changes to a base: only the fields given change; `null` clears an optional field.",
    "A base kind (not one of the home kinds)."
);
place_inputs!(
    PlaceClass::Home,
    CreateHomeInput,
    UpdateHomeInput,
    "A new home: 红石榴家园, 石榴籽议事室, 侨胞之家 or a members' home.",
    "Changes to a home: only the fields given change; `null` clears an optional field.",
    "A home kind (RED_POMEGRANATE_HOME, POMEGRANATE_SEED_COUNCIL_ROOM, OVERSEAS_CHINESE_HOME or DP_MEMBERS_HOME)."
);
