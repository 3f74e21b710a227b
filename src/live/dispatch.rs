//! The dispatcher: reads committed audit entries and broadcasts them as changes.

use std::sync::Arc;
use std::time::Duration;

use entity::audit_entry;
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::{Map, Value};
use sqlx::postgres::PgListener;
use tokio::sync::{Notify, broadcast};

use super::change::{Change, Operation};
use super::region::region_of;
use crate::db::table::{RecordType, Typed};
use crate::domain::enums::{DomainEnum, PlaceKind};

/// How often SQLite is checked for entries written by other connections or processes.
const TICK: Duration = Duration::from_millis(500);
/// Entries read per statement.
const BATCH: u64 = 500;
/// Pause after a database error before trying again.
const BACKOFF: Duration = Duration::from_secs(1);

type Sender = broadcast::Sender<Arc<Change>>;

/// Starts the dispatcher once its starting point is fixed: changes committed after this
/// returns are delivered.
pub async fn start(
    db: DatabaseConnection,
    sender: Sender,
    nudge: Arc<Notify>,
) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let listener = subscribe(&db).await?;
        tokio::spawn(listen(db, sender, listener));
    } else {
        let last = last_id(&db).await?;
        tokio::spawn(poll(db, sender, nudge, last));
    }
    Ok(())
}

/// SQLite: one writer at a time, so entry ids grow in commit order and "past the last id seen"
/// never skips a late commit.
async fn poll(db: DatabaseConnection, sender: Sender, nudge: Arc<Notify>, mut last: i64) {
    loop {
        tokio::select! {
            () = nudge.notified() => {}
            () = tokio::time::sleep(TICK) => {}
        }
        loop {
            let entries = audit_entry::Entity::find()
                .filter(audit_entry::Column::Id.gt(last))
                .order_by_asc(audit_entry::Column::Id)
                .limit(BATCH)
                .all(&db)
                .await;
            match entries {
                Ok(entries) => {
                    let full = entries.len() as u64 == BATCH;
                    if let Some(entry) = entries.last() {
                        last = entry.id;
                    }
                    publish(&db, &sender, entries).await;
                    if !full {
                        break;
                    }
                }
                Err(err) => {
                    tracing::warn!(error = %err, "change feed: reading new audit entries failed");
                    tokio::time::sleep(BACKOFF).await;
                    break;
                }
            }
        }
    }
}

async fn last_id(db: &DatabaseConnection) -> Result<i64, DbErr> {
    Ok(audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .one(db)
        .await?
        .map_or(0, |entry| entry.id))
}

/// PostgreSQL: concurrent transactions commit out of id order, so the notification names the
/// entry and the dispatcher fetches exactly those entries.
async fn subscribe(db: &DatabaseConnection) -> Result<PgListener, DbErr> {
    let failed = |err: sqlx::Error| DbErr::Custom(format!("LISTEN: {err}"));
    let mut listener = PgListener::connect_with(db.get_postgres_connection_pool())
        .await
        .map_err(failed)?;
    listener.listen(super::CHANNEL).await.map_err(failed)?;
    Ok(listener)
}

async fn listen(db: DatabaseConnection, sender: Sender, mut listener: PgListener) {
    loop {
        match listener.try_recv().await {
            Ok(Some(first)) => {
                let mut ids: Vec<i64> = first.payload().parse().into_iter().collect();
                while ids.len() < BATCH as usize {
                    match listener.next_buffered() {
                        Some(more) => ids.extend(more.payload().parse::<i64>()),
                        None => break,
                    }
                }
                match entries_by_id(&db, &ids).await {
                    Ok(entries) => publish(&db, &sender, entries).await,
                    Err(err) => tracing::warn!(error = %err, "change feed: reading entries failed"),
                }
            }
            // The connection dropped; the next call reconnects. Notifications sent in
            // between are lost: subscribers should refetch after a reconnect anyway.
            Ok(None) => tracing::warn!("change feed: LISTEN connection lost; reconnecting"),
            Err(err) => {
                tracing::warn!(error = %err, "change feed: LISTEN failed; reconnecting");
                tokio::time::sleep(BACKOFF).await;
            }
        }
    }
}

async fn entries_by_id(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<Vec<audit_entry::Model>, DbErr> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await
}

async fn publish(db: &DatabaseConnection, sender: &Sender, entries: Vec<audit_entry::Model>) {
    for entry in entries {
        match change_of(db, entry).await {
            // No subscriber is not an error: the change simply has no audience.
            Ok(change) => drop(sender.send(Arc::new(change))),
            Err(err) => tracing::warn!(error = %err, "change feed: cannot place a change"),
        }
    }
}

/// The record type an audit entry is about: a place's (a table of its own) is a base or a home
/// by its kind; `None` for entries about parts of a record.
fn record_of(entity_type: &str, snapshot: &Map<String, Value>) -> Option<RecordType> {
    if entity_type == <entity::place::Entity as Typed>::TYPE_NAME {
        let kind = snapshot
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let home = PlaceKind::from_code(kind).is_some_and(PlaceKind::is_home);
        return Some(if home {
            RecordType::Home
        } else {
            RecordType::Base
        });
    }
    RecordType::from_name(entity_type)
}

async fn change_of(db: &DatabaseConnection, entry: audit_entry::Model) -> Result<Change, DbErr> {
    let snapshot = entry
        .after
        .as_deref()
        .or(entry.before.as_deref())
        .and_then(|json| serde_json::from_str::<Map<String, Value>>(json).ok())
        .unwrap_or_default();
    let record = record_of(&entry.entity_type, &snapshot);
    let region_code = region_of(db, record, &snapshot).await?;
    Ok(Change {
        audit_id: entry.id,
        operation: Operation::from_audit(&entry.operation),
        record,
        // Clients know a record by its type's name (its global id carries it), not its table's.
        type_name: record.map_or(entry.entity_type, |record| record.name().to_owned()),
        key: entry.entity_key,
        region_code,
        at: entry.at,
    })
}
