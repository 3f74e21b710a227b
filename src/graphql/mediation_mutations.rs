//! Mutations of mediation cases and their partner organizations.

use crate::graphql::inputs::mediation::CreateMediationCaseInput;
use crate::graphql::inputs::mediation::UpdateMediationCaseInput;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::mutate;
use crate::graphql::types::MediationCase;
use crate::service::mediation as service;
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;
use entity::mediation_case;

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
        mutate(
            ctx,
            |txn, actor| Box::pin(async move { service::create(txn, &actor, input.into()).await }),
            MediationCase,
            MediationCasePayload::new,
        )
        .await
    }

    /// Changes the fields given (`partners` replaces the set); refused with VERSION_CONFLICT if the record changed since read.
    async fn update_mediation_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateMediationCaseInput,
    ) -> Result<MediationCasePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move { service::update(txn, &actor, input.into_update()?).await })
            },
            MediationCase,
            MediationCasePayload::new,
        )
        .await
    }

    /// Soft-deletes a mediation case; refused while it has partners (see `endLinks`).
    async fn delete_mediation_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<MediationCasePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    let key = input.key::<mediation_case::Entity>()?;
                    let version = input.expected_version;
                    service::delete(txn, &actor, key, version, input.end_links).await
                })
            },
            MediationCase,
            MediationCasePayload::new,
        )
        .await
    }

    /// Restores a soft-deleted mediation case.
    async fn restore_mediation_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<MediationCasePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    let key = input.key::<mediation_case::Entity>()?;
                    service::restore(txn, &actor, key).await
                })
            },
            MediationCase,
            MediationCasePayload::new,
        )
        .await
    }
}
