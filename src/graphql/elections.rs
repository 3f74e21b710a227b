//! Mutations of term elections (换届), including re-electing an organization's committee.

use crate::graphql::inputs::elections::CreateTermElectionInput;
use crate::graphql::inputs::elections::ReelectOrganizationInput;
use crate::graphql::inputs::elections::UpdateTermElectionInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::mutate;
use crate::graphql::types::TermElection;
use crate::service::elections as service;
use crate::service::elections::Elections;
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

/// The result of a mutation of a `TermElection`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct TermElectionPayload {
    /// The record as written; null when the input was refused.
    pub term_election: Option<TermElection>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl TermElectionPayload {
    pub fn new(term_election: Option<TermElection>, user_errors: Vec<UserError>) -> Self {
        Self {
            term_election,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct ElectionsMutation;

#[Object]
impl ElectionsMutation {
    /// Adds a term election, usually a planned one.
    async fn create_term_election(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateTermElectionInput,
    ) -> Result<TermElectionPayload> {
        mutation::create::<Elections, _, _>(
            ctx,
            move || input.into_draft(),
            TermElection,
            TermElectionPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_term_election(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateTermElectionInput,
    ) -> Result<TermElectionPayload> {
        mutation::update::<Elections, _, _>(
            ctx,
            move || input.into_update(),
            TermElection,
            TermElectionPayload::new,
        )
        .await
    }

    /// Soft-deletes a term election.
    async fn delete_term_election(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<TermElectionPayload> {
        mutation::delete::<Elections, _, _>(ctx, input, TermElection, TermElectionPayload::new)
            .await
    }

    /// Restores a soft-deleted term election.
    async fn restore_term_election(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<TermElectionPayload> {
        mutation::restore::<Elections, _, _>(ctx, input, TermElection, TermElectionPayload::new)
            .await
    }

    /// Records a completed re-election (换届) and moves the organization to the new term, in one transaction.
    async fn reelect_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization, the `version` you read, and the election held.")]
        input: ReelectOrganizationInput,
    ) -> Result<TermElectionPayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(
                    async move { service::reelect(txn, &actor, input.into_reelection()?).await },
                )
            },
            TermElection,
            TermElectionPayload::new,
        )
        .await
    }
}
