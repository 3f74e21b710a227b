//! The shape every entity type shares: a wrapper over its model with `id`, `version` and
//! timestamps, plus small helpers resolvers use to reach loaders and decode stored enums.

use async_graphql::{Context, Result, ResultExt};

use crate::auth::{Role, Viewer};
use crate::db::loaders::Loaders;
use crate::domain::enums::{self, DomainEnum};
use crate::error::AppError;

/// Declares `pub struct $name(pub entity::$module::Model)` as a GraphQL object whose global id
/// is `$name:<key>`, with the common fields and the given resolvers.
macro_rules! entity_object {
    ($(#[doc = $doc:literal])* $name:ident($module:ident, $key:ident) { $($body:tt)* }) => {
        $(#[doc = $doc])*
        #[derive(Clone)]
        pub struct $name(pub entity::$module::Model);

        // The schema takes an object's description from its `impl` block.
        $(#[doc = $doc])*
        #[async_graphql::Object]
        impl $name {
            /// Opaque, stable global id (Relay).
            pub(crate) async fn id(&self) -> async_graphql::ID {
                $crate::ids::encode(stringify!($name), &self.0.$key)
            }
            /// Incremented by every change; send it back as `expectedVersion` when changing the record.
            async fn version(&self) -> i32 {
                self.0.version
            }
            /// When the record was created.
            async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
                self.0.created_at
            }
            /// When the record last changed.
            async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
                self.0.updated_at
            }
            /// Changes to this record, oldest first (its audit entries).
            async fn history(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "Page forward: at most this many items (after `after`). Default 20, at most the server's page size limit (100 unless configured); not with `last`.")]
                first: Option<i32>,
                #[graphql(desc = "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` from the same list and order).")]
                after: Option<String>,
                #[graphql(desc = "Page backward: at most this many items (before `before`). Same limits as `first`; not with `first`.")]
                last: Option<i32>,
                #[graphql(desc = "End before this cursor (an edge's `cursor` or `pageInfo.startCursor` from the same list and order).")]
                before: Option<String>,
            ) -> async_graphql::Result<$crate::graphql::connection::Conn<$crate::graphql::audit::AuditEntry>> {
                $crate::graphql::audit::history(
                    ctx,
                    <entity::$module::Entity as $crate::ids::Typed>::TYPE_NAME,
                    self.0.$key.to_string(),
                    $crate::graphql::connection::args(first, after, last, before),
                )
                .await
            }
            $($body)*
        }
    };
}
pub(crate) use entity_object;

pub fn loaders<'a>(ctx: &Context<'a>) -> Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

/// The keys that open and seal ID numbers and phones (schema data).
pub fn data_keys<'a>(ctx: &Context<'a>) -> Result<&'a crate::db::sealed::DataKeys> {
    ctx.data::<crate::db::sealed::DataKeys>()
}

/// Decodes a stored enum code (an unknown code is an internal error, logged once).
pub fn stored<E: DomainEnum>(code: &str) -> Result<E> {
    enums::decode::<E>(code).extend()
}

/// Decodes an optional stored enum code.
pub fn stored_opt<E: DomainEnum>(code: &Option<String>) -> Result<Option<E>> {
    code.as_deref().map(stored::<E>).transpose()
}

/// A date column as the API's `Date` scalar.
pub fn date(value: chrono::NaiveDate) -> crate::scalars::Date {
    crate::scalars::Date(value)
}

pub fn date_opt(value: Option<chrono::NaiveDate>) -> Option<crate::scalars::Date> {
    value.map(crate::scalars::Date)
}

/// The paging key of a relation list ordered by id.
pub fn by_id<M: crate::db::table::IdRow>(row: &M) -> crate::db::cursor::CursorValue {
    crate::db::cursor::CursorValue::Int(row.id())
}

/// Everything but regions, places, organizations and published works is for signed-in roles
/// (VIEWER and up). Called before any lookup, so a denial says nothing about what exists.
pub fn signed_in(ctx: &Context<'_>) -> Result<()> {
    match ctx.data_opt::<Viewer>() {
        Some(viewer) if viewer.role >= Role::Viewer => Ok(()),
        Some(viewer) if viewer.subject != "anonymous" => Err(AppError::Forbidden(
            "this record is not open to the PUBLIC role".into(),
        ))
        .extend(),
        _ => Err(AppError::Unauthenticated(
            "sign in (Authorization: Bearer …) to see this".into(),
        ))
        .extend(),
    }
}

/// The caller: the request's viewer, PUBLIC when there is none.
pub fn viewer(ctx: &Context<'_>) -> Viewer {
    ctx.data_opt::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::public)
}

/// Whether the caller is PUBLIC (no token, or a PUBLIC token).
pub fn is_public(ctx: &Context<'_>) -> bool {
    ctx.data_opt::<Viewer>()
        .is_none_or(|v| v.role == Role::Public)
}

/// The loaded relation rows in force on `day` (`db::in_force`), or all of them without a day.
pub fn in_force_on<M: crate::db::in_force::InForce>(
    rows: Option<Vec<M>>,
    day: Option<crate::scalars::Date>,
) -> Vec<M> {
    let mut rows = rows.unwrap_or_default();
    if let Some(day) = day {
        rows.retain(|row| row.in_force_on(day.0));
    }
    rows
}
