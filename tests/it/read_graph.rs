//! The read graph: nested relations without N+1, Relay paging, global ids, filters, masking
//! and the error codes bad input gets.

use serde_json::{Value, json};
use tongxin::auth::Viewer;

use crate::helpers::{TestDb, count_statements, execute};

fn code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<no error>")
}

const NESTED: &str = r#"
query Nested($first: Int!) {
  people(first: $first, filter: { memberOf: { kind: [ENTERPRISE] } }, orderBy: [{ field: NAME_PINYIN }]) {
    edges { node { name memberships { edges { node { role organization { name pairings {
      edges { node { status village { name code parent { name } } } } } } } } } } }
  }
}"#;

#[tokio::test]
async fn nested_people_organizations_pairings_villages_cost_a_constant_number_of_statements() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let schema = test.schema();

    let mut costs = Vec::new();
    for first in [5, 50] {
        counter.reset();
        let response = execute(&schema, NESTED, json!({ "first": first }), Viewer::system()).await;
        assert!(response["errors"].is_null(), "{response}");
        let people = response["data"]["people"]["edges"].as_array().unwrap();
        assert_eq!(
            people.len(),
            first as usize,
            "the seed has enough enterprise people"
        );
        let villages = response.to_string().matches("\"village\":{").count();
        assert!(villages > 0, "the nested query reached paired villages");
        costs.push(counter.get());
    }
    println!(
        "nested query SQL statements: page of 5 → {}, page of 50 → {}",
        costs[0], costs[1]
    );
    assert_eq!(
        costs[0], costs[1],
        "statement count must not grow with the page size"
    );
    // The people page; the memberships with their organizations; the pairings with their
    // villages; the villages' parents.
    assert_eq!(costs[1], 4, "nested query ran {} statements", costs[1]);
}

#[tokio::test]
async fn keyset_pages_walk_forward_and_back_without_gaps() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let page = r#"query($first: Int, $after: String, $last: Int, $before: String) {
      regions(first: $first, after: $after, last: $last, before: $before, filter: { level: [TOWNSHIP] }) {
        totalCount edges { cursor node { code } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"#;
    let codes = |r: &Value| -> Vec<String> {
        r["data"]["regions"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
            .collect()
    };

    let first = execute(&schema, page, json!({ "first": 30 }), Viewer::public()).await;
    assert_eq!(
        first["data"]["regions"]["totalCount"], 78,
        "Baiyin has 78 township-level units"
    );
    assert_eq!(first["data"]["regions"]["pageInfo"]["hasNextPage"], true);
    let end = first["data"]["regions"]["pageInfo"]["endCursor"].clone();
    let second = execute(
        &schema,
        page,
        json!({ "first": 60, "after": end }),
        Viewer::public(),
    )
    .await;
    let (a, b) = (codes(&first), codes(&second));
    assert_eq!(a.len() + b.len(), 78);
    assert_eq!(second["data"]["regions"]["pageInfo"]["hasNextPage"], false);
    assert!(a.last() < b.first(), "pages continue in code order");

    let start = second["data"]["regions"]["pageInfo"]["startCursor"].clone();
    let back = execute(
        &schema,
        page,
        json!({ "last": 30, "before": start }),
        Viewer::public(),
    )
    .await;
    assert_eq!(codes(&back), a, "paging back returns the first page again");
    assert_eq!(
        back["data"]["regions"]["pageInfo"]["hasPreviousPage"],
        false
    );
}

#[tokio::test]
async fn bad_paging_arguments_get_clear_codes() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let too_big = execute(
        &schema,
        "{ regions(first: 100000) { totalCount } }",
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(code(&too_big), "LIMIT_EXCEEDED");
    assert!(
        too_big["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("请求的条数超出上限")
    );
    let both = execute(
        &schema,
        "{ regions(first: 1, last: 1) { totalCount } }",
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(code(&both), "BAD_USER_INPUT");
    let negative = execute(
        &schema,
        "{ regions(first: -1) { totalCount } }",
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(code(&negative), "BAD_USER_INPUT");
    let garbage = execute(
        &schema,
        r#"{ regions(after: "bm9wZQ") { totalCount } }"#,
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(code(&garbage), "BAD_USER_INPUT");

    // A cursor made under one ordering is refused under another.
    let by_code = execute(
        &schema,
        "{ regions(first: 1) { pageInfo { endCursor } } }",
        json!({}),
        Viewer::public(),
    )
    .await;
    let cursor = by_code["data"]["regions"]["pageInfo"]["endCursor"].clone();
    let by_name = execute(
        &schema,
        "query($after: String) { regions(first: 1, after: $after, orderBy: [{ field: NAME }]) { totalCount } }",
        json!({ "after": cursor }),
        Viewer::public(),
    )
    .await;
    assert_eq!(code(&by_name), "BAD_USER_INPUT");
}

#[tokio::test]
async fn global_ids_resolve_and_bad_ids_are_refused() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let region = execute(&schema, r#"{ region(code: "620421") { id name level children { totalCount } ancestors { code } } }"#, json!({}), Viewer::public()).await;
    assert_eq!(region["data"]["region"]["name"], "靖远县");
    assert_eq!(region["data"]["region"]["level"], "COUNTY");
    assert_eq!(region["data"]["region"]["children"]["totalCount"], 18);
    assert_eq!(
        region["data"]["region"]["ancestors"],
        json!([{ "code": "620400000000" }])
    );
    let id = region["data"]["region"]["id"].clone();

    let node = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { id ... on Region { code } } }",
        json!({ "id": id }),
        Viewer::public(),
    )
    .await;
    assert_eq!(node["data"]["node"]["code"], "620421000000");
    let nodes = execute(
        &schema,
        "query($id: ID!) { nodes(ids: [$id, $id]) { id } }",
        json!({ "id": id }),
        Viewer::public(),
    )
    .await;
    assert_eq!(nodes["data"]["nodes"].as_array().unwrap().len(), 2);

    let malformed = execute(
        &schema,
        r#"{ node(id: "%%%") { id } }"#,
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(code(&malformed), "BAD_USER_INPUT");
    let unknown = tongxin::ids::encode("Person", 999_999_999);
    let missing = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { id } }",
        json!({ "id": unknown }),
        Viewer::system(),
    )
    .await;
    assert_eq!(code(&missing), "NOT_FOUND");
    let bad_region = execute(
        &schema,
        r#"{ region(code: "620401") { name } }"#,
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(code(&bad_region), "BAD_USER_INPUT");
    let absent = execute(
        &schema,
        r#"{ region(code: "620421101599") { name } }"#,
        json!({}),
        Viewer::public(),
    )
    .await;
    assert!(
        absent["data"]["region"].is_null(),
        "a well-formed code with no row is null: {absent}"
    );
}

#[tokio::test]
async fn filters_compose_and_impossible_ranges_are_refused() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let count = |filter: &str| format!("{{ activities(filter: {filter}) {{ totalCount }} }}");
    let total = |r: &Value| r["data"]["activities"]["totalCount"].as_i64().unwrap();

    let all = execute(&schema, &count("{}"), json!({}), Viewer::system()).await;
    let lectures = execute(
        &schema,
        &count("{ kind: [THEORY_LECTURE] }"),
        json!({}),
        Viewer::system(),
    )
    .await;
    let others = execute(
        &schema,
        &count("{ not: { kind: [THEORY_LECTURE] } }"),
        json!({}),
        Viewer::system(),
    )
    .await;
    assert!(total(&lectures) > 0);
    assert_eq!(
        total(&lectures) + total(&others),
        total(&all),
        "not() is the complement"
    );

    let y2025 = r#"{ kind: [THEORY_LECTURE], heldOn: { gte: "2025-01-01", lte: "2025-12-31" }, withinRegion: "620400" }"#;
    let in_2025 = execute(&schema, &count(y2025), json!({}), Viewer::system()).await;
    assert_eq!(total(&in_2025), 106, "the report's 106 lectures of 2025");
    let counties = ["620402", "620403", "620421", "620422", "620423"];
    let mut sum = 0;
    for county in counties {
        let filter = format!(
            r#"{{ kind: [THEORY_LECTURE], heldOn: {{ gte: "2025-01-01", lte: "2025-12-31" }}, withinRegion: "{county}" }}"#
        );
        sum += total(&execute(&schema, &count(&filter), json!({}), Viewer::system()).await);
    }
    assert_eq!(sum, 106, "withinRegion splits the city into its counties");
    let either = execute(&schema, &count(r#"{ or: [{ withinRegion: "620402" }, { withinRegion: "620403" }], kind: [THEORY_LECTURE] }"#), json!({}), Viewer::system()).await;
    let two = execute(
        &schema,
        &count(r#"{ withinRegion: "620402", kind: [THEORY_LECTURE] }"#),
        json!({}),
        Viewer::system(),
    )
    .await;
    assert!(total(&either) >= total(&two));

    let empty = execute(
        &schema,
        &count(r#"{ heldOn: { gte: "2025-12-31", lt: "2025-01-01" } }"#),
        json!({}),
        Viewer::system(),
    )
    .await;
    assert_eq!(code(&empty), "BAD_USER_INPUT");
    let region = execute(
        &schema,
        &count(r#"{ withinRegion: "110000" }"#),
        json!({}),
        Viewer::system(),
    )
    .await;
    assert_eq!(code(&region), "BAD_USER_INPUT");
    assert!(!region.to_string().contains("SELECT"), "no SQL in errors");
}

#[tokio::test]
async fn personal_data_is_masked_and_sensitive_fields_omitted_for_ordinary_viewers() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let query = "{ people(first: 20) { edges { node { phone idNumber ethnicity { name } categories sensitiveRedacted } } } }";
    let viewer = Viewer {
        role: tongxin::auth::Role::Viewer,
        region_scope: None,
        subject: "t".into(),
    };
    let masked = execute(&schema, query, json!({}), viewer).await;
    let plain = execute(&schema, query, json!({}), Viewer::system()).await;
    let first_with_phone = |r: &Value| -> Value {
        r["data"]["people"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .find(|n| n["phone"].is_string())
            .expect("a person with a phone")
    };
    let (m, p) = (first_with_phone(&masked), first_with_phone(&plain));
    let phone = m["phone"].as_str().unwrap();
    assert!(
        phone.contains("****") && phone.len() == 11,
        "masked phone {phone}"
    );
    assert!(
        p["phone"]
            .as_str()
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_digit())
    );
    assert!(m["idNumber"].as_str().unwrap().contains("**********"));
    assert!(m["ethnicity"].is_null() && m["categories"].is_null());
    assert_eq!(m["sensitiveRedacted"], true);
    assert_eq!(p["sensitiveRedacted"], false);
    assert!(p["ethnicity"]["name"].is_string());
}

#[tokio::test]
async fn dictionaries_carry_chinese_labels() {
    let test = TestDb::fresh().await;
    let schema = test.schema();
    let response = execute(&schema, r#"{ dictionaries(names: ["OrganizationKind", "PlaceKind"]) { name entries { value label } } }"#, json!({}), Viewer::public()).await;
    let dictionaries = response["data"]["dictionaries"].as_array().unwrap();
    assert_eq!(dictionaries.len(), 2);
    let kinds = response.to_string();
    assert!(
        kinds.contains(r#"{"label":"民主党派组织","value":"DP_ORGANIZATION"}"#),
        "{kinds}"
    );
    assert!(kinds.contains(r#"{"label":"红石榴家园","value":"RED_POMEGRANATE_HOME"}"#));
}
