//! Writes the access log of unmasked personal-data reads in batches: each resolver about to send
//! an unmasked value asks this loader first, and one INSERT covers every such read of a batch.
//! A failed INSERT fails every read waiting on it (fail closed).

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use chrono::Utc;
use entity::access_log::{ActiveModel, Entity};
use sea_orm::{DatabaseConnection, EntityTrait, NotSet, Set};

use crate::error::AppError;

/// Records `(person id, field)` reads for one request's caller.
pub struct AccessLogWriter {
    db: DatabaseConnection,
    actor: String,
    request_id: Option<String>,
}

impl Loader<(i64, String)> for AccessLogWriter {
    type Value = ();
    type Error = AppError;

    async fn load(&self, keys: &[(i64, String)]) -> Result<HashMap<(i64, String), ()>, AppError> {
        let at = Utc::now();
        let rows = keys.iter().map(|(person_id, field)| ActiveModel {
            id: NotSet,
            at: Set(at),
            actor: Set(self.actor.clone()),
            person_id: Set(*person_id),
            field: Set(field.clone()),
            request_id: Set(self.request_id.clone()),
        });
        Entity::insert_many(rows).exec(&self.db).await?;
        Ok(keys.iter().map(|k| (k.clone(), ())).collect())
    }
}

/// The per-request access log.
pub type AccessLog = DataLoader<AccessLogWriter>;

/// The access log of one request or WebSocket connection. `db` must be able to write: the
/// primary, never a read replica (`graphql::prepare_with_id` takes care of that).
pub fn for_request(db: &DatabaseConnection, actor: &str, request_id: Option<String>) -> AccessLog {
    DataLoader::new(
        AccessLogWriter {
            db: db.clone(),
            actor: actor.to_owned(),
            request_id,
        },
        tokio::spawn,
    )
}
