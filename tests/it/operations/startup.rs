//! Start-up: the real binary on a migrated, empty database whose seeding is held back (a
//! transaction of the test's own keeps the seed's writes waiting) is not ready and serves no
//! data — `/readyz` and `/graphql` answer 503 "starting" — until the demo data is loaded.

use reqwest::StatusCode;
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use serde_json::Value;

use super::binary;
use crate::helpers::TestDb;

const QUERY: &str = "{ regions(first: 1) { totalCount } }";

/// Seeding held back as long as the returned transaction is open: on SQLite it holds the write
/// lock (`BEGIN IMMEDIATE`), on PostgreSQL a SHARE lock on `region` (reads pass, inserts wait).
pub(super) async fn hold_seeding(test_db: &TestDb) -> DatabaseTransaction {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    let txn = test_db.db.begin_with_options(options).await.unwrap();
    if test_db.is_postgres() {
        txn.execute_unprepared("LOCK TABLE region IN SHARE MODE")
            .await
            .unwrap();
    }
    txn
}

/// The server as `tongxin serve` starts on a fresh machine: migrate, then seed the empty
/// database; the lock waits are long enough for the test to hold seeding.
pub(super) fn serve_seeding(test_db: &TestDb, env: &[(&str, &str)]) -> binary::Running {
    let mut all = vec![
        ("TONGXIN_AUTO_SEED", "true"),
        ("TONGXIN_SQLITE_BUSY_TIMEOUT_MS", "120000"),
        ("TONGXIN_PG_LOCK_TIMEOUT_MS", "0"),
        ("TONGXIN_PG_STATEMENT_TIMEOUT_MS", "0"),
    ];
    all.extend_from_slice(env);
    binary::serve(&test_db.url, &all)
}

async fn query(base: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&serde_json::json!({ "query": QUERY }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn readyz(base: &str) -> (StatusCode, String) {
    let response = reqwest::get(format!("{base}/readyz")).await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn until_the_demo_data_is_loaded_the_server_is_not_ready_and_serves_no_data() {
    let test_db = TestDb::fresh().await;
    let held = hold_seeding(&test_db).await;
    let mut server = serve_seeding(&test_db, &[]);
    // Migrations are current and the dataset is on its way in, held by the lock.
    server.wait_for_message("loading the demo dataset into the empty database");
    let held_since = std::time::Instant::now();

    assert_eq!(
        readyz(&server.base).await,
        (StatusCode::SERVICE_UNAVAILABLE, "starting".to_owned())
    );
    let (status, body) = query(&server.base).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["message"], "服务正在启动，请稍后重试",
        "{body}"
    );
    let english = reqwest::Client::new()
        .post(format!("{}/graphql", server.base))
        .header("accept-language", "en")
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), StatusCode::SERVICE_UNAVAILABLE);
    let english: serde_json::Value = english.json().await.unwrap();
    assert_eq!(english["errors"][0]["message"], "starting", "{english}");
    assert!(body.get("data").is_none(), "no empty directory: {body}");
    let report = reqwest::get(format!("{}/reports/620400/2025", server.base))
        .await
        .unwrap();
    assert_eq!(report.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Liveness does not wait for start-up.
    let health = reqwest::get(format!("{}/healthz", server.base))
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    let held_for = held_since.elapsed();
    held.rollback().await.unwrap();
    server.until_ready().await;
    // The answers above were given while seeding waited on the lock, not after it.
    let loaded = server.wait_for_message("demo dataset loaded");
    // A u128 field: JSON logs write it as a string.
    let took: u128 = loaded["elapsed_ms"]
        .as_str()
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("{loaded}"));
    assert!(
        took + 50 >= held_for.as_millis(),
        "seeding took {took} ms, the lock was held {held_for:?}"
    );
    let (status, body) = query(&server.base).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["data"]["regions"]["totalCount"].as_i64().unwrap() > 0,
        "ready means seeded: {body}"
    );
}
