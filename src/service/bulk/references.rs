//! References between records in cells (an organization by credit code or name, a place by
//! name, namesakes told apart by region code), resolved for imports and written for exports;
//! and the chunked `IN (…)` loads both sides use.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use super::cells::Reference;
use super::template::RefTarget;
use crate::db::table::Table;
use crate::domain::validate::credit_code;
use crate::error::AppResult;

/// Resolved references, remembered for the rest of the import (only hits: a record an earlier
/// row creates can be named by a later one).
#[derive(Default)]
pub struct References {
    found: HashMap<(RefTarget, String), Reference>,
}

impl References {
    pub async fn resolve<C: ConnectionTrait>(
        &mut self,
        db: &C,
        target: RefTarget,
        text: &str,
    ) -> AppResult<Option<Reference>> {
        let cache_key = (target, text.to_owned());
        if let Some(hit) = self.found.get(&cache_key) {
            return Ok(Some(hit.clone()));
        }
        let hit = match target {
            RefTarget::Organization => organization_named(db, text).await?,
            RefTarget::Place => place_named(db, text).await?,
        };
        if let Some(hit) = &hit {
            self.found.insert(cache_key, hit.clone());
        }
        Ok(hit)
    }
}

/// `名称` or `名称（区划代码）`: a name, and the region code that tells namesakes apart.
fn split_region(text: &str) -> (&str, Option<String>) {
    let text = text.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = text.strip_suffix(close)
            && let Some(at) = rest.rfind(open)
        {
            let inner = &rest[at + open.len_utf8()..];
            if !inner.is_empty()
                && inner.bytes().all(|b| b.is_ascii_digit())
                && let Ok(code) = crate::db::filters::parse_region(inner)
            {
                return (rest[..at].trim(), Some(code.as_str().to_owned()));
            }
        }
    }
    (text, None)
}

/// The one live organization a reference names: a credit code, a unique name, or a name with
/// the region code in brackets.
async fn organization_named<C: ConnectionTrait>(
    db: &C,
    text: &str,
) -> AppResult<Option<Reference>> {
    use entity::organization::{Column, Entity};
    if let Ok(code) = credit_code::validate(text) {
        let found = Entity::live()
            .filter(Column::CreditCode.eq(code.as_str()))
            .one(db)
            .await?;
        if let Some(org) = found {
            return Ok(Some(organization_ref(&org, false)));
        }
    }
    let named = one_named::<Entity, _>(db, Column::Name, |o| &o.region_code, text).await?;
    Ok(named.map(|(org, namesake)| organization_ref(&org, namesake)))
}

/// The one live place a reference names: a unique name, or a name with its region code.
async fn place_named<C: ConnectionTrait>(db: &C, text: &str) -> AppResult<Option<Reference>> {
    use entity::place::{Column, Entity};
    let named = one_named::<Entity, _>(db, Column::Name, |p| &p.region_code, text).await?;
    Ok(named.map(|(place, namesake)| place_ref(&place, namesake)))
}

/// The one live record of `E` that `text` names (`名称` or `名称（区划代码）`), and whether
/// the text needed the region code to tell it from namesakes; `None` unless exactly one.
async fn one_named<E: Table, C: ConnectionTrait>(
    db: &C,
    name: E::Column,
    region_of: fn(&E::Model) -> &String,
    text: &str,
) -> AppResult<Option<(E::Model, bool)>> {
    let (text_name, region) = split_region(text);
    let mut named: Vec<E::Model> = E::live()
        .filter(name.eq(text_name))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| region.as_ref().is_none_or(|r| region_of(m) == r))
        .collect();
    if named.len() != 1 {
        return Ok(None);
    }
    Ok(named.pop().map(|m| (m, region.is_some())))
}

/// How a reference to an organization is written: its credit code, else its name, with its
/// region code in brackets when another live organization has the same name.
pub fn organization_ref(org: &entity::organization::Model, namesake: bool) -> Reference {
    let text = match &org.credit_code {
        Some(code) => code.clone(),
        None if namesake => format!("{}（{}）", org.name, org.region_code),
        None => org.name.clone(),
    };
    Reference {
        key: org.id,
        type_name: "Organization",
        text,
    }
}

/// How a reference to a place is written: its name, with its region code in brackets when
/// another live place has the same name; a Home or a Base by its kind.
pub fn place_ref(place: &entity::place::Model, namesake: bool) -> Reference {
    let is_home = place.kind.is_home();
    Reference {
        key: place.id,
        type_name: if is_home { "Home" } else { "Base" },
        text: if namesake {
            format!("{}（{}）", place.name, place.region_code)
        } else {
            place.name.clone()
        },
    }
}

/// References to the organizations with the given keys, for an export.
pub async fn organization_refs<C: ConnectionTrait>(
    db: &C,
    keys: Vec<i64>,
) -> AppResult<std::collections::HashMap<i64, Reference>> {
    use entity::organization::{Column, Entity};
    if keys.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let orgs = load_in::<Entity, _, _>(db, Column::Id, keys).await?;
    let names: Vec<String> = orgs
        .iter()
        .filter(|o| o.credit_code.is_none())
        .map(|o| o.name.clone())
        .collect();
    let namesakes = name_counts(
        load_in::<Entity, _, _>(db, Column::Name, names)
            .await?
            .into_iter()
            .map(|o| o.name),
    );
    Ok(orgs
        .iter()
        .map(|o| {
            (
                o.id,
                organization_ref(o, namesakes.get(&o.name).is_some_and(|n| *n > 1)),
            )
        })
        .collect())
}

/// References to the places with the given keys, for an export.
pub async fn place_refs<C: ConnectionTrait>(
    db: &C,
    keys: Vec<i64>,
) -> AppResult<std::collections::HashMap<i64, Reference>> {
    use entity::place::{Column, Entity};
    if keys.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let places = load_in::<Entity, _, _>(db, Column::Id, keys).await?;
    let names: Vec<String> = places.iter().map(|p| p.name.clone()).collect();
    let namesakes = name_counts(
        load_in::<Entity, _, _>(db, Column::Name, names)
            .await?
            .into_iter()
            .map(|p| p.name),
    );
    Ok(places
        .iter()
        .map(|p| {
            (
                p.id,
                place_ref(p, namesakes.get(&p.name).is_some_and(|n| *n > 1)),
            )
        })
        .collect())
}

fn name_counts(names: impl Iterator<Item = String>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for name in names {
        *counts.entry(name).or_default() += 1;
    }
    counts
}

/// Loads live rows of `E` whose `column` is one of `values`, in chunks small enough for any
/// backend.
pub async fn load_in<E, C, V>(
    db: &C,
    column: E::Column,
    values: impl IntoIterator<Item = V>,
) -> AppResult<Vec<E::Model>>
where
    E: Table,
    C: ConnectionTrait,
    V: Into<sea_orm::Value> + Ord + Send,
{
    load::<E, C, V>(db, column, values, true).await
}

/// As [`load_in`], soft-deleted rows included: an import row naming a deleted record is told
/// so (and may restore it) instead of failing as a duplicate.
pub async fn load_in_all<E, C, V>(
    db: &C,
    column: E::Column,
    values: impl IntoIterator<Item = V>,
) -> AppResult<Vec<E::Model>>
where
    E: Table,
    C: ConnectionTrait,
    V: Into<sea_orm::Value> + Ord + Send,
{
    load::<E, C, V>(db, column, values, false).await
}

async fn load<E, C, V>(
    db: &C,
    column: E::Column,
    values: impl IntoIterator<Item = V>,
    live_only: bool,
) -> AppResult<Vec<E::Model>>
where
    E: Table,
    C: ConnectionTrait,
    V: Into<sea_orm::Value> + Ord + Send,
{
    // Distinct values: a value in two chunks would load its rows twice.
    let values: Vec<sea_orm::Value> = values
        .into_iter()
        .collect::<std::collections::BTreeSet<V>>()
        .into_iter()
        .map(Into::into)
        .collect();
    let mut out = Vec::new();
    for chunk in values.chunks(500) {
        out.extend(
            if live_only { E::live() } else { E::find() }
                .filter(column.is_in(chunk.iter().cloned()))
                .all(db)
                .await?,
        );
    }
    Ok(out)
}
