//! The inputs of memberships' writes.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::membership;

use super::{change, key};
use crate::domain::enums::MembershipRole;
use crate::error::AppResult;
use crate::ids::Ref;
use crate::scalars::Date;
use crate::service::memberships::{MembershipDraft, MembershipEnd, MembershipPatch};
use crate::service::write::Update;

/// A person joins an organization (or takes a role in it).
#[derive(InputObject, Debug, Clone)]
pub struct AddMembershipInput {
    /// The person (global id).
    pub person: ID,
    /// The organization (global id).
    pub organization: ID,
    /// The member's role in the organization.
    pub role: MembershipRole,
    /// First day of the membership.
    pub since: Date,
}

/// A membership, current or past.
#[derive(InputObject, Debug, Clone)]
pub struct CreateMembershipInput {
    /// The person (global id).
    pub person: ID,
    /// The organization (global id).
    pub organization: ID,
    /// The member's role in the organization.
    pub role: MembershipRole,
    /// First day of the membership.
    pub since: Date,
    /// Last day, for a membership that has ended; on or after `since`.
    pub until: Option<Date>,
}

/// Adding a membership is creating one that has not ended.
impl From<AddMembershipInput> for MembershipDraft {
    fn from(input: AddMembershipInput) -> Self {
        CreateMembershipInput {
            person: input.person,
            organization: input.organization,
            role: input.role,
            since: input.since,
            until: None,
        }
        .into()
    }
}

impl From<CreateMembershipInput> for MembershipDraft {
    fn from(input: CreateMembershipInput) -> Self {
        Self {
            person: Ref::decode(&input.person),
            organization: Ref::decode(&input.organization),
            role: input.role,
            since: input.since.0,
            until: input.until.map(|d| d.0),
        }
    }
}

/// Corrections to a membership: only the fields given change. To move a membership to another
/// person or organization, end it and add a new one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateMembershipInput {
    /// The membership to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New role; omitted: unchanged.
    pub role: Option<MembershipRole>,
    /// New first day; omitted: unchanged.
    pub since: Option<Date>,
    /// Last day; `null` reopens the membership.
    pub until: MaybeUndefined<Date>,
}

/// Ends a current membership.
#[derive(InputObject, Debug, Clone)]
pub struct EndMembershipInput {
    /// The membership to end (global id).
    pub id: ID,
    /// The `version` you read.
    pub expected_version: i32,
    /// Last day of the membership, on or after its start; today (Asia/Shanghai) if omitted.
    pub until: Option<Date>,
}

impl UpdateMembershipInput {
    /// The update command; an id that is not a membership's is bad input.
    pub fn into_update(self) -> AppResult<Update<MembershipPatch>> {
        Ok(Update {
            key: key::<membership::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: MembershipPatch {
                role: self.role,
                since: self.since.map(|d| d.0),
                until: change(self.until, |d| d.0),
            },
        })
    }
}

impl EndMembershipInput {
    /// The end command; an id that is not a membership's is bad input.
    pub fn into_end(self) -> AppResult<MembershipEnd> {
        Ok(MembershipEnd {
            key: key::<membership::Entity>(&self.id)?,
            expected_version: self.expected_version,
            until: self.until.map(|d| d.0),
        })
    }
}
