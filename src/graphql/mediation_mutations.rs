//! Mutations of mediation cases and their partner organizations.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::mutation::{DeleteInput, RestoreInput, UserError, actor, payload, transact};
use crate::graphql::types::MediationCase;
use crate::service::mediation::{
    self as service, CreateMediationCaseInput, UpdateMediationCaseInput,
};

/// The result of a mutation of a `MediationCase`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct MediationCasePayload {
    /// The record as written; null when the input was refused.
    pub mediation_case: Option<MediationCase>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl MediationCasePayload {
    pub fn new(mediation_case: Option<MediationCase>, user_errors: Vec<UserError>) -> Self {
        Self {
            mediation_case,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct MediationMutation;

#[Object]
impl MediationMutation {
    /// Adds a mediation case with its partner organizations.
    async fn create_mediation_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateMediationCaseInput,
    ) -> Result<MediationCasePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::create(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, MediationCase, MediationCasePayload::new)
    }

    /// Changes the fields given (`partners` replaces the set); refused with VERSION_CONFLICT if the record changed since read.
    async fn update_mediation_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateMediationCaseInput,
    ) -> Result<MediationCasePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::update(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, MediationCase, MediationCasePayload::new)
    }

    /// Soft-deletes a mediation case; refused while it has partners (see `endLinks`).
    async fn delete_mediation_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<MediationCasePayload> {
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
        payload(ctx, outcome, MediationCase, MediationCasePayload::new)
    }

    /// Restores a soft-deleted mediation case.
    async fn restore_mediation_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<MediationCasePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::restore(txn, &actor, &input.id).await })
        })
        .await;
        payload(ctx, outcome, MediationCase, MediationCasePayload::new)
    }
}
