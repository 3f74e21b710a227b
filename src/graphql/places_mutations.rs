//! Mutations of bases and homes.

use crate::graphql::inputs::places::CreateBaseInput;
use crate::graphql::inputs::places::CreateHomeInput;
use crate::graphql::inputs::places::UpdateBaseInput;
use crate::graphql::inputs::places::UpdateHomeInput;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::mutation::mutate;
use crate::graphql::types::Base;
use crate::graphql::types::Home;
use crate::ids;
use crate::service::places as service;
use crate::service::places::PlaceClass;
use async_graphql::Context;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::SimpleObject;

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
