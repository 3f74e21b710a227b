//! Mutations of bases and homes.

use async_graphql::{Context, Object, Result};

use crate::graphql::inputs::places::{
    CreateBaseInput, CreateHomeInput, UpdateBaseInput, UpdateHomeInput,
};
use crate::graphql::mutation::{DeleteInput, RestoreInput, mutate, payload_type};
use crate::graphql::types::{Base, Home};
use crate::ids;
use crate::service::places::{self as service, PlaceClass};

payload_type!(BasePayload, base: Base);
payload_type!(HomePayload, home: Home);

/// The key of a base or home a delete or restore names.
fn key_of(class: PlaceClass, id: &async_graphql::ID) -> crate::error::AppResult<i64> {
    ids::decode_int(id, class.type_name())
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
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    service::create(txn, &actor, PlaceClass::Base, input.into()).await
                })
            },
            Base,
            BasePayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateBaseInput,
    ) -> Result<BasePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    service::update(txn, &actor, PlaceClass::Base, input.into_update()?).await
                })
            },
            Base,
            BasePayload::new,
        )
        .await
    }

    /// Soft-deletes a base; refused while activities point at it.
    async fn delete_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<BasePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    let key = key_of(PlaceClass::Base, &input.id)?;
                    let version = input.expected_version;
                    service::delete(txn, &actor, PlaceClass::Base, key, version, input.end_links)
                        .await
                })
            },
            Base,
            BasePayload::new,
        )
        .await
    }

    /// Restores a soft-deleted base.
    async fn restore_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<BasePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    let key = key_of(PlaceClass::Base, &input.id)?;
                    service::restore(txn, &actor, PlaceClass::Base, key).await
                })
            },
            Base,
            BasePayload::new,
        )
        .await
    }

    /// Adds a home; a base kind is refused (use `createBase`).
    async fn create_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateHomeInput,
    ) -> Result<HomePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    service::create(txn, &actor, PlaceClass::Home, input.into()).await
                })
            },
            Home,
            HomePayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateHomeInput,
    ) -> Result<HomePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    service::update(txn, &actor, PlaceClass::Home, input.into_update()?).await
                })
            },
            Home,
            HomePayload::new,
        )
        .await
    }

    /// Soft-deletes a home; refused while activities point at it.
    async fn delete_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<HomePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    let key = key_of(PlaceClass::Home, &input.id)?;
                    let version = input.expected_version;
                    service::delete(txn, &actor, PlaceClass::Home, key, version, input.end_links)
                        .await
                })
            },
            Home,
            HomePayload::new,
        )
        .await
    }

    /// Restores a soft-deleted home.
    async fn restore_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<HomePayload> {
        mutate(
            ctx,
            |txn, actor| {
                Box::pin(async move {
                    let key = key_of(PlaceClass::Home, &input.id)?;
                    service::restore(txn, &actor, PlaceClass::Home, key).await
                })
            },
            Home,
            HomePayload::new,
        )
        .await
    }
}
