//! The rate limit counts against the verified caller, not the bytes of its `Authorization`
//! header: the same token written differently is the same caller, and a credential that does
//! not check out counts against the client's address like no credential at all.

use chrono::{Duration, Utc};
use serde_json::json;
use tongxin::auth::{Role, tokens};

use crate::access_control::{SECRET, jwt};
use crate::helpers::{TestDb, spawn_app_with, test_config};

async fn status(client: &reqwest::Client, base: &str, authorization: Option<&str>) -> u16 {
    let mut request = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ __typename }" }));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn one_token_is_one_caller_however_its_header_is_spelled() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.rate_limit_per_minute = 2;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let (_, secret) = tokens::create(&test_db.db, "script", Role::Viewer, None, None, "test")
        .await
        .unwrap();
    let (_, other) = tokens::create(&test_db.db, "other", Role::Viewer, None, None, "test")
        .await
        .unwrap();
    let client = reqwest::Client::new();
    assert_eq!(
        status(&client, &base, Some(&format!("Bearer {secret}"))).await,
        200
    );
    assert_eq!(
        status(&client, &base, Some(&format!("bearer {secret}"))).await,
        200
    );
    for spelling in [
        format!("Bearer  {secret}"),
        format!("Bearer {secret} "),
        format!("Bearer {secret}\t"),
    ] {
        assert_eq!(
            status(&client, &base, Some(&spelling)).await,
            429,
            "{spelling:?} is the same caller"
        );
    }
    // Another token is another caller, and so is the client without a token.
    assert_eq!(
        status(&client, &base, Some(&format!("Bearer {other}"))).await,
        200
    );
    assert_eq!(status(&client, &base, None).await, 200);
}

#[tokio::test]
async fn a_jwt_subject_is_one_caller_across_fresh_tokens() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.rate_limit_per_minute = 2;
    config.jwt.jwt_issuer = Some("https://idp.example".into());
    config.jwt.jwt_audience = Some("tongxin".into());
    config.jwt.jwt_hs256_secret = Some(SECRET.into());
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    // Each request carries a newly minted JWT of the same subject (a different string each time).
    for (n, expected) in [(1, 200), (2, 200), (3, 429)] {
        let exp = (Utc::now() + Duration::minutes(5) + Duration::seconds(n)).timestamp();
        let token = jwt(
            json!({ "sub": "wang", "iss": "https://idp.example", "aud": "tongxin", "exp": exp, "role": "VIEWER" }),
            SECRET,
        );
        assert_eq!(
            status(&client, &base, Some(&format!("Bearer {token}"))).await,
            expected,
            "request {n}"
        );
    }
}

#[tokio::test]
async fn invalid_credentials_count_against_the_client_address() {
    let test_db = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.rate_limit_per_minute = 2;
    let (base, _server) = spawn_app_with(test_db.db.clone(), config).await;
    let client = reqwest::Client::new();
    // Made-up credentials, each different: none opens a fresh allowance.
    assert_eq!(
        status(&client, &base, Some("Bearer txn_made_up_1")).await,
        401
    );
    assert_eq!(
        status(&client, &base, Some("Bearer txn_made_up_2")).await,
        401
    );
    assert_eq!(
        status(&client, &base, Some("Bearer txn_made_up_3")).await,
        429
    );
    assert_eq!(status(&client, &base, None).await, 429);
}
