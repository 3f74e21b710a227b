//! Top-level errors speak the caller's language: Chinese unless `Accept-Language` prefers
//! English, over HTTP and WebSocket, for the resolvers' refusals, async-graphql's own
//! coercion errors and the HTTP layer's refusals — and `extensions.code` stays the same.

use std::time::Duration;

use futures_util::SinkExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tongxin::auth::Role;

use crate::helpers::ws;
use crate::helpers::{TestDb, spawn_app_with, test_config};

const ENGLISH: Option<&str> = Some("en-US,en;q=0.9");
const CHINESE: Option<&str> = Some("zh-CN,zh;q=0.9,en;q=0.5");

/// POSTs `body` to `/graphql` with `Accept-Language: language` and the bearer `token`.
async fn post(
    base: &str,
    language: Option<&str>,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&body);
    if let Some(language) = language {
        request = request.header("accept-language", language);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn first_error(body: &Value) -> (&str, &str) {
    let error = &body["errors"][0];
    (
        error["extensions"]["code"].as_str().unwrap_or_default(),
        error["message"].as_str().unwrap_or_default(),
    )
}

fn is_chinese(message: &str) -> bool {
    message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The same request in the three languages: no header (Chinese), Chinese and English. Each
/// answer has `code`; the Chinese ones carry `zh`, the English one `en`.
async fn in_each_language(
    base: &str,
    token: Option<&str>,
    body: Value,
    code: &str,
    zh: &str,
    en: &str,
) -> u16 {
    let mut statuses = Vec::new();
    for (language, wanted) in [(None, zh), (CHINESE, zh), (ENGLISH, en)] {
        let (status, answer) = post(base, language, token, body.clone()).await;
        let (got_code, message) = first_error(&answer);
        assert_eq!(got_code, code, "{language:?}: {answer}");
        assert!(
            message.contains(wanted),
            "{language:?} wants {wanted:?}: {answer}"
        );
        assert_eq!(is_chinese(message), language != ENGLISH, "{answer}");
        statuses.push(status);
    }
    statuses.dedup();
    assert_eq!(
        statuses.len(),
        1,
        "the language changes no status: {statuses:?}"
    );
    statuses[0]
}

async fn token(test: &TestDb, role: Role) -> String {
    tongxin::auth::tokens::create(&test.db, "language test", role, None, None, "test")
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn resolver_refusals_are_in_the_callers_language() {
    let test = TestDb::seeded().await;
    let (base, _server) = spawn_app_with(test.db.clone(), test_config()).await;
    let create = json!({
        "query": "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id version } userErrors { code } } }",
        "variables": { "input": { "name": "语言测试商会", "kind": "CHAMBER_OF_COMMERCE", "region": "620423" } },
    });

    // FORBIDDEN: PUBLIC may not write.
    in_each_language(
        &base,
        None,
        create.clone(),
        "FORBIDDEN",
        "需要编辑及以上权限",
        "changing records needs the EDITOR role or above",
    )
    .await;

    // NOT_FOUND: an id that names no record.
    let missing = tongxin::ids::encode("Organization", 987_654);
    in_each_language(
        &base,
        None,
        json!({ "query": "query($id: ID!) { node(id: $id) { id } }", "variables": { "id": missing.as_str() } }),
        "NOT_FOUND",
        "找不到所请求的记录",
        "no record has id",
    )
    .await;

    // VERSION_CONFLICT: the Chinese message gives the current version too.
    let admin = token(&test, Role::Admin).await;
    let (_, created) = post(&base, None, Some(&admin), create).await;
    let id = created["data"]["createOrganization"]["organization"]["id"].clone();
    assert!(id.is_string(), "{created}");
    in_each_language(
        &base,
        Some(&admin),
        json!({
            "query": "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }",
            "variables": { "input": { "id": id, "expectedVersion": 7, "name": "改名" } },
        }),
        "VERSION_CONFLICT",
        "当前版本 1",
        "now at version 1",
    )
    .await;

    // LIMIT_EXCEEDED on a field: a page over the maximum, with the maximum.
    in_each_language(
        &base,
        None,
        json!({ "query": "{ regions(first: 101) { totalCount } }" }),
        "LIMIT_EXCEEDED",
        "请求的条数超出上限（上限 100）",
        "exceeds the maximum page size of 100",
    )
    .await;

    // BAD_USER_INPUT from async-graphql's own coercion keeps the names it quotes.
    in_each_language(
        &base,
        None,
        json!({ "query": r#"{ regions(first: "many") { totalCount } }"# }),
        "BAD_USER_INPUT",
        "“first”",
        "first",
    )
    .await;
    in_each_language(
        &base,
        None,
        json!({ "query": "{ regions { noSuchField } }" }),
        "BAD_USER_INPUT",
        "查询了不存在的字段",
        "Unknown field",
    )
    .await;
}

#[tokio::test]
async fn the_http_layers_own_refusals_are_in_the_callers_language() {
    let test = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.max_depth = 3;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;

    // 401: a token that is not one.
    let status = in_each_language(
        &base,
        Some("not-a-token"),
        json!({ "query": "{ __typename }" }),
        "UNAUTHENTICATED",
        "令牌无效、已过期或已被吊销",
        "the bearer token is invalid, expired or revoked",
    )
    .await;
    assert_eq!(status, 401);

    // 422: the document guard's depth limit, named by its setting in both languages.
    let status = in_each_language(
        &base,
        None,
        json!({ "query": "{ regions { edges { node { parent { name } } } } }" }),
        "LIMIT_EXCEEDED",
        "查询嵌套层级过深（上限 3，maxDepth）",
        "(maxDepth)",
    )
    .await;
    assert_eq!(status, 422);

    // 413: a body over the limit.
    let mut statuses = Vec::new();
    for (language, wanted) in [(None, "请求体过大"), (ENGLISH, "maxBodyBytes")] {
        let padding = "x".repeat(2_200_000);
        let mut request = reqwest::Client::new()
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": "{ __typename }", "variables": { "padding": padding } }));
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        let response = request.send().await.unwrap();
        statuses.push(response.status().as_u16());
        let body: Value = response.json().await.unwrap();
        let (code, message) = first_error(&body);
        assert_eq!(code, "LIMIT_EXCEEDED", "{body}");
        assert!(message.contains(wanted), "{body}");
    }
    assert_eq!(statuses, [413, 413]);
}

#[tokio::test]
async fn the_rate_limit_is_said_in_the_callers_language() {
    let test = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.rate_limit_per_minute = 1;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    let query = json!({ "query": "{ __typename }" });
    let (status, _) = post(&base, None, None, query.clone()).await;
    assert_eq!(status, 200);
    for (language, wanted) in [(None, "请求过于频繁"), (ENGLISH, "rate limit")] {
        let (status, body) = post(&base, language, None, query.clone()).await;
        assert_eq!(status, 429, "{body}");
        let (code, message) = first_error(&body);
        assert_eq!(code, "LIMIT_EXCEEDED", "{body}");
        assert!(message.contains(wanted), "{body}");
    }
}

/// A graphql-transport-ws connection with `Accept-Language: language` on the upgrade.
async fn socket(base: &str, language: Option<&str>) -> ws::Socket {
    let url = format!("{}/graphql", base.replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    let headers = request.headers_mut();
    headers.insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    if let Some(language) = language {
        headers.insert("accept-language", language.parse().unwrap());
    }
    let mut socket = tokio_tungstenite::connect_async(request).await.unwrap().0;
    socket
        .send(Message::Text(
            json!({ "type": "connection_init", "payload": {} })
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    let ack = ws::next(&mut socket, Duration::from_secs(15))
        .await
        .unwrap();
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

/// The first error of the answer to operation `id` running `query`.
async fn ws_error(socket: &mut ws::Socket, id: &str, query: &str) -> (String, String) {
    ws::send(
        socket,
        json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
    )
    .await;
    let answer = loop {
        let answer = ws::next(socket, Duration::from_secs(15)).await.unwrap();
        if answer["id"] == id && (answer["type"] == "next" || answer["type"] == "error") {
            break answer;
        }
    };
    let error = if answer["type"] == "error" {
        answer["payload"][0].clone()
    } else {
        answer["payload"]["errors"][0].clone()
    };
    (
        error["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        error["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn websocket_errors_are_in_the_callers_language() {
    let test = TestDb::fresh().await;
    let mut config = test_config();
    config.limits.max_depth = 3;
    let (base, _server) = spawn_app_with(test.db.clone(), config).await;
    let write = r#"mutation { createOrganization(input: { name: "语言测试", kind: CHAMBER_OF_COMMERCE, region: "620423" }) { userErrors { code } } }"#;
    let deep = "{ regions { edges { node { parent { name } } } } }";
    let coercion = r#"{ regions(first: "many") { totalCount } }"#;
    for (language, forbidden, too_deep, bad) in [
        (None, "需要编辑及以上权限", "查询嵌套层级过深", "“first”"),
        (CHINESE, "需要编辑及以上权限", "查询嵌套层级过深", "“first”"),
        (ENGLISH, "EDITOR role", "(maxDepth)", "\"first\""),
    ] {
        let mut socket = socket(&base, language).await;
        let (code, message) = ws_error(&mut socket, "w", write).await;
        assert_eq!(code, "FORBIDDEN");
        assert!(message.contains(forbidden), "{language:?}: {message}");
        // Refused before execution by the document guard.
        let (code, message) = ws_error(&mut socket, "d", deep).await;
        assert_eq!(code, "LIMIT_EXCEEDED");
        assert!(message.contains(too_deep), "{language:?}: {message}");
        let (code, message) = ws_error(&mut socket, "c", coercion).await;
        assert_eq!(code, "BAD_USER_INPUT");
        assert!(message.contains(bad), "{language:?}: {message}");
        assert_eq!(is_chinese(&message), language != ENGLISH, "{message}");
    }
}
