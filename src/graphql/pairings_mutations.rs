//! Mutations of enterprise–village pairings, including ending one.

use crate::graphql::inputs::pairings::CreatePairingInput;
use crate::graphql::inputs::pairings::EndPairingInput;
use crate::graphql::inputs::pairings::UpdatePairingInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::mutate;
use crate::graphql::types::Pairing;
use crate::service::pairings::{self as service, Pairings};
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

/// The result of a mutation of a `Pairing`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct PairingPayload {
    /// The record as written; null when the input was refused.
    pub pairing: Option<Pairing>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl PairingPayload {
    pub fn new(pairing: Option<Pairing>, user_errors: Vec<UserError>) -> Self {
        Self {
            pairing,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct PairingsMutation;

#[Object]
impl PairingsMutation {
    /// Pairs an enterprise or chamber with a village; one active pairing per pair.
    async fn create_pairing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreatePairingInput,
    ) -> Result<PairingPayload> {
        mutation::create::<Pairings, _, _>(
            ctx,
            move || Ok(input.into()),
            Pairing,
            PairingPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_pairing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdatePairingInput,
    ) -> Result<PairingPayload> {
        mutation::update::<Pairings, _, _>(
            ctx,
            move || input.into_update(),
            Pairing,
            PairingPayload::new,
        )
        .await
    }

    /// Ends an active pairing as COMPLETED or TERMINATED.
    async fn end_pairing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The pairing to end, the `version` you read, and the last day.")]
        input: EndPairingInput,
    ) -> Result<PairingPayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move { service::end(txn, &actor, input.into_end()?).await })
            },
            Pairing,
            PairingPayload::new,
        )
        .await
    }

    /// Soft-deletes a pairing.
    async fn delete_pairing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<PairingPayload> {
        mutation::delete::<Pairings, _, _>(ctx, input, Pairing, PairingPayload::new).await
    }

    /// Restores a soft-deleted pairing, unless the pair has another active pairing now.
    async fn restore_pairing(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<PairingPayload> {
        mutation::restore::<Pairings, _, _>(ctx, input, Pairing, PairingPayload::new).await
    }
}
