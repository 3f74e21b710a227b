//! Writes of the work records: bases and homes, pairings, activities with participants and
//! donations, suggestions and their state machine, livelihood projects, mediation cases,
//! publicity, term elections. Each rule is refused as a user error with its `field` path and
//! nothing written; stale versions conflict; deletes are soft; every change is audited.

mod access;
mod activities;
mod elections;
mod mediation;
mod pairings;
mod places;
mod publicity;
mod suggestions;
mod updates;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
pub(super) use serde_json::{Value, json};
pub(super) use tongxin::auth::{Role, Viewer};
use tongxin::domain::enums::PlaceKind;
use tongxin::domain::region_code::RegionCode;

pub(super) use crate::helpers::{TestDb, TestSchema, execute};

/// `mutation($input: T!) { name(input: $input) { <selection> userErrors { … } } }`
pub(super) fn mutation(name: &str, input_type: &str, selection: &str) -> String {
    format!(
        "mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} userErrors {{ field code message }} }} }}"
    )
}

pub(super) async fn run(
    schema: &TestSchema,
    name: &str,
    input_type: &str,
    selection: &str,
    input: Value,
) -> Value {
    let query = mutation(name, input_type, selection);
    execute(schema, &query, json!({ "input": input }), Viewer::system()).await
}

pub(super) fn editor(scope: &str) -> Viewer {
    Viewer {
        role: Role::Editor,
        region_scope: Some(RegionCode::parse(scope).unwrap()),
        subject: format!("editor-{scope}"),
    }
}

pub(super) fn gid(type_name: &str, key: i64) -> String {
    tongxin::ids::encode(type_name, key).0
}

/// The payload of mutation `name`, after checking it has no user errors.
pub(super) fn ok<'a>(response: &'a Value, name: &str) -> &'a Value {
    let payload = &response["data"][name];
    assert_eq!(payload["userErrors"], json!([]), "{response}");
    payload
}

/// Asserts mutation `name` was refused with a user error `code` at `field` and wrote no record.
pub(super) fn refused(response: &Value, name: &str, code: &str, field: &[&str]) {
    let payload = &response["data"][name];
    let errors = payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"));
    let found = errors
        .iter()
        .any(|e| e["code"] == code && e["field"] == json!(field));
    assert!(found, "expected {code} at {field:?}: {response}");
    let record = payload
        .as_object()
        .unwrap_or_else(|| panic!("{response}"))
        .iter()
        .find(|(k, _)| *k != "userErrors")
        .map(|(_, v)| v.clone());
    assert_eq!(record, Some(Value::Null), "nothing returned: {response}");
}

pub(super) fn error_code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected a GraphQL error: {response}"))
}

pub(super) async fn count<E>(db: &DatabaseConnection) -> u64
where
    E: EntityTrait,
    E::Model: Sync,
{
    E::find().count(db).await.unwrap()
}

pub(super) async fn organization(db: &DatabaseConnection, kind: &str, prefix: &str) -> i64 {
    use entity::organization::{Column, Entity};
    Entity::find()
        .filter(Column::Kind.eq(kind))
        .filter(Column::RegionCode.starts_with(prefix))
        .filter(Column::DeletedAt.is_null())
        .order_by_asc(Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a seeded {kind} in {prefix}"))
        .id
}

pub(super) async fn region(db: &DatabaseConnection, level: &str, prefix: &str) -> String {
    use entity::region::{Column, Entity};
    Entity::find()
        .filter(Column::Level.eq(level))
        .filter(Column::Code.starts_with(prefix))
        .order_by_asc(Column::Code)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .code
}

pub(super) async fn people(db: &DatabaseConnection, prefix: &str, n: u64) -> Vec<String> {
    use entity::person::{Column, Entity};
    Entity::find()
        .filter(Column::RegionCode.starts_with(prefix))
        .filter(Column::DeletedAt.is_null())
        .order_by_asc(Column::Id)
        .paginate(db, n)
        .fetch_page(0)
        .await
        .unwrap()
        .into_iter()
        .map(|p| gid("Person", p.id))
        .collect()
}

/// The operations of a record's history, oldest first.
pub(super) fn operations(record: &Value) -> Vec<&str> {
    record["history"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{record}"))
        .iter()
        .map(|e| e["node"]["operation"].as_str().unwrap())
        .collect()
}
