//! Live updates: `changes` over graphql-ws streams committed mutations — not rolled-back ones —
//! filtered by type, region and the caller's access rules, across server processes.

use std::time::Duration;

use serde_json::{Value, json};
use tongxin::auth::Role;
use tongxin::auth::tokens;

use crate::helpers::ws::{self, connect, send, subscribe};
use crate::helpers::{TestDb, spawn_app};

/// How long a test waits for a message that must come (a failure, not a speed check).
const PATIENCE: Duration = Duration::from_secs(15);

const WATCH_ORGANIZATIONS: &str = r#"subscription { changes(types: [ORGANIZATION], withinRegion: "620421") {
  operation typeName id node { ... on Organization { name region { code } } } } }"#;

/// The next graphql-ws message, which must come within the test's patience.
async fn next(socket: &mut ws::Socket) -> Value {
    ws::next(socket, PATIENCE)
        .await
        .expect("a message within the test's patience")
}

async fn post(base: &str, token: &str, query: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn create_organization(name: &str, region: &str) -> String {
    format!(
        r#"mutation {{ createOrganization(input: {{ name: "{name}", kind: ENTERPRISE, region: "{region}" }}) {{
  organization {{ id }} userErrors {{ code }} }} }}"#
    )
}

async fn admin_token(test: &TestDb) -> String {
    tokens::create(&test.db, "live-admin", Role::Admin, None, None, "test")
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn committed_changes_reach_subscribers_filtered_by_type_and_region() {
    let test = TestDb::seeded().await;
    let admin = admin_token(&test).await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, Some(&admin)).await;
    subscribe(&mut socket, "1", WATCH_ORGANIZATIONS).await;

    // Outside the watched region, then refused by validation (nothing committed), then inside.
    let elsewhere = post(
        &base,
        &admin,
        &create_organization("会宁测试企业", "620422"),
    )
    .await;
    assert!(elsewhere["data"]["createOrganization"]["organization"]["id"].is_string());
    let refused = post(&base, &admin, &create_organization(" ", "620421")).await;
    assert_eq!(
        refused["data"]["createOrganization"]["userErrors"][0]["code"],
        "TEXT_LENGTH"
    );
    let created = post(
        &base,
        &admin,
        &create_organization("靖远测试企业", "620421101"),
    )
    .await;
    let id = created["data"]["createOrganization"]["organization"]["id"].clone();

    let event = next(&mut socket).await;
    assert_eq!(event["type"], "next", "{event}");
    assert_eq!(event["id"], "1");
    let change = &event["payload"]["data"]["changes"];
    assert_eq!(change["operation"], "CREATED", "{event}");
    assert_eq!(change["typeName"], "Organization");
    assert_eq!(
        change["id"], id,
        "the first change delivered is the one inside the region"
    );
    assert_eq!(change["node"]["name"], "靖远测试企业");

    let delete = format!(
        r#"mutation {{ deleteOrganization(input: {{ id: {id}, expectedVersion: 1 }}) {{ userErrors {{ code }} }} }}"#
    );
    let deleted = post(&base, &admin, &delete).await;
    assert_eq!(
        deleted["data"]["deleteOrganization"]["userErrors"],
        json!([]),
        "{deleted}"
    );
    let event = next(&mut socket).await;
    let change = &event["payload"]["data"]["changes"];
    assert_eq!(change["operation"], "DELETED", "{event}");
    assert_eq!(change["id"], id);
    assert!(
        change["node"].is_null(),
        "a deleted record has no state to show"
    );
}

#[tokio::test]
async fn the_public_role_watches_only_what_it_may_read() {
    let test = TestDb::seeded().await;
    let admin = admin_token(&test).await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, None).await;

    subscribe(
        &mut socket,
        "people",
        "subscription { changes(types: [PERSON]) { id } }",
    )
    .await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["id"], "people", "{refused}");
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"],
        "FORBIDDEN"
    );
    assert_eq!(next(&mut socket).await["type"], "complete");

    // Every type by default: a new person is not announced, a new organization is.
    subscribe(
        &mut socket,
        "all",
        "subscription { changes { typeName operation } }",
    )
    .await;
    let person = r#"mutation { createPerson(input: { name: "直播测试", gender: FEMALE, region: "620421101" }) { person { id } userErrors { code message } } }"#;
    let made = post(&base, &admin, person).await;
    assert!(
        made["data"]["createPerson"]["person"]["id"].is_string(),
        "{made}"
    );
    post(
        &base,
        &admin,
        &create_organization("公开可见企业", "620402"),
    )
    .await;
    let event = next(&mut socket).await;
    assert_eq!(event["id"], "all", "{event}");
    assert_eq!(
        event["payload"]["data"]["changes"]["typeName"], "Organization",
        "{event}"
    );
}

#[tokio::test]
async fn changes_cross_server_processes_sharing_the_database() {
    let test = TestDb::seeded().await;
    let admin = admin_token(&test).await;
    // Two servers, each with its own pool and change feed, on one database.
    let other_pool = tongxin::db::connect(&test.url).await.unwrap();
    let (watched, _a) = spawn_app(test.db.clone()).await;
    let (written, _b) = spawn_app(other_pool).await;
    let mut socket = connect(&watched, Some(&admin)).await;
    subscribe(&mut socket, "1", WATCH_ORGANIZATIONS).await;
    // The subscribe message returns before the server has registered the subscription:
    // changes written through the watched server until one is heard say it has.
    let mut registered = false;
    for attempt in 0..15 {
        let name = format!("本进程企业{attempt}");
        post(&watched, &admin, &create_organization(&name, "620421")).await;
        if ws::next(&mut socket, Duration::from_secs(1))
            .await
            .is_some()
        {
            registered = true;
            break;
        }
    }
    assert!(registered, "the watched server hears its own changes");
    post(
        &written,
        &admin,
        &create_organization("跨进程企业", "620421"),
    )
    .await;
    // Skip a warm-up change heard late.
    let mut event = next(&mut socket).await;
    while event["payload"]["data"]["changes"]["node"]["name"]
        .as_str()
        .is_some_and(|name| name.starts_with("本进程企业"))
    {
        event = next(&mut socket).await;
    }
    assert_eq!(
        event["payload"]["data"]["changes"]["node"]["name"], "跨进程企业",
        "{event}"
    );
}

#[tokio::test]
async fn a_connection_holds_a_limited_number_of_subscriptions() {
    let test = TestDb::seeded().await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, None).await;
    let limit = tongxin::config::Config::default().max_subscriptions;
    for n in 0..limit {
        subscribe(
            &mut socket,
            &n.to_string(),
            "subscription { changes(types: [BASE]) { id } }",
        )
        .await;
    }
    subscribe(
        &mut socket,
        "over",
        "subscription { changes(types: [BASE]) { id } }",
    )
    .await;
    // Subscriptions start concurrently: whichever came last is refused, the others stay open.
    let refused = next(&mut socket).await;
    assert_eq!(refused["type"], "next", "{refused}");
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{refused}"
    );
    let ended = next(&mut socket).await;
    assert_eq!(
        ended["type"], "complete",
        "the refused subscription ends: {ended}"
    );
    assert_eq!(ended["id"], refused["id"]);
}

#[tokio::test]
async fn a_bad_token_closes_the_connection_during_the_handshake() {
    let test = TestDb::seeded().await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = ws::open(&base).await;
    let init =
        json!({ "type": "connection_init", "payload": { "Authorization": "Bearer txn_forged" } });
    send(&mut socket, init).await;
    let answer = next(&mut socket).await;
    assert_eq!(answer["type"], "closed", "{answer}");
    assert!(
        answer["frame"].as_str().unwrap().contains("4403"),
        "{answer}"
    );
}

#[tokio::test]
async fn subscription_documents_pass_the_same_guard_as_http_requests() {
    let test = TestDb::seeded().await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, None).await;
    // Each fragment spreads the next twice: 2^25 selections once expanded, under 1 kB.
    let mut document = String::from("subscription { changes { ...F0 } }\n");
    for i in 0..25 {
        document.push_str(&format!(
            "fragment F{i} on ChangeEvent {{ ...F{n} ...F{n} }}\n",
            n = i + 1
        ));
    }
    document.push_str("fragment F25 on ChangeEvent { id }\n");
    subscribe(&mut socket, "bomb", &document).await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["id"], "bomb", "{refused}");
    assert_eq!(
        refused["type"], "error",
        "refused before it runs: {refused}"
    );
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{refused}"
    );
}

/// A base or a home is watched by its own type: its change arrives as a `Base` (or `Home`) with
/// the id clients know it by, although both are stored in one table.
#[tokio::test]
async fn changes_to_a_base_arrive_as_a_base_with_its_global_id() {
    let test = TestDb::seeded().await;
    let admin = admin_token(&test).await;
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut socket = connect(&base, Some(&admin)).await;
    subscribe(
        &mut socket,
        "bases",
        r#"subscription { changes(types: [BASE]) { typeName id node { ... on Base { name } } } }"#,
    )
    .await;
    // The subscription starts asynchronously: create bases until one is heard.
    let mut created = Vec::new();
    let event = loop {
        let n = created.len();
        let made = post(
            &base,
            &admin,
            &format!(
                r#"mutation {{ createBase(input: {{ name: "实时基地测试{n}", kind: NSS_PRACTICE_INNOVATION_BASE, region: "620421" }}) {{ base {{ id }} userErrors {{ code field }} }} }}"#
            ),
        )
        .await;
        let id = made["data"]["createBase"]["base"]["id"].clone();
        assert!(id.is_string(), "{made}");
        created.push(id);
        if let Some(event) = ws::next(&mut socket, std::time::Duration::from_millis(500)).await {
            break event;
        }
        assert!(created.len() < 20, "no change to a base arrived");
    };
    let change = &event["payload"]["data"]["changes"];
    assert_eq!(change["typeName"], "Base", "{event}");
    assert!(created.contains(&change["id"]), "{event}");
    assert!(
        change["node"]["name"]
            .as_str()
            .is_some_and(|name| name.starts_with("实时基地测试")),
        "{event}"
    );
}
