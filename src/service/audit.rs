//! Writes audit entries: who changed which record how, with the record before and after (personal
//! fields masked), in the same transaction as the change.

use chrono::Utc;
use entity::audit_entry;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Iden, NotSet, Set};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::{Viewer, policy};
use crate::db::table::Table;
use crate::error::{AppError, AppResult};

/// Who is writing: their rights, and how the audit trail names them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub viewer: Viewer,
    pub request_id: Option<String>,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            viewer: Viewer::system(),
            request_id: None,
        }
    }

    /// Token name, JWT subject or `system`.
    pub fn subject(&self) -> &str {
        &self.viewer.subject
    }

    /// A record linking records of several regions needs the right to write every one.
    pub fn may_link<'a>(&self, regions: impl IntoIterator<Item = &'a str>) -> AppResult<()> {
        if policy::may_link(&self.viewer, regions) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "this caller may not change records of every region this links".into(),
            ))
        }
    }

    /// Writes need an EDITOR whose region subtree holds `region_code`, or an ADMIN.
    pub fn may_write(&self, region_code: &str) -> AppResult<()> {
        if policy::may_write(&self.viewer, region_code) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "this caller may not change records of that region".into(),
            ))
        }
    }
}

/// Bookkeeping columns every change touches; not listed as changed fields.
const BOOKKEEPING: [&str; 3] = ["updated_at", "version", "created_at"];

fn fields<M: Serialize>(model: Option<&M>) -> Option<Map<String, Value>> {
    match serde_json::to_value(model?) {
        Ok(Value::Object(fields)) => Some(fields),
        _ => None,
    }
}

fn masked<E: Table>(fields: Option<&Map<String, Value>>) -> Option<Map<String, Value>> {
    let mut fields = fields?.clone();
    for name in E::PERSONAL {
        if let Some(value) = fields.get_mut(*name)
            && !value.is_null()
        {
            *value = Value::String("***".into());
        }
    }
    Some(fields)
}

/// The record's key as text, read from its serialized fields.
pub fn key_of<E: Table>(fields: &Map<String, Value>) -> String {
    match fields.get(&E::key_column().to_string()) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The audit entry of one change of one row of `E` (personal fields masked).
fn entry<E, M>(
    actor: &Actor,
    operation: &str,
    before: Option<&M>,
    after: Option<&M>,
) -> audit_entry::ActiveModel
where
    E: Table,
    M: Serialize,
{
    // Changed fields are found on the plain values: a personal field that changed is listed
    // even though both of its masked values read `***`.
    let (plain_before, plain_after) = (fields(before), fields(after));
    let before = masked::<E>(plain_before.as_ref());
    let after = masked::<E>(plain_after.as_ref());
    let empty = Map::new();
    let (old, new) = (
        plain_before.as_ref().unwrap_or(&empty),
        plain_after.as_ref().unwrap_or(&empty),
    );
    let changed: Vec<&str> = new
        .iter()
        .chain(old.iter())
        .map(|(name, _)| name.as_str())
        .filter(|name| !BOOKKEEPING.contains(name) && old.get(*name) != new.get(*name))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let changed = changed.join(",");
    let key = key_of::<E>(after.as_ref().or(before.as_ref()).unwrap_or(&empty));
    audit_entry::ActiveModel {
        id: NotSet,
        at: Set(Utc::now()),
        actor: Set(actor.subject().to_owned()),
        operation: Set(operation.to_owned()),
        entity_type: Set(E::TYPE_NAME.to_owned()),
        entity_key: Set(key),
        before: Set(before
            .as_ref()
            .map(|b| Value::Object(b.clone()).to_string())),
        after: Set(after.as_ref().map(|a| Value::Object(a.clone()).to_string())),
        changed_fields: Set(changed),
        request_id: Set(actor.request_id.clone()),
    }
}

/// Records one change of one row of `E`.
pub async fn record<E, M, C>(
    db: &C,
    actor: &Actor,
    operation: &str,
    before: Option<&M>,
    after: Option<&M>,
) -> AppResult<()>
where
    E: Table,
    M: Serialize,
    C: ConnectionTrait,
{
    let entry = entry::<E, M>(actor, operation, before, after);
    let entry = entry.insert(db).await?;
    // On PostgreSQL, other processes hear of the change once (and only if) this commits.
    crate::live::announce(db, entry.id).await?;
    Ok(())
}

/// Records the creation of each of `created` (rows of `E` one multi-row insert wrote): one
/// CREATE entry each, as [`record`] writes, in a few multi-row statements.
pub async fn record_created<E, M, C>(db: &C, actor: &Actor, created: &[M]) -> AppResult<()>
where
    E: Table,
    M: Serialize,
    C: ConnectionTrait,
{
    // Ten columns a row: far below the bind-parameter limits of SQLite (32,766) and
    // PostgreSQL (65,535).
    const ROWS_PER_STATEMENT: usize = 1000;
    for part in created.chunks(ROWS_PER_STATEMENT) {
        let entries: Vec<audit_entry::ActiveModel> = part
            .iter()
            .map(|model| entry::<E, M>(actor, "CREATE", None, Some(model)))
            .collect();
        let ids = audit_entry::Entity::insert_many(entries)
            .exec_with_returning_keys(db)
            .await?;
        crate::live::announce_many(db, &ids).await?;
    }
    Ok(())
}
