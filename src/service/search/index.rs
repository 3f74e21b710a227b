//! Keeping `search_term` in step with the records: [`sync`] inside every write's transaction
//! (called by `service::write`), [`reindex`] to rebuild it after seeding.

use std::time::Instant;

use entity::search_term::{ActiveModel, Column, Entity};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde::Serialize;
use serde_json::Value;

use super::terms::{self, Term};
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, PlaceKind};
use crate::domain::region_code::RegionCode;
use crate::error::{AppError, AppResult};

/// Rows per multi-row INSERT: 11 parameters a row, under the 30,000 a statement that
/// `service::write` allows (SQLite's limit is 32,766, PostgreSQL's 65,535). Fewer, larger
/// statements: an import writes about nine terms a person.
const INSERT_BATCH: usize = 2_500;
/// Records read per page while rebuilding.
const READ_PAGE: u64 = 2_000;

/// One searchable record, whatever its table.
#[derive(Debug, Clone)]
pub struct Record {
    pub record_type: &'static str,
    pub key: String,
    pub name: String,
    pub region_code: String,
    pub deleted: bool,
    /// `(field, code)` pairs searchable by exact value and prefix.
    pub codes: Vec<(&'static str, String)>,
}

/// Ties between equal terms list regions first, then organizations, places, people.
pub fn type_rank(record_type: &str) -> i16 {
    match record_type {
        "Region" => 0,
        "Organization" => 1,
        "Base" | "Home" => 2,
        _ => 3,
    }
}

fn text(row: &Value, field: &str) -> Option<String> {
    match row.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Record {
    /// The record a written row of table `type_name` is (regions, people, organizations and
    /// places are searchable; other tables give `None`).
    pub fn from_row(type_name: &str, row: &impl Serialize) -> AppResult<Option<Self>> {
        if !matches!(type_name, "Region" | "Person" | "Organization" | "Place") {
            return Ok(None);
        }
        let row = serde_json::to_value(row)
            .map_err(|e| AppError::Internal(format!("search index: {e}")))?;
        let missing = || AppError::Internal(format!("search index: {type_name} row lacks a field"));
        let deleted = !row.get("deleted_at").is_none_or(Value::is_null);
        let name = text(&row, "name").ok_or_else(missing)?;
        let (record_type, key, region_code, codes) = match type_name {
            "Region" => {
                let code = text(&row, "code").ok_or_else(missing)?;
                let mut codes = vec![("code", code.clone())];
                if let Ok(parsed) = RegionCode::parse(&code) {
                    codes.push(("code", parsed.prefix().to_owned()));
                }
                ("Region", code.clone(), code, codes)
            }
            _ => {
                let key = text(&row, "id").ok_or_else(missing)?;
                let region = text(&row, "region_code").ok_or_else(missing)?;
                let record_type = match type_name {
                    "Person" => "Person",
                    "Organization" => "Organization",
                    _ => {
                        let kind = text(&row, "kind").unwrap_or_default();
                        if PlaceKind::from_code(&kind).is_some_and(PlaceKind::is_home) {
                            "Home"
                        } else {
                            "Base"
                        }
                    }
                };
                let codes = text(&row, "credit_code")
                    .map(|c| vec![("creditCode", c)])
                    .unwrap_or_default();
                (record_type, key, region, codes)
            }
        };
        Ok(Some(Self {
            record_type,
            key,
            name,
            region_code,
            deleted,
            codes,
        }))
    }

    /// The index rows of this record (bulk seeding writes them directly).
    pub fn rows(&self) -> Vec<ActiveModel> {
        let name_terms = terms::name_terms(&self.name);
        let mut out: Vec<ActiveModel> = name_terms
            .iter()
            .map(|t| self.row(t, t.kind.field()))
            .collect();
        for (field, code) in &self.codes {
            for t in terms::code_terms(std::slice::from_ref(code)) {
                out.push(self.row(&t, field));
            }
        }
        out
    }

    fn row(&self, term: &Term, field: &str) -> ActiveModel {
        ActiveModel {
            record_type: Set(self.record_type.to_owned()),
            record_key: Set(self.key.clone()),
            type_rank: Set(type_rank(self.record_type)),
            field: Set(field.to_owned()),
            kind: Set(term.kind.code().to_owned()),
            term: Set(term.text.clone()),
            is_suffix: Set(term.is_suffix),
            name_len: Set(i32::try_from(term.whole_len).unwrap_or(i32::MAX)),
            alt_reading: Set(term.alt_reading),
            region_code: Set(self.region_code.clone()),
            deleted: Set(self.deleted),
            ..Default::default()
        }
    }
}

/// The API types a table's rows may be indexed under (a place is a Base or a Home by kind).
fn types_of(record_type: &str) -> &'static [&'static str] {
    match record_type {
        "Base" | "Home" => &["Base", "Home"],
        "Region" => &["Region"],
        "Organization" => &["Organization"],
        _ => &["Person"],
    }
}

async fn insert<C: ConnectionTrait>(db: &C, rows: Vec<ActiveModel>) -> AppResult<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<ActiveModel> = rows.by_ref().take(INSERT_BATCH).collect();
        Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Replaces the terms of the records in `records` (2 statements per record plus the inserts).
pub async fn replace<C: ConnectionTrait>(db: &C, records: &[Record]) -> AppResult<()> {
    let mut rows = Vec::new();
    for record in records {
        Entity::delete_many()
            .filter(Column::RecordKey.eq(record.key.as_str()))
            .filter(Column::RecordType.is_in(types_of(record.record_type).iter().copied()))
            .exec(db)
            .await?;
        rows.extend(record.rows());
    }
    insert(db, rows).await
}

/// Writes the terms of records just created (they have none yet): the inserts alone.
pub async fn add<E: Table, C: ConnectionTrait>(db: &C, rows: &[impl Serialize]) -> AppResult<()> {
    let mut terms = Vec::new();
    for row in rows {
        if let Some(record) = Record::from_row(E::TYPE_NAME, row)? {
            terms.extend(record.rows());
        }
    }
    insert(db, terms).await
}

/// Brings the terms of one written row up to date; a no-op for tables that are not searched.
/// Runs on the writer's connection or transaction, so the index changes with the row.
pub async fn sync<E: Table, C: ConnectionTrait>(db: &C, row: &impl Serialize) -> AppResult<()> {
    match Record::from_row(E::TYPE_NAME, row)? {
        Some(record) => replace(db, std::slice::from_ref(&record)).await,
        None => Ok(()),
    }
}

/// Pages through one table by key, turning each page into index rows.
async fn rebuild_table<E, C>(db: &C, key: E::Column, count: &mut usize) -> AppResult<()>
where
    E: Table,
    E::Model: Serialize,
    C: ConnectionTrait,
{
    let mut last: Option<sea_orm::Value> = None;
    loop {
        // Keyset paging: each page is an index range, however large the table.
        let mut query = E::find().order_by_asc(key).limit(READ_PAGE);
        if let Some(last) = last.take() {
            query = query.filter(key.gt(last));
        }
        let page = query.all(db).await?;
        let mut rows = Vec::new();
        for model in &page {
            if let Some(record) = Record::from_row(E::TYPE_NAME, model)? {
                rows.extend(record.rows());
            }
        }
        *count += rows.len();
        insert(db, rows).await?;
        match page.last() {
            Some(model) if page.len() as u64 == READ_PAGE => last = Some(model.get(key)),
            _ => return Ok(()),
        }
    }
}

/// Rebuilds the whole index from the records (after seeding, or to repair it). Returns the
/// number of terms written.
pub async fn reindex<C: ConnectionTrait>(db: &C) -> AppResult<usize> {
    let started = Instant::now();
    Entity::delete_many().exec(db).await?;
    let mut count = 0;
    rebuild_table::<entity::region::Entity, _>(db, entity::region::Column::Code, &mut count)
        .await?;
    rebuild_table::<entity::organization::Entity, _>(
        db,
        entity::organization::Column::Id,
        &mut count,
    )
    .await?;
    rebuild_table::<entity::place::Entity, _>(db, entity::place::Column::Id, &mut count).await?;
    rebuild_table::<entity::person::Entity, _>(db, entity::person::Column::Id, &mut count).await?;
    tracing::info!(
        search.terms = count,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "search index rebuilt"
    );
    Ok(count)
}
