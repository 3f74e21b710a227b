//! Every operation on a graphql-ws connection passes the checks an HTTP request does: the
//! credential is checked again for each operation and before each event (a revoked token or an
//! expired JWT closes the socket with 4403), the rate and in-flight limits, the request time
//! limit and the PUBLIC allow-list apply, mutations are audited with a request id, and a
//! refused operation gets the protocol's `error` message with coded errors (decision 0020).

use std::time::Duration;

use chrono::Utc;
use entity::audit_entry;
use jsonwebtoken::{EncodingKey, Header, encode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tongxin::auth::{Role, tokens};

use crate::helpers::ws::{self, connect, send, subscribe};
use crate::helpers::{TestDb, spawn_app, spawn_app_with, test_config};

/// How long a test waits for a message that must come (a failure, not a speed check).
const PATIENCE: Duration = Duration::from_secs(15);

const PERSONAL: &str = "{ people(first: 3) { nodes { id idNumber phone } } }";

const JWT_SECRET: &str = "a-test-only-hs256-secret-of-more-than-32-bytes";

async fn next(socket: &mut ws::Socket) -> Value {
    ws::next(socket, PATIENCE)
        .await
        .expect("a message within the test's patience")
}

/// Sends operation `id` (any type) with `variables`.
async fn operate(socket: &mut ws::Socket, id: &str, query: &str, variables: Value) {
    let payload = json!({ "query": query, "variables": variables });
    send(
        socket,
        json!({ "id": id, "type": "subscribe", "payload": payload }),
    )
    .await;
}

/// Whether the connection was closed with `code`.
fn closed_with(message: &Value, code: u16) -> bool {
    message["type"] == "closed"
        && message["frame"]
            .as_str()
            .is_some_and(|frame| frame.contains(&code.to_string()))
}

async fn post(base: &str, token: Option<&str>, query: &str, variables: Value) -> Value {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

async fn token(test: &TestDb, name: &str) -> (i64, String) {
    let (row, secret) = tokens::create(&test.db, name, Role::Admin, None, None, "test")
        .await
        .unwrap();
    (row.id, secret)
}

/// Revokes token `id` over HTTP as `admin`, as an operator would.
async fn revoke(base: &str, admin: &str, id: i64) {
    let revoke = "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { revokedAt } }";
    let id = tongxin::ids::encode("ApiToken", id);
    let revoked = post(base, Some(admin), revoke, json!({ "id": id })).await;
    assert!(
        revoked["data"]["revokeApiToken"]["revokedAt"].is_string(),
        "{revoked}"
    );
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_the_next_operation_and_the_socket_closes_4403() {
    let test = TestDb::seeded().await;
    let (_, operator) = token(&test, "operator").await;
    let (id, secret) = token(&test, "dashboard").await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, Some(&secret)).await;

    operate(&mut socket, "before", PERSONAL, json!({})).await;
    let before = next(&mut socket).await;
    assert_eq!(before["type"], "next", "{before}");
    assert!(
        before["payload"]["data"]["people"]["nodes"][0]["idNumber"].is_string(),
        "an admin reads ID numbers while the token holds: {before}"
    );
    assert_eq!(next(&mut socket).await["type"], "complete");

    revoke(&base, &operator, id).await;
    operate(&mut socket, "after", PERSONAL, json!({})).await;
    let after = next(&mut socket).await;
    assert!(
        closed_with(&after, 4403),
        "the revoked token's operation gets no data, the socket closes: {after}"
    );
}

#[tokio::test]
async fn a_revoked_token_cannot_write_over_an_open_socket() {
    let test = TestDb::seeded().await;
    let (_, operator) = token(&test, "operator").await;
    let (id, secret) = token(&test, "dashboard").await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, Some(&secret)).await;
    revoke(&base, &operator, id).await;

    let create = r#"mutation { createOrganization(input: { name: "吊销后企业", kind: ENTERPRISE, region: "620421" }) { organization { id } } }"#;
    operate(&mut socket, "write", create, json!({})).await;
    let answer = next(&mut socket).await;
    assert!(closed_with(&answer, 4403), "{answer}");
    let written = audit_entry::Entity::find()
        .filter(audit_entry::Column::Actor.eq("token:dashboard"))
        .all(&test.db)
        .await
        .unwrap();
    assert!(written.is_empty(), "nothing was written: {written:?}");
}

#[tokio::test]
async fn a_revoked_token_stops_a_running_subscription_before_its_next_event() {
    let test = TestDb::seeded().await;
    let (_, operator) = token(&test, "operator").await;
    let (id, secret) = token(&test, "dashboard").await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, Some(&secret)).await;
    subscribe(
        &mut socket,
        "people",
        "subscription { changes(types: [PERSON]) { id node { ... on Person { idNumber phone } } } }",
    )
    .await;
    // The subscription is live: a change reaches it. The server registers the subscription
    // asynchronously, so a change committed before that is not heard: write until one is.
    let person = r#"mutation($name: String!, $phone: String!) { createPerson(input: { name: $name, gender: FEMALE, region: "620421101", phone: $phone }) { person { id } } }"#;
    let mut heard = None;
    for (attempt, mark) in ["甲", "乙", "丙", "丁", "戊", "己"].into_iter().enumerate() {
        let vars =
            json!({ "name": format!("撤销前{mark}"), "phone": format!("1390000000{attempt}") });
        let made = post(&base, Some(&operator), person, vars).await;
        assert!(
            made["data"]["createPerson"]["person"]["id"].is_string(),
            "{made}"
        );
        heard = ws::next(&mut socket, Duration::from_secs(5)).await;
        if heard.is_some() {
            break;
        }
    }
    let heard = heard.expect("a change reaches the live subscription");
    assert_eq!(heard["type"], "next", "{heard}");
    // Events of earlier attempts that arrived late are not the ones this test is about.
    while let Some(late) = ws::next(&mut socket, Duration::from_secs(1)).await {
        assert_eq!(late["type"], "next", "{late}");
    }

    revoke(&base, &operator, id).await;
    let vars = json!({ "name": "撤销后", "phone": "13900000009" });
    let made = post(&base, Some(&operator), person, vars).await;
    assert!(
        made["data"]["createPerson"]["person"]["id"].is_string(),
        "{made}"
    );
    let after = next(&mut socket).await;
    assert!(
        closed_with(&after, 4403),
        "no event reaches a revoked token; the socket closes: {after}"
    );
}

#[tokio::test]
async fn an_idle_socket_closes_4403_once_its_token_is_revoked() {
    let test = TestDb::seeded().await;
    let (_, operator) = token(&test, "operator").await;
    let (id, secret) = token(&test, "dashboard").await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, Some(&secret)).await;
    revoke(&base, &operator, id).await;
    // Nothing is sent or delivered: the periodic check alone ends the connection.
    let answer = next(&mut socket).await;
    assert!(closed_with(&answer, 4403), "{answer}");
}

#[tokio::test]
async fn an_expired_jwt_is_refused_mid_connection_and_the_socket_closes_4403() {
    let test = TestDb::seeded().await;
    let mut config = test_config();
    config.jwt.jwt_issuer = Some("https://idp.example".into());
    config.jwt.jwt_audience = Some("tongxin".into());
    config.jwt.jwt_hs256_secret = Some(JWT_SECRET.into());
    config.jwt.jwt_leeway_seconds = 0;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    // Long enough for the handshake and one operation on a busy machine.
    let expires = Utc::now().timestamp() + 6;
    let claims = json!({
        "iss": "https://idp.example", "aud": "tongxin", "sub": "zhang",
        "role": "ADMIN", "exp": expires,
    });
    let jwt = encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap();
    let mut socket = connect(&base, Some(&jwt)).await;
    operate(&mut socket, "valid", "{ me { subject } }", json!({})).await;
    let valid = next(&mut socket).await;
    assert_eq!(
        valid["payload"]["data"]["me"]["subject"], "jwt:zhang",
        "{valid}"
    );
    assert_eq!(next(&mut socket).await["type"], "complete");

    while Utc::now().timestamp() <= expires + 1 {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    operate(&mut socket, "expired", PERSONAL, json!({})).await;
    let answer = next(&mut socket).await;
    assert!(closed_with(&answer, 4403), "{answer}");
}

#[tokio::test]
async fn the_public_allow_list_holds_over_the_websocket() {
    let test = TestDb::fresh().await;
    let registered = "query Regions { regions { totalCount } }";
    tongxin::http::persisted::register(&test.db, registered, Some("front.graphql"))
        .await
        .unwrap();
    let mut config = test_config();
    config.limits.public_allow_list = true;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    let mut socket = connect(&base, None).await;

    operate(&mut socket, "free", "{ regions { totalCount } }", json!({})).await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["id"], "free");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );

    operate(&mut socket, "listed", registered, json!({})).await;
    let answered = next(&mut socket).await;
    assert_eq!(answered["type"], "next", "{answered}");
    assert!(
        answered["payload"]["data"]["regions"]["totalCount"].is_number(),
        "{answered}"
    );
}

#[tokio::test]
async fn websocket_operations_count_against_the_callers_rate_limit() {
    let test = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.rate_limit_per_minute = 3;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    // The handshake checks a credential: it takes the first token, each operation one more.
    let mut socket = connect(&base, None).await;
    for n in 0..2 {
        operate(&mut socket, &n.to_string(), "{ __typename }", json!({})).await;
        assert_eq!(next(&mut socket).await["type"], "next");
        assert_eq!(next(&mut socket).await["type"], "complete");
    }
    operate(&mut socket, "over", "{ __typename }", json!({})).await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{refused}"
    );
    // The same bucket as HTTP (by client address without a token): HTTP is over it too.
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
}

/// A WebSocket counts against the same key as HTTP: the verified token, not the bytes of the
/// credential, so a token written differently in `connection_init` is still the same caller.
#[tokio::test]
async fn websocket_operations_count_against_the_verified_token_however_it_is_spelled() {
    let test = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.rate_limit_per_minute = 3;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    let (_, secret) = token(&test, "ws-spelling").await;
    for _ in 0..2 {
        let answer = post(&base, Some(&secret), "{ __typename }", json!({})).await;
        assert_eq!(answer["data"]["__typename"], "Query", "{answer}");
    }
    // The handshake takes the token's third request; its first operation is over the rate.
    let mut socket = ws::open(&base).await;
    let payload = json!({ "Authorization": format!("bearer  {secret} ") });
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    assert_eq!(next(&mut socket).await["type"], "connection_ack");
    operate(&mut socket, "over", "{ __typename }", json!({})).await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{refused}"
    );
    // The client's address is another caller: without a token it still gets through.
    let public = post(&base, None, "{ __typename }", json!({})).await;
    assert_eq!(public["data"]["__typename"], "Query", "{public}");
}

#[tokio::test]
async fn websocket_operations_hold_an_in_flight_permit() {
    let test = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.max_in_flight = 1;
    config.limits.request_timeout_ms = 60_000;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    // A WebSocket aggregate that cannot get a heavy-read turn holds the only permit.
    let mut held = Vec::new();
    for _ in 0..tongxin::db::heavy::slots() {
        held.push(tongxin::db::heavy::turn().await);
    }
    let mut socket = connect(&base, None).await;
    operate(
        &mut socket,
        "slow",
        "{ organizationsAggregate { count } }",
        json!({}),
    )
    .await;
    let mut refused = None;
    for _ in 0..200 {
        let response = reqwest::Client::new()
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": "{ __typename }" }))
            .send()
            .await
            .unwrap();
        if response.status() == 503 {
            refused = Some(response.json::<Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let refused = refused.expect("HTTP is refused while the WebSocket operation runs");
    assert_eq!(refused["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    drop(held);
    let done = next(&mut socket).await;
    assert_eq!(done["type"], "next", "{done}");
}

#[tokio::test]
async fn a_websocket_query_past_its_time_limit_is_cut_off() {
    let test = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.request_timeout_ms = 200;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    let mut held = Vec::new();
    for _ in 0..tongxin::db::heavy::slots() {
        held.push(tongxin::db::heavy::turn().await);
    }
    let mut socket = connect(&base, None).await;
    operate(
        &mut socket,
        "slow",
        "{ organizationsAggregate { count } }",
        json!({}),
    )
    .await;
    let refused = next(&mut socket).await;
    drop(held);
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"],
        "LIMIT_EXCEEDED"
    );
    assert!(
        refused["payload"][0]["message"]
            .as_str()
            .unwrap()
            .contains("requestTimeoutMs"),
        "{refused}"
    );
}

#[tokio::test]
async fn each_websocket_mutation_is_audited_with_its_own_request_id() {
    let test = TestDb::seeded().await;
    let (_, secret) = token(&test, "ws-writer").await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, Some(&secret)).await;
    let create = r#"mutation($name: String!) { createOrganization(input: { name: $name, kind: ENTERPRISE, region: "620421" }) { organization { id } userErrors { code } } }"#;
    for (id, name) in [("a", "套接字企业甲"), ("b", "套接字企业乙")] {
        operate(&mut socket, id, create, json!({ "name": name })).await;
        let made = next(&mut socket).await;
        assert!(
            made["payload"]["data"]["createOrganization"]["organization"]["id"].is_string(),
            "{made}"
        );
        assert_eq!(next(&mut socket).await["type"], "complete");
    }
    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::Actor.eq("token:ws-writer"))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 2, "{entries:?}");
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| e.request_id.as_deref().unwrap_or_default())
        .collect();
    assert!(ids.iter().all(|id| !id.is_empty()), "{ids:?}");
    assert_ne!(ids[0], ids[1], "each operation has its own request id");
    // Made the way an HTTP request's id is made: the same length, hex digits only.
    let http = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    let http_id = http.headers()["x-request-id"].to_str().unwrap().to_owned();
    for id in &ids {
        assert_eq!(id.len(), http_id.len(), "{id} beside HTTP's {http_id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
}

#[tokio::test]
async fn a_subscription_failing_validation_gets_an_error_message_with_codes() {
    let test = TestDb::fresh().await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, None).await;
    subscribe(
        &mut socket,
        "bad",
        "subscription { changes { noSuchField } }",
    )
    .await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["id"], "bad");
    let errors = refused["payload"].as_array().expect("an array of errors");
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e["extensions"]["code"] == "BAD_USER_INPUT"),
        "{refused}"
    );
    // An `error` ends the operation: no `complete` follows; the next message is the next
    // operation's.
    operate(&mut socket, "after", "{ __typename }", json!({})).await;
    let following = next(&mut socket).await;
    assert_eq!(following["id"], "after", "{following}");
    assert_eq!(following["type"], "next", "{following}");
}
