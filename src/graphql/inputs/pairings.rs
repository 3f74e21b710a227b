//! The inputs of pairings' writes, ending one included.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::pairing;

use super::{change, key};
use crate::domain::enums::{Campaign, PairingForm, PairingMode, PairingStatus, TargetVillageType};
use crate::error::AppResult;
use crate::ids::Ref;
use crate::scalars::{Date, Money};
use crate::service::pairings::{PairingDraft, PairingEnd, PairingPatch};
use crate::service::write::Update;

/// A new pairing.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePairingInput {
    /// The enterprise or chamber of commerce (an Organization id).
    pub enterprise: ID,
    /// The village or community: a VILLAGE-level region code.
    pub village: String,
    /// The campaign; 万企兴万村 unless said otherwise.
    #[graphql(default_with = "Campaign::WanqiXingcun")]
    pub campaign: Campaign,
    /// Forms of help, at least one.
    pub focus: Vec<PairingForm>,
    /// How partners and villages are paired.
    pub mode: Option<PairingMode>,
    /// The kind of village targeted.
    pub target_village_type: Option<TargetVillageType>,
    /// ACTIVE unless recording a pairing that already ended (then `endedOn` is required).
    #[graphql(default_with = "PairingStatus::Active")]
    pub status: PairingStatus,
    /// Date the pairing was signed.
    pub started_on: Date,
    /// Date it ended; only for ended pairings, not before `startedOn`.
    pub ended_on: Option<Date>,
    /// Investment committed, in yuan (not negative).
    pub investment: Option<Money>,
    /// Jobs created for villagers (not negative).
    pub jobs_created: Option<i32>,
    /// Village products purchased, in yuan (not negative).
    pub purchases: Option<Money>,
    /// Donations made, in yuan (not negative).
    pub donations: Option<Money>,
}

/// Changes to a pairing: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePairingInput {
    /// The pairing to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// The enterprise or chamber of commerce.
    pub enterprise: Option<ID>,
    /// The village: a VILLAGE-level region code.
    pub village: Option<String>,
    /// The campaign.
    pub campaign: Option<Campaign>,
    /// Forms of help, replacing the ones stored; at least one.
    pub focus: Option<Vec<PairingForm>>,
    /// How partners and villages are paired.
    pub mode: MaybeUndefined<PairingMode>,
    /// The kind of village targeted.
    pub target_village_type: MaybeUndefined<TargetVillageType>,
    /// Status; to end an active pairing, `endPairing` says it more plainly.
    pub status: Option<PairingStatus>,
    /// Date the pairing was signed.
    pub started_on: Option<Date>,
    /// Date it ended.
    pub ended_on: MaybeUndefined<Date>,
    /// Investment committed, in yuan.
    pub investment: MaybeUndefined<Money>,
    /// Jobs created for villagers.
    pub jobs_created: MaybeUndefined<i32>,
    /// Village products purchased, in yuan.
    pub purchases: MaybeUndefined<Money>,
    /// Donations made, in yuan.
    pub donations: MaybeUndefined<Money>,
}

/// Ends an active pairing.
#[derive(InputObject, Debug, Clone)]
pub struct EndPairingInput {
    /// The pairing to end.
    pub id: ID,
    /// The `version` you read.
    pub expected_version: i32,
    /// Date it ended: today (Asia/Shanghai) unless given; not before `startedOn`.
    pub ended_on: Option<Date>,
    /// COMPLETED (the default) or TERMINATED.
    #[graphql(default_with = "PairingStatus::Completed")]
    pub status: PairingStatus,
}

impl From<CreatePairingInput> for PairingDraft {
    fn from(input: CreatePairingInput) -> Self {
        Self {
            enterprise: Ref::decode(&input.enterprise),
            village: input.village,
            campaign: input.campaign,
            focus: input.focus,
            mode: input.mode,
            target_village_type: input.target_village_type,
            status: input.status,
            started_on: input.started_on.0,
            ended_on: input.ended_on.map(|d| d.0),
            investment: input.investment.map(Money::fen),
            jobs_created: input.jobs_created,
            purchases: input.purchases.map(Money::fen),
            donations: input.donations.map(Money::fen),
        }
    }
}

impl UpdatePairingInput {
    /// The update command; an id that is not a pairing's is bad input.
    pub fn into_update(self) -> AppResult<Update<PairingPatch>> {
        Ok(Update {
            key: key::<pairing::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: PairingPatch {
                enterprise: self.enterprise.map(|id| Ref::decode(&id)),
                village: self.village,
                campaign: self.campaign,
                focus: self.focus,
                mode: self.mode.into(),
                target_village_type: self.target_village_type.into(),
                status: self.status,
                started_on: self.started_on.map(|d| d.0),
                ended_on: change(self.ended_on, |d| d.0),
                investment: change(self.investment, Money::fen),
                jobs_created: self.jobs_created.into(),
                purchases: change(self.purchases, Money::fen),
                donations: change(self.donations, Money::fen),
            },
        })
    }
}

impl EndPairingInput {
    /// The command that ends the pairing; an id that is not a pairing's is bad input.
    pub fn into_end(self) -> AppResult<PairingEnd> {
        Ok(PairingEnd {
            key: key::<pairing::Entity>(&self.id)?,
            expected_version: self.expected_version,
            ended_on: self.ended_on.map(|d| d.0),
            status: self.status,
        })
    }
}
