//! A lost PostgreSQL: the real binary started against a stopped cluster waits for it and is
//! not ready; once the cluster starts it becomes ready; stopping the cluster while serving
//! fails requests fast with UNAVAILABLE (503); starting it again recovers without a restart.
//! Runs once, in CI's PostgreSQL phase (`TONGXIN_TEST_POSTGRES_URL` set), on a throwaway
//! cluster of its own (never the shared one).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use super::binary;
use crate::helpers::POSTGRES_ENV;
use crate::helpers::cluster::Cluster;

/// A bound against hangs, not a measurement.
const GUARD: Duration = Duration::from_secs(120);
const QUERY: &str = "{ regions(first: 1) { totalCount } }";

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

async fn ready(base: &str) -> StatusCode {
    reqwest::get(format!("{base}/readyz"))
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn the_server_waits_for_postgres_fails_fast_while_it_is_gone_and_recovers() {
    if std::env::var(POSTGRES_ENV).is_err() {
        return; // once, in the PostgreSQL phase
    }
    if !Cluster::available("the PostgreSQL outage test") {
        return;
    }
    let cluster = Cluster::init("pgdown");
    let mut server = binary::serve(
        &cluster.url("postgres"),
        &[
            ("TONGXIN_DB_ACQUIRE_TIMEOUT_MS", "1000"),
            ("TONGXIN_DB_MAX_CONNECTIONS", "4"),
        ],
    );
    // Started against a stopped cluster: serving, not ready, saying it waits.
    assert_eq!(ready(&server.base).await, StatusCode::SERVICE_UNAVAILABLE);
    let started = Instant::now();
    while !server
        .seen
        .iter()
        .any(|l| l.contains("waiting for the database"))
    {
        server.seen.extend(server.lines.recv_timeout(GUARD).ok());
        assert!(started.elapsed() < GUARD, "{:#?}", server.seen);
    }

    cluster.start();
    server.until_ready().await;
    let (status, body) = query(&server.base).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("errors").is_none(), "{body}");

    cluster.stop();
    let (status, body) = query(&server.base).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(ready(&server.base).await, StatusCode::SERVICE_UNAVAILABLE);

    cluster.start();
    let started = Instant::now();
    loop {
        let (status, body) = query(&server.base).await;
        if status == StatusCode::OK && body.get("errors").is_none() {
            break;
        }
        assert!(started.elapsed() < GUARD, "never recovered: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(ready(&server.base).await, StatusCode::OK);
}
