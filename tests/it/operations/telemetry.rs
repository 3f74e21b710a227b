//! Request ids (response header, error extensions), one log line per operation, JSON logs,
//! and no secrets in them.

use super::{binary, sqlite_url};
use crate::helpers::{TestDb, spawn_app};

#[tokio::test]
async fn request_ids_are_returned_in_the_header_and_in_error_extensions() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{base}/graphql"))
        .header("x-request-id", "ops-test-42")
        .json(&serde_json::json!({ "query": r#"query Broken { node(id: "not-an-id") { id } }"# }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "ops-test-42");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["requestId"], "ops-test-42",
        "{body}"
    );
    // Other routes get one too.
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert!(!health.headers()["x-request-id"].is_empty());
}

#[tokio::test]
async fn json_logs_have_one_line_per_operation_and_no_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("logs.db"));
    let mut server = binary::serve(&url, &[("RUST_LOG", "info,tower_http=debug")]);
    server.until_ready().await;
    let client = reqwest::Client::new();
    client
        .post(format!("{}/graphql", server.base))
        .header("authorization", "Bearer tx_secret-token-never-logged")
        .json(&serde_json::json!({ "query": "query LoggedOp { __typename }" }))
        .send()
        .await
        .unwrap();
    client
        .post(format!("{}/graphql", server.base))
        .json(&serde_json::json!({ "query": "query LoggedOp { __typename }" }))
        .send()
        .await
        .unwrap();
    reqwest::get(format!(
        "{}/healthz?password=hunter2-never-logged",
        server.base
    ))
    .await
    .unwrap();
    server.signal("TERM");
    server.wait();
    let log = server.seen.join("\n");
    for line in &server.seen {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|err| panic!("not a JSON line ({err}): {line}"));
    }
    assert!(!log.contains("secret-token-never-logged"), "{log}");
    assert!(!log.contains("hunter2"), "{log}");
    let operation = server
        .seen
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|e| e["message"] == "graphql operation" && e["operation"] == "LoggedOp")
        .unwrap_or_else(|| panic!("no operation line in {log}"));
    assert_eq!(operation["outcome"], "ok");
    assert!(operation["duration_ms"].is_u64());
}
