//! API tokens: random secrets shown once, stored as SHA-256 hashes, revocable, with last use.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use entity::api_token::{ActiveModel, Column, Entity, Model};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, NotSet,
    QueryFilter, Set,
};
use sha2::{Digest, Sha256};

use super::verified::VERIFIED;
use super::{Role, Viewer};
use crate::domain::region_code::RegionCode;
use crate::error::{AppError, AppResult};

/// Every secret starts with this, so leaked tokens are easy to search for.
pub const PREFIX: &str = "txn_";

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Public => "PUBLIC",
        Role::Viewer => "VIEWER",
        Role::Analyst => "ANALYST",
        Role::Editor => "EDITOR",
        Role::Admin => "ADMIN",
    }
}

pub fn parse_role(code: &str) -> Option<Role> {
    [
        Role::Public,
        Role::Viewer,
        Role::Analyst,
        Role::Editor,
        Role::Admin,
    ]
    .into_iter()
    .find(|r| role_code(*r).eq_ignore_ascii_case(code))
}

/// Issues a token; returns the stored row and the secret, which is never stored or shown again.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    role: Role,
    region: Option<&RegionCode>,
    expires_at: Option<DateTime<Utc>>,
    created_by: &str,
) -> AppResult<(Model, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::bad_input("a token name has 1 to 80 characters"));
    }
    if expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(AppError::bad_input("the expiry lies in the past"));
    }
    if !super::policy::credential_scope_allowed(role, region) {
        return Err(AppError::bad_input(
            "an EDITOR token needs a region: editors change records only inside one",
        ));
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let row = ActiveModel {
        id: NotSet,
        name: Set(name.to_owned()),
        secret_hash: Set(hash(&secret)),
        role: Set(role_code(role).to_owned()),
        region_scope: Set(region.map(|r| r.as_str().to_owned())),
        created_at: Set(Utc::now()),
        created_by: Set(created_by.to_owned()),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        last_used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok((row, secret))
}

/// Revokes a token; its secret stops working at once in this process, and within
/// [`super::verified::FRESH_FOR`] in other processes sharing the database.
pub async fn revoke(db: &impl ConnectionTrait, id: i64) -> AppResult<Model> {
    let row = Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("no API token has that id"))?;
    if row.revoked_at.is_some() {
        return Ok(row);
    }
    let mut active: ActiveModel = row.into();
    active.revoked_at = Set(Some(Utc::now()));
    let revoked = active.update(db).await?;
    VERIFIED.forget(revoked.id);
    Ok(revoked)
}

/// Writes a token's last use after the check, not within it: a check only reads, so it
/// answers at once even while another connection holds SQLite's write lock (an import's
/// chunk), which the write would wait for. A last use that cannot be written is only logged.
fn note_use(db: &DatabaseConnection, id: i64, now: DateTime<Utc>) {
    let db = db.clone();
    let write = async move {
        let written = Entity::update_many()
            .col_expr(Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
            .filter(Column::Id.eq(id))
            .exec(&db)
            .await;
        if let Err(err) = written {
            tracing::warn!(token = id, error = %err, "a token's last use was not written");
        }
    };
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => drop(runtime.spawn(write)),
        Err(_) => tracing::warn!(token = id, "no runtime to write a token's last use"),
    }
}

/// The viewer a secret stands for, or `None` if it is unknown, revoked or expired. A token
/// verified in the last few seconds is answered from memory without a statement.
pub async fn authenticate(db: &DatabaseConnection, secret: &str) -> AppResult<Option<Viewer>> {
    Ok(verify(db, secret).await?.map(|(_, viewer)| viewer))
}

/// [`authenticate`], with the token's id: the caller limits count against.
pub async fn verify(db: &DatabaseConnection, secret: &str) -> AppResult<Option<(i64, Viewer)>> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    let secret_hash = hash(secret);
    if let Some(verified) = VERIFIED.get(&secret_hash) {
        return Ok(Some(verified));
    }
    let Some(row) = Entity::find()
        .filter(Column::SecretHash.eq(secret_hash.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    if row.revoked_at.is_some() || row.expires_at.is_some_and(|at| at <= now) {
        return Ok(None);
    }
    let Some(role) = parse_role(&row.role) else {
        return Ok(None);
    };
    // Last use is kept to the minute: a write on every request would serialise readers.
    if row
        .last_used_at
        .is_none_or(|at| now - at > Duration::minutes(1))
    {
        note_use(db, row.id, now);
    }
    let region_scope = match row.region_scope.as_deref() {
        None => None,
        // A scope that no longer parses must not widen the token to the whole city.
        Some(code) => match RegionCode::parse(code) {
            Ok(region) => Some(region),
            Err(_) => return Ok(None),
        },
    };
    // A token stored before the rule (or written around it) is refused, not widened.
    if !super::policy::credential_scope_allowed(role, region_scope.as_ref()) {
        return Ok(None);
    }
    let viewer = Viewer {
        role,
        region_scope,
        subject: format!("token:{}", row.name),
    };
    VERIFIED.put(secret_hash, row.id, viewer.clone(), row.expires_at);
    Ok(Some((row.id, viewer)))
}
