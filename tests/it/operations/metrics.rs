//! `/metrics`: Prometheus text with operations, latency, pool gauges, imports and refusals;
//! never public: on the main listener only to the bearer of the metrics token, and on a
//! listener of its own when one is configured.

use super::{binary, sqlite_url};
use crate::helpers::{TestDb, spawn_app, spawn_app_with, test_config};

const TOKEN: &str = "metrics-test-token-0123456789";

#[tokio::test]
async fn metrics_count_operations_pools_imports_and_refusals() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.ops.metrics_token = Some(TOKEN.into());
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    for query in [
        "query MetricsProbe { __typename }",
        "query MetricsBroken { nope }",
    ] {
        client
            .post(format!("{base}/graphql"))
            .json(&serde_json::json!({ "query": query }))
            .send()
            .await
            .unwrap();
    }
    tongxin::http::metrics::limit_refused("metrics_test_limit");
    tongxin::http::metrics::rows_imported("metrics_test_kind", 3);

    let response = client
        .get(format!("{base}/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let text = response.text().await.unwrap();
    for expected in [
        r#"tongxin_graphql_requests_total{operation="MetricsProbe",outcome="ok"} "#,
        r#"tongxin_graphql_request_duration_seconds_bucket{operation="MetricsProbe",outcome="ok",le="0.005"}"#,
        r#"tongxin_limit_refusals_total{limit="metrics_test_limit"} 1"#,
        r#"tongxin_rows_imported_total{kind="metrics_test_kind"} 3"#,
        r#"tongxin_db_pool_connections_in_use{pool="read"}"#,
        r#"tongxin_db_pool_connections_idle{pool="write"}"#,
    ] {
        assert!(text.contains(expected), "missing {expected} in:\n{text}");
    }
    // The invalid document counts under an error outcome, not as ok.
    assert!(
        text.lines().any(
            |l| l.starts_with("tongxin_graphql_requests_total{operation=")
                && !l.contains("outcome=\"ok\"")
        ),
        "{text}"
    );
}

#[tokio::test]
async fn metrics_are_not_served_on_the_main_listener_without_the_token() {
    let test_db = TestDb::fresh().await;
    // Not configured: the main listener does not serve them at all.
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let response = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(!response.text().await.unwrap().contains("tongxin_"));
    // Configured: only its bearer gets them.
    let mut config = test_config();
    config.ops.metrics_token = Some(TOKEN.into());
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    for presented in [None, Some("wrong-token-0123456789"), Some("")] {
        let mut request = client.get(format!("{base}/metrics"));
        if let Some(token) = presented {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{presented:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        assert!(!response.text().await.unwrap().contains("tongxin_"));
    }
    let response = client
        .get(format!("{base}/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("metrics.db"));
    let mut server = binary::serve(&url, &[("TONGXIN_METRICS_ADDR", "127.0.0.1:0")]);
    server.until_ready().await;
    let address = server
        .seen
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|e| e["metrics_listen"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no metrics address in {:#?}", server.seen));
    let own = reqwest::get(format!("http://{address}/metrics"))
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    assert!(own.text().await.unwrap().contains("tongxin_"));
    // The metrics listener serves nothing else, and the main one no metrics.
    let other = reqwest::get(format!("http://{address}/graphql"))
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    let main = reqwest::get(format!("{}/metrics", server.base))
        .await
        .unwrap();
    assert_eq!(main.status(), 404);
    server.signal("TERM");
    assert!(server.wait().success());
}
