//! Mutations of suggestions (moving them through their statuses) and livelihood projects.

use crate::graphql::inputs::suggestions::CreateLivelihoodProjectInput;
use crate::graphql::inputs::suggestions::CreateSuggestionInput;
use crate::graphql::inputs::suggestions::MoveSuggestionInput;
use crate::graphql::inputs::suggestions::UpdateLivelihoodProjectInput;
use crate::graphql::inputs::suggestions::UpdateSuggestionInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::mutate;
use crate::graphql::types::LivelihoodProject;
use crate::graphql::types::Suggestion;
use crate::service::livelihood_projects::LivelihoodProjects;
use crate::service::suggestions as service;
use crate::service::suggestions::Suggestions;
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

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
        mutation::create::<Suggestions, _, _>(
            ctx,
            move || Ok(input.into()),
            Suggestion,
            SuggestionPayload::new,
        )
        .await
    }

    /// Changes the fields given (not the status: see `moveSuggestion`); refused with VERSION_CONFLICT if the record changed since read.
    async fn update_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateSuggestionInput,
    ) -> Result<SuggestionPayload> {
        mutation::update::<Suggestions, _, _>(
            ctx,
            move || input.into_update(),
            Suggestion,
            SuggestionPayload::new,
        )
        .await
    }

    /// Moves a suggestion to one of its `nextStatuses`; any other target is refused with INVALID_TRANSITION.
    async fn move_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suggestion, the `version` you read, and the status to move it to.")]
        input: MoveSuggestionInput,
    ) -> Result<SuggestionPayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move { service::move_to(txn, &actor, input.into_move()?).await })
            },
            Suggestion,
            SuggestionPayload::new,
        )
        .await
    }

    /// Soft-deletes a suggestion.
    async fn delete_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<SuggestionPayload> {
        mutation::delete::<Suggestions, _, _>(ctx, input, Suggestion, SuggestionPayload::new).await
    }

    /// Restores a soft-deleted suggestion.
    async fn restore_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<SuggestionPayload> {
        mutation::restore::<Suggestions, _, _>(ctx, input, Suggestion, SuggestionPayload::new).await
    }

    /// Adds a livelihood project (民生实事).
    async fn create_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateLivelihoodProjectInput,
    ) -> Result<LivelihoodProjectPayload> {
        mutation::create::<LivelihoodProjects, _, _>(
            ctx,
            move || Ok(input.into()),
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateLivelihoodProjectInput,
    ) -> Result<LivelihoodProjectPayload> {
        mutation::update::<LivelihoodProjects, _, _>(
            ctx,
            move || input.into_update(),
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
        .await
    }

    /// Soft-deletes a livelihood project; refused while suggestions are adopted into it.
    async fn delete_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<LivelihoodProjectPayload> {
        mutation::delete::<LivelihoodProjects, _, _>(
            ctx,
            input,
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
        .await
    }

    /// Restores a soft-deleted livelihood project.
    async fn restore_livelihood_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<LivelihoodProjectPayload> {
        mutation::restore::<LivelihoodProjects, _, _>(
            ctx,
            input,
            LivelihoodProject,
            LivelihoodProjectPayload::new,
        )
        .await
    }
}
