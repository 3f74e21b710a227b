//! Writes the access log of unmasked personal-data reads in batches: each resolver about to send
//! an unmasked value asks this loader first, and one INSERT covers every such read of a batch.
//! A failed INSERT fails every read waiting on it (fail closed).

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use chrono::Utc;
use entity::access_log::{ActiveModel, Entity};
use sea_orm::{DatabaseConnection, EntityTrait, NotSet, Set};

use crate::error::AppError;
use crate::ids::RecordType;

/// Records that hold personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holder {
    Person,
    Household,
}

impl Holder {
    /// The API type name, as stored in `record_type`.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Person => RecordType::Person.name(),
            Self::Household => RecordType::Household.name(),
        }
    }
}

/// What was read unmasked: (holder, record key, field), e.g. `(Holder::Person, 12, "phone")`.
pub type Read = (Holder, i64, String);

/// Records [`Read`]s for one request's caller.
pub struct AccessLogWriter {
    db: DatabaseConnection,
    actor: String,
    request_id: Option<String>,
}

impl Loader<Read> for AccessLogWriter {
    type Value = ();
    type Error = AppError;

    async fn load(&self, keys: &[Read]) -> Result<HashMap<Read, ()>, AppError> {
        let at = Utc::now();
        let rows = keys.iter().map(|(record_type, key, field)| ActiveModel {
            id: NotSet,
            at: Set(at),
            actor: Set(self.actor.clone()),
            person_id: Set(*key),
            record_type: Set(record_type.type_name().to_owned()),
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
