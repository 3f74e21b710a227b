//! `api_token`: an API token an admin issued. Only a hash of the secret is stored.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// A name saying who or what uses the token; audit entries show it.
    pub name: String,
    /// SHA-256 of the secret, hex.
    #[sea_orm(unique)]
    #[serde(skip)]
    pub secret_hash: String,
    /// PUBLIC, VIEWER, ANALYST, EDITOR or ADMIN.
    pub role: String,
    /// The region subtree the token is limited to (12-digit code); null for the whole city.
    pub region_scope: Option<String>,
    pub created_at: DateTimeUtc,
    pub created_by: String,
    pub expires_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
