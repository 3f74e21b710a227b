//! The inputs of organizations' writes.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::organization;

use super::{change, change_ref, key, opt_ref};
use crate::domain::enums::{
    DemocraticParty, DpOrgLevel, EnterpriseOwnership, OrganizationKind, OutletKind, OutletLevel,
};
use crate::error::AppResult;
use crate::scalars::Date;
use crate::service::organizations::{OrganizationDraft, OrganizationPatch};
use crate::service::write::Update;

/// A new organization.
#[derive(InputObject, Debug, Clone)]
pub struct CreateOrganizationInput {
    /// Full name, 1–100 characters.
    pub name: String,
    /// What kind of organization it is.
    pub kind: OrganizationKind,
    /// Region code (6, 9 or 12 digits) where it is located.
    pub region: String,
    /// Unified social credit code (checked, unique).
    pub credit_code: Option<String>,
    /// The organization above it (global id).
    pub parent: Option<ID>,
    /// Required for democratic-party organizations.
    pub party: Option<DemocraticParty>,
    /// Level, for democratic-party organizations.
    pub dp_level: Option<DpOrgLevel>,
    /// Number of the current committee term.
    pub term_number: Option<i32>,
    /// First day of the current term.
    pub term_start: Option<Date>,
    /// Last day of the current term (when re-election, 换届, is due); on or after `termStart`.
    pub term_end: Option<Date>,
    /// Ownership, for enterprises.
    pub ownership: Option<EnterpriseOwnership>,
    /// Industry code (GB/T 4754), for enterprises.
    pub industry_code: Option<String>,
    /// A key enterprise (重点企业); default false.
    #[graphql(default)]
    pub is_key_enterprise: bool,
    /// Level, for media outlets.
    pub outlet_level: Option<OutletLevel>,
    /// Kind, for media outlets.
    pub outlet_kind: Option<OutletKind>,
    /// Date founded or registered.
    pub established_on: Option<Date>,
    /// Office telephone.
    pub phone: Option<String>,
    /// Street address.
    pub address: Option<String>,
}

/// Changes to an organization: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateOrganizationInput {
    /// The organization to change (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New name, as on create; omitted: unchanged.
    pub name: Option<String>,
    /// New kind, as on create; omitted: unchanged.
    pub kind: Option<OrganizationKind>,
    /// New region code, as on create; omitted: unchanged.
    pub region: Option<String>,
    /// New unified social credit code, as on create; null clears it; omitted: unchanged.
    pub credit_code: MaybeUndefined<String>,
    /// New parent organization (global id), as on create; null clears it; omitted: unchanged.
    pub parent: MaybeUndefined<ID>,
    /// New democratic party, as on create; null clears it; omitted: unchanged.
    pub party: MaybeUndefined<DemocraticParty>,
    /// New democratic-party organization level, as on create; null clears it; omitted: unchanged.
    pub dp_level: MaybeUndefined<DpOrgLevel>,
    /// New term number, as on create; null clears it; omitted: unchanged.
    pub term_number: MaybeUndefined<i32>,
    /// New first day of the current term, as on create; null clears it; omitted: unchanged.
    pub term_start: MaybeUndefined<Date>,
    /// New last day of the current term, as on create; null clears it; omitted: unchanged.
    pub term_end: MaybeUndefined<Date>,
    /// New ownership, as on create; null clears it; omitted: unchanged.
    pub ownership: MaybeUndefined<EnterpriseOwnership>,
    /// New industry code (GB/T 4754), as on create; null clears it; omitted: unchanged.
    pub industry_code: MaybeUndefined<String>,
    /// New key-enterprise (重点企业) flag, as on create; omitted: unchanged.
    pub is_key_enterprise: Option<bool>,
    /// New outlet level, as on create; null clears it; omitted: unchanged.
    pub outlet_level: MaybeUndefined<OutletLevel>,
    /// New outlet kind, as on create; null clears it; omitted: unchanged.
    pub outlet_kind: MaybeUndefined<OutletKind>,
    /// New founding date, as on create; null clears it; omitted: unchanged.
    pub established_on: MaybeUndefined<Date>,
    /// New telephone, as on create; null clears it; omitted: unchanged.
    pub phone: MaybeUndefined<String>,
    /// New address, as on create; null clears it; omitted: unchanged.
    pub address: MaybeUndefined<String>,
}

impl From<CreateOrganizationInput> for OrganizationDraft {
    fn from(input: CreateOrganizationInput) -> Self {
        Self {
            name: input.name,
            kind: input.kind,
            region: input.region,
            credit_code: input.credit_code,
            parent: opt_ref(input.parent),
            party: input.party,
            dp_level: input.dp_level,
            term_number: input.term_number,
            term_start: input.term_start.map(|d| d.0),
            term_end: input.term_end.map(|d| d.0),
            ownership: input.ownership,
            industry_code: input.industry_code,
            is_key_enterprise: input.is_key_enterprise,
            outlet_level: input.outlet_level,
            outlet_kind: input.outlet_kind,
            established_on: input.established_on.map(|d| d.0),
            phone: input.phone,
            address: input.address,
        }
    }
}

impl UpdateOrganizationInput {
    /// The update command; an id that is not an organization's is bad input.
    pub fn into_update(self) -> AppResult<Update<OrganizationPatch>> {
        Ok(Update {
            key: key::<organization::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: OrganizationPatch {
                name: self.name,
                kind: self.kind,
                region: self.region,
                credit_code: self.credit_code.into(),
                parent: change_ref(self.parent),
                party: self.party.into(),
                dp_level: self.dp_level.into(),
                term_number: self.term_number.into(),
                term_start: change(self.term_start, |d| d.0),
                term_end: change(self.term_end, |d| d.0),
                ownership: self.ownership.into(),
                industry_code: self.industry_code.into(),
                is_key_enterprise: self.is_key_enterprise,
                outlet_level: self.outlet_level.into(),
                outlet_kind: self.outlet_kind.into(),
                established_on: change(self.established_on, |d| d.0),
                phone: self.phone.into(),
                address: self.address.into(),
            },
        })
    }
}
