//! Mutations of term elections (换届), including re-electing an organization's committee.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::mutation::{DeleteInput, RestoreInput, UserError, actor, payload, transact};
use crate::graphql::types::TermElection;
use crate::service::elections::{
    self as service, CreateTermElectionInput, ReelectOrganizationInput, UpdateTermElectionInput,
};

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
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::create(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, TermElection, TermElectionPayload::new)
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_term_election(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateTermElectionInput,
    ) -> Result<TermElectionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::update(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, TermElection, TermElectionPayload::new)
    }

    /// Soft-deletes a term election.
    async fn delete_term_election(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<TermElectionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                service::delete(txn, &actor, &input.id, input.expected_version).await
            })
        })
        .await;
        payload(ctx, outcome, TermElection, TermElectionPayload::new)
    }

    /// Restores a soft-deleted term election.
    async fn restore_term_election(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<TermElectionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::restore(txn, &actor, &input.id).await })
        })
        .await;
        payload(ctx, outcome, TermElection, TermElectionPayload::new)
    }

    /// Records a completed re-election (换届) and moves the organization to the new term, in one transaction.
    async fn reelect_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization, the `version` you read, and the election held.")]
        input: ReelectOrganizationInput,
    ) -> Result<TermElectionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::reelect(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, TermElection, TermElectionPayload::new)
    }
}
