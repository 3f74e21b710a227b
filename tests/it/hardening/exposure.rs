//! Point 6 (and 7): introspection and GraphiQL follow the settings and production mode;
//! CORS answers only configured origins; the settings' defaults are the documented ones.

use clap::Parser;
use reqwest::header::{ACCEPT, ORIGIN};
use serde_json::json;
use tongxin::auth::Role;
use tongxin::config::{Cli, Mode};

use super::read;
use crate::helpers::{TestDb, spawn_app, spawn_app_with, test_config};

const INTROSPECTION: &str = "{ __schema { queryType { name } } }";

#[tokio::test]
async fn production_hides_introspection_and_graphiql_from_the_public() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.mode = Mode::Production;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    let (_, _, body) = read(
        client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": INTROSPECTION }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(body["data"]["__schema"]["queryType"].is_null(), "{body}");

    let (_, secret) = tongxin::auth::tokens::create(
        &test_db.db,
        "introspection",
        Role::Viewer,
        None,
        None,
        "test",
    )
    .await
    .unwrap();
    let (status, _, body) = read(
        client
            .post(format!("{base}/graphql"))
            .bearer_auth(secret)
            .json(&json!({ "query": INTROSPECTION }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"], "Query",
        "{body}"
    );

    let page = client
        .get(format!("{base}/graphql"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
}

#[tokio::test]
async fn introspection_and_graphiql_can_be_turned_off() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.introspection = false;
    config.limits.graphiql = false;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    let (_, _, body) = read(
        client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": INTROSPECTION }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(body["data"]["__schema"]["queryType"].is_null(), "{body}");
    let page = client.get(format!("{base}/graphql")).send().await.unwrap();
    assert_eq!(page.status(), 404);
}

#[tokio::test]
async fn cors_answers_configured_origins_only() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.cors_origins = vec!["https://app.example.cn".into()];
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    let allowed = client
        .request(reqwest::Method::OPTIONS, format!("{base}/graphql"))
        .header(ORIGIN, "https://app.example.cn")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,authorization",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example.cn"
    );
    let other = client
        .post(format!("{base}/graphql"))
        .header(ORIGIN, "https://evil.example")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    let (plain, _plain_server) = spawn_app(test_db.db.clone()).await;
    let none = client
        .post(format!("{plain}/graphql"))
        .header(ORIGIN, "https://app.example.cn")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert!(none.headers().get("access-control-allow-origin").is_none());
}

#[test]
fn limit_defaults_from_flags_match_the_documented_defaults() {
    let parsed = Cli::try_parse_from(["tongxin"]).unwrap().config.limits;
    let default = tongxin::config::RequestLimits::default();
    assert_eq!(format!("{parsed:?}"), format!("{default:?}"));
    assert_eq!(parsed.mode, Mode::Development);
    assert_eq!(parsed.max_batch_public, 1);
}
