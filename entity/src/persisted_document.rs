//! `persisted_document`: a GraphQL document registered for the PUBLIC allow-list, by hash.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "persisted_document")]
pub struct Model {
    /// SHA-256 of the document text, lowercase hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    /// The document, exactly as registered.
    pub document: String,
    /// Where it came from (the file name given to `tongxin documents add`).
    pub name: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
