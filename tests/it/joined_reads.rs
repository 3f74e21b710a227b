//! Rows read by a join with the rows that refer to them: fewer statements, the same answer.
//! A query that asks for a person's region, or for each membership's organization, reads them
//! in the statement of the person or the memberships; what every role sees must be exactly
//! what the separate reads give.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};

use crate::aggregates::viewer;
use crate::helpers::{TestDb, TestSchema, count_statements, execute};

const POINT: &str = r#"query P($id: ID!) { node(id: $id) { ... on Person { id name
  region { code name } memberships(first: 20) { nodes { role organization { id name kind } } } } } }"#;

const MEMBERS: &str = r#"query M($id: ID!) { node(id: $id) { ... on Organization { name
  region { code } memberships(first: 50) { nodes { role person { id name } } }
  pairings(first: 20) { nodes { status village { code name } } } } } }"#;

const LISTS: &str = r#"query L($county: String!) {
  people(first: 20, filter: { withinRegion: $county }, orderBy: [{ field: NAME_PINYIN }]) {
    nodes { id name region { code name parent { code } } } }
  organizations(first: 20, filter: { withinRegion: $county }) { edges { node { id name region { code } } } } }"#;

/// The same request answered by the schema alone: no joined reads are kept, every row is read
/// by its own loader.
async fn separately(schema: &TestSchema, query: &str, variables: Value, viewer: Viewer) -> Value {
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables));
    let request = tongxin::graphql::prepare(request, &schema.db, viewer);
    serde_json::to_value(schema.schema.execute(request).await).unwrap()
}

/// Global ids of `n` people who hold memberships, democratic-party ones among them.
async fn members(schema: &TestSchema, n: usize) -> Vec<String> {
    let list = execute(
        schema,
        r#"query($n: Int!) { a: people(first: $n, filter: { memberOf: { kind: [DP_ORGANIZATION] } }) { nodes { id } }
           b: people(first: $n, filter: { memberOf: { kind: [ENTERPRISE] } }) { nodes { id } } }"#,
        json!({ "n": n / 2 }),
        Viewer::system(),
    )
    .await;
    assert!(list["errors"].is_null(), "{list}");
    let ids: Vec<String> = ["a", "b"]
        .iter()
        .flat_map(|k| list["data"][k]["nodes"].as_array().unwrap().clone())
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), n, "the seed has enough members of both kinds");
    ids
}

fn roles() -> Vec<Viewer> {
    vec![
        Viewer::system(),
        viewer(Role::Viewer, None),
        viewer(Role::Editor, Some("620403")),
    ]
}

#[tokio::test]
async fn a_person_with_region_and_memberships_costs_two_statements() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let schema = test.schema();
    let id = members(&schema, 2).await[0].clone();

    counter.reset();
    let answer = execute(&schema, POINT, json!({ "id": id }), Viewer::system()).await;
    assert!(answer["errors"].is_null(), "{answer}");
    assert!(answer["data"]["node"]["region"]["code"].is_string());
    let organizations = answer["data"]["node"]["memberships"]["nodes"]
        .as_array()
        .unwrap();
    assert!(!organizations.is_empty());
    assert!(
        organizations
            .iter()
            .all(|m| m["organization"]["name"].is_string())
    );
    // The person with its region; the memberships with their organizations.
    assert_eq!(counter.get(), 2, "statements for the point read");
}

#[tokio::test]
async fn a_page_of_people_with_their_regions_costs_one_statement() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let schema = test.schema();
    let page = r#"{ people(first: 20, filter: { name: { startsWith: "王" } }) {
      nodes { id name region { code name } } } }"#;
    counter.reset();
    let answer = execute(&schema, page, json!({}), Viewer::system()).await;
    assert!(answer["errors"].is_null(), "{answer}");
    let people = answer["data"]["people"]["nodes"].as_array().unwrap();
    assert!(people.len() > 1, "the seed has people named 王");
    assert!(people.iter().all(|p| p["region"]["code"].is_string()));
    assert_eq!(counter.get(), 1, "the page with its regions");
}

#[tokio::test]
async fn joined_reads_answer_exactly_what_separate_reads_answer_for_every_role() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let people = members(&schema, 6).await;
    let organizations = execute(
        &schema,
        r#"{ organizations(first: 6, filter: { kind: [ENTERPRISE, DP_ORGANIZATION] }) { nodes { id } } }"#,
        json!({}),
        Viewer::system(),
    )
    .await;
    let organizations: Vec<String> = organizations["data"]["organizations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!organizations.is_empty());

    for viewer in roles() {
        for county in ["620403", "620421", "620422"] {
            let vars = json!({ "county": county });
            let joined = execute(&schema, LISTS, vars.clone(), viewer.clone()).await;
            let apart = separately(&schema, LISTS, vars, viewer.clone()).await;
            assert!(joined["errors"].is_null(), "{joined}");
            assert_eq!(joined, apart, "{:?} listing {county}", viewer.role);
        }
        for (query, ids) in [(POINT, &people), (MEMBERS, &organizations)] {
            for id in ids {
                let vars = json!({ "id": id });
                let joined = execute(&schema, query, vars.clone(), viewer.clone()).await;
                let apart = separately(&schema, query, vars, viewer.clone()).await;
                assert_eq!(joined, apart, "{:?} reading {id}", viewer.role);
            }
        }
    }
}

#[tokio::test]
async fn a_deleted_organization_is_not_read_through_its_memberships() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let id = members(&schema, 2).await[1].clone();
    let before = execute(&schema, POINT, json!({ "id": id }), Viewer::system()).await;
    let first = &before["data"]["node"]["memberships"]["nodes"][0]["organization"];
    let (type_name, key) = tongxin::ids::decode(first["id"].as_str().unwrap()).unwrap();
    assert_eq!(type_name, "Organization");
    test.db
        .execute_unprepared(&format!(
            "UPDATE organization SET deleted_at = CURRENT_TIMESTAMP WHERE id = {key}"
        ))
        .await
        .unwrap();

    let after = execute(&schema, POINT, json!({ "id": id }), Viewer::system()).await;
    assert!(after["errors"].is_null(), "{after}");
    assert!(
        after["data"]["node"]["memberships"]["nodes"][0]["organization"].is_null(),
        "a deleted organization reads as absent: {after}"
    );
    let apart = separately(&schema, POINT, json!({ "id": id }), Viewer::system()).await;
    assert_eq!(after, apart);
}
