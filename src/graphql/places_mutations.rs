//! Mutations of bases and homes.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::mutation::{DeleteInput, RestoreInput, UserError, actor, payload, transact};
use crate::graphql::types::{Base, Home};
use crate::service::places::{
    self as service, CreateBaseInput, CreateHomeInput, PlaceClass, UpdateBaseInput, UpdateHomeInput,
};

/// The result of a mutation of a `Base`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct BasePayload {
    /// The record as written; null when the input was refused.
    pub base: Option<Base>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl BasePayload {
    pub fn new(base: Option<Base>, user_errors: Vec<UserError>) -> Self {
        Self { base, user_errors }
    }
}

/// The result of a mutation of a `Home`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct HomePayload {
    /// The record as written; null when the input was refused.
    pub home: Option<Home>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl HomePayload {
    pub fn new(home: Option<Home>, user_errors: Vec<UserError>) -> Self {
        Self { home, user_errors }
    }
}

#[derive(Default)]
pub struct PlacesMutation;

#[Object]
impl PlacesMutation {
    /// Adds a base; a home kind is refused (use `createHome`).
    async fn create_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateBaseInput,
    ) -> Result<BasePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(
                async move { service::create(txn, &actor, PlaceClass::Base, input.into()).await },
            )
        })
        .await;
        payload(ctx, outcome, Base, BasePayload::new)
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateBaseInput,
    ) -> Result<BasePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(
                async move { service::update(txn, &actor, PlaceClass::Base, input.into()).await },
            )
        })
        .await;
        payload(ctx, outcome, Base, BasePayload::new)
    }

    /// Soft-deletes a base; refused while activities point at it.
    async fn delete_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<BasePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                let (id, version) = (&input.id, input.expected_version);
                service::delete(txn, &actor, PlaceClass::Base, id, version, input.end_links).await
            })
        })
        .await;
        payload(ctx, outcome, Base, BasePayload::new)
    }

    /// Restores a soft-deleted base.
    async fn restore_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<BasePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(
                async move { service::restore(txn, &actor, PlaceClass::Base, &input.id).await },
            )
        })
        .await;
        payload(ctx, outcome, Base, BasePayload::new)
    }

    /// Adds a home; a base kind is refused (use `createBase`).
    async fn create_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateHomeInput,
    ) -> Result<HomePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(
                async move { service::create(txn, &actor, PlaceClass::Home, input.into()).await },
            )
        })
        .await;
        payload(ctx, outcome, Home, HomePayload::new)
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateHomeInput,
    ) -> Result<HomePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(
                async move { service::update(txn, &actor, PlaceClass::Home, input.into()).await },
            )
        })
        .await;
        payload(ctx, outcome, Home, HomePayload::new)
    }

    /// Soft-deletes a home; refused while activities point at it.
    async fn delete_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<HomePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                let (id, version) = (&input.id, input.expected_version);
                service::delete(txn, &actor, PlaceClass::Home, id, version, input.end_links).await
            })
        })
        .await;
        payload(ctx, outcome, Home, HomePayload::new)
    }

    /// Restores a soft-deleted home.
    async fn restore_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<HomePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(
                async move { service::restore(txn, &actor, PlaceClass::Home, &input.id).await },
            )
        })
        .await;
        payload(ctx, outcome, Home, HomePayload::new)
    }
}
