//! The inputs of network-role assignments' writes (liaison officers and the other roles).

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::liaison_assignment;

use super::{change, change_ref, key, opt_ref};
use crate::domain::enums::NetworkRole;
use crate::error::AppResult;
use crate::ids::Ref;
use crate::scalars::Date;
use crate::service::liaisons::{
    LiaisonAssignmentDraft, LiaisonAssignmentEnd, LiaisonAssignmentPatch,
};
use crate::service::write::Update;

/// Makes a person the liaison officer (统战联络员) of a village.
#[derive(InputObject, Debug, Clone)]
pub struct AssignLiaisonOfficerInput {
    /// The person (global id).
    pub person: ID,
    /// Code of the village or community (12 digits, village level).
    pub village: String,
    /// The grassroots organization the role sits on (global id), if any.
    pub organization: Option<ID>,
    /// First day in the role.
    pub start_on: Date,
    /// If the village already has a liaison officer, end that assignment the day before
    /// `startOn` instead of refusing.
    #[graphql(default)]
    pub replace_current: bool,
}

/// A network role held in a region, current or past.
#[derive(InputObject, Debug, Clone)]
pub struct CreateLiaisonAssignmentInput {
    /// The person (global id).
    pub person: ID,
    /// Region served: a village for LIAISON_OFFICER and GRID_INFORMANT, a township for
    /// TOWNSHIP_UF_COMMISSIONER, the city or a county for UF_DEPARTMENT_HEAD.
    pub region: String,
    /// The network role (e.g. LIAISON_OFFICER, 统战联络员).
    pub role: NetworkRole,
    /// The organization the role sits on (global id), if any.
    pub organization: Option<ID>,
    /// First day in the role.
    pub start_on: Date,
    /// Last day, for a role that has ended; on or after `startOn`.
    pub end_on: Option<Date>,
    /// For LIAISON_OFFICER: end the village's current officer the day before `startOn` instead
    /// of refusing.
    #[graphql(default)]
    pub replace_current: bool,
}

impl From<AssignLiaisonOfficerInput> for LiaisonAssignmentDraft {
    fn from(input: AssignLiaisonOfficerInput) -> Self {
        Self {
            person: Ref::decode(&input.person),
            region: input.village,
            role: NetworkRole::LiaisonOfficer,
            organization: opt_ref(input.organization),
            start_on: input.start_on.0,
            end_on: None,
            replace_current: input.replace_current,
        }
    }
}

impl From<CreateLiaisonAssignmentInput> for LiaisonAssignmentDraft {
    fn from(input: CreateLiaisonAssignmentInput) -> Self {
        Self {
            person: Ref::decode(&input.person),
            region: input.region,
            role: input.role,
            organization: opt_ref(input.organization),
            start_on: input.start_on.0,
            end_on: input.end_on.map(|d| d.0),
            replace_current: input.replace_current,
        }
    }
}

/// Corrections to an assignment: only the fields given change. To hand a role to someone
/// else, end this assignment and create a new one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateLiaisonAssignmentInput {
    /// The assignment to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New role; the region's level must suit it. Omitted: unchanged.
    pub role: Option<NetworkRole>,
    /// Region code; its level must suit the role.
    pub region: Option<String>,
    /// The organization (global id); `null` detaches it.
    pub organization: MaybeUndefined<ID>,
    /// New first day; omitted: unchanged.
    pub start_on: Option<Date>,
    /// Last day; `null` reopens the assignment.
    pub end_on: MaybeUndefined<Date>,
}

/// Ends a current assignment (any role).
#[derive(InputObject, Debug, Clone)]
pub struct UnassignLiaisonOfficerInput {
    /// The assignment to end (global id).
    pub id: ID,
    /// The `version` you read.
    pub expected_version: i32,
    /// Last day in the role, on or after its start; today (Asia/Shanghai) if omitted.
    pub end_on: Option<Date>,
}

impl UpdateLiaisonAssignmentInput {
    /// The update command; an id that is not an assignment's is bad input.
    pub fn into_update(self) -> AppResult<Update<LiaisonAssignmentPatch>> {
        Ok(Update {
            key: key::<liaison_assignment::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: LiaisonAssignmentPatch {
                role: self.role,
                region: self.region,
                organization: change_ref(self.organization),
                start_on: self.start_on.map(|d| d.0),
                end_on: change(self.end_on, |d| d.0),
            },
        })
    }
}

impl UnassignLiaisonOfficerInput {
    /// The end command; an id that is not an assignment's is bad input.
    pub fn into_end(self) -> AppResult<LiaisonAssignmentEnd> {
        Ok(LiaisonAssignmentEnd {
            key: key::<liaison_assignment::Entity>(&self.id)?,
            expected_version: self.expected_version,
            end_on: self.end_on.map(|d| d.0),
        })
    }
}
