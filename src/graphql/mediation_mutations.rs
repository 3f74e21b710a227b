//! Mutations of mediation cases and their partner organizations.

use crate::graphql::inputs::mediation::CreateMediationCaseInput;
use crate::graphql::inputs::mediation::UpdateMediationCaseInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::types::MediationCase;
use crate::service::mediation::MediationCases;
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

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
        mutation::create::<MediationCases, _, _>(
            ctx,
            move || Ok(input.into()),
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
        mutation::update::<MediationCases, _, _>(
            ctx,
            move || input.into_update(),
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
        mutation::delete::<MediationCases, _, _>(
            ctx,
            input,
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
        mutation::restore::<MediationCases, _, _>(
            ctx,
            input,
            MediationCase,
            MediationCasePayload::new,
        )
        .await
    }
}
