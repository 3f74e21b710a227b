//! Request ids (response header, error extensions), one log line per operation, JSON logs,
//! and no secrets in them.

use super::startup::{hold_seeding, serve_seeding};
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
    // The server's own id, with the client's beside it.
    let server_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(server_id, "ops-test-42");
    assert_eq!(response.headers()["x-client-request-id"], "ops-test-42");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["requestId"],
        server_id.as_str(),
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
    let answer = client
        .post(format!("{}/graphql", server.base))
        .header("x-request-id", "client-log-7")
        .json(&serde_json::json!({ "query": "query LoggedOp { __typename }" }))
        .send()
        .await
        .unwrap();
    let server_id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
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
    // The request's span names the server's id and, beside it, the client's.
    let logged = server
        .seen
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| e["message"] == "graphql operation")
        .flat_map(|e| e["spans"].as_array().cloned().unwrap_or_default())
        .find(|span| span["name"] == "http.request" && span["request_id"] == server_id.as_str())
        .unwrap_or_else(|| panic!("no span of request {server_id} in {log}"));
    assert_eq!(logged["client_request_id"], "client-log-7", "{logged}");
}

/// `/readyz` answering 503 while the server starts is its normal answer, not a failure: the
/// request trace logs it (and the data routes' "starting") at debug, and nothing at ERROR.
#[tokio::test]
async fn the_expected_503s_of_start_up_are_logged_at_debug_not_as_errors() {
    let test_db = TestDb::fresh().await;
    let held = hold_seeding(&test_db).await;
    let mut server = serve_seeding(&test_db, &[("RUST_LOG", "info,tower_http=debug")]);
    server.wait_for_message("loading the demo dataset into the empty database");
    let readyz = reqwest::get(format!("{}/readyz", server.base))
        .await
        .unwrap();
    assert_eq!(readyz.status(), 503);
    let graphql = reqwest::Client::new()
        .post(format!("{}/graphql", server.base))
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(graphql.status(), 503);
    held.rollback().await.unwrap();
    server.until_ready().await;
    server.signal("TERM");
    server.wait();

    let events: Vec<serde_json::Value> = server
        .seen
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let log = server.seen.join("\n");
    let errors: Vec<_> = events.iter().filter(|e| e["level"] == "ERROR").collect();
    assert!(errors.is_empty(), "errors logged: {errors:#?}");
    let answered_503 = events
        .iter()
        .filter(|e| {
            e["level"] == "DEBUG"
                && e["message"] == "finished processing request"
                && e["status"] == 503
        })
        .count();
    assert!(answered_503 >= 2, "the 503s at debug: {log}");
}

/// With `OTEL_EXPORTER_OTLP_ENDPOINT` set, spans reach the collector as OTLP/HTTP protobuf.
/// The exporter's client carries TLS without a provider of its own (decision 0022): this
/// fails if the server does not install one before building it.
#[tokio::test]
async fn spans_are_exported_to_an_otlp_collector() {
    use std::sync::{Arc, Mutex};

    let received: Arc<Mutex<Vec<(String, usize)>>> = Arc::default();
    let collector = {
        let received = received.clone();
        axum::Router::new().route(
            "/v1/traces",
            axum::routing::post(
                move |headers: axum::http::HeaderMap, body: axum::body::Bytes| async move {
                    let content_type = headers
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    received.lock().unwrap().push((content_type, body.len()));
                    axum::http::StatusCode::OK
                },
            ),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, collector).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("otlp.db"));
    let mut server = binary::serve(&url, &[("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint)]);
    server.until_ready().await;
    reqwest::Client::new()
        .post(format!("{}/graphql", server.base))
        .json(&serde_json::json!({ "query": "query Exported { __typename }" }))
        .send()
        .await
        .unwrap();
    // Shutting down flushes the spans not yet sent.
    server.signal("TERM");
    let status = tokio::task::spawn_blocking(move || {
        let status = server.wait();
        (status, server.seen.join("\n"))
    })
    .await
    .unwrap();
    assert!(status.0.success(), "{}", status.1);
    let received = received.lock().unwrap().clone();
    assert!(
        !received.is_empty(),
        "no spans arrived; the log: {}",
        status.1
    );
    assert!(
        received
            .iter()
            .all(|(content_type, len)| content_type == "application/x-protobuf" && *len > 0),
        "{received:?}"
    );
}
