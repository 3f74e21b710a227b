//! 64 concurrent writers update the same records with optimistic concurrency: every write
//! lands or gets VERSION_CONFLICT, each landed write has its own version, and the final state
//! is the last landed write. The same check run on a naive read-modify-write path (no version
//! check) reports its lost updates: the check can fail.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};
use tongxin::auth::Viewer;

use super::count;
use crate::helpers::{TestDb, TestSchema, execute, test_config};

const WRITERS: usize = 64;
const RECORDS: usize = 2;
const ATTEMPTS: usize = 3;

const CREATE: &str = r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  organization { id version } userErrors { code message } } }"#;
const READ: &str = r#"query($id: ID!) { node(id: $id) { ... on Organization { version name } } }"#;
const UPDATE: &str = r#"mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {
  organization { version name } userErrors { code message } } }"#;

/// One landed write: the version it produced and the value it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Landed {
    version: i64,
    name: String,
}

/// No lost update: landed writes produced distinct, consecutive versions after `base`, and
/// the record holds the last of them.
fn check_no_lost_update(
    base: i64,
    landed: &[Landed],
    final_version: i64,
    final_name: &str,
) -> Result<(), String> {
    let mut by_version = BTreeMap::new();
    for write in landed {
        if let Some(other) = by_version.insert(write.version, write) {
            return Err(format!(
                "two landed writes claim version {}: {other:?} and {write:?}",
                write.version
            ));
        }
    }
    let expected: Vec<i64> = (base + 1..=base + landed.len() as i64).collect();
    let versions: Vec<i64> = by_version.keys().copied().collect();
    if versions != expected {
        return Err(format!("versions {versions:?}, expected {expected:?}"));
    }
    if final_version != base + landed.len() as i64 {
        return Err(format!(
            "the record is at version {final_version} after {} landed writes",
            landed.len()
        ));
    }
    match by_version.values().next_back() {
        Some(last) if last.name == final_name => Ok(()),
        last => Err(format!(
            "final value {final_name:?}, last landed write {last:?}"
        )),
    }
}

async fn read(schema: &TestSchema, id: &Value) -> (i64, String) {
    let answer = execute(schema, READ, json!({ "id": id }), Viewer::system()).await;
    let node = &answer["data"]["node"];
    (
        node["version"].as_i64().unwrap(),
        node["name"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn sixty_four_writers_lose_no_update() {
    let test = TestDb::seeded().await;
    // The server's pools: on SQLite a read pool and the one writer connection.
    let pools = tongxin::db::Db::open(&test.url, &tongxin::db::PoolSettings::default())
        .await
        .unwrap();
    let schema = Arc::new(TestSchema {
        schema: tongxin::graphql::build(pools.clone(), &test_config()),
        db: pools.read.clone(),
    });
    let mut ids = Vec::new();
    for r in 0..RECORDS {
        let input = json!({ "name": format!("并发六十四{r}号企业"), "kind": "ENTERPRISE", "region": "620421" });
        let created = execute(&schema, CREATE, json!({ "input": input }), Viewer::system()).await;
        ids.push(created["data"]["createOrganization"]["organization"]["id"].clone());
    }
    let tasks = (0..WRITERS).map(|w| {
        let (schema, ids) = (schema.clone(), ids.clone());
        tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for attempt in 0..ATTEMPTS {
                let record = (w + attempt) % RECORDS;
                let id = &ids[record];
                let (version, _) = read(&schema, id).await;
                let name = format!("写入者{w}第{attempt}次");
                let input =
                    json!({ "input": { "id": id, "expectedVersion": version, "name": name } });
                let answer = execute(&schema, UPDATE, input, Viewer::system()).await;
                outcomes.push((record, name, answer));
            }
            outcomes
        })
    });
    let mut landed: Vec<Vec<Landed>> = vec![Vec::new(); RECORDS];
    let mut conflicts = 0;
    for task in futures_util::future::join_all(tasks).await {
        for (record, name, answer) in task.unwrap() {
            if answer["errors"].is_null() {
                let organization = &answer["data"]["updateOrganization"]["organization"];
                assert_eq!(organization["name"], name.as_str());
                landed[record].push(Landed {
                    version: organization["version"].as_i64().unwrap(),
                    name,
                });
            } else {
                assert_eq!(
                    answer["errors"][0]["extensions"]["code"], "VERSION_CONFLICT",
                    "every write lands or gets VERSION_CONFLICT: {answer}"
                );
                conflicts += 1;
            }
        }
    }
    let total_landed: usize = landed.iter().map(Vec::len).sum();
    assert_eq!(total_landed + conflicts, WRITERS * ATTEMPTS);
    println!(
        "64 writers × {ATTEMPTS} attempts on {RECORDS} records: {total_landed} landed, {conflicts} VERSION_CONFLICT"
    );
    for (record, id) in ids.iter().enumerate() {
        let (final_version, final_name) = read(&schema, id).await;
        check_no_lost_update(1, &landed[record], final_version, &final_name).unwrap();
        // The audit trail holds one update per landed write.
        let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Organization").unwrap();
        let audited = count(
            &pools.read,
            &format!(
                "SELECT count(*) FROM audit_entry WHERE entity_type = 'Organization' AND entity_key = '{key}' AND operation = 'UPDATE'"
            ),
        )
        .await;
        assert_eq!(audited, landed[record].len() as i64);
    }
}

#[tokio::test]
async fn the_check_catches_the_lost_updates_of_a_naive_read_modify_write() {
    use sea_orm::{ConnectionTrait, Statement};
    let test = TestDb::seeded().await;
    let created = execute(
        &test.schema(),
        CREATE,
        json!({ "input": { "name": "天真写入企业", "kind": "ENTERPRISE", "region": "620421" } }),
        Viewer::system(),
    )
    .await;
    let id = created["data"]["createOrganization"]["organization"]["id"].clone();
    let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Organization").unwrap();
    let db = test.db.clone();
    let backend = db.get_database_backend();
    // Every writer reads, then (after all have read: the interleaving that loses updates)
    // writes version + 1 without checking that the version is still the one it read.
    let barrier = Arc::new(tokio::sync::Barrier::new(WRITERS));
    let tasks = (0..WRITERS).map(|w| {
        let (db, barrier) = (db.clone(), barrier.clone());
        tokio::spawn(async move {
            let sql = format!("SELECT version FROM organization WHERE id = {key}");
            let row = db
                .query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap();
            let version: i32 = row.try_get_by_index(0).unwrap();
            barrier.wait().await;
            let name = format!("天真写入者{w}");
            let sql = format!(
                "UPDATE organization SET version = {}, name = '{name}' WHERE id = {key}",
                version + 1
            );
            db.execute_raw(Statement::from_string(backend, sql))
                .await
                .unwrap();
            Landed {
                version: i64::from(version) + 1,
                name,
            }
        })
    });
    let landed: Vec<Landed> = futures_util::future::join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let (final_version, final_name) = read(&test.schema(), &id).await;
    let verdict = check_no_lost_update(1, &landed, final_version, &final_name);
    println!("naive read-modify-write, final version {final_version} after 64 writes: {verdict:?}");
    assert!(
        verdict.is_err(),
        "the naive path lost updates and the check must say so"
    );
    assert_eq!(final_version, 2, "63 of 64 updates were lost");
}
