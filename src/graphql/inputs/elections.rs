//! The inputs of term elections' writes and of re-electing an organization.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::{organization, term_election};

use super::{change_ref, key, opt_ref};
use crate::domain::enums::TermElectionStatus;
use crate::error::AppResult;
use crate::scalars::Date;
use crate::service::elections::{Reelection, TermElectionDraft, TermElectionPatch};
use crate::service::write::Update;

/// A new term election, usually a planned one (`reelectOrganization` records completed ones).
#[derive(InputObject, Debug, Clone)]
pub struct CreateTermElectionInput {
    /// The organization whose committee is elected (an Organization id).
    pub organization: ID,
    /// Date held (or planned).
    pub held_on: Date,
    /// Number of the term elected, 1 or more; one election per term.
    pub term_number: i32,
    /// PLANNED unless given.
    #[graphql(default_with = "TermElectionStatus::Planned")]
    pub status: TermElectionStatus,
    /// The chair elected (a Person id).
    pub chair: Option<ID>,
}

/// Changes to a term election: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateTermElectionInput {
    /// The election to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Date held (or planned).
    pub held_on: Option<Date>,
    /// Number of the term elected.
    pub term_number: Option<i32>,
    /// Status.
    pub status: Option<TermElectionStatus>,
    /// The chair elected.
    pub chair: MaybeUndefined<ID>,
}

/// A completed re-election (换届): the election is recorded (a planned one for the same term
/// is completed) and the organization moves to the new term.
#[derive(InputObject, Debug, Clone)]
pub struct ReelectOrganizationInput {
    /// The organization (an Organization id).
    pub organization: ID,
    /// The organization's `version` you read; when given, a newer one is a VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// Date the election was held.
    pub held_on: Date,
    /// Number of the new term; later than the organization's current one.
    pub term_number: i32,
    /// First day of the new term; `heldOn` unless given.
    pub term_start: Option<Date>,
    /// Last day of the new term; not before `termStart`.
    pub term_end: Option<Date>,
    /// The chair elected (a Person id).
    pub chair: Option<ID>,
}

impl CreateTermElectionInput {
    /// The create command; an organization id that is not one is bad input.
    pub fn into_draft(self) -> AppResult<TermElectionDraft> {
        Ok(TermElectionDraft {
            organization: key::<organization::Entity>(&self.organization)?,
            held_on: self.held_on.0,
            term_number: self.term_number,
            status: self.status,
            chair: opt_ref(self.chair),
        })
    }
}

impl UpdateTermElectionInput {
    /// The update command; an id that is not an election's is bad input.
    pub fn into_update(self) -> AppResult<Update<TermElectionPatch>> {
        Ok(Update {
            key: key::<term_election::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: TermElectionPatch {
                held_on: self.held_on.map(|d| d.0),
                term_number: self.term_number,
                status: self.status,
                chair: change_ref(self.chair),
            },
        })
    }
}

impl ReelectOrganizationInput {
    /// The re-election command; an organization id that is not one is bad input.
    pub fn into_reelection(self) -> AppResult<Reelection> {
        Ok(Reelection {
            organization: key::<organization::Entity>(&self.organization)?,
            expected_version: self.expected_version,
            held_on: self.held_on.0,
            term_number: self.term_number,
            term_start: self.term_start.map(|d| d.0),
            term_end: self.term_end.map(|d| d.0),
            chair: opt_ref(self.chair),
        })
    }
}
