//! Mutations of publicity works and their publications.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::mutation::{DeleteInput, RestoreInput, UserError, actor, payload, transact};
use crate::graphql::types::{Publication, PublicityWork};
use crate::service::publicity::{
    self as service, CreatePublicationInput, CreatePublicityWorkInput, UpdatePublicationInput,
    UpdatePublicityWorkInput,
};

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
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::create_work(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, PublicityWork, PublicityWorkPayload::new)
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_publicity_work(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdatePublicityWorkInput,
    ) -> Result<PublicityWorkPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::update_work(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, PublicityWork, PublicityWorkPayload::new)
    }

    /// Soft-deletes a publicity work; refused while it has publications (see `endLinks`).
    async fn delete_publicity_work(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<PublicityWorkPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                service::delete_work(
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
        payload(ctx, outcome, PublicityWork, PublicityWorkPayload::new)
    }

    /// Restores a soft-deleted publicity work.
    async fn restore_publicity_work(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<PublicityWorkPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::restore_work(txn, &actor, &input.id).await })
        })
        .await;
        payload(ctx, outcome, PublicityWork, PublicityWorkPayload::new)
    }

    /// Records a publication of a work on a media outlet.
    async fn create_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreatePublicationInput,
    ) -> Result<PublicationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::create_publication(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Publication, PublicationPayload::new)
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdatePublicationInput,
    ) -> Result<PublicationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::update_publication(txn, &actor, input).await })
        })
        .await;
        payload(ctx, outcome, Publication, PublicationPayload::new)
    }

    /// Soft-deletes a publication.
    async fn delete_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<PublicationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                service::delete_publication(txn, &actor, &input.id, input.expected_version).await
            })
        })
        .await;
        payload(ctx, outcome, Publication, PublicationPayload::new)
    }

    /// Restores a soft-deleted publication of a live work.
    async fn restore_publication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<PublicationPayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move { service::restore_publication(txn, &actor, &input.id).await })
        })
        .await;
        payload(ctx, outcome, Publication, PublicationPayload::new)
    }
}
