//! An EDITOR credential must name its region: a token or JWT for an editor without one would
//! otherwise stand for the whole city. Such tokens are not issued, and such credentials are
//! not accepted (whether a JWT or a token stored before the rule).

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use tongxin::auth::{Role, tokens};

use crate::access_control::{SECRET, Server, callers, code, jwt};
use crate::helpers::TestDb;

#[tokio::test]
async fn an_editor_token_without_a_region_is_not_issued() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let admin = callers(&test).await.admin;
    let create = r#"mutation($region: String) { createApiToken(input: { name: "citywide-editor", role: EDITOR, region: $region }) { token } }"#;
    let (status, refused, _) = server.ask(Some(&admin), create, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{refused}");
    assert_eq!(code(&refused), "BAD_USER_INPUT", "{refused}");
    assert!(refused["data"].is_null() || refused["data"]["createApiToken"].is_null());
    let stored = tongxin::auth::tokens::create(&test.db, "cli", Role::Editor, None, None, "test")
        .await
        .map(|_| ());
    assert!(stored.is_err(), "the service refuses it too (CLI path)");
    // With a region it is issued; other roles still may omit one.
    let (_, made, _) = server
        .ask(Some(&admin), create, json!({ "region": "620421" }))
        .await;
    assert!(
        made["data"]["createApiToken"]["token"].is_string(),
        "{made}"
    );
    let viewer = r#"mutation { createApiToken(input: { name: "dash", role: VIEWER }) { token } }"#;
    let (_, made, _) = server.ask(Some(&admin), viewer, json!({})).await;
    assert!(
        made["data"]["createApiToken"]["token"].is_string(),
        "{made}"
    );
}

#[tokio::test]
async fn an_editor_jwt_without_a_region_is_unauthenticated() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let exp = (Utc::now() + Duration::minutes(5)).timestamp();
    let me = "{ me { role regionScope } }";
    let claims = json!({ "sub": "li", "iss": "https://idp.example", "aud": "tongxin", "exp": exp, "role": "EDITOR" });
    let (status, body, _) = server
        .ask(Some(&jwt(claims.clone(), SECRET)), me, json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(code(&body), "UNAUTHENTICATED");
    let mut null_region = claims.clone();
    null_region["region"] = json!(null);
    let (status, _, _) = server
        .ask(Some(&jwt(null_region, SECRET)), me, json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The same JWT with a region, and an ADMIN JWT without one, are accepted.
    let mut scoped = claims.clone();
    scoped["region"] = json!("620421");
    let (status, body, _) = server.ask(Some(&jwt(scoped, SECRET)), me, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["me"]["role"], "EDITOR");
    let mut admin = claims;
    admin["role"] = json!("ADMIN");
    let (status, _, _) = server.ask(Some(&jwt(admin, SECRET)), me, json!({})).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_stored_editor_token_without_a_region_is_unauthenticated() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    // A token issued before the rule: written as a VIEWER, then turned into a region-less EDITOR.
    let (row, secret) = tokens::create(&test.db, "old-editor", Role::Viewer, None, None, "test")
        .await
        .unwrap();
    let widen = entity::api_token::ActiveModel {
        id: sea_orm::Set(row.id),
        role: sea_orm::Set("EDITOR".into()),
        ..Default::default()
    };
    sea_orm::ActiveModelTrait::update(widen, &test.db)
        .await
        .unwrap();
    let (status, body, _) = server
        .ask(Some(&secret), "{ me { role } }", json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(code(&body), "UNAUTHENTICATED");
}
