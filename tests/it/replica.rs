//! Read replicas (decision 0017): the real binary with `DATABASE_REPLICA_URL` pointing at a
//! streaming hot standby of its primary, both throwaway clusters of this test. With replay on
//! the standby paused, what a request shows tells where it read: a mutation's payload (and
//! anything batched with it), sign-in, the access log and subscriptions see the primary;
//! queries see the standby until it replays.

use std::time::{Duration, Instant};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use tongxin::auth::{Role, tokens};

use crate::helpers::cluster::{self, Cluster};
use crate::helpers::ws;
use crate::operations::binary;

/// A bound against hangs, not a measurement.
const GUARD: Duration = Duration::from_secs(120);

async fn post(base: &str, token: &str, body: &Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let answer: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{status}: {answer}");
    answer
}

async fn graphql(base: &str, token: &str, query: &str) -> Value {
    let answer = post(base, token, &json!({ "query": query })).await;
    assert!(answer.get("errors").is_none(), "{answer}");
    answer["data"].clone()
}

fn rename(id: &str, version: i64, name: &str) -> String {
    format!(
        r#"mutation {{ updateOrganization(input: {{ id: "{id}", expectedVersion: {version}, name: "{name}" }}) {{
  organization {{ name version history {{ totalCount }} }} userErrors {{ code message }} }} }}"#
    )
}

fn read_back(id: &str) -> String {
    format!(
        r#"{{ node(id: "{id}") {{ ... on Organization {{ name version history {{ totalCount }} }} }} }}"#
    )
}

/// Waits for a log line containing `text` (bounded).
fn wait_for_line(server: &mut binary::Running, text: &str) {
    let started = Instant::now();
    while !server.seen.iter().any(|line| line.contains(text)) {
        server
            .seen
            .extend(server.lines.recv_timeout(Duration::from_millis(200)).ok());
        assert!(
            started.elapsed() < GUARD,
            "no {text:?} in the log: {:#?}",
            server.seen
        );
    }
}

async fn organization_name(db: &DatabaseConnection, id: i64) -> String {
    entity::organization::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .name
}

#[tokio::test]
async fn queries_read_the_standby_while_writes_and_their_answers_use_the_primary() {
    if !Cluster::available("the read-replica test") {
        return;
    }
    let primary = Cluster::init("replica-primary");
    primary.start();
    let admin_db = tongxin::db::connect(&primary.url("postgres"))
        .await
        .unwrap();
    admin_db
        .execute_unprepared("CREATE DATABASE tongxin")
        .await
        .unwrap();
    admin_db.close().await.unwrap();
    let standby = primary.standby("replica-standby");
    standby.start();
    let primary_db = tongxin::db::connect(&primary.url("tongxin")).await.unwrap();
    let standby_db = tongxin::db::connect(&standby.url("tongxin")).await.unwrap();
    assert_eq!(
        cluster::text(&standby_db, "SELECT pg_is_in_recovery()::text").await,
        "true",
        "the replica is a hot standby"
    );

    // The server migrates and seeds the primary; the standby replays it.
    let replica_url = standby.url("tongxin");
    let mut server = binary::serve(
        &primary.url("tongxin"),
        &[
            ("DATABASE_REPLICA_URL", replica_url.as_str()),
            ("TONGXIN_AUTO_SEED", "true"),
            ("TONGXIN_DB_ACQUIRE_TIMEOUT_MS", "1000"),
            ("TONGXIN_METRICS_TOKEN", "replica-metrics-token-0123"),
        ],
    );
    wait_for_line(&mut server, r#""message":"ready""#);
    cluster::wait_for_replay(&standby_db, &cluster::current_lsn(&primary_db).await).await;
    server.until_ready().await;
    let base = server.base.clone();

    let organization = entity::organization::Entity::find()
        .order_by_asc(entity::organization::Column::Id)
        .one(&primary_db)
        .await
        .unwrap()
        .unwrap();
    let id = tongxin::ids::encode("Organization", organization.id).to_string();
    let person = entity::person_private::Entity::find()
        .filter(entity::person_private::Column::Phone.is_not_null())
        .order_by_asc(entity::person_private::Column::PersonId)
        .one(&primary_db)
        .await
        .unwrap()
        .unwrap();
    let person_id = tongxin::ids::encode("Person", person.person_id).to_string();

    // A subscriber, heard once before the standby stops: the feed is live.
    let token = tokens::create(
        &primary_db,
        "replica-admin",
        Role::Admin,
        None,
        None,
        "test",
    )
    .await
    .unwrap()
    .1;
    cluster::wait_for_replay(&standby_db, &cluster::current_lsn(&primary_db).await).await;
    let mut socket = ws::connect(&base, Some(&token)).await;
    ws::subscribe(
        &mut socket,
        "orgs",
        "subscription { changes(types: [ORGANIZATION]) { operation id node { ... on Organization { name } } } }",
    )
    .await;
    let mut version = i64::from(organization.version);
    let started = Instant::now();
    loop {
        let warm = format!("预热{version}");
        let answer = graphql(&base, &token, &rename(&id, version, &warm)).await;
        version = answer["updateOrganization"]["organization"]["version"]
            .as_i64()
            .unwrap();
        if let Some(event) = ws::next(&mut socket, Duration::from_millis(500)).await {
            assert_eq!(event["payload"]["data"]["changes"]["id"], id, "{event}");
            break;
        }
        assert!(
            started.elapsed() < GUARD,
            "the subscription never heard a change"
        );
    }
    while ws::next(&mut socket, Duration::from_millis(300))
        .await
        .is_some()
    {}
    cluster::wait_for_replay(&standby_db, &cluster::current_lsn(&primary_db).await).await;

    let before = graphql(&base, &token, &read_back(&id)).await["node"].clone();
    let old_name = before["name"].as_str().unwrap().to_owned();
    let old_history = before["history"]["totalCount"].as_i64().unwrap();
    assert_eq!(before["version"].as_i64().unwrap(), version);

    cluster::pause_replay(&standby_db).await;

    // A token issued now exists on the primary only: sign-in reads the primary.
    let late_token = tokens::create(&primary_db, "replica-late", Role::Admin, None, None, "test")
        .await
        .unwrap()
        .1;

    // The mutation answers from the primary: its record and the history its loader reads.
    let renamed = graphql(&base, &late_token, &rename(&id, version, "新名称")).await;
    let payload = &renamed["updateOrganization"];
    assert_eq!(payload["userErrors"], json!([]), "{renamed}");
    assert_eq!(payload["organization"]["name"], "新名称");
    assert_eq!(
        payload["organization"]["history"]["totalCount"]
            .as_i64()
            .unwrap(),
        old_history + 1,
        "the payload's history is read from the primary"
    );

    // The subscriber hears it (LISTEN on the primary) and sees the new state.
    let event = ws::next(&mut socket, Duration::from_secs(15))
        .await
        .expect("the change is delivered while the standby is paused");
    let change = &event["payload"]["data"]["changes"];
    assert_eq!(change["operation"], "UPDATED", "{event}");
    assert_eq!(change["node"]["name"], "新名称", "{event}");

    // A query reads the paused standby: the old state.
    let stale = graphql(&base, &late_token, &read_back(&id)).await["node"].clone();
    assert_eq!(stale["name"], old_name.as_str(), "queries read the standby");
    assert_eq!(
        stale["history"]["totalCount"].as_i64().unwrap(),
        old_history
    );
    assert_eq!(
        organization_name(&primary_db, organization.id).await,
        "新名称"
    );
    assert_eq!(
        organization_name(&standby_db, organization.id).await,
        old_name
    );

    // A batch holding a mutation reads the primary throughout, its query included.
    let batch = post(
        &base,
        &late_token,
        &json!([
            { "query": read_back(&id) },
            { "query": rename(&id, version + 1, "再改名") },
        ]),
    )
    .await;
    assert_eq!(batch[0]["data"]["node"]["name"], "新名称", "{batch}");
    assert_eq!(
        batch[1]["data"]["updateOrganization"]["organization"]["name"], "再改名",
        "{batch}"
    );
    while ws::next(&mut socket, Duration::from_millis(300))
        .await
        .is_some()
    {}

    // An unmasked read on the standby logs the access on the primary; the token's last use
    // is written there too.
    let read = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(&late_token)
        .json(&json!({ "query": format!(r#"{{ node(id: "{person_id}") {{ ... on Person {{ phone }} }} }}"#) }))
        .send()
        .await
        .unwrap();
    let request_id = read.headers()["x-request-id"].to_str().unwrap().to_owned();
    let read: Value = read.json().await.unwrap();
    assert!(read.get("errors").is_none(), "{read}");
    let phone = crate::helpers::data_keys()
        .open_private(&person)
        .unwrap()
        .phone;
    assert_eq!(read["data"]["node"]["phone"], json!(phone), "{read}");
    let logged = cluster::text(
        &primary_db,
        &format!("SELECT count(*)::text FROM access_log WHERE request_id = '{request_id}'"),
    )
    .await;
    assert_eq!(logged, "1", "the access is logged on the primary");
    // The last use is written just after the check, off the request's path.
    let mut used = String::new();
    for _ in 0..50 {
        used = cluster::text(
            &primary_db,
            "SELECT (last_used_at IS NOT NULL)::text FROM api_token WHERE name = 'replica-late'",
        )
        .await;
        if used == "true" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(used, "true");

    // Readiness and metrics cover the replica.
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), reqwest::StatusCode::OK);
    let metrics = reqwest::Client::new()
        .get(format!("{base}/metrics"))
        .bearer_auth("replica-metrics-token-0123")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"tongxin_db_pool_connections_idle{pool="replica"}"#),
        "{metrics}"
    );

    // Once the standby replays, queries show the primary's state.
    cluster::resume_replay(&standby_db).await;
    cluster::wait_for_replay(&standby_db, &cluster::current_lsn(&primary_db).await).await;
    let caught_up = graphql(&base, &late_token, &read_back(&id)).await["node"].clone();
    assert_eq!(caught_up["name"], "再改名");
    assert_eq!(
        caught_up["history"]["totalCount"].as_i64().unwrap(),
        old_history + 2
    );

    // Without the standby, queries fail and the server says it is not ready.
    standby_db.close().await.unwrap();
    standby.stop();
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        ready.text().await.unwrap().starts_with("read replica:"),
        "readiness names the replica"
    );
    let gone = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(&late_token)
        .json(&json!({ "query": read_back(&id) }))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
    let gone: Value = gone.json().await.unwrap();
    assert_eq!(
        gone["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{gone}"
    );
    primary_db.close().await.unwrap();
}

#[test]
fn a_replica_of_a_sqlite_database_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let output = binary::command(
        &url,
        &[(
            "DATABASE_REPLICA_URL",
            "postgres://tongxin@127.0.0.1:1/tongxin",
        )],
        &[],
    )
    .output()
    .unwrap();
    assert!(!output.status.success());
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(
        log.contains("DATABASE_REPLICA_URL") && log.contains("PostgreSQL"),
        "{log}"
    );
}
