//! The inputs of network figures' records: platform accounts, sales, households and the
//! influencer–household links.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::{household, income_uplift, platform_account, sales_record};

use super::{change, key};
use crate::domain::enums::Platform;
use crate::error::AppResult;
use crate::graphql::mutation::DeleteInput;
use crate::ids::Ref;
use crate::scalars::{BigInt, Date, Money};
use crate::service::influencers::accounts::{PlatformAccountDraft, PlatformAccountPatch};
use crate::service::influencers::households::{HouseholdDraft, HouseholdPatch};
use crate::service::influencers::sales::{SalesRecordDraft, SalesRecordPatch};
use crate::service::influencers::uplifts::{IncomeUpliftDraft, IncomeUpliftPatch};
use crate::service::write::Update;

/// A measurement of a person's account on an online platform.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePlatformAccountInput {
    /// The account holder (global id).
    pub person: ID,
    /// The platform the account is on.
    pub platform: Platform,
    /// Public handle on the platform, 1–100 characters.
    pub handle: String,
    /// Followers on `measuredOn`; not negative.
    pub follower_count: BigInt,
    /// Date of the measurement; not in the future.
    pub measured_on: Date,
    /// Verified by the platform.
    #[graphql(default)]
    pub verified: bool,
}

/// Corrections to a measurement: only the fields given change. Record a new measurement with
/// `createPlatformAccount` instead of overwriting an old one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePlatformAccountInput {
    /// The account to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New platform, as on create; omitted: unchanged.
    pub platform: Option<Platform>,
    /// New handle, as on create; omitted: unchanged.
    pub handle: Option<String>,
    /// New follower count, as on create; omitted: unchanged.
    pub follower_count: Option<BigInt>,
    /// New measurement date, as on create; omitted: unchanged.
    pub measured_on: Option<Date>,
    /// New verified flag, as on create; omitted: unchanged.
    pub verified: Option<bool>,
}

impl From<CreatePlatformAccountInput> for PlatformAccountDraft {
    fn from(input: CreatePlatformAccountInput) -> Self {
        Self {
            person: Ref::decode(&input.person),
            platform: input.platform,
            handle: input.handle,
            follower_count: input.follower_count.0,
            measured_on: input.measured_on.0,
            verified: input.verified,
        }
    }
}

impl UpdatePlatformAccountInput {
    /// The update command; an id that is not an account's is bad input.
    pub fn into_update(self) -> AppResult<Update<PlatformAccountPatch>> {
        Ok(Update {
            key: key::<platform_account::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: PlatformAccountPatch {
                platform: self.platform,
                handle: self.handle,
                follower_count: self.follower_count.map(|c| c.0),
                measured_on: self.measured_on.map(|d| d.0),
                verified: self.verified,
            },
        })
    }
}

/// Sales a person drove in a period.
#[derive(InputObject, Debug, Clone)]
pub struct CreateSalesRecordInput {
    /// The influencer (global id).
    pub person: ID,
    /// First day of the period.
    pub period_start: Date,
    /// Last day of the period, on or after `periodStart`.
    pub period_end: Date,
    /// Sales in yuan (`"12500.00"`); not negative.
    pub amount: Money,
    /// Where the sales were made.
    pub platform: Option<Platform>,
    /// Product category, free text up to 50 characters.
    pub product_category: Option<String>,
}

/// Corrections to a sales record: only the fields given change; `null` clears an optional one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateSalesRecordInput {
    /// The sales record to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New first day of the period, as on create; omitted: unchanged.
    pub period_start: Option<Date>,
    /// New last day of the period, as on create; omitted: unchanged.
    pub period_end: Option<Date>,
    /// New amount (yuan), as on create; omitted: unchanged.
    pub amount: Option<Money>,
    /// New platform, as on create; null clears it; omitted: unchanged.
    pub platform: MaybeUndefined<Platform>,
    /// New product category, as on create; null clears it; omitted: unchanged.
    pub product_category: MaybeUndefined<String>,
}

impl From<CreateSalesRecordInput> for SalesRecordDraft {
    fn from(input: CreateSalesRecordInput) -> Self {
        Self {
            person: Ref::decode(&input.person),
            period_start: input.period_start.0,
            period_end: input.period_end.0,
            amount: input.amount.fen(),
            platform: input.platform,
            product_category: input.product_category,
        }
    }
}

impl UpdateSalesRecordInput {
    /// The update command; an id that is not a sales record's is bad input.
    pub fn into_update(self) -> AppResult<Update<SalesRecordPatch>> {
        Ok(Update {
            key: key::<sales_record::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: SalesRecordPatch {
                period_start: self.period_start.map(|d| d.0),
                period_end: self.period_end.map(|d| d.0),
                amount: self.amount.map(Money::fen),
                platform: self.platform.into(),
                product_category: self.product_category.into(),
            },
        })
    }
}

/// A rural household.
#[derive(InputObject, Debug, Clone)]
pub struct CreateHouseholdInput {
    /// Code of the village or community it lives in (village level).
    pub village: String,
    /// Name of the head of household, 1–40 characters (same rules as a person's name).
    pub head_name: String,
    /// People in the household, at least 1.
    pub member_count: i32,
}

/// Corrections to a household: only the fields given change.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateHouseholdInput {
    /// The household to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Village code (village level).
    pub village: Option<String>,
    /// New name of the head of household, as on create; omitted: unchanged.
    pub head_name: Option<String>,
    /// New number of people in the household, as on create; omitted: unchanged.
    pub member_count: Option<i32>,
}

impl From<CreateHouseholdInput> for HouseholdDraft {
    fn from(input: CreateHouseholdInput) -> Self {
        Self {
            village: input.village,
            head_name: input.head_name,
            member_count: input.member_count,
        }
    }
}

impl UpdateHouseholdInput {
    /// The update command; an id that is not a household's is bad input.
    pub fn into_update(self) -> AppResult<Update<HouseholdPatch>> {
        Ok(Update {
            key: key::<household::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: HouseholdPatch {
                village: self.village,
                head_name: self.head_name,
                member_count: self.member_count,
            },
        })
    }
}

/// Links an influencer to a household whose income they helped raise.
#[derive(InputObject, Debug, Clone)]
pub struct LinkHouseholdInput {
    /// The influencer (global Person id); they need at least one network-figure kind.
    pub influencer: ID,
    /// The household (global id).
    pub household: ID,
    /// Since when the influencer has helped.
    pub since: Date,
    /// The household's yearly income increase in yuan, if known; not negative.
    pub annual_increase: Option<Money>,
}

/// An income-uplift link (the same as `linkHousehold`).
#[derive(InputObject, Debug, Clone)]
pub struct CreateIncomeUpliftInput {
    /// The influencer (global Person id); they need at least one network-figure kind.
    pub influencer: ID,
    /// The household (global id).
    pub household: ID,
    /// Since when the influencer has helped.
    pub since: Date,
    /// The household's yearly income increase in yuan, if known; not negative.
    pub annual_increase: Option<Money>,
}

impl From<LinkHouseholdInput> for IncomeUpliftDraft {
    fn from(input: LinkHouseholdInput) -> Self {
        Self {
            influencer: Ref::decode(&input.influencer),
            household: Ref::decode(&input.household),
            since: input.since.0,
            annual_increase: input.annual_increase.map(Money::fen),
        }
    }
}

/// `createIncomeUplift` is `linkHousehold` by its record type's name.
impl From<CreateIncomeUpliftInput> for IncomeUpliftDraft {
    fn from(input: CreateIncomeUpliftInput) -> Self {
        LinkHouseholdInput {
            influencer: input.influencer,
            household: input.household,
            since: input.since,
            annual_increase: input.annual_increase,
        }
        .into()
    }
}

/// Corrections to a link: only the fields given change. To link another pair, unlink this one
/// and link the new pair.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateIncomeUpliftInput {
    /// The link to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// First day of the help; omitted: unchanged.
    pub since: Option<Date>,
    /// Yearly income increase in yuan; `null` clears it.
    pub annual_increase: MaybeUndefined<Money>,
}

/// Removes an influencer–household link (softly: `restoreIncomeUplift` brings it back).
#[derive(InputObject, Debug, Clone)]
pub struct UnlinkHouseholdInput {
    /// The link to remove (global id).
    pub id: ID,
    /// The `version` you read.
    pub expected_version: i32,
}

impl UpdateIncomeUpliftInput {
    /// The update command; an id that is not a link's is bad input.
    pub fn into_update(self) -> AppResult<Update<IncomeUpliftPatch>> {
        Ok(Update {
            key: key::<income_uplift::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: IncomeUpliftPatch {
                since: self.since.map(|d| d.0),
                annual_increase: change(self.annual_increase, Money::fen),
            },
        })
    }
}

impl From<UnlinkHouseholdInput> for DeleteInput {
    /// The deletion of the link (nothing points at a link, so there is nothing to end).
    fn from(input: UnlinkHouseholdInput) -> Self {
        Self {
            id: input.id,
            expected_version: input.expected_version,
            end_links: false,
        }
    }
}
