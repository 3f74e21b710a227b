//! Mutations of publicity works and their publications.

use crate::graphql::inputs::publicity::CreatePublicationInput;
use crate::graphql::inputs::publicity::CreatePublicityWorkInput;
use crate::graphql::inputs::publicity::UpdatePublicationInput;
use crate::graphql::inputs::publicity::UpdatePublicityWorkInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::types::Publication;
use crate::graphql::types::PublicityWork;
use crate::service::publicity::Publications;
use crate::service::publicity::Works;
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

/// The result of a mutation of a `PublicityWork`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct PublicityWorkPayload {
    /// The record as written; null when the input was refused.
    pub publicity_work: Option<PublicityWork>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl PublicityWorkPayload {
    pub fn new(publicity_work: Option<PublicityWork>, user_errors: Vec<UserError>) -> Self {
        Self {
            publicity_work,
            user_errors,
        }
    }
}

/// The result of a mutation of a `Publication`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct PublicationPayload {
    /// The record as written; null when the input was refused.
    pub publication: Option<Publication>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl PublicationPayload {
    pub fn new(publication: Option<Publication>, user_errors: Vec<UserError>) -> Self {
        Self {
            publication,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct PublicityMutation;

#[Object]
impl PublicityMutation {
    /// Adds a publicity work.
    async fn create_publicity_work(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreatePublicityWorkInput,
    ) -> Result<PublicityWorkPayload> {
        mutation::create::<Works, _, _>(
            ctx,
            move || Ok(input.into()),
            PublicityWork,
            PublicityWorkPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_publicity_work(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdatePublicityWorkInput,
    ) -> Result<PublicityWorkPayload> {
        mutation::update::<Works, _, _>(
            ctx,
            move || input.into_update(),
            PublicityWork,
            PublicityWorkPayload::new,
        )
        .await
    }

    /// Soft-deletes a publicity work; refused while it has publications (see `endLinks`).
    async fn delete_publicity_work(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<PublicityWorkPayload> {
        mutation::delete::<Works, _, _>(ctx, input, PublicityWork, PublicityWorkPayload::new).await
    }

    /// Restores a soft-deleted publicity work.
    async fn restore_publicity_work(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<PublicityWorkPayload> {
        mutation::restore::<Works, _, _>(ctx, input, PublicityWork, PublicityWorkPayload::new).await
    }

    /// Records a publication of a work on a media outlet.
    async fn create_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreatePublicationInput,
    ) -> Result<PublicationPayload> {
        mutation::create::<Publications, _, _>(
            ctx,
            move || input.into_draft(),
            Publication,
            PublicationPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdatePublicationInput,
    ) -> Result<PublicationPayload> {
        mutation::update::<Publications, _, _>(
            ctx,
            move || input.into_update(),
            Publication,
            PublicationPayload::new,
        )
        .await
    }

    /// Soft-deletes a publication.
    async fn delete_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<PublicationPayload> {
        mutation::delete::<Publications, _, _>(ctx, input, Publication, PublicationPayload::new)
            .await
    }

    /// Restores a soft-deleted publication of a live work.
    async fn restore_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<PublicationPayload> {
        mutation::restore::<Publications, _, _>(ctx, input, Publication, PublicationPayload::new)
            .await
    }
}
