//! `/metrics`: Prometheus text with operations, latency, pool gauges, imports and refusals.

use crate::helpers::{TestDb, spawn_app};

#[tokio::test]
async fn metrics_count_operations_pools_imports_and_refusals() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
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

    let response = reqwest::get(format!("{base}/metrics")).await.unwrap();
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
