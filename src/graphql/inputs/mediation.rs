//! The inputs of mediation cases' writes.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::{mediation_case, organization};

use super::{change, key, refs};
use crate::domain::enums::{DisputeSubtype, MediationCategory, MediationStatus};
use crate::error::AppResult;
use crate::scalars::{Date, Money};
use crate::service::mediation::{MediationCaseDraft, MediationCasePatch};
use crate::service::write::Update;

/// A new mediation case.
#[derive(InputObject, Debug, Clone)]
pub struct CreateMediationCaseInput {
    /// Case number, 1–50 characters, unique.
    pub case_no: String,
    /// Category of the dispute.
    pub category: MediationCategory,
    /// Subtype, for commercial disputes only.
    pub subtype: Option<DisputeSubtype>,
    /// Status; ACCEPTED unless given. SETTLED and FAILED need `closedOn`.
    #[graphql(default_with = "MediationStatus::Accepted")]
    pub status: MediationStatus,
    /// Date the case was accepted.
    pub accepted_on: Date,
    /// Date it was closed; not before `acceptedOn`, not for open cases.
    pub closed_on: Option<Date>,
    /// Amount in dispute, in yuan; not negative.
    pub amount_in_dispute: Option<Money>,
    /// Region code where the dispute arose.
    pub region: String,
    /// Summary, up to 5,000 characters (may contain personal data: review before display).
    pub summary: Option<String>,
    /// Confirmed by a court (司法确认); settled cases only.
    pub judicially_confirmed: Option<bool>,
    /// Courts, justice bureaus, chambers and community organizations that took part
    /// (Organization ids), each once.
    #[graphql(default)]
    pub partners: Vec<ID>,
}

impl From<CreateMediationCaseInput> for MediationCaseDraft {
    fn from(input: CreateMediationCaseInput) -> Self {
        Self {
            case_no: input.case_no,
            category: input.category,
            subtype: input.subtype,
            status: input.status,
            accepted_on: input.accepted_on.0,
            closed_on: input.closed_on.map(|d| d.0),
            amount_in_dispute: input.amount_in_dispute.map(Money::fen),
            region: input.region,
            summary: input.summary,
            judicially_confirmed: input.judicially_confirmed,
            partners: refs::<organization::Entity>(input.partners),
        }
    }
}

/// Changes to a mediation case: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateMediationCaseInput {
    /// The case to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Case number, unique.
    pub case_no: Option<String>,
    /// Category of the dispute.
    pub category: Option<MediationCategory>,
    /// Subtype, for commercial disputes only.
    pub subtype: MaybeUndefined<DisputeSubtype>,
    /// Status.
    pub status: Option<MediationStatus>,
    /// Date the case was accepted.
    pub accepted_on: Option<Date>,
    /// Date it was closed.
    pub closed_on: MaybeUndefined<Date>,
    /// Amount in dispute, in yuan.
    pub amount_in_dispute: MaybeUndefined<Money>,
    /// Region code where the dispute arose.
    pub region: Option<String>,
    /// Summary.
    pub summary: MaybeUndefined<String>,
    /// Confirmed by a court (司法确认).
    pub judicially_confirmed: MaybeUndefined<bool>,
    /// The partner organizations, replacing the current set (`[]` removes them all).
    pub partners: Option<Vec<ID>>,
}

impl UpdateMediationCaseInput {
    /// The update command; an id that is not a case's is bad input.
    pub fn into_update(self) -> AppResult<Update<MediationCasePatch>> {
        Ok(Update {
            key: key::<mediation_case::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: MediationCasePatch {
                case_no: self.case_no,
                category: self.category,
                subtype: self.subtype.into(),
                status: self.status,
                accepted_on: self.accepted_on.map(|d| d.0),
                closed_on: change(self.closed_on, |d| d.0),
                amount_in_dispute: change(self.amount_in_dispute, Money::fen),
                region: self.region,
                summary: self.summary.into(),
                judicially_confirmed: self.judicially_confirmed.into(),
                partners: self.partners.map(refs::<organization::Entity>),
            },
        })
    }
}
