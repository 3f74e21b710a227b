//! Search across people, organizations, places and regions by characters, full pinyin,
//! initials or code: two index range scans over `search_term`, ranked in memory.
//! Which types a caller may find is decided in `auth::policy`.

mod index;
pub mod terms;

pub use index::{Record, add, reindex, sync};

use std::collections::HashMap;

use entity::search_term::{Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::error::{AppError, AppResult};
use terms::{MAX_QUERY_CHARS, TermKind, normalize};

/// Candidate terms read per scan for each hit asked for (ties are ranked in memory).
const CANDIDATES_PER_HIT: u64 = 5;
/// Fewest and most candidate terms read per scan.
const MIN_CANDIDATES: u64 = 50;
const MAX_CANDIDATES: u64 = 1_000;

/// How a hit matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchClass {
    /// The whole name, pinyin or code equals the query.
    Exact,
    /// The name, pinyin or code starts with the query.
    Prefix,
    /// The initials equal or start with the query.
    Initials,
    /// The query occurs later in the name or its pinyin.
    Substring,
}

impl MatchClass {
    /// The lower bound of the class's scores; classes never overlap.
    fn base(self) -> f64 {
        match self {
            Self::Exact => 0.8,
            Self::Prefix => 0.6,
            Self::Initials => 0.4,
            Self::Substring => 0.2,
        }
    }
}

/// One ranked hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// `Person`, `Organization`, `Base`, `Home` or `Region`.
    pub record_type: String,
    /// The integer id as text, or the region code.
    pub key: String,
    /// In (0, 1): the class's base plus up to 0.19 for how much of the name the query covers
    /// (half that for a less usual reading of a heteronym).
    pub score: f64,
    pub class: MatchClass,
    /// The API field that matched (`name`, `namePinyin`, `nameInitials`, `code`, `creditCode`).
    pub matched_field: String,
    type_rank: i16,
    name_len: i32,
}

fn classify(row: &Model, query: &str) -> Option<MatchClass> {
    let kind = TermKind::from_code(&row.kind)?;
    Some(match (row.is_suffix, kind) {
        (true, _) => MatchClass::Substring,
        (false, TermKind::Initials) => MatchClass::Initials,
        (false, _) if row.term == query => MatchClass::Exact,
        (false, _) => MatchClass::Prefix,
    })
}

fn hit(row: Model, query: &str, query_len: usize) -> Option<Hit> {
    let class = classify(&row, query)?;
    let coverage = query_len as f64 / f64::from(row.name_len.max(1));
    // A less usual reading of a heteronym counts half: 会宁 as kuaining still finds 会宁县,
    // but 青 read jing does not outrank 靖 for "jingyuan".
    let weight = if row.alt_reading { 0.5 } else { 1.0 };
    let score = class.base() + 0.19 * coverage.min(1.0) * weight;
    Some(Hit {
        record_type: row.record_type,
        key: row.record_key,
        score: (score * 1e4).round() / 1e4,
        class,
        matched_field: row.field,
        type_rank: row.type_rank,
        name_len: row.name_len,
    })
}

/// The normalized query, or BAD_USER_INPUT for an empty or overlong one.
pub fn normalized_query(query: &str) -> AppResult<String> {
    let normalized = normalize(query);
    let chars = normalized.chars().count();
    if chars == 0 {
        return Err(AppError::bad_input(
            "query: give at least one character, letter or digit to search for",
        ));
    }
    if chars > MAX_QUERY_CHARS {
        return Err(AppError::bad_input(format!(
            "query: at most {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(normalized)
}

/// The `first` best hits for `query` among records of `types` (API type names), best first:
/// exact before prefix before initials before substring; ties by coverage, then regions,
/// organizations, places, people. Two statements, each an index range scan.
pub async fn search<C: ConnectionTrait>(
    db: &C,
    query: &str,
    types: &[&str],
    first: usize,
) -> AppResult<Vec<Hit>> {
    let query = normalized_query(query)?;
    if first == 0 || types.is_empty() {
        return Ok(Vec::new());
    }
    // Every term starting with `query` sorts in [query, query + U+10FFFF) in byte order.
    let upper = format!("{query}{}", char::MAX);
    let candidates = (first as u64 * CANDIDATES_PER_HIT).clamp(MIN_CANDIDATES, MAX_CANDIDATES);
    let query_len = query.chars().count();
    let mut best: HashMap<(String, String), Hit> = HashMap::new();
    for is_suffix in [false, true] {
        let rows = Entity::find()
            .filter(Column::Deleted.eq(false))
            .filter(Column::IsSuffix.eq(is_suffix))
            .filter(Column::Term.gte(query.as_str()))
            .filter(Column::Term.lt(upper.as_str()))
            .filter(Column::RecordType.is_in(types.iter().copied()))
            .order_by_asc(Column::Term)
            .order_by_asc(Column::TypeRank)
            .order_by_asc(Column::RecordKey)
            .limit(candidates)
            .all(db)
            .await?;
        for hit in rows.into_iter().filter_map(|r| hit(r, &query, query_len)) {
            let key = (hit.record_type.clone(), hit.key.clone());
            match best.get(&key) {
                Some(old) if old.score >= hit.score => {}
                _ => {
                    best.insert(key, hit);
                }
            }
        }
    }
    let mut hits: Vec<Hit> = best.into_values().collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.type_rank.cmp(&b.type_rank))
            .then(a.name_len.cmp(&b.name_len))
            .then(a.record_type.cmp(&b.record_type))
            .then(a.key.len().cmp(&b.key.len()))
            .then(a.key.cmp(&b.key))
    });
    hits.truncate(first);
    Ok(hits)
}
