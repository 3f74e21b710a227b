//! Mutations of suggestions (moving them through their statuses) and livelihood projects.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::mutation::{DeleteInput, RestoreInput, UserError, actor, payload, transact};
use crate::graphql::types::{LivelihoodProject, Suggestion};
use crate::service::livelihood_projects::{
    self as projects, CreateLivelihoodProjectInput, UpdateLivelihoodProjectInput,
};
use crate::service::suggestions::{
    self as service, CreateSuggestionInput, MoveSuggestionInput, UpdateSuggestionInput,
};

/// The result of a mutation of a `Suggestion`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct SuggestionPayload {
    /// The record as written; null when the input was refused.
    pub suggestion: Option<Suggestion>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl SuggestionPayload {
    pub fn new(suggestion: Option<Suggestion>, user_errors: Vec<UserError>) -> Self {
        Self {
            suggestion,
            user_errors,
        }
    }
}

/// The result of a mutation of a `LivelihoodProject`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct LivelihoodProjectPayload {
    /// The record as written; null when the input was refused.
    pub livelihood_project: Option<LivelihoodProject>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl LivelihoodProjectPayload {
    pub fn new(livelihood_project: Option<LivelihoodProject>, user_errors: Vec<UserError>) -> Self {
        Self {
            livelihood_project,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct SuggestionsMutation;

#[Object]
impl SuggestionsMutation {
    /// Adds a suggestion, as a draft or submitted.
    async fn create_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateSuggestionInput,
    ) -> Result<SuggestionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::create(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Suggestion, SuggestionPayload::new)
    }

    /// Changes the fields given (not the status: see `moveSuggestion`); refused with VERSION_CONFLICT if the record changed since read.
    async fn update_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateSuggestionInput,
    ) -> Result<SuggestionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::update(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Suggestion, SuggestionPayload::new)
    }

    /// Moves a suggestion to one of its `nextStatuses`; any other target is refused with INVALID_TRANSITION.
    async fn move_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suggestion, the `version` you read, and the status to move it to.")]
        input: MoveSuggestionInput,
    ) -> Result<SuggestionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::move_to(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Suggestion, SuggestionPayload::new)
    }

    /// Soft-deletes a suggestion.
    async fn delete_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<SuggestionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                service::delete(txn, &actor, &input.id, input.expected_version).await
            })
        })
        .await;
        payload(ctx, outcome, Suggestion, SuggestionPayload::new)
    }

    /// Restores a soft-deleted suggestion.
    async fn restore_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<SuggestionPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::restore(txn, &actor, &input.id).await })
        })
        .await;
        payload(ctx, outcome, Suggestion, SuggestionPayload::new)
    }

    /// Adds a livelihood project (民生实事).
    async fn create_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateLivelihoodProjectInput,
    ) -> Result<LivelihoodProjectPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { projects::create(txn, &actor, input).await })
        })
        .await;
        payload(
            ctx,
            outcome,
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateLivelihoodProjectInput,
    ) -> Result<LivelihoodProjectPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { projects::update(txn, &actor, input).await })
        })
        .await;
        payload(
            ctx,
            outcome,
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
    }

    /// Soft-deletes a livelihood project; refused while suggestions are adopted into it.
    async fn delete_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<LivelihoodProjectPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                projects::delete(
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
        payload(
            ctx,
            outcome,
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
    }

    /// Restores a soft-deleted livelihood project.
    async fn restore_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<LivelihoodProjectPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { projects::restore(txn, &actor, &input.id).await })
        })
        .await;
        payload(
            ctx,
            outcome,
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
    }
}
