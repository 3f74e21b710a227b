//! Point 4: page size above the maximum, the request time limit, in-flight requests (503)
//! and requests per minute (429 with Retry-After).

use reqwest::header::RETRY_AFTER;
use serde_json::json;

use super::{code, read};
use crate::helpers::{TestDb, spawn_app, spawn_app_with, test_config};

#[tokio::test]
async fn a_page_above_the_maximum_is_refused_not_clamped() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ regions(first: 101) { totalCount } }" }))
        .send()
        .await
        .unwrap();
    let (status, _, body) = read(response).await;
    assert_eq!(status, 200, "an execution error: {body}");
    assert_eq!(code(&body), "LIMIT_EXCEEDED", "{body}");
}

#[tokio::test]
async fn a_request_past_its_time_limit_is_cut_off() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.request_timeout_ms = 200;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    // An aggregate waits for a turn of the heavy-read bulkhead (same process): with every turn
    // held it cannot finish, so the limit is what ends it, whatever the machine's speed.
    let mut held = Vec::new();
    for _ in 0..tongxin::db::heavy::slots() {
        held.push(tongxin::db::heavy::turn().await);
    }
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ organizationsAggregate { count } }" }))
        .send()
        .await
        .unwrap();
    drop(held);
    let (status, _, body) = read(response).await;
    assert_eq!(status, 504, "{body}");
    assert_eq!(code(&body), "LIMIT_EXCEEDED");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("requestTimeoutMs")
    );
}

#[tokio::test]
async fn past_the_in_flight_limit_requests_get_503_at_once() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.max_in_flight = 1;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    // An aggregate waits for a turn of the heavy-read bulkhead (same process): with every turn
    // held, it holds the only in-flight permit until they are let go.
    let mut held_turns = Vec::new();
    for _ in 0..tongxin::db::heavy::slots() {
        held_turns.push(tongxin::db::heavy::turn().await);
    }
    let held = {
        let request = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": "{ organizationsAggregate { count } }" }));
        tokio::spawn(async move { request.send().await })
    };
    let mut refused = None;
    for _ in 0..200 {
        let response = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": "{ __typename }" }))
            .send()
            .await
            .unwrap();
        if response.status() == 503 {
            refused = Some(read(response).await);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let (_, _, body) = refused.expect("a second request is refused while the first is held");
    assert_eq!(code(&body), "LIMIT_EXCEEDED", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("上限 1")
    );
    drop(held_turns);
    assert_eq!(held.await.unwrap().unwrap().status(), 200);
    // Once the held request is done, requests are served again.
    let response = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn past_the_rate_limit_callers_get_429_with_retry_after() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.rate_limit_per_minute = 2;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    let query = json!({ "query": "{ __typename }" });
    for _ in 0..2 {
        let response = client
            .post(format!("{base}/graphql"))
            .json(&query)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let response = client
        .post(format!("{base}/graphql"))
        .json(&query)
        .send()
        .await
        .unwrap();
    let retry_after: u64 = response.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let (status, _, body) = read(response).await;
    assert_eq!(status, 429);
    assert_eq!(code(&body), "LIMIT_EXCEEDED");
    // A credential that does not check out counts against the same address: no fresh allowance.
    let response = client
        .post(format!("{base}/graphql"))
        .bearer_auth("txn_not_a_token")
        .json(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
}
