//! Request ids: the server always makes its own, and that is the id in the response, in error
//! extensions and in the audit trail. A client's `x-request-id` is kept beside it only when it
//! is short and plain (at most 64 of `A-Z a-z 0-9 . _ -`), never in its place.

use sea_orm::EntityTrait;
use serde_json::json;
use tongxin::auth::{Role, tokens};

use crate::helpers::{TestDb, spawn_app};

/// Creates an organization named `name` (each request a new one: a name written again is
/// refused as a duplicate and audits nothing).
fn create(name: usize) -> String {
    format!(
        r#"mutation {{ createOrganization(input: {{ name: "请求编号测试企业{name}", kind: ENTERPRISE, region: "620421101" }}) {{ organization {{ id }} userErrors {{ code }} }} }}"#
    )
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

fn is_server_id(id: &str) -> bool {
    id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit())
}

#[tokio::test]
async fn the_audit_trail_records_the_servers_request_id_not_the_clients() {
    let test = TestDb::seeded().await;
    let (_, admin) = tokens::create(&test.db, "admin", Role::Admin, None, None, "test")
        .await
        .unwrap();
    let (base, _server) = spawn_app(test.db.clone()).await;
    let client = reqwest::Client::new();
    let forged = "'; DROP TABLE audit_entry; --\u{202e}<script>";
    let long = "a".repeat(65);
    for (i, client_id, kept) in [
        ("client-42.retry_1", Some("client-42.retry_1")),
        (forged, None),
        (long.as_str(), None),
        ("has space", None),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (client_id, kept))| (i, client_id, kept))
    {
        let response = client
            .post(format!("{base}/graphql"))
            .bearer_auth(&admin)
            .header(
                "x-request-id",
                reqwest::header::HeaderValue::from_bytes(client_id.as_bytes()).unwrap(),
            )
            .json(&json!({ "query": create(i) }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let server_id = header(&response, "x-request-id").expect("a request id");
        assert!(
            is_server_id(&server_id),
            "{server_id:?} is the server's own"
        );
        assert_eq!(
            header(&response, "x-client-request-id").as_deref(),
            kept,
            "{client_id:?}"
        );
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(
            body["data"]["createOrganization"]["userErrors"],
            json!([]),
            "{body}"
        );
        let newest = entity::audit_entry::Entity::find()
            .all(&test.db)
            .await
            .unwrap()
            .into_iter()
            .max_by_key(|e| e.id)
            .unwrap();
        assert_eq!(
            newest.request_id.as_deref(),
            Some(server_id.as_str()),
            "the audit entry carries the server's id for {client_id:?}"
        );
    }
    // Errors name the server's id too, and every route gets one.
    let response = client
        .post(format!("{base}/graphql"))
        .header("x-request-id", "client-7")
        .json(&json!({ "query": r#"{ node(id: "not-an-id") { id } }"# }))
        .send()
        .await
        .unwrap();
    let server_id = header(&response, "x-request-id").unwrap();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["requestId"],
        server_id.as_str()
    );
    let health = client
        .get(format!("{base}/healthz"))
        .header("x-request-id", "client-8")
        .send()
        .await
        .unwrap();
    assert!(is_server_id(&header(&health, "x-request-id").unwrap()));
}
