//! Mutations of bases and homes.

use crate::graphql::inputs::places::CreateBaseInput;
use crate::graphql::inputs::places::CreateHomeInput;
use crate::graphql::inputs::places::UpdateBaseInput;
use crate::graphql::inputs::places::UpdateHomeInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::types::Base;
use crate::graphql::types::Home;
use crate::service::places::Bases;
use crate::service::places::Homes;
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
        mutation::create::<Bases, _, _>(ctx, move || Ok(input.into()), Base, BasePayload::new).await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateBaseInput,
    ) -> Result<BasePayload> {
        mutation::update::<Bases, _, _>(ctx, move || input.into_update(), Base, BasePayload::new)
            .await
    }

    /// Soft-deletes a base; refused while activities point at it.
    async fn delete_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<BasePayload> {
        mutation::delete::<Bases, _, _>(ctx, input, Base, BasePayload::new).await
    }

    /// Restores a soft-deleted base.
    async fn restore_base(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<BasePayload> {
        mutation::restore::<Bases, _, _>(ctx, input, Base, BasePayload::new).await
    }

    /// Adds a home; a base kind is refused (use `createBase`).
    async fn create_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateHomeInput,
    ) -> Result<HomePayload> {
        mutation::create::<Homes, _, _>(ctx, move || Ok(input.into()), Home, HomePayload::new).await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the record changed since read.
    async fn update_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateHomeInput,
    ) -> Result<HomePayload> {
        mutation::update::<Homes, _, _>(ctx, move || input.into_update(), Home, HomePayload::new)
            .await
    }

    /// Soft-deletes a home; refused while activities point at it.
    async fn delete_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<HomePayload> {
        mutation::delete::<Homes, _, _>(ctx, input, Home, HomePayload::new).await
    }

    /// Restores a soft-deleted home.
    async fn restore_home(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<HomePayload> {
        mutation::restore::<Homes, _, _>(ctx, input, Home, HomePayload::new).await
    }
}
