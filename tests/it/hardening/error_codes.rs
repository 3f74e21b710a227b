//! Every GraphQL error carries `extensions.code`, whatever produced it: input coercion
//! (integers out of range, wrong enum values, malformed scalars, bad variables), validation
//! (unknown arguments and fields) and parsing — over HTTP, through the schema (the path
//! WebSocket subscriptions take), and on a subscription stream.

use futures_util::StreamExt;
use serde_json::{Value, json};
use tongxin::auth::Viewer;

use crate::helpers::{TestDb, execute, spawn_app};

/// Malformed documents and variables: each answers with at least one error.
fn malformed() -> Vec<(&'static str, Value)> {
    vec![
        ("{ regions(first: -3000000000) { totalCount } }", json!({})),
        ("{ regions(first: 2147483648) { totalCount } }", json!({})),
        ("{ regions(first: 1.5) { totalCount } }", json!({})),
        (r#"{ regions(first: "ten") { totalCount } }"#, json!({})),
        (
            "query($n: Int) { regions(first: $n) { totalCount } }",
            json!({ "n": 3_000_000_000_i64 }),
        ),
        (
            "query($n: Int!) { regions(first: $n) { totalCount } }",
            json!({}),
        ),
        (
            r#"{ coverage(region: "620400", level: PLANET) { total { villages } } }"#,
            json!({}),
        ),
        (
            "query($l: RegionLevel) { coverage(region: \"620400\", level: $l) { total { villages } } }",
            json!({ "l": "PLANET" }),
        ),
        (
            r#"{ coverage(region: "620400", asOf: "2025-13-45") { total { villages } } }"#,
            json!({}),
        ),
        (
            r#"{ activities(first: 1, filter: { heldOn: { gte: "yesterday" } }) { totalCount } }"#,
            json!({}),
        ),
        (
            "{ regions(first: 1, colour: RED) { totalCount } }",
            json!({}),
        ),
        ("{ regions(first: 1) { nonsense } }", json!({})),
        ("{ regions(first: 1) { totalCount }", json!({})),
        ("query { ... }", json!({})),
    ]
}

/// The errors of `body`, checked to be there and to carry a string `extensions.code`.
fn assert_every_error_coded(document: &str, body: &Value) {
    let errors = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{document}: no errors in {body}"));
    assert!(!errors.is_empty(), "{document}: {body}");
    for error in errors {
        assert!(
            error["extensions"]["code"].is_string(),
            "{document}: an error without extensions.code: {error}"
        );
    }
}

#[tokio::test]
async fn every_error_of_a_malformed_request_over_http_has_a_code() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    for (document, variables) in malformed() {
        let body: Value = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": document, "variables": variables }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_every_error_coded(document, &body);
    }
    // The reported case: a field error, not a request error, that had no code.
    let body: Value = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ regions(first: -3000000000) { totalCount } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
}

#[tokio::test]
async fn every_error_through_the_schema_and_on_a_subscription_stream_has_a_code() {
    let test_db = TestDb::fresh().await;
    let schema = test_db.schema();
    for (document, variables) in malformed() {
        let body = execute(&schema, document, variables, Viewer::public()).await;
        assert_every_error_coded(document, &body);
    }
    for document in [
        "subscription { changes(types: [NOPE]) { id } }",
        "subscription { changes(withinRegion: 620400) { id } }",
        "subscription { changes { nonsense } }",
    ] {
        let request = tongxin::graphql::prepare(
            async_graphql::Request::new(document),
            &schema.db,
            Viewer::public(),
        );
        let first = tongxin::graphql::subscribe(&schema.schema, request, Default::default())
            .next()
            .await
            .unwrap_or_else(|| panic!("{document}: the stream ended without a response"));
        let body = serde_json::to_value(&first).unwrap();
        assert_every_error_coded(document, &body);
    }
}
