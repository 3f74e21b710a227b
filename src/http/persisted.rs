//! Persisted documents: automatic persisted queries (Apollo's `persistedQuery` extension,
//! an in-memory LRU cache by SHA-256) and registered documents (`tongxin documents add`),
//! which the PUBLIC role is limited to in allow-list mode.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use axum::http::StatusCode;
use entity::persisted_document;
use lru::LruCache;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use sha2::{Digest, Sha256};

use super::protocol::Refused;
use crate::auth::{Role, Viewer};
use crate::error::code;

/// The code Apollo clients wait for before sending the full document.
pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";

/// The lowercase hex SHA-256 of a document, as APQ and the registry key it.
pub fn sha256(document: &str) -> String {
    hex::encode(Sha256::digest(document.as_bytes()))
}

/// The APQ cache and the allow-list setting of one server.
pub struct Persisted {
    cache: Option<Mutex<LruCache<String, String>>>,
    public_allow_list: bool,
}

impl Persisted {
    pub fn new(cache_size: usize, public_allow_list: bool) -> Self {
        Self {
            cache: NonZeroUsize::new(cache_size).map(|n| Mutex::new(LruCache::new(n))),
            public_allow_list,
        }
    }

    fn cached(&self, hash: &str) -> Option<String> {
        let cache = self.cache.as_ref()?;
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.get(hash).cloned()
    }

    fn remember(&self, hash: String, document: &str) {
        if let Some(cache) = &self.cache {
            let mut cache = cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            cache.put(hash, document.to_owned());
        }
    }

    /// Fills in `request.query` from a `persistedQuery` hash, registers a document sent with
    /// its hash, and in allow-list mode holds PUBLIC to registered documents.
    pub async fn resolve(
        &self,
        db: &impl ConnectionTrait,
        request: &mut async_graphql::Request,
        viewer: &Viewer,
    ) -> Result<(), Refused> {
        let hash = requested_hash(request)?;
        let restricted = self.public_allow_list && viewer.role == Role::Public;
        match (hash, request.query.is_empty()) {
            (Some(hash), true) => {
                let found = match (restricted, self.cached(&hash)) {
                    (false, Some(document)) => Some(document),
                    _ => registered(db, &hash).await?,
                };
                let Some(document) = found else {
                    return Err(Refused::new(
                        StatusCode::OK,
                        PERSISTED_QUERY_NOT_FOUND,
                        "PersistedQueryNotFound",
                    ));
                };
                if !restricted {
                    self.remember(hash, &document);
                }
                request.query = document;
                Ok(())
            }
            (Some(hash), false) => {
                if sha256(&request.query) != hash {
                    return Err(Refused::new(
                        StatusCode::BAD_REQUEST,
                        code::BAD_USER_INPUT,
                        "the persistedQuery sha256Hash does not match the query",
                    ));
                }
                if restricted {
                    return require_registered(db, &hash).await;
                }
                self.remember(hash, &request.query);
                Ok(())
            }
            (None, _) if restricted => require_registered(db, &sha256(&request.query)).await,
            (None, _) => Ok(()),
        }
    }
}

/// `extensions.persistedQuery.sha256Hash`, when sent (version 1 only).
fn requested_hash(request: &async_graphql::Request) -> Result<Option<String>, Refused> {
    use async_graphql::Value;
    let Some(persisted) = request.extensions.0.get("persistedQuery") else {
        return Ok(None);
    };
    let invalid = || {
        Refused::new(
            StatusCode::BAD_REQUEST,
            code::BAD_USER_INPUT,
            "extensions.persistedQuery must be {\"version\": 1, \"sha256Hash\": \"<64 hex digits>\"}",
        )
    };
    let Value::Object(fields) = persisted else {
        return Err(invalid());
    };
    let version_ok =
        matches!(fields.get("version"), Some(Value::Number(n)) if n.as_u64() == Some(1));
    match fields.get("sha256Hash") {
        Some(Value::String(hash))
            if version_ok && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(Some(hash.to_ascii_lowercase()))
        }
        _ => Err(invalid()),
    }
}

async fn registered(db: &impl ConnectionTrait, hash: &str) -> Result<Option<String>, Refused> {
    persisted_document::Entity::find_by_id(hash.to_owned())
        .one(db)
        .await
        .map(|found| found.map(|row| row.document))
        .map_err(|err| {
            tracing::error!(error = %err, "could not read the persisted documents");
            Refused::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code::UNAVAILABLE,
                "the service cannot check documents right now; retry shortly",
            )
        })
}

async fn require_registered(db: &impl ConnectionTrait, hash: &str) -> Result<(), Refused> {
    match registered(db, hash).await? {
        Some(_) => Ok(()),
        None => Err(Refused::new(
            StatusCode::FORBIDDEN,
            code::FORBIDDEN,
            "without a token only registered documents may run here (publicAllowList)",
        )),
    }
}

/// `tongxin documents add FILE`: registers a document; returns its hash. Registering the
/// same text again changes nothing.
pub async fn register(
    db: &impl ConnectionTrait,
    document: &str,
    name: Option<&str>,
) -> anyhow::Result<String> {
    async_graphql::parser::parse_query(document)
        .map_err(|err| anyhow::anyhow!("not a GraphQL document: {err}"))?;
    let hash = sha256(document);
    if persisted_document::Entity::find_by_id(hash.clone())
        .one(db)
        .await?
        .is_none()
    {
        persisted_document::ActiveModel {
            sha256: Set(hash.clone()),
            document: Set(document.to_owned()),
            name: Set(name.map(str::to_owned)),
            created_at: Set(chrono::Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(hash)
}

/// `tongxin documents add FILE…`: prints `sha256  FILE` for each registered file.
pub async fn run_command(
    db: &impl ConnectionTrait,
    action: crate::config::DocumentsCommand,
) -> anyhow::Result<()> {
    use std::io::Write;
    let crate::config::DocumentsCommand::Add { files } = action;
    let mut out = std::io::stdout().lock();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|err| anyhow::anyhow!("could not read {}: {err}", file.display()))?;
        let name = file.file_name().and_then(|n| n.to_str());
        let hash = register(db, &text, name)
            .await
            .map_err(|err| anyhow::anyhow!("{}: {err}", file.display()))?;
        writeln!(out, "{hash}  {}", file.display())?;
    }
    out.flush()?;
    Ok(())
}
