//! Point 2: GraphQL over HTTP: media types, status codes, CSRF-safe request media types,
//! 405 for mutations over GET, 413 for bodies too large, and clean error bodies.

use reqwest::header::{ACCEPT, ALLOW, CONTENT_TYPE};
use serde_json::json;

use super::{GQL_RESPONSE, code, content_type, read};
use crate::helpers::{TestDb, count_statements, spawn_app};

#[tokio::test]
async fn responses_use_the_media_type_the_client_accepts() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let query = json!({ "query": "{ __typename }" });
    for (accept, expected) in [
        (Some(GQL_RESPONSE), GQL_RESPONSE),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            GQL_RESPONSE,
        ),
        (Some("application/json"), "application/json"),
        (None, "application/json"),
    ] {
        let mut request = client.post(format!("{base}/graphql")).json(&query);
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        let (status, content_type, body) = read(request.send().await.unwrap()).await;
        assert_eq!(status, 200, "{body}");
        assert!(
            content_type.starts_with(expected),
            "{accept:?}: {content_type}"
        );
        assert_eq!(body["data"]["__typename"], "Query");
    }
}

#[tokio::test]
async fn unparsable_json_and_documents_get_400_and_invalid_documents_422() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let post = |body: String| {
        client
            .post(format!("{base}/graphql"))
            .header(ACCEPT, GQL_RESPONSE)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
    };
    for body in [
        r#"{"query": "{ __typename }""#,
        "not json",
        "",
        r#""a string""#,
        "[]",
    ] {
        let (status, content_type, answer) =
            read(post(body.to_owned()).send().await.unwrap()).await;
        assert_eq!(status, 400, "{body:?}: {answer}");
        assert!(content_type.starts_with(GQL_RESPONSE));
        assert_eq!(code(&answer), "BAD_USER_INPUT");
    }
    let (status, _, answer) = read(
        post(json!({ "query": "{ __typename " }).to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(code(&answer), "BAD_USER_INPUT");
    // Unknown fields fail validation: 422, and no "Did you mean" (read() checks it).
    let (status, _, answer) = read(
        post(json!({ "query": "{ regionz { totalCount } }" }).to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(code(&answer), "BAD_USER_INPUT");
    assert!(
        answer.get("data").is_none() || answer["data"].is_null(),
        "{answer}"
    );
}

#[tokio::test]
async fn get_runs_queries_refuses_mutations_and_still_serves_graphiql() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{base}/graphql"))
        .query(&[("query", "{ __typename }")])
        .send()
        .await
        .unwrap();
    let (status, _, body) = read(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["__typename"], "Query");

    let mutation = "mutation { revokeApiToken(id: \"x\") { __typename } }";
    let response = client
        .get(format!("{base}/graphql"))
        .query(&[("query", mutation)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers().get(ALLOW).unwrap(), "POST");
    let (status, _, body) = read(response).await;
    assert_eq!(status, 405, "{body}");

    let page = client
        .get(format!("{base}/graphql"))
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(content_type(&page).starts_with("text/html"));
}

#[tokio::test]
async fn only_json_and_preflighted_multipart_bodies_are_accepted() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let body = json!({ "query": "{ __typename }" }).to_string();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let mut request = client.post(format!("{base}/graphql")).body(body.clone());
        if let Some(value) = content_type {
            request = request.header(CONTENT_TYPE, value);
        }
        let (status, _, answer) = read(request.send().await.unwrap()).await;
        assert_eq!(status, 415, "{content_type:?}: {answer}");
        assert_eq!(code(&answer), "BAD_USER_INPUT");
    }
    // With a preflight header, a multipart request is read as a GraphQL upload.
    let form = reqwest::multipart::Form::new()
        .text("operations", body.clone())
        .text("map", "{}");
    let response = client
        .post(format!("{base}/graphql"))
        .header("graphql-preflight", "1")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (status, _, answer) = read(response).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["__typename"], "Query");
}

#[tokio::test]
async fn a_50_mb_body_is_refused_without_being_executed() {
    let mut test_db = TestDb::fresh().await;
    let counter = count_statements(&mut test_db.db);
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let padding = "x".repeat(50 * 1024 * 1024);
    let body = format!(
        r#"{{"query": "{{ regions {{ totalCount }} }}", "extensions": {{"pad": "{padding}"}}}}"#
    );
    counter.reset();
    let started = std::time::Instant::now();
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await;
    println!("50 MB body refused in {:?}", started.elapsed());
    // The server may answer 413 and close before the client finished sending.
    if let Ok(response) = response {
        let (status, _, answer) = read(response).await;
        assert_eq!(status, 413, "{answer}");
        assert_eq!(code(&answer), "LIMIT_EXCEEDED");
        assert!(answer.to_string().contains("maxBodyBytes"), "{answer}");
    }
    assert_eq!(counter.get(), 0, "nothing ran");
}
