//! `me`, and API-token management for admins (`apiTokens`, `createApiToken`, `revokeApiToken`).

use async_graphql::{Context, ID, InputObject, Object, Result, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};
use entity::api_token::{Entity, Model};

use crate::auth::{Role, Viewer, tokens};
use crate::db::cursor::CursorValue;
use crate::db::page::Ordering;
use crate::domain::region_code::RegionCode;
use crate::error::AppError;
use crate::graphql::connection::{self, Conn, args, db};
use crate::ids;

/// The caller, as the server sees them.
#[derive(SimpleObject)]
pub struct Me {
    /// The role the caller acts with (PUBLIC without a token).
    pub role: Role,
    /// The region subtree the caller is limited to (12-digit code); null for the whole city.
    pub region_scope: Option<String>,
    /// How audit entries name the caller.
    pub subject: String,
}

/// An API token (its secret is never shown again after creation).
pub struct ApiToken(Model);

/// An API token (its secret is never shown again after creation).
#[Object]
impl ApiToken {
    /// Opaque, stable global id; pass it to `revokeApiToken`.
    async fn id(&self) -> ID {
        ids::of::<entity::api_token::Entity>(self.0.id)
    }
    /// Name given at creation, to tell tokens apart.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The role the token acts with; null when the stored role is not one this server knows (the
    /// token is refused).
    async fn role(&self) -> Option<Role> {
        tokens::parse_role(&self.0.role)
    }
    /// Region subtree the token is limited to; null for the whole city.
    async fn region_scope(&self) -> Option<&str> {
        self.0.region_scope.as_deref()
    }
    /// When the token was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Who created it, as audit entries name them.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When it stops working; null: never expires.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
    /// When it was revoked; null while it is valid.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
    /// Last use, to the minute.
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
}

fn require_admin<'a>(ctx: &Context<'a>) -> Result<&'a Viewer> {
    match ctx.data_opt::<Viewer>() {
        Some(viewer) if viewer.role == Role::Admin => Ok(viewer),
        _ => Err(AppError::Forbidden("only admins manage API tokens".into())).extend(),
    }
}

#[derive(Default)]
pub struct TokensQuery;

#[Object]
impl TokensQuery {
    /// The caller: role and region scope.
    async fn me(&self, ctx: &Context<'_>) -> Me {
        let viewer = ctx
            .data_opt::<Viewer>()
            .cloned()
            .unwrap_or_else(Viewer::public);
        Me {
            role: viewer.role,
            region_scope: viewer.region_scope.map(|r| r.as_str().to_owned()),
            subject: viewer.subject,
        }
    }

    /// API tokens, newest first (admins only).
    async fn api_tokens(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page forward: at most this many items (after `after`). Default 20, at most the server's page size limit (100 unless configured); not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` from the same list and order)."
        )]
        after: Option<String>,
        #[graphql(
            desc = "Page backward: at most this many items (before `before`). Same limits as `first`; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "End before this cursor (an edge's `cursor` or `pageInfo.startCursor` from the same list and order)."
        )]
        before: Option<String>,
    ) -> Result<Conn<ApiToken>> {
        require_admin(ctx)?;
        let ordering = Ordering::newest_first(|m: &Model| CursorValue::Int(m.id));
        let select = <Entity as sea_orm::EntityTrait>::find();
        connection::root(
            ctx,
            select,
            ordering,
            args(first, after, last, before),
            ApiToken,
        )
        .await
    }
}

/// A new API token.
#[derive(InputObject)]
pub struct CreateApiTokenInput {
    /// Who or what uses it; audit entries show it.
    pub name: String,
    /// The role the token acts with.
    pub role: Role,
    /// Limit to this region subtree (code); omit for the whole city (not for EDITOR, which
    /// needs a region: BAD_USER_INPUT without one).
    pub region: Option<String>,
    /// When it stops working; omit for a token that never expires.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A token just created: the secret appears here once and never again.
#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// The token's record, as `apiTokens` lists it.
    pub api_token: ApiToken,
}

/// Revokes a token.
#[derive(InputObject)]
pub struct RevokeApiTokenInput {
    /// The token to revoke (its `ApiToken` id).
    pub id: ID,
}

#[derive(Default)]
pub struct TokensMutation;

#[Object]
impl TokensMutation {
    /// Issues an API token (admins only).
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new token's name, role, region and expiry.")]
        input: CreateApiTokenInput,
    ) -> Result<CreateApiTokenPayload> {
        let admin = require_admin(ctx)?;
        let region = input
            .region
            .map(|r| {
                RegionCode::parse(&r).map_err(|e| AppError::bad_input(format!("region {r:?}: {e}")))
            })
            .transpose()
            .extend()?;
        let (row, secret) = tokens::create(
            db(ctx)?,
            &input.name,
            input.role,
            region.as_ref(),
            input.expires_at,
            &admin.subject,
        )
        .await
        .extend()?;
        Ok(CreateApiTokenPayload {
            token: secret,
            api_token: ApiToken(row),
        })
    }

    /// Revokes an API token at once (admins only).
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token to revoke.")] input: RevokeApiTokenInput,
    ) -> Result<ApiToken> {
        require_admin(ctx)?;
        let id = ids::key::<entity::api_token::Entity>(&input.id).extend()?;
        Ok(ApiToken(tokens::revoke(db(ctx)?, id).await.extend()?))
    }
}
