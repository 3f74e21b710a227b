//! Mutations of activities, their participants and donations, including recording an
//! activity with its participants and donations in one step.

use crate::graphql::inputs::activities::AddParticipantInput;
use crate::graphql::inputs::activities::CreateActivityInput;
use crate::graphql::inputs::activities::CreateDonationInput;
use crate::graphql::inputs::activities::RecordActivityInput;
use crate::graphql::inputs::activities::RemoveParticipantInput;
use crate::graphql::inputs::activities::UpdateActivityInput;
use crate::graphql::inputs::activities::UpdateDonationInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::mutate;
use crate::graphql::types::Activity;
use crate::graphql::types::Donation;
use crate::service::activities::{self as service, Activities};
use crate::service::donations::Donations;
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

/// The result of a mutation of a `Activity`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct ActivityPayload {
    /// The record as written; null when the input was refused.
    pub activity: Option<Activity>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl ActivityPayload {
    pub fn new(activity: Option<Activity>, user_errors: Vec<UserError>) -> Self {
        Self {
            activity,
            user_errors,
        }
    }
}

/// The result of a mutation of a `Donation`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct DonationPayload {
    /// The record as written; null when the input was refused.
    pub donation: Option<Donation>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl DonationPayload {
    pub fn new(donation: Option<Donation>, user_errors: Vec<UserError>) -> Self {
        Self {
            donation,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct ActivitiesMutation;

#[Object]
impl ActivitiesMutation {
    /// Adds an activity.
    async fn create_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateActivityInput,
    ) -> Result<ActivityPayload> {
        mutation::create::<Activities, _, _>(
            ctx,
            move || Ok(input.into()),
            Activity,
            ActivityPayload::new,
        )
        .await
    }

    /// Adds an activity with its participants and donations in one step; nothing is written if any part is refused.
    async fn record_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity with its participants and donations.")]
        input: RecordActivityInput,
    ) -> Result<ActivityPayload> {
        mutate(
            ctx,
            |txn, actor| Box::pin(async move { service::record(txn, &actor, input.into()).await }),
            Activity,
            ActivityPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateActivityInput,
    ) -> Result<ActivityPayload> {
        mutation::update::<Activities, _, _>(
            ctx,
            move || input.into_update(),
            Activity,
            ActivityPayload::new,
        )
        .await
    }

    /// Soft-deletes an activity; refused while it has participants or donations (see `endLinks`).
    async fn delete_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<ActivityPayload> {
        mutation::delete::<Activities, _, _>(ctx, input, Activity, ActivityPayload::new).await
    }

    /// Restores a soft-deleted activity.
    async fn restore_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<ActivityPayload> {
        mutation::restore::<Activities, _, _>(ctx, input, Activity, ActivityPayload::new).await
    }

    /// Records a person as taking part in an activity.
    async fn add_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity and the person taking part.")] input: AddParticipantInput,
    ) -> Result<ActivityPayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    service::add_participant(txn, &actor, input.into_participation()?).await
                })
            },
            Activity,
            ActivityPayload::new,
        )
        .await
    }

    /// Removes a person from an activity's participants.
    async fn remove_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity and the person to remove from it.")]
        input: RemoveParticipantInput,
    ) -> Result<ActivityPayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    service::remove_participant(txn, &actor, input.into_participation()?).await
                })
            },
            Activity,
            ActivityPayload::new,
        )
        .await
    }

    /// Adds a donation to an activity.
    async fn create_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateDonationInput,
    ) -> Result<DonationPayload> {
        mutation::create::<Donations, _, _>(
            ctx,
            move || input.into_draft(),
            Donation,
            DonationPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateDonationInput,
    ) -> Result<DonationPayload> {
        mutation::update::<Donations, _, _>(
            ctx,
            move || input.into_update(),
            Donation,
            DonationPayload::new,
        )
        .await
    }

    /// Soft-deletes a donation.
    async fn delete_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<DonationPayload> {
        mutation::delete::<Donations, _, _>(ctx, input, Donation, DonationPayload::new).await
    }

    /// Restores a soft-deleted donation of a live activity.
    async fn restore_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<DonationPayload> {
        mutation::restore::<Donations, _, _>(ctx, input, Donation, DonationPayload::new).await
    }
}
