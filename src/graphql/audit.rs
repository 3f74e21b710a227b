//! The audit trail as the API shows it: `AuditEntry`, each record's `history` and `auditLog`.

use async_graphql::{Context, ID, InputObject, Json, Object, Result, ResultExt};
use chrono::{DateTime, Utc};
use entity::audit_entry::{Column, Entity, Model};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

use crate::auth::{Role, Viewer};
use crate::db::cursor::CursorValue;
use crate::db::page::Ordering;
use crate::error::AppError;
use crate::graphql::connection::{self, Conn, args};
use crate::graphql::object::loaders;

/// One change to one record: who, when, what, and the record before and after.
pub struct AuditEntry(pub Model);

/// One change to one record: who, when, what, and the record before and after.
#[Object]
impl AuditEntry {
    /// Opaque, stable global id.
    async fn id(&self) -> ID {
        crate::ids::of::<entity::audit_entry::Entity>(self.0.id)
    }
    /// When the change was committed.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Who made it: a token name, a JWT subject, or `system`.
    async fn actor(&self) -> &str {
        &self.0.actor
    }
    /// CREATE, UPDATE, DELETE, RESTORE, PURGE or IMPORT.
    async fn operation(&self) -> &str {
        &self.0.operation
    }
    /// The record's type, e.g. `Organization` (`Place` for bases and homes).
    async fn record_type(&self) -> &str {
        &self.0.entity_type
    }
    /// The record's key (its number, or a region's code).
    async fn record_key(&self) -> &str {
        &self.0.entity_key
    }
    /// Fields the change touched.
    async fn changed_fields(&self) -> Vec<&str> {
        self.0
            .changed_fields
            .split(',')
            .filter(|f| !f.is_empty())
            .collect()
    }
    /// The record before the change (personal fields masked); null on create.
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        self.0
            .before
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .map(Json)
    }
    /// The record after the change (personal fields masked).
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        self.0
            .after
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .map(Json)
    }
    /// The HTTP request that made the change.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
}

fn require(ctx: &Context<'_>, role: Role) -> Result<()> {
    let allowed = ctx.data_opt::<Viewer>().is_some_and(|v| v.role >= role);
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "the audit trail is not open to this caller".into(),
        ))
        .extend()
    }
}

/// A record's `history` connection, oldest first.
pub async fn history(
    ctx: &Context<'_>,
    type_name: &str,
    key: String,
    page: crate::db::page::PageArgs,
) -> Result<Conn<AuditEntry>> {
    require(ctx, Role::Viewer)?;
    let rows = loaders(ctx)?
        .history
        .load_one((type_name.to_owned(), key))
        .await
        .extend()?;
    connection::relation(
        ctx,
        rows.unwrap_or_default(),
        |m| CursorValue::Int(m.id),
        page,
        AuditEntry,
    )
}

/// Selects audit entries. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct AuditLogFilter {
    /// Made by this actor.
    pub actor: Option<String>,
    /// Of records of this type, e.g. `Organization`.
    pub record_type: Option<String>,
    /// Any of these operations: CREATE, UPDATE, DELETE, RESTORE, PURGE or IMPORT.
    pub operation: Option<Vec<String>>,
    /// At or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub to: Option<DateTime<Utc>>,
}

/// One unmasked read of personal data: a person's, or a household head's name.
pub struct AccessLogEntry(entity::access_log::Model);

/// One unmasked read of personal data: a person's, or a household head's name.
#[Object]
impl AccessLogEntry {
    /// When the data was read (UTC).
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Who read.
    async fn actor(&self) -> &str {
        &self.0.actor
    }
    /// Whose data, when it is a person's (a Person id); null for other records.
    async fn person_id(&self) -> Option<ID> {
        (self.0.record_type == crate::db::access_log::Holder::Person.type_name())
            .then(|| crate::ids::of::<entity::person::Entity>(self.0.person_id))
    }
    /// The record whose data was read (a Person or a Household id).
    async fn record(&self) -> ID {
        crate::ids::encode(&self.0.record_type, self.0.person_id)
    }
    /// Which field, e.g. `phone`.
    async fn field(&self) -> &str {
        &self.0.field
    }
    /// Id of the HTTP request that read it (the response's `x-request-id`); null for reads outside
    /// a request.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Unmasked reads of personal data, newest first (admins only); `person` narrows to one person.
    async fn access_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only reads of this person's data (a `Person` id); omitted: every read.")]
        person: Option<ID>,
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
    ) -> Result<Conn<AccessLogEntry>> {
        use entity::access_log as log;
        require(ctx, Role::Admin)?;
        let mut select = log::Entity::find();
        if let Some(person) = person {
            let key = crate::ids::key::<entity::person::Entity>(&person).extend()?;
            select = select.filter(log::Column::PersonId.eq(key)).filter(
                log::Column::RecordType.eq(crate::db::access_log::Holder::Person.type_name()),
            );
        }
        let ordering = Ordering::newest_first(|m: &log::Model| CursorValue::Int(m.id));
        connection::root(
            ctx,
            select,
            ordering,
            args(first, after, last, before),
            AccessLogEntry,
        )
        .await
    }

    /// Every change, newest first (admins only).
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the records matching every condition given; omitted: all records the caller may see."
        )]
        filter: Option<AuditLogFilter>,
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
    ) -> Result<Conn<AuditEntry>> {
        require(ctx, Role::Admin)?;
        let filter = filter.unwrap_or_default();
        let mut all = Condition::all();
        if let Some(actor) = filter.actor {
            all = all.add(Column::Actor.eq(actor));
        }
        if let Some(record_type) = filter.record_type {
            all = all.add(Column::EntityType.eq(record_type));
        }
        if let Some(operations) = filter.operation {
            all = all.add(Column::Operation.is_in(operations));
        }
        if let Some(from) = filter.from {
            all = all.add(Column::At.gte(from));
        }
        if let Some(to) = filter.to {
            all = all.add(Column::At.lt(to));
        }
        let ordering = Ordering::newest_first(|m: &Model| CursorValue::Int(m.id));
        connection::root(
            ctx,
            Entity::find().filter(all),
            ordering,
            args(first, after, last, before),
            AuditEntry,
        )
        .await
    }
}
