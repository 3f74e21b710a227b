//! `search(query:, types:, first:)`: ranked hits across people, organizations, places and
//! regions by characters, pinyin, initials or code.

use std::collections::HashMap;

use async_graphql::{Context, Enum, Object, Result, ResultExt, SimpleObject};

use crate::auth::{Viewer, policy};
use crate::error::AppError;
use crate::graphql::connection::{db, limits};
use crate::graphql::node::Node;
use crate::graphql::object::{loaders, signed_in};
use crate::graphql::types::{Base, Home, Organization, Person, Region};
use crate::ids::RecordType;
use crate::service::search::{self, Hit};

/// Hits returned when `first` is not given.
const DEFAULT_HITS: usize = 10;

/// The kinds of record `search` looks through.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SearchType {
    /// 人员 (signed-in callers only)
    Person,
    /// 组织
    Organization,
    /// 阵地（基地、站点）
    Base,
    /// 家园
    Home,
    /// 行政区划
    Region,
}

impl SearchType {
    const ALL: [Self; 5] = [
        Self::Person,
        Self::Organization,
        Self::Base,
        Self::Home,
        Self::Region,
    ];

    fn record(self) -> RecordType {
        match self {
            Self::Person => RecordType::Person,
            Self::Organization => RecordType::Organization,
            Self::Base => RecordType::Base,
            Self::Home => RecordType::Home,
            Self::Region => RecordType::Region,
        }
    }
}

/// One search result.
#[derive(SimpleObject)]
pub struct SearchHit {
    /// The record found: a Person, Organization, Base, Home or Region.
    pub node: Node,
    /// Relevance in (0, 1), higher first. Exact matches score at least 0.8, prefix matches of
    /// the name, pinyin or code 0.6, initials 0.4, matches inside the name 0.2; within a class
    /// the share of the name the query covers adds up to 0.19.
    pub score: f64,
    /// The field that matched: `name`, `namePinyin`, `nameInitials`, `code` or `creditCode`.
    pub matched_field: String,
}

#[derive(Default)]
pub struct SearchQuery;

/// The types to search: those asked for (all by default), minus those the caller may not see.
/// Asking for people as PUBLIC is an error rather than an empty list.
fn allowed_types(ctx: &Context<'_>, types: Option<Vec<SearchType>>) -> Result<Vec<&'static str>> {
    let public = Viewer::public();
    let viewer = ctx.data_opt::<Viewer>().unwrap_or(&public);
    let explicit = types.is_some();
    let asked = types.unwrap_or_else(|| SearchType::ALL.to_vec());
    let mut out = Vec::new();
    for t in asked {
        let record = t.record();
        let name = record.name();
        if !policy::sees_type(viewer, record) {
            if explicit {
                signed_in(ctx)?;
            }
        } else if !out.contains(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

async fn resolve(ctx: &Context<'_>, hits: Vec<Hit>) -> Result<Vec<SearchHit>> {
    let l = loaders(ctx)?;
    let ids = |t: &str| -> Vec<i64> {
        hits.iter()
            .filter(|h| {
                h.record_type == t
                    || (t == "Place" && matches!(h.record_type.as_str(), "Base" | "Home"))
            })
            .filter_map(|h| h.key.parse().ok())
            .collect()
    };
    let codes: Vec<String> = hits
        .iter()
        .filter(|h| h.record_type == "Region")
        .map(|h| h.key.clone())
        .collect();
    let regions = l.region_by_code.load_many(codes).await.extend()?;
    let people = l.person_by_id.load_many(ids("Person")).await.extend()?;
    let orgs = l
        .organization_by_id
        .load_many(ids("Organization"))
        .await
        .extend()?;
    let places: HashMap<i64, entity::place::Model> =
        l.place_by_id.load_many(ids("Place")).await.extend()?;
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let id = hit.key.parse::<i64>().ok();
        let node = match hit.record_type.as_str() {
            "Region" => regions
                .get(&hit.key)
                .cloned()
                .map(|m| Node::Region(Region(m))),
            "Person" => id
                .and_then(|i| people.get(&i))
                .cloned()
                .map(|m| Node::Person(Person(m))),
            "Organization" => id
                .and_then(|i| orgs.get(&i))
                .cloned()
                .map(|m| Node::Organization(Organization(m))),
            "Home" => id
                .and_then(|i| places.get(&i))
                .cloned()
                .map(|m| Node::Home(Home(m))),
            "Base" => id
                .and_then(|i| places.get(&i))
                .cloned()
                .map(|m| Node::Base(Base(m))),
            _ => None,
        };
        // A record deleted since the index was read is simply left out.
        if let Some(node) = node {
            out.push(SearchHit {
                node,
                score: hit.score,
                matched_field: hit.matched_field,
            });
        }
    }
    Ok(out)
}

#[Object]
impl SearchQuery {
    /// Finds people, organizations, bases, homes and regions by Chinese characters (any part
    /// of the name), full pinyin (`baiyin`), initials (`jyx` for 靖远县) or code (a region's
    /// statistical code, an organization's credit code). Case, spaces and middle dots are
    /// ignored; every reading of a heteronym is indexed (会宁 is `huining` and `kuaining`).
    /// Ranked exact > prefix > initials > substring. People are found by signed-in callers
    /// only; phone and ID numbers are never searched.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for; at most 64 characters once spaces are dropped.")]
        query: String,
        #[graphql(desc = "Only these kinds of record (default: all the caller may see).")]
        types: Option<Vec<SearchType>>,
        #[graphql(desc = "How many hits (default 10, at most the maximum page size).")]
        first: Option<i32>,
    ) -> Result<Vec<SearchHit>> {
        let max = limits(ctx).max;
        let first = match first {
            None => DEFAULT_HITS.min(max),
            Some(n) if n < 0 => {
                return Err(AppError::bad_input("first: must not be negative")).extend();
            }
            Some(n) if n as usize > max => {
                return Err(AppError::LimitExceeded(format!(
                    "first: at most {max} hits per search"
                )))
                .extend();
            }
            Some(n) => n as usize,
        };
        let types = allowed_types(ctx, types)?;
        let hits = search::search(db(ctx)?, &query, &types, first)
            .await
            .extend()?;
        resolve(ctx, hits).await
    }
}
