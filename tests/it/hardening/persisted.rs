//! Point 5: automatic persisted queries and the PUBLIC allow-list of registered documents.

use serde_json::json;

use super::{code, read};
use crate::helpers::{TestDb, spawn_app, spawn_app_with, test_config};

const QUERY: &str = "{ __typename }";

fn hash(document: &str) -> String {
    tongxin::http::persisted::sha256(document)
}

#[tokio::test]
async fn apq_asks_for_the_document_once_then_runs_it_by_hash() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash(QUERY) } });
    let (status, _, body) = read(
        client
            .post(format!("{base}/graphql"))
            .json(&json!({ "extensions": extensions }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_FOUND", "{body}");
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");

    let (status, _, body) = read(
        client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": QUERY, "extensions": extensions }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["__typename"], "Query");

    // Now by hash alone, over GET as Apollo clients send it.
    let response = client
        .get(format!("{base}/graphql"))
        .query(&[("extensions", extensions.to_string())])
        .send()
        .await
        .unwrap();
    let (status, _, body) = read(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["__typename"], "Query");

    let wrong = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash("{ other }") } });
    let (status, _, body) = read(
        client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": QUERY, "extensions": wrong }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "BAD_USER_INPUT");
}

#[tokio::test]
async fn in_allow_list_mode_the_public_runs_only_registered_documents() {
    let test_db = TestDb::fresh().await;
    let registered = "query Regions { regions { totalCount } }";
    tongxin::http::persisted::register(&test_db.db, registered, Some("front.graphql"))
        .await
        .unwrap();
    let mut config = test_config();
    config.limits.public_allow_list = true;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    let post = |body: serde_json::Value| client.post(format!("{base}/graphql")).json(&body).send();

    let (status, _, body) = read(post(json!({ "query": registered })).await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["regions"]["totalCount"].is_number(), "{body}");

    let by_hash = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash(registered) } });
    let (status, _, body) = read(post(json!({ "extensions": by_hash })).await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["regions"]["totalCount"].is_number(), "{body}");

    let (status, _, body) = read(post(json!({ "query": "{ __typename }" })).await.unwrap()).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(code(&body), "FORBIDDEN");

    // APQ cannot register new documents for the public in this mode.
    let other = "{ __typename }";
    let apq = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash(other) } });
    let (status, _, _) = read(
        post(json!({ "query": other, "extensions": apq }))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 403);
    let (_, _, body) = read(post(json!({ "extensions": apq })).await.unwrap()).await;
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_FOUND");
}

#[tokio::test]
async fn documents_add_registers_files_by_their_sha256() {
    let test_db = TestDb::fresh().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("regions.graphql");
    let document = "query Regions { regions { totalCount } }\n";
    std::fs::write(&file, document).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"))
        .args(["documents", "add"])
        .arg(&file)
        .env("DATABASE_URL", &test_db.url)
        .env("TONGXIN_AUTO_SEED", "false")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with(&hash(document)), "{stdout}");
    use sea_orm::EntityTrait;
    let row = entity::persisted_document::Entity::find_by_id(hash(document))
        .one(&test_db.db)
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(row.document, document);
    assert_eq!(row.name.as_deref(), Some("regions.graphql"));

    std::fs::write(&file, "{ not graphql").unwrap();
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_tongxin"))
        .args(["documents", "add"])
        .arg(&file)
        .env("DATABASE_URL", &test_db.url)
        .env("TONGXIN_AUTO_SEED", "false")
        .output()
        .unwrap();
    assert!(!refused.status.success());
}
