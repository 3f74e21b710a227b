//! Mutations of people and what hangs off them: persons (with their personal data and
//! categories), memberships, liaison assignments, platform accounts and sales records.

use crate::graphql::inputs::influencers;
use crate::graphql::inputs::liaisons::AssignLiaisonOfficerInput;
use crate::graphql::inputs::liaisons::CreateLiaisonAssignmentInput;
use crate::graphql::inputs::liaisons::UnassignLiaisonOfficerInput;
use crate::graphql::inputs::liaisons::UpdateLiaisonAssignmentInput;
use crate::graphql::inputs::memberships::AddMembershipInput;
use crate::graphql::inputs::memberships::CreateMembershipInput;
use crate::graphql::inputs::memberships::EndMembershipInput;
use crate::graphql::inputs::memberships::UpdateMembershipInput;
use crate::graphql::inputs::people::CreatePersonInput;
use crate::graphql::inputs::people::UpdatePersonInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::Warned;
use crate::graphql::mutation::mutate;
use crate::graphql::object::data_keys;
use crate::graphql::types::LiaisonAssignment;
use crate::graphql::types::Membership;
use crate::graphql::types::Person;
use crate::graphql::types::PlatformAccount;
use crate::graphql::types::SalesRecord;
use crate::service::influencers::accounts::PlatformAccounts;
use crate::service::influencers::sales::SalesRecords;
use crate::service::liaisons;
use crate::service::liaisons::LiaisonAssignments;
use crate::service::memberships;
use crate::service::memberships::Memberships;
use crate::service::people::{People, Sealing};
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

/// The result of a mutation of a `Person`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct PersonPayload {
    /// The record as written; null when the input was refused.
    pub person: Option<Person>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
    /// What to check although the write succeeded: `LIKELY_DUPLICATE` names a record this one likely duplicates (merge them if so).
    pub warnings: Vec<UserError>,
}

impl PersonPayload {
    pub fn new(person: Option<Person>, user_errors: Vec<UserError>) -> Self {
        Self {
            person,
            user_errors,
            warnings: Vec::new(),
        }
    }
}

impl Warned for PersonPayload {
    fn warnings(&mut self) -> &mut Vec<UserError> {
        &mut self.warnings
    }
}

/// The result of a mutation of a `Membership`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct MembershipPayload {
    /// The record as written; null when the input was refused.
    pub membership: Option<Membership>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl MembershipPayload {
    pub fn new(membership: Option<Membership>, user_errors: Vec<UserError>) -> Self {
        Self {
            membership,
            user_errors,
        }
    }
}

/// The result of a mutation of a `LiaisonAssignment`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct LiaisonAssignmentPayload {
    /// The record as written; null when the input was refused.
    pub liaison_assignment: Option<LiaisonAssignment>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl LiaisonAssignmentPayload {
    pub fn new(liaison_assignment: Option<LiaisonAssignment>, user_errors: Vec<UserError>) -> Self {
        Self {
            liaison_assignment,
            user_errors,
        }
    }
}

/// The result of a mutation of a `PlatformAccount`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct PlatformAccountPayload {
    /// The record as written; null when the input was refused.
    pub platform_account: Option<PlatformAccount>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl PlatformAccountPayload {
    pub fn new(platform_account: Option<PlatformAccount>, user_errors: Vec<UserError>) -> Self {
        Self {
            platform_account,
            user_errors,
        }
    }
}

/// The result of a mutation of a `SalesRecord`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct SalesRecordPayload {
    /// The record as written; null when the input was refused.
    pub sales_record: Option<SalesRecord>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl SalesRecordPayload {
    pub fn new(sales_record: Option<SalesRecord>, user_errors: Vec<UserError>) -> Self {
        Self {
            sales_record,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct PeopleMutation;

#[Object]
impl PeopleMutation {
    /// Adds a person with their personal data and categories. A registered ID number is
    /// refused; a person of the same county with the same name pinyin and birth date, or with
    /// the same name and work unit, is a `LIKELY_DUPLICATE` warning.
    async fn create_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreatePersonInput,
    ) -> Result<PersonPayload> {
        let keys = data_keys(ctx)?.clone();
        mutation::create_warned::<People, _, _>(
            ctx,
            move || Ok(Sealing::new(keys, input.into())),
            Person,
            PersonPayload::new,
        )
        .await
    }

    /// Changes the fields given, personal data and categories included; refused with
    /// VERSION_CONFLICT if the person changed since read.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdatePersonInput,
    ) -> Result<PersonPayload> {
        let keys = data_keys(ctx)?.clone();
        mutation::update_warned::<People, _, _>(
            ctx,
            move || Ok(input.into_update()?.map(|patch| Sealing::new(keys, patch))),
            Person,
            PersonPayload::new,
        )
        .await
    }

    /// Soft-deletes a person with their personal data, categories, platform accounts and sales
    /// records. Memberships, liaison assignments, activity participations and income-uplift
    /// links refuse it unless `endLinks` ends them; donations, suggestions, publicity works and
    /// term elections naming the person always refuse it.
    async fn delete_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<PersonPayload> {
        mutation::delete::<People, _, _>(ctx, input, Person, PersonPayload::new).await
    }

    /// Restores a soft-deleted person and what was deleted with them (ended links stay ended).
    async fn restore_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<PersonPayload> {
        mutation::restore::<People, _, _>(ctx, input, Person, PersonPayload::new).await
    }

    /// A person joins an organization; refused while they hold an overlapping membership of it.
    async fn add_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person, the organization, the role and the first day.")]
        input: AddMembershipInput,
    ) -> Result<MembershipPayload> {
        mutation::create::<Memberships, _, _>(
            ctx,
            move || Ok(input.into()),
            Membership,
            MembershipPayload::new,
        )
        .await
    }

    /// Ends a current membership (today unless `until` says otherwise).
    async fn end_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The membership to end and the `version` you read.")]
        input: EndMembershipInput,
    ) -> Result<MembershipPayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move { memberships::end(txn, &actor, input.into_end()?).await })
            },
            Membership,
            MembershipPayload::new,
        )
        .await
    }

    /// Records a membership, current or past (`addMembership` with an optional end).
    async fn create_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateMembershipInput,
    ) -> Result<MembershipPayload> {
        mutation::create::<Memberships, _, _>(
            ctx,
            move || Ok(input.into()),
            Membership,
            MembershipPayload::new,
        )
        .await
    }

    /// Corrects a membership's role or dates.
    async fn update_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateMembershipInput,
    ) -> Result<MembershipPayload> {
        mutation::update::<Memberships, _, _>(
            ctx,
            move || input.into_update(),
            Membership,
            MembershipPayload::new,
        )
        .await
    }

    /// Soft-deletes a membership entered by mistake (`endMembership` records an end).
    async fn delete_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<MembershipPayload> {
        mutation::delete::<Memberships, _, _>(ctx, input, Membership, MembershipPayload::new).await
    }

    /// Restores a soft-deleted membership.
    async fn restore_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<MembershipPayload> {
        mutation::restore::<Memberships, _, _>(ctx, input, Membership, MembershipPayload::new).await
    }

    /// Makes a person a village's liaison officer. A village has one at a time: a second is
    /// refused unless `replaceCurrent` ends the current one the day before.
    async fn assign_liaison_officer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person, the village and the first day.")]
        input: AssignLiaisonOfficerInput,
    ) -> Result<LiaisonAssignmentPayload> {
        mutation::create::<LiaisonAssignments, _, _>(
            ctx,
            move || Ok(input.into()),
            LiaisonAssignment,
            LiaisonAssignmentPayload::new,
        )
        .await
    }

    /// Ends a current assignment (today unless `endOn` says otherwise).
    async fn unassign_liaison_officer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The assignment to end and the `version` you read.")]
        input: UnassignLiaisonOfficerInput,
    ) -> Result<LiaisonAssignmentPayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move { liaisons::unassign(txn, &actor, input.into_end()?).await })
            },
            LiaisonAssignment,
            LiaisonAssignmentPayload::new,
        )
        .await
    }

    /// Records a network role held in a region, current or past.
    async fn create_liaison_assignment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateLiaisonAssignmentInput,
    ) -> Result<LiaisonAssignmentPayload> {
        mutation::create::<LiaisonAssignments, _, _>(
            ctx,
            move || Ok(input.into()),
            LiaisonAssignment,
            LiaisonAssignmentPayload::new,
        )
        .await
    }

    /// Corrects an assignment's role, region, organization or dates.
    async fn update_liaison_assignment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateLiaisonAssignmentInput,
    ) -> Result<LiaisonAssignmentPayload> {
        mutation::update::<LiaisonAssignments, _, _>(
            ctx,
            move || input.into_update(),
            LiaisonAssignment,
            LiaisonAssignmentPayload::new,
        )
        .await
    }

    /// Soft-deletes an assignment entered by mistake (`unassignLiaisonOfficer` records an end).
    async fn delete_liaison_assignment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<LiaisonAssignmentPayload> {
        mutation::delete::<LiaisonAssignments, _, _>(
            ctx,
            input,
            LiaisonAssignment,
            LiaisonAssignmentPayload::new,
        )
        .await
    }

    /// Restores a soft-deleted assignment.
    async fn restore_liaison_assignment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<LiaisonAssignmentPayload> {
        mutation::restore::<LiaisonAssignments, _, _>(
            ctx,
            input,
            LiaisonAssignment,
            LiaisonAssignmentPayload::new,
        )
        .await
    }

    /// Records a follower measurement of a person's platform account.
    async fn create_platform_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")]
        input: influencers::CreatePlatformAccountInput,
    ) -> Result<PlatformAccountPayload> {
        mutation::create::<PlatformAccounts, _, _>(
            ctx,
            move || Ok(input.into()),
            PlatformAccount,
            PlatformAccountPayload::new,
        )
        .await
    }

    /// Corrects a follower measurement.
    async fn update_platform_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: influencers::UpdatePlatformAccountInput,
    ) -> Result<PlatformAccountPayload> {
        mutation::update::<PlatformAccounts, _, _>(
            ctx,
            move || input.into_update(),
            PlatformAccount,
            PlatformAccountPayload::new,
        )
        .await
    }

    /// Soft-deletes a follower measurement.
    async fn delete_platform_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<PlatformAccountPayload> {
        mutation::delete::<PlatformAccounts, _, _>(
            ctx,
            input,
            PlatformAccount,
            PlatformAccountPayload::new,
        )
        .await
    }

    /// Restores a soft-deleted follower measurement.
    async fn restore_platform_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<PlatformAccountPayload> {
        mutation::restore::<PlatformAccounts, _, _>(
            ctx,
            input,
            PlatformAccount,
            PlatformAccountPayload::new,
        )
        .await
    }

    /// Records farm-product sales a person drove in a period.
    async fn create_sales_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: influencers::CreateSalesRecordInput,
    ) -> Result<SalesRecordPayload> {
        mutation::create::<SalesRecords, _, _>(
            ctx,
            move || Ok(input.into()),
            SalesRecord,
            SalesRecordPayload::new,
        )
        .await
    }

    /// Corrects a sales record.
    async fn update_sales_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: influencers::UpdateSalesRecordInput,
    ) -> Result<SalesRecordPayload> {
        mutation::update::<SalesRecords, _, _>(
            ctx,
            move || input.into_update(),
            SalesRecord,
            SalesRecordPayload::new,
        )
        .await
    }

    /// Soft-deletes a sales record.
    async fn delete_sales_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<SalesRecordPayload> {
        mutation::delete::<SalesRecords, _, _>(ctx, input, SalesRecord, SalesRecordPayload::new)
            .await
    }

    /// Restores a soft-deleted sales record.
    async fn restore_sales_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<SalesRecordPayload> {
        mutation::restore::<SalesRecords, _, _>(ctx, input, SalesRecord, SalesRecordPayload::new)
            .await
    }
}
