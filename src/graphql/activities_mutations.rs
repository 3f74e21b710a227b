//! Mutations of activities, their participants and donations, including recording an
//! activity with its participants and donations in one step.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::mutation::{DeleteInput, RestoreInput, UserError, actor, payload, transact};
use crate::graphql::types::{Activity, Donation};
use crate::service::activities::{
    self as service, AddParticipantInput, CreateActivityInput, RecordActivityInput,
    RemoveParticipantInput, UpdateActivityInput,
};
use crate::service::donations::{self, CreateDonationInput, UpdateDonationInput};

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
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::create(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Activity, ActivityPayload::new)
    }

    /// Adds an activity with its participants and donations in one step; nothing is written if any part is refused.
    async fn record_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity with its participants and donations.")]
        input: RecordActivityInput,
    ) -> Result<ActivityPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::record(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Activity, ActivityPayload::new)
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateActivityInput,
    ) -> Result<ActivityPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::update(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Activity, ActivityPayload::new)
    }

    /// Soft-deletes an activity; refused while it has participants or donations (see `endLinks`).
    async fn delete_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<ActivityPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                service::delete(
                    txn,
                    &actor,
                    &input.id,
                    input.expected_version,
                    input.end_links,
                )
                .await
            })
        })
        .await;
        payload(ctx, outcome, Activity, ActivityPayload::new)
    }

    /// Restores a soft-deleted activity.
    async fn restore_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<ActivityPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::restore(txn, &actor, &input.id).await })
        })
        .await;
        payload(ctx, outcome, Activity, ActivityPayload::new)
    }

    /// Records a person as taking part in an activity.
    async fn add_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity and the person taking part.")] input: AddParticipantInput,
    ) -> Result<ActivityPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::add_participant(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Activity, ActivityPayload::new)
    }

    /// Removes a person from an activity's participants.
    async fn remove_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity and the person to remove from it.")]
        input: RemoveParticipantInput,
    ) -> Result<ActivityPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::remove_participant(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Activity, ActivityPayload::new)
    }

    /// Adds a donation to an activity.
    async fn create_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateDonationInput,
    ) -> Result<DonationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { donations::create(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Donation, DonationPayload::new)
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateDonationInput,
    ) -> Result<DonationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { donations::update(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Donation, DonationPayload::new)
    }

    /// Soft-deletes a donation.
    async fn delete_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<DonationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                donations::delete(txn, &actor, &input.id, input.expected_version).await
            })
        })
        .await;
        payload(ctx, outcome, Donation, DonationPayload::new)
    }

    /// Restores a soft-deleted donation of a live activity.
    async fn restore_donation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<DonationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { donations::restore(txn, &actor, &input.id).await })
        })
        .await;
        payload(ctx, outcome, Donation, DonationPayload::new)
    }
}
