//! Real HTTP against the app on an ephemeral port: health, the offline GraphiQL page and its
//! assets, a query, and request bodies that are not GraphQL at all.

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::helpers::{TestDb, spawn_app};

/// Words that would mean internals leaked into a client-facing error body.
const INTERNAL_WORDS: &[&str] = &[
    "BatchRequest",
    "ParseRequestError",
    "InvalidRequest",
    "serde",
    "async_graphql",
    "Error(",
    "::",
];

fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The values of every `src="…"` and `href="…"` attribute in `html`.
fn referenced_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for (start, _) in html.match_indices(attribute) {
            let rest = &html[start + attribute.len()..];
            if let Some(end) = rest.find('"') {
                urls.push(rest[..end].to_owned());
            }
        }
    }
    urls
}

#[tokio::test]
async fn healthz_answers_ok_while_the_process_serves_and_readyz_follows_the_database() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let response = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok");

    test_db.db.close_by_ref().await.unwrap();
    let response = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn graphiql_is_served_without_any_outside_url() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();

    let page = client.get(format!("{base}/graphql")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(content_type(&page).starts_with("text/html"));
    let html = page.text().await.unwrap();
    let urls = referenced_urls(&html);
    assert!(
        urls.len() >= 4,
        "expected scripts and a stylesheet: {urls:?}"
    );
    assert!(!html.contains("http://") && !html.contains("https://"));

    for url in &urls {
        assert!(url.starts_with("/graphiql/"), "not a local asset: {url}");
        let response = client.get(format!("{base}{url}")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let expected = if url.contains(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        assert!(content_type(&response).starts_with(expected), "{url}");
        let cache = response
            .headers()
            .get(CACHE_CONTROL)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(cache.contains("max-age=31536000"), "{url}: {cache}");
        assert!(!response.bytes().await.unwrap().is_empty(), "{url}");
    }

    let missing = client
        .get(format!("{base}/graphiql/nothing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn post_graphql_answers_a_query() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query");
    assert!(body.get("errors").is_none(), "{body}");
}

#[tokio::test]
async fn bodies_that_are_not_graphql_get_a_clear_4xx() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let bodies = [
        r#"{"query": "{ __typename }""#,
        "not json at all",
        r#""just a string""#,
        "",
    ];
    for body in bodies {
        let response = client
            .post(format!("{base}/graphql"))
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(status.is_client_error(), "{body:?} gave {status}");
        let text = response.text().await.unwrap();
        for word in INTERNAL_WORDS {
            assert!(!text.contains(word), "{body:?} leaked {word:?}: {text}");
        }
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    }

    // A batch of two is over PUBLIC's batch limit of one (decision 0012).
    let response = client
        .post(format!("{base}/graphql"))
        .header(CONTENT_TYPE, "application/json")
        .body(r#"[{"query": "{ __typename }"}, {"query": "{ __typename }"}]"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let parsed: Value = response.json().await.unwrap();
    assert_eq!(parsed["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");

    // Valid JSON without a query is a GraphQL request with nothing to run: a GraphQL error.
    let response = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "variables": {} }))
        .send()
        .await
        .unwrap();
    assert!(!response.status().is_server_error());
    let body: Value = response.json().await.unwrap();
    assert!(body["errors"][0]["message"].is_string(), "{body}");
}
