//! Who may see and do what, over real HTTP with real credentials: no token, API tokens of every
//! role (an editor of 靖远县 and one of 会宁县), an expired and a revoked token, JWTs good,
//! forged, expired and `alg: none`.

use chrono::{Duration, Utc};
use jsonwebtoken::{EncodingKey, Header, encode};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tongxin::app::{AppState, router};
use tongxin::auth::{Role, tokens};
use tongxin::domain::region_code::RegionCode;

use crate::helpers::{TestDb, test_config};

pub(crate) const SECRET: &str = "a-test-only-hs256-secret-of-more-than-32-bytes";

pub(crate) struct Server {
    pub(crate) url: String,
    pub(crate) client: reqwest::Client,
}

impl Server {
    pub(crate) async fn start(test: &TestDb) -> Self {
        let mut config = test_config();
        config.jwt.jwt_issuer = Some("https://idp.example".into());
        config.jwt.jwt_audience = Some("tongxin".into());
        config.jwt.jwt_hs256_secret = Some(SECRET.into());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/graphql", listener.local_addr().unwrap());
        let app = router(AppState::new(test.db.clone(), config));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            url,
            client: reqwest::Client::new(),
        }
    }

    /// Status, body and `Cache-Control` of one query sent with `token` (if any).
    pub(crate) async fn ask(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (StatusCode, Value, String) {
        let mut request = self
            .client
            .post(&self.url)
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let cache = response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (status, response.json().await.unwrap(), cache)
    }
}

pub(crate) fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("OK")
}

pub(crate) fn jwt(claims: Value, secret: &str) -> String {
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

pub(crate) struct Callers {
    pub(crate) public: String,
    pub(crate) viewer: String,
    pub(crate) analyst: String,
    pub(crate) editor_jingyuan: String,
    pub(crate) editor_huining: String,
    pub(crate) admin: String,
    pub(crate) expired: String,
    pub(crate) revoked: String,
}

pub(crate) async fn callers(test: &TestDb) -> Callers {
    let db = &test.db;
    let token = |name: &'static str, role: Role, region: Option<&'static str>| async move {
        let region = region.map(|r| RegionCode::parse(r).unwrap());
        tokens::create(db, name, role, region.as_ref(), None, "test")
            .await
            .unwrap()
            .1
    };
    let (expired_row, expired) = tokens::create(
        db,
        "expired",
        Role::Admin,
        None,
        Some(Utc::now() + Duration::seconds(1)),
        "test",
    )
    .await
    .unwrap();
    let (revoked_row, revoked) = tokens::create(db, "revoked", Role::Admin, None, None, "test")
        .await
        .unwrap();
    tokens::revoke(db, revoked_row.id).await.unwrap();
    let expire = entity::api_token::ActiveModel {
        id: sea_orm::Set(expired_row.id),
        expires_at: sea_orm::Set(Some(Utc::now() - Duration::hours(1))),
        ..Default::default()
    };
    sea_orm::ActiveModelTrait::update(expire, db).await.unwrap();
    Callers {
        public: token("kiosk", Role::Public, None).await,
        viewer: token("viewer", Role::Viewer, None).await,
        analyst: token("analyst", Role::Analyst, None).await,
        editor_jingyuan: token("jingyuan", Role::Editor, Some("620421")).await,
        editor_huining: token("huining", Role::Editor, Some("620422")).await,
        admin: token("admin", Role::Admin, None).await,
        expired,
        revoked,
    }
}

#[tokio::test]
async fn each_role_sees_and_does_exactly_what_it_may() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let people = "{ people(first: 1) { totalCount } }";
    let regions = "{ regions(first: 1) { totalCount } }";
    let memberships = r#"{ organizations(first: 1, filter: { kind: [DP_ORGANIZATION] }) { edges { node { memberships { totalCount } } } } }"#;
    let audit = "{ auditLog(first: 1) { totalCount } }";
    let create = r#"mutation { createOrganization(input: { name: "访问控制测试企业", kind: ENTERPRISE, region: "620421101" }) { organization { id } userErrors { code } } }"#;

    let table: [(&str, Option<&str>, [&str; 5]); 8] = [
        // caller, token, [people, regions, memberships, auditLog, create in 靖远县]
        (
            "no token",
            None,
            [
                "UNAUTHENTICATED",
                "OK",
                "UNAUTHENTICATED",
                "FORBIDDEN",
                "FORBIDDEN",
            ],
        ),
        (
            "public",
            Some(&c.public),
            ["FORBIDDEN", "OK", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"],
        ),
        (
            "viewer",
            Some(&c.viewer),
            ["OK", "OK", "OK", "FORBIDDEN", "FORBIDDEN"],
        ),
        (
            "analyst",
            Some(&c.analyst),
            ["OK", "OK", "OK", "FORBIDDEN", "FORBIDDEN"],
        ),
        (
            "editor of 会宁县",
            Some(&c.editor_huining),
            ["OK", "OK", "OK", "FORBIDDEN", "FORBIDDEN"],
        ),
        (
            "editor of 靖远县",
            Some(&c.editor_jingyuan),
            ["OK", "OK", "OK", "FORBIDDEN", "OK"],
        ),
        ("admin", Some(&c.admin), ["OK", "OK", "OK", "OK", "OK"]),
        (
            "viewer again",
            Some(&c.viewer),
            ["OK", "OK", "OK", "FORBIDDEN", "FORBIDDEN"],
        ),
    ];
    for (caller, token, expected) in table {
        for (query, want) in [people, regions, memberships, audit, create]
            .into_iter()
            .zip(expected)
        {
            let (status, body, cache) = server.ask(token, query, json!({})).await;
            assert_eq!(status, StatusCode::OK, "{caller}: {query}");
            assert_eq!(code(&body), want, "{caller}: {query} → {body}");
            assert_eq!(cache, "no-store", "responses are never cached");
        }
    }

    for (caller, token) in [
        ("expired", &c.expired),
        ("revoked", &c.revoked),
        ("unknown", &"txn_forged".to_owned()),
    ] {
        let (status, body, _) = server.ask(Some(token), regions, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{caller}");
        assert_eq!(code(&body), "UNAUTHENTICATED", "{caller}");
    }
}

#[tokio::test]
async fn personal_data_is_unmasked_only_in_scope_and_every_unmasked_read_is_logged() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let query = r#"{ people(first: 5, filter: { withinRegion: "620421" }) { edges { node { id phone idNumber categories } } } }"#;
    let logged = || async {
        entity::access_log::Entity::find()
            .count(&test.db)
            .await
            .unwrap()
    };

    let (_, viewer, _) = server.ask(Some(&c.viewer), query, json!({})).await;
    let (_, outsider, _) = server.ask(Some(&c.editor_huining), query, json!({})).await;
    assert_eq!(logged().await, 0, "masked reads are not logged");
    for body in [&viewer, &outsider] {
        let person = &body["data"]["people"]["edges"][0]["node"];
        assert!(person["phone"].as_str().unwrap().contains("****"), "{body}");
        assert!(person["categories"].is_null());
    }
    let (_, insider, _) = server.ask(Some(&c.editor_jingyuan), query, json!({})).await;
    let person = &insider["data"]["people"]["edges"][0]["node"];
    assert!(
        !person["phone"].as_str().unwrap().contains('*'),
        "{insider}"
    );
    assert!(person["categories"].is_array());
    assert!(
        logged().await >= 5,
        "each unmasked read leaves an access-log row"
    );
    let by_editor = entity::access_log::Entity::find()
        .filter(entity::access_log::Column::Actor.eq("token:jingyuan"))
        .filter(entity::access_log::Column::Field.eq("phone"))
        .count(&test.db)
        .await
        .unwrap();
    assert!(by_editor >= 1);

    // A person of the other county, by id: no token gets no hint whether it exists.
    let missing = tongxin::ids::encode("Person", 987_654_321);
    let (_, anonymous, _) = server
        .ask(
            None,
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": missing }),
        )
        .await;
    assert_eq!(code(&anonymous), "UNAUTHENTICATED");
}

#[tokio::test]
async fn jwts_are_checked_for_signature_issuer_audience_expiry_and_algorithm() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let exp = (Utc::now() + Duration::minutes(5)).timestamp();
    let good = json!({ "sub": "zhang", "iss": "https://idp.example", "aud": "tongxin", "exp": exp, "role": "EDITOR", "region": "620421" });
    let me = "{ me { role regionScope subject } }";

    let (status, body, _) = server
        .ask(Some(&jwt(good.clone(), SECRET)), me, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["data"]["me"],
        json!({ "role": "EDITOR", "regionScope": "620421000000", "subject": "jwt:zhang" })
    );

    let mut expired = good.clone();
    expired["exp"] = json!((Utc::now() - Duration::hours(1)).timestamp());
    let mut wrong_issuer = good.clone();
    wrong_issuer["iss"] = json!("https://evil.example");
    let mut wrong_audience = good.clone();
    wrong_audience["aud"] = json!("someone-else");
    let none_alg = format!(
        "{}.{}.",
        base64_url(r#"{"alg":"none","typ":"JWT"}"#),
        base64_url(&good.to_string())
    );
    for (case, token) in [
        (
            "forged",
            jwt(good.clone(), "another-secret-of-more-than-32-bytes!!"),
        ),
        ("expired", jwt(expired, SECRET)),
        ("wrong issuer", jwt(wrong_issuer, SECRET)),
        ("wrong audience", jwt(wrong_audience, SECRET)),
        ("alg none", none_alg),
    ] {
        let (status, body, _) = server.ask(Some(&token), me, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {body}");
        assert_eq!(code(&body), "UNAUTHENTICATED", "{case}");
    }
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[tokio::test]
async fn admins_issue_and_revoke_tokens_that_work_at_once() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let create = r#"mutation { createApiToken(input: { name: "dashboard", role: VIEWER }) { token apiToken { id role } } }"#;
    let (_, denied, _) = server
        .ask(Some(&c.editor_jingyuan), create, json!({}))
        .await;
    assert_eq!(code(&denied), "FORBIDDEN");
    let (_, made, _) = server.ask(Some(&c.admin), create, json!({})).await;
    let token = made["data"]["createApiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = made["data"]["createApiToken"]["apiToken"]["id"].clone();
    let (_, me, _) = server
        .ask(Some(&token), "{ me { role subject } }", json!({}))
        .await;
    assert_eq!(
        me["data"]["me"],
        json!({ "role": "VIEWER", "subject": "token:dashboard" })
    );
    let stored = entity::api_token::Entity::find()
        .all(&test.db)
        .await
        .unwrap();
    assert!(
        stored.iter().all(|t| t.secret_hash != token),
        "only a hash is stored"
    );

    let revoke = "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { revokedAt } }";
    let (_, revoked, _) = server
        .ask(Some(&c.admin), revoke, json!({ "id": id }))
        .await;
    assert!(revoked["data"]["revokeApiToken"]["revokedAt"].is_string());
    let (status, _, _) = server.ask(Some(&token), "{ me { role } }", json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The token check is not a statement on every request (point reads in 3 statements):
/// a verified token is trusted from memory for a few seconds, and revoking it still ends it at
/// once (the test above). The token's last use is written afterwards by a task of its own, so
/// the test looks for reads of the token table, not for every statement.
#[tokio::test]
async fn a_verified_token_is_not_looked_up_again_on_the_next_request() {
    let mut test = TestDb::seeded().await;
    let statements = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = statements.clone();
    test.db.set_metric_callback(move |info| {
        seen.lock().unwrap().push(info.statement.sql.clone());
    });
    let token_reads = || {
        let mut list = statements.lock().unwrap();
        let reads = list
            .iter()
            .filter(|sql| sql.trim_start().starts_with("SELECT") && sql.contains("api_token"))
            .count();
        list.clear();
        reads
    };
    let server = Server::start(&test).await;
    let (_, secret) = tokens::create(&test.db, "dashboard", Role::Viewer, None, None, "test")
        .await
        .unwrap();
    token_reads();
    let (status, first, _) = server
        .ask(Some(&secret), "{ me { role } }", json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert!(token_reads() >= 1, "the first use reads the token row");
    let (status, second, _) = server
        .ask(Some(&secret), "{ me { role } }", json!({}))
        .await;
    assert_eq!(second["data"]["me"]["role"], "VIEWER", "{second}");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(token_reads(), 0, "the second use is answered from memory");
}

#[tokio::test]
async fn filtering_by_a_sensitive_field_needs_the_right_to_see_it_and_stays_in_scope() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let by_category = r#"{ people(filter: { or: [{ category: [DEMOCRATIC_PARTY_MEMBER] }] }) { totalCount edges { node { region { code } } } } }"#;
    let (_, viewer, _) = server.ask(Some(&c.viewer), by_category, json!({})).await;
    assert_eq!(
        code(&viewer),
        "FORBIDDEN",
        "a nested category filter is caught too"
    );
    let (_, admin, _) = server.ask(Some(&c.admin), by_category, json!({})).await;
    let (_, editor, _) = server
        .ask(Some(&c.editor_jingyuan), by_category, json!({}))
        .await;
    let total = |b: &Value| b["data"]["people"]["totalCount"].as_i64().unwrap();
    assert!(
        total(&admin) > total(&editor),
        "the editor's answer is narrowed to 靖远县"
    );
    for edge in editor["data"]["people"]["edges"].as_array().unwrap() {
        assert!(
            edge["node"]["region"]["code"]
                .as_str()
                .unwrap()
                .starts_with("620421")
        );
    }

    let (_, _, _) = server
        .ask(
            Some(&c.admin),
            r#"{ people(first: 1) { edges { node { phone } } } }"#,
            json!({}),
        )
        .await;
    let log = "{ accessLog(first: 5) { totalCount edges { node { actor field personId } } } }";
    let (_, entries, _) = server.ask(Some(&c.admin), log, json!({})).await;
    assert!(
        entries["data"]["accessLog"]["totalCount"].as_i64().unwrap() >= 1,
        "{entries}"
    );
    assert_eq!(
        entries["data"]["accessLog"]["edges"][0]["node"]["actor"],
        "token:admin"
    );
    let (_, denied, _) = server.ask(Some(&c.editor_jingyuan), log, json!({})).await;
    assert_eq!(code(&denied), "FORBIDDEN");
}
