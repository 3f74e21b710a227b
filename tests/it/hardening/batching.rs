//! Point 3: a JSON array is a batch; PUBLIC may send one operation, tokens `maxBatch`;
//! mutations count too, and an over-limit batch runs nothing.

use entity::api_token;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use tongxin::auth::Role;

use super::{code, read};
use crate::helpers::{TestDb, spawn_app_with, test_config};

async fn token(db: &sea_orm::DatabaseConnection, role: Role) -> String {
    tongxin::auth::tokens::create(db, "batching test", role, None, None, "test")
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn batches_are_limited_per_role_and_over_limit_batches_run_nothing() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.max_batch = 2;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    let url = format!("{base}/graphql");
    let typename = json!({ "query": "{ __typename }" });

    // PUBLIC: one operation per request, a batch of one included.
    let (status, _, body) = read(
        client
            .post(&url)
            .json(&json!([typename]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["data"]["__typename"], "Query");
    let (status, _, body) = read(
        client
            .post(&url)
            .json(&json!([typename, typename]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(code(&body), "LIMIT_EXCEEDED");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("maxBatchPublic")
    );

    // A token may batch up to max_batch.
    let admin = token(&test_db.db, Role::Admin).await;
    let (status, _, body) = read(
        client
            .post(&url)
            .bearer_auth(&admin)
            .json(&json!([typename, typename]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 2);

    // Three mutations: refused as a whole, none ran.
    let before = api_token::Entity::find().count(&test_db.db).await.unwrap();
    let create = json!({
        "query": "mutation { createApiToken(input: { name: \"n\", role: VIEWER }) { token } }"
    });
    let (status, _, body) = read(
        client
            .post(&url)
            .bearer_auth(&admin)
            .json(&json!([create, create, create]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(code(&body), "LIMIT_EXCEEDED");
    let after = api_token::Entity::find().count(&test_db.db).await.unwrap();
    assert_eq!(before, after, "no mutation of the refused batch ran");
}
