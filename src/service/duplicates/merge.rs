//! Merging two records of one person or organization into one, and undoing that.
//!
//! In one transaction a merge re-points every record that references the removed one at the
//! kept one; where that would make two live rows of the same link (two memberships of one
//! organization), the removed side's row is soft-deleted instead ("folded"). The kept record
//! takes the removed one's value for each field the caller chose; the removed record is
//! soft-deleted with `merged_into` set. One audit entry (operation `MERGE`, on the removed
//! record) lists every row moved or folded and the kept record's values before and after, so
//! that `unmerge` can put each row back.

use chrono::Utc;
use entity::audit_entry;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, ModelTrait,
    QueryFilter, QueryOrder, Value,
};
use serde_json::{Map, Value as Json, json};

use super::RecordType;
use super::sql::{id_pairs, statement};
use crate::db::table::Table;
use crate::error::{AppError, AppResult, FieldError, UserErrorCode};
use crate::service::audit::Actor;
use crate::service::write;

/// A column that references the merged record's table, and the columns that make two of its
/// live rows the same link (folded instead of doubled); empty when rows never clash.
struct Reference {
    table: &'static str,
    column: &'static str,
    clash: &'static [&'static str],
}

const fn r(table: &'static str, column: &'static str, clash: &'static [&'static str]) -> Reference {
    Reference {
        table,
        column,
        clash,
    }
}

const PERSON_REFERENCES: &[Reference] = &[
    r("membership", "person_id", &["organization_id"]),
    r("liaison_assignment", "person_id", &[]),
    r("activity_participant", "person_id", &["activity_id"]),
    r("income_uplift", "influencer_id", &["household_id"]),
    r("donation", "donor_person_id", &[]),
    r("suggestion", "author_id", &[]),
    r("publicity_work", "author_id", &[]),
    r("term_election", "chair_id", &[]),
    r("platform_account", "person_id", &[]),
    r("sales_record", "person_id", &[]),
    r("person_category", "person_id", &["category"]),
];

const ORGANIZATION_REFERENCES: &[Reference] = &[
    r("membership", "organization_id", &["person_id"]),
    r("liaison_assignment", "organization_id", &[]),
    r("organization", "parent_id", &[]),
    r("pairing", "enterprise_id", &[]),
    r("place", "host_org_id", &[]),
    r("activity", "organizer_id", &[]),
    r("donation", "donor_org_id", &[]),
    r("suggestion", "submitting_org_id", &[]),
    r("publication", "outlet_id", &["work_id"]),
    r("mediation_partner", "organization_id", &["case_id"]),
    r("term_election", "organization_id", &[]),
    r("livelihood_project", "responsible_org_id", &[]),
];

/// Fields a merge may take from the removed record: the API name and the columns that carry
/// it (a name brings its pinyin and comparison key along).
type Choice = (&'static str, &'static [&'static str]);

const PERSON_FIELDS: &[Choice] = &[
    ("name", &["name", "name_pinyin", "name_initials"]),
    ("gender", &["gender"]),
    ("region", &["region_code"]),
    ("workUnit", &["work_unit"]),
    ("jobTitle", &["job_title"]),
    ("education", &["education"]),
    ("isRepresentative", &["is_representative"]),
    ("figureKinds", &["figure_kinds"]),
];

const ORGANIZATION_FIELDS: &[Choice] = &[
    (
        "name",
        &["name", "name_pinyin", "name_initials", "name_key"],
    ),
    ("kind", &["kind"]),
    ("region", &["region_code"]),
    ("creditCode", &["credit_code"]),
    ("party", &["party"]),
    ("dpLevel", &["dp_level"]),
    ("termNumber", &["term_number"]),
    ("termStart", &["term_start"]),
    ("termEnd", &["term_end"]),
    ("ownership", &["ownership"]),
    ("industryCode", &["industry_code"]),
    ("isKeyEnterprise", &["is_key_enterprise"]),
    ("outletLevel", &["outlet_level"]),
    ("outletKind", &["outlet_kind"]),
    ("establishedOn", &["established_on"]),
    ("phone", &["phone"]),
    ("address", &["address"]),
];

fn references(kind: RecordType) -> &'static [Reference] {
    match kind {
        RecordType::Person => PERSON_REFERENCES,
        RecordType::Organization => ORGANIZATION_REFERENCES,
    }
}

/// The field names a merge of `kind` accepts in its choices.
pub fn choosable(kind: RecordType) -> impl Iterator<Item = &'static str> {
    match kind {
        RecordType::Person => PERSON_FIELDS,
        RecordType::Organization => ORGANIZATION_FIELDS,
    }
    .iter()
    .map(|(name, _)| *name)
}

fn columns_of(kind: RecordType, field: &str) -> Option<&'static [&'static str]> {
    match kind {
        RecordType::Person => PERSON_FIELDS,
        RecordType::Organization => ORGANIZATION_FIELDS,
    }
    .iter()
    .find(|(name, _)| *name == field)
    .map(|(_, columns)| *columns)
}

/// What a merge asks for, ids already decoded.
pub struct Request {
    pub keep: i64,
    pub remove: i64,
    pub keep_version: i32,
    pub remove_version: i32,
    /// API names of the fields whose value is taken from the removed record.
    pub take_from_removed: Vec<String>,
}

fn column<E: EntityTrait>(name: &str) -> Option<E::Column> {
    use sea_orm::Iterable;
    E::Column::iter().find(|c| sea_orm::Iden::to_string(c) == name)
}

fn now_value() -> Value {
    Utc::now().into()
}

fn in_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The ids of a list in an audit entry.
fn ids_of(value: &Json) -> Vec<i64> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Json::as_i64).collect())
        .unwrap_or_default()
}

/// Soft-deletes (`deleted`) or restores the rows of `table` whose `key` is one of `ids`,
/// bumping their versions.
async fn set_deleted(
    db: &impl ConnectionTrait,
    table: &str,
    key: &str,
    ids: &[i64],
    deleted: bool,
) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let (deleted_at, mut values) = if deleted {
        ("?", vec![now_value()])
    } else {
        ("NULL", Vec::new())
    };
    values.push(now_value());
    let sql = format!(
        "UPDATE {table} SET deleted_at = {deleted_at}, version = version + 1, updated_at = ? \
         WHERE {key} IN ({})",
        in_list(ids)
    );
    db.execute_raw(statement(db.get_database_backend(), &sql, values))
        .await?;
    Ok(())
}

/// The version a row of `E` is at.
fn version_of<E: write::Writable>(model: &E::Model) -> i32 {
    match model.get(E::version()) {
        Value::Int(Some(v)) => v,
        _ => 0,
    }
}

/// Re-points every reference from `remove` to `keep`, folding clashing rows; returns the
/// moved and folded row ids per table (`table.column` for moves).
async fn move_references(
    db: &impl ConnectionTrait,
    kind: RecordType,
    keep: i64,
    remove: i64,
) -> AppResult<(Map<String, Json>, Map<String, Json>)> {
    let (mut moved, mut folded) = (Map::new(), Map::new());
    for reference in references(kind) {
        let Reference {
            table,
            column,
            clash,
        } = reference;
        // A record that is its own reference target (the kept organization under the removed
        // one) keeps no pointer to itself: it is not moved.
        let self_row = if *table == "organization" {
            format!(" AND r.id <> {keep}")
        } else {
            String::new()
        };
        let fold: Vec<i64> = if clash.is_empty() {
            Vec::new()
        } else {
            let same = clash
                .iter()
                .map(|c| format!("k.{c} = r.{c}"))
                .collect::<Vec<_>>()
                .join(" AND ");
            let sql = format!(
                "SELECT r.id, r.id FROM {table} r WHERE r.{column} = ? AND r.deleted_at IS NULL \
                 AND EXISTS (SELECT 1 FROM {table} k WHERE k.{column} = ? \
                 AND k.deleted_at IS NULL AND {same}) ORDER BY r.id"
            );
            id_pairs(db, &sql, vec![remove.into(), keep.into()])
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        };
        if !fold.is_empty() {
            set_deleted(db, table, "id", &fold, true).await?;
            folded.insert((*table).to_owned(), json!(fold));
        }
        let sql = format!(
            "SELECT r.id, r.id FROM {table} r WHERE r.{column} = ?{self_row} ORDER BY r.id"
        );
        let ids: Vec<i64> = id_pairs(db, &sql, vec![remove.into()])
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !fold.contains(id))
            .collect();
        if !ids.is_empty() {
            let sql = format!(
                "UPDATE {table} SET {column} = ?, version = version + 1, updated_at = ? \
                 WHERE id IN ({})",
                in_list(&ids)
            );
            db.execute_raw(statement(
                db.get_database_backend(),
                &sql,
                vec![keep.into(), now_value()],
            ))
            .await?;
            moved.insert(format!("{table}.{column}"), json!(ids));
        }
    }
    Ok((moved, folded))
}

/// Points moved rows back at `remove` (those still pointing at `keep`) and restores folded
/// rows.
async fn restore_references(
    db: &impl ConnectionTrait,
    keep: i64,
    remove: i64,
    moved: &Map<String, Json>,
    folded: &Map<String, Json>,
    allowed: &[Reference],
) -> AppResult<()> {
    for (name, value) in moved {
        // Table and column names come from the audit entry: only known references are used.
        let Some(reference) = allowed
            .iter()
            .find(|r| format!("{}.{}", r.table, r.column) == *name)
        else {
            continue;
        };
        let ids = ids_of(value);
        if ids.is_empty() {
            continue;
        }
        let sql = format!(
            "UPDATE {} SET {} = ?, version = version + 1, updated_at = ? WHERE {} = ? AND id IN ({})",
            reference.table,
            reference.column,
            reference.column,
            in_list(&ids)
        );
        db.execute_raw(statement(
            db.get_database_backend(),
            &sql,
            vec![remove.into(), now_value(), keep.into()],
        ))
        .await?;
    }
    for (table, value) in folded {
        let Some(reference) = allowed.iter().find(|r| r.table == table) else {
            continue;
        };
        set_deleted(db, reference.table, "id", &ids_of(value), false).await?;
    }
    Ok(())
}

fn to_json(value: &Value) -> Json {
    match value {
        Value::Bool(v) => json!(v),
        Value::Int(v) => json!(v),
        Value::BigInt(v) => json!(v),
        Value::String(v) => json!(v),
        Value::ChronoDate(v) => json!(v.map(|d| d.to_string())),
        _ => Json::Null,
    }
}

/// `json` read back as a value of the same type as `template`.
fn from_json(template: &Value, json: &Json) -> Option<Value> {
    Some(match template {
        Value::Bool(_) => Value::Bool(json.as_bool()),
        Value::Int(_) => Value::Int(json.as_i64().and_then(|v| i32::try_from(v).ok())),
        Value::BigInt(_) => Value::BigInt(json.as_i64()),
        Value::String(_) => Value::String(json.as_str().map(str::to_owned)),
        Value::ChronoDate(_) => Value::ChronoDate(
            json.as_str()
                .and_then(|s| s.parse::<chrono::NaiveDate>().ok()),
        ),
        _ => return None,
    })
}

fn unknown_field(field: &str, kind: RecordType) -> FieldError {
    let known = choosable(kind).collect::<Vec<_>>().join(", ");
    FieldError::new(
        &["input", "fieldChoices"],
        UserErrorCode::UnknownField,
        format!("{field:?} cannot be chosen; fields: {known}"),
        format!("字段“{field}”不能选择；可选字段：{known}"),
    )
}

/// Merges `remove` into `keep`: returns the kept record as written.
pub async fn merge<E>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordType,
    region_of: fn(&E::Model) -> &str,
    request: Request,
) -> AppResult<E::Model>
where
    E: write::Writable,
{
    let mut columns = Vec::new();
    let mut errors = Vec::new();
    for field in &request.take_from_removed {
        match columns_of(kind, field) {
            Some(cs) => columns.extend(cs.iter().copied()),
            None => errors.push(unknown_field(field, kind)),
        }
    }
    if request.keep == request.remove {
        errors.push(FieldError::new(
            &["input", "remove"],
            UserErrorCode::SameRecord,
            "a record cannot be merged into itself",
            "不能将记录与其自身合并",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let kept = write::get_live::<E, _>(db, request.keep).await?;
    let removed = write::get_live::<E, _>(db, request.remove).await?;
    // As for an update of each record: the caller must be allowed to change both.
    actor.may_write(region_of(&kept))?;
    actor.may_write(region_of(&removed))?;
    for (model, expected) in [
        (&kept, request.keep_version),
        (&removed, request.remove_version),
    ] {
        let current = version_of::<E>(model);
        if current != expected {
            return Err(AppError::VersionConflict { current });
        }
    }
    // The removed record first: a value it gives up (a unique credit code) is free for the kept.
    let now = Utc::now();
    let mut gone = removed.clone().into_active_model();
    gone.set(E::deleted_at(), Some(now).into());
    let merged_into = column::<E>("merged_into")
        .ok_or_else(|| AppError::Internal("merged_into column missing".into()))?;
    gone.set(merged_into, Some(request.keep).into());
    let unique_given_up = columns.contains(&"credit_code");
    if unique_given_up && let Some(c) = column::<E>("credit_code") {
        gone.set(c, Option::<String>::None.into());
    }
    let removed_after =
        write::update_unaudited::<E, _>(db, &removed, request.remove_version, gone).await?;
    let (moved, folded) = move_references(db, kind, request.keep, request.remove).await?;
    // Personal data of a person stays with its record: it is soft-deleted with it.
    let mut folded = folded;
    if kind == RecordType::Person {
        let sql = "SELECT person_id, person_id FROM person_private WHERE person_id = ? \
                   AND deleted_at IS NULL";
        let ids: Vec<i64> = id_pairs(db, sql, vec![request.remove.into()])
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        if !ids.is_empty() {
            set_deleted(db, "person_private", "person_id", &ids, true).await?;
            folded.insert("person_private".into(), json!(ids));
        }
    }
    let mut kept_row = kept.clone().into_active_model();
    let (mut before, mut after) = (Map::new(), Map::new());
    for name in &columns {
        let Some(c) = column::<E>(name) else { continue };
        let value = removed.get(c);
        before.insert((*name).to_owned(), to_json(&kept.get(c)));
        after.insert((*name).to_owned(), to_json(&value));
        kept_row.set(c, value);
    }
    let kept_after = write::update::<E, _>(
        db,
        actor,
        "MERGE_KEEP",
        &kept,
        request.keep_version,
        kept_row,
    )
    .await?;
    let undo = json!({
        "kept": request.keep,
        "keptBefore": before,
        "keptAfter": after,
        "removedGaveUp": if unique_given_up { json!({"credit_code": to_json(&column::<E>("credit_code").map(|c| removed.get(c)).unwrap_or(Value::Bool(None)))}) } else { json!({}) },
        "moved": moved,
        "folded": folded,
    });
    record::<E, _>(db, actor, "MERGE", &removed, &removed_after, undo).await?;
    Ok(kept_after)
}

/// Writes the one audit entry of a merge or unmerge: the removed record before and after,
/// with the list of what moved under `merge`.
async fn record<E: Table, M: serde::Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    operation: &str,
    before: &M,
    after: &M,
    undo: Json,
) -> AppResult<()> {
    let before = serde_json::to_value(before).unwrap_or_default();
    let mut after = serde_json::to_value(after).unwrap_or_default();
    if let Json::Object(fields) = &mut after {
        fields.insert("merge".into(), undo);
    }
    let key = match before.get("id") {
        Some(id) => id.to_string(),
        None => String::new(),
    };
    let entry = audit_entry::ActiveModel {
        id: sea_orm::NotSet,
        at: sea_orm::Set(Utc::now()),
        actor: sea_orm::Set(actor.subject().to_owned()),
        operation: sea_orm::Set(operation.to_owned()),
        entity_type: sea_orm::Set(E::TYPE_NAME.to_owned()),
        entity_key: sea_orm::Set(key),
        before: sea_orm::Set(Some(before.to_string())),
        after: sea_orm::Set(Some(after.to_string())),
        changed_fields: sea_orm::Set("deleted_at,merged_into".into()),
        request_id: sea_orm::Set(actor.request_id.clone()),
    };
    let entry = entry.insert(db).await?;
    crate::live::announce(db, entry.id).await?;
    Ok(())
}

/// Undoes the last merge of `remove`: the removed record comes back as it was, every row moved
/// or folded by the merge returns to it, and each field the kept record took from it returns
/// to the kept record's earlier value unless changed since. Returns (restored, kept).
pub async fn unmerge<E>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordType,
    region_of: fn(&E::Model) -> &str,
    remove: i64,
) -> AppResult<(E::Model, E::Model)>
where
    E: write::Writable,
{
    let not_merged = || {
        AppError::invalid(
            &["input", "id"],
            UserErrorCode::NotMerged,
            "this record was not merged into another one",
            "该记录未被合并，无需撤销",
        )
    };
    let removed = write::get_deleted::<E, _>(db, remove).await?;
    let merged_into = column::<E>("merged_into")
        .ok_or_else(|| AppError::Internal("merged_into column missing".into()))?;
    let Value::BigInt(Some(keep)) = removed.get(merged_into) else {
        return Err(not_merged());
    };
    let kept = write::get_live::<E, _>(db, keep).await?;
    actor.may_write(region_of(&removed))?;
    actor.may_write(region_of(&kept))?;
    let entry = audit_entry::Entity::find()
        .filter(audit_entry::Column::Operation.eq("MERGE"))
        .filter(audit_entry::Column::EntityType.eq(E::TYPE_NAME))
        .filter(audit_entry::Column::EntityKey.eq(remove.to_string()))
        .order_by_desc(audit_entry::Column::Id)
        .one(db)
        .await?
        .ok_or_else(not_merged)?;
    let after: Json = entry
        .after
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok())
        .unwrap_or_default();
    let undo = after.get("merge").cloned().unwrap_or_default();
    let empty = Map::new();
    let map = |name: &str| {
        undo.get(name)
            .and_then(Json::as_object)
            .unwrap_or(&empty)
            .clone()
    };
    let (moved, folded) = (map("moved"), map("folded"));
    let (kept_before, kept_after) = (map("keptBefore"), map("keptAfter"));
    let gave_up = map("removedGaveUp");
    // The kept record first: a unique value it took back from the removed one is free again.
    let mut kept_row = kept.clone().into_active_model();
    for (name, old) in &kept_before {
        let Some(c) = column::<E>(name) else { continue };
        let now = kept.get(c);
        let merged = kept_after.get(name).and_then(|v| from_json(&now, v));
        if merged.as_ref() == Some(&now)
            && let Some(old) = from_json(&now, old)
        {
            kept_row.set(c, old);
        }
    }
    let kept_version = version_of::<E>(&kept);
    let kept_after_unmerge =
        write::update::<E, _>(db, actor, "UNMERGE_KEEP", &kept, kept_version, kept_row).await?;
    let mut back = removed.clone().into_active_model();
    back.set(
        E::deleted_at(),
        Option::<chrono::DateTime<Utc>>::None.into(),
    );
    back.set(merged_into, Option::<i64>::None.into());
    for (name, old) in &gave_up {
        if let Some(c) = column::<E>(name)
            && let Some(old) = from_json(&removed.get(c), old)
        {
            back.set(c, old);
        }
    }
    let removed_version = version_of::<E>(&removed);
    let restored = write::update_unaudited::<E, _>(db, &removed, removed_version, back).await?;
    restore_private_by_person(db, kind, &folded).await?;
    restore_references(db, keep, remove, &moved, &folded, references(kind)).await?;
    record::<E, _>(
        db,
        actor,
        "UNMERGE",
        &removed,
        &restored,
        json!({"kept": keep, "moved": moved, "folded": folded}),
    )
    .await?;
    Ok((restored, kept_after_unmerge))
}

/// The removed person's personal data, folded by person id (its key), comes back with them.
async fn restore_private_by_person(
    db: &impl ConnectionTrait,
    kind: RecordType,
    folded: &Map<String, Json>,
) -> AppResult<()> {
    if kind != RecordType::Person {
        return Ok(());
    }
    let ids = folded.get("person_private").map(ids_of).unwrap_or_default();
    set_deleted(db, "person_private", "person_id", &ids, false).await
}
