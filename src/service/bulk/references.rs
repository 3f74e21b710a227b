//! References between records in cells (an organization by credit code or name, a place by
//! name, namesakes told apart by region code), resolved for imports and written for exports;
//! and the chunked `IN (…)` loads both sides use.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use super::cells::Reference;
use super::template::RefTarget;
use crate::db::table::{IdRow, Table};
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
            return Ok(Some(Entity::reference(&org, false)));
        }
    }
    let named = one_named::<Entity, _>(db, text).await?;
    Ok(named.map(|(org, namesake)| Entity::reference(&org, namesake)))
}

/// The one live place a reference names: a unique name, or a name with its region code.
async fn place_named<C: ConnectionTrait>(db: &C, text: &str) -> AppResult<Option<Reference>> {
    let named = one_named::<entity::place::Entity, _>(db, text).await?;
    Ok(named.map(|(place, namesake)| entity::place::Entity::reference(&place, namesake)))
}

/// The one live record of `E` that `text` names (`名称` or `名称（区划代码）`), and whether
/// the text needed the region code to tell it from namesakes; `None` unless exactly one.
async fn one_named<E: Named, C: ConnectionTrait>(
    db: &C,
    text: &str,
) -> AppResult<Option<(E::Model, bool)>> {
    let (text_name, region) = split_region(text);
    let mut named: Vec<E::Model> = E::live()
        .filter(E::NAME.eq(text_name))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| region.as_ref().is_none_or(|r| E::region(m) == r))
        .collect();
    if named.len() != 1 {
        return Ok(None);
    }
    Ok(named.pop().map(|m| (m, region.is_some())))
}

/// A record type cells name by its name, with its region code in brackets when another live
/// record has the same name.
pub trait Named: Table {
    /// The name column.
    const NAME: Self::Column;
    fn name(row: &Self::Model) -> &str;
    fn region(row: &Self::Model) -> &str;
    /// Whether the row is named by something other than its name (namesakes do not matter).
    fn named_otherwise(row: &Self::Model) -> bool {
        let _ = row;
        false
    }
    /// How a reference to `row` is written; `namesake` when another live row has its name.
    fn reference(row: &Self::Model, namesake: bool) -> Reference;
}

/// An organization is named by its credit code, else by its name.
impl Named for entity::organization::Entity {
    const NAME: Self::Column = entity::organization::Column::Name;
    fn name(row: &Self::Model) -> &str {
        &row.name
    }
    fn region(row: &Self::Model) -> &str {
        &row.region_code
    }
    fn named_otherwise(row: &Self::Model) -> bool {
        row.credit_code.is_some()
    }
    fn reference(row: &Self::Model, namesake: bool) -> Reference {
        let text = match &row.credit_code {
            Some(code) => code.clone(),
            None => namesaked(&row.name, &row.region_code, namesake),
        };
        Reference {
            key: row.id,
            type_name: "Organization",
            text,
        }
    }
}

/// A place is a Home or a Base by its kind.
impl Named for entity::place::Entity {
    const NAME: Self::Column = entity::place::Column::Name;
    fn name(row: &Self::Model) -> &str {
        &row.name
    }
    fn region(row: &Self::Model) -> &str {
        &row.region_code
    }
    fn reference(row: &Self::Model, namesake: bool) -> Reference {
        Reference {
            key: row.id,
            type_name: if row.kind.is_home() { "Home" } else { "Base" },
            text: namesaked(&row.name, &row.region_code, namesake),
        }
    }
}

/// `名称`, or `名称（区划代码）` for a namesake.
fn namesaked(name: &str, region: &str, namesake: bool) -> String {
    if namesake {
        format!("{name}（{region}）")
    } else {
        name.to_owned()
    }
}

/// References to the rows of `E` with the given keys, for an export.
pub async fn refs<E, C>(db: &C, keys: Vec<i64>) -> AppResult<HashMap<i64, Reference>>
where
    E: Named,
    E::Model: IdRow,
    C: ConnectionTrait,
{
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = load_in::<E, _, _>(db, E::key_column(), keys).await?;
    let names: Vec<String> = rows
        .iter()
        .filter(|row| !E::named_otherwise(row))
        .map(|row| E::name(row).to_owned())
        .collect();
    let namesakes = name_counts(
        load_in::<E, _, _>(db, E::NAME, names)
            .await?
            .iter()
            .map(|row| E::name(row).to_owned()),
    );
    Ok(rows
        .iter()
        .map(|row| {
            let namesake = namesakes.get(E::name(row)).is_some_and(|n| *n > 1);
            (row.id(), E::reference(row, namesake))
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
