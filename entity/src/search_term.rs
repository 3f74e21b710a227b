//! `search_term`: One searchable spelling (characters, full pinyin, initials or a code) of a
//! record's name, or of a suffix of it; maintained by `service::search`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "search_term")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The API type: `Person`, `Organization`, `Base`, `Home` or `Region`.
    pub record_type: String,
    /// The record's key: the integer id as text, or the region code.
    pub record_key: String,
    /// Tie-breaker between types on equal terms: regions, organizations, places, people.
    pub type_rank: i16,
    /// The API field the term spells: `name`, `namePinyin`, `nameInitials`, `code`, `creditCode`.
    pub field: String,
    /// `HANZI`, `FULL`, `INITIALS` or `CODE`.
    pub kind: String,
    /// The normalized term: lowercase, no spaces or middle dots.
    pub term: String,
    /// Whether the term is a suffix of the spelling rather than the whole of it.
    pub is_suffix: bool,
    /// Length in characters of the whole spelling, for ranking by coverage.
    pub name_len: i32,
    /// Spelled with a less usual reading of a heteronym (会 as kuai): ranked lower.
    pub alt_reading: bool,
    pub region_code: String,
    /// Mirrors the record's soft deletion; deleted records are not found.
    pub deleted: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
