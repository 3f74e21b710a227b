//! `neighborhood` and `path` on the demo dataset: shape, limits and truncation, edge kinds,
//! what PUBLIC may not see, shortest paths found and not found, statements per level.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::ids::encode;

use crate::helpers::{TestDb, TestSchema, count_statements, execute};

const NEIGHBORHOOD: &str = r#"query($id: ID!, $depth: Int, $kinds: [GraphEdgeKind!], $limit: Int) {
  neighborhood(id: $id, depth: $depth, kinds: $kinds, limit: $limit) {
    nodes { id type label } edges { source target kind label } truncated } }"#;

const PATH: &str = r#"query($from: ID!, $to: ID!, $maxDepth: Int) {
  path(from: $from, to: $to, maxDepth: $maxDepth) {
    length nodes { id type label } edges { source target kind label } } }"#;

fn viewer() -> Viewer {
    Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "graph-viewer".into(),
    }
}

async fn neighborhood(schema: &TestSchema, variables: Value, as_: Viewer) -> Value {
    execute(schema, NEIGHBORHOOD, variables, as_).await
}

fn graph(answer: &Value) -> &Value {
    assert!(answer["errors"].is_null(), "{answer}");
    &answer["data"]["neighborhood"]
}

fn types(g: &Value) -> Vec<&str> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect()
}

/// Every edge joins two returned nodes; ids are unique.
fn assert_closed(g: &Value) {
    let ids: Vec<&Value> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["id"])
        .collect();
    let unique: std::collections::HashSet<String> = ids.iter().map(|v| v.to_string()).collect();
    assert_eq!(unique.len(), ids.len(), "{g}");
    for edge in g["edges"].as_array().unwrap() {
        assert!(
            ids.contains(&&edge["source"]) && ids.contains(&&edge["target"]),
            "{edge}"
        );
    }
}

/// A legal representative of an enterprise that is paired with a village, and that village.
async fn paired_person(test: &TestDb) -> (i64, i64, String) {
    use entity::{membership, pairing};
    let pairings = pairing::Entity::find()
        .order_by_asc(pairing::Column::Id)
        .all(&test.db)
        .await
        .unwrap();
    for p in pairings {
        let member = membership::Entity::find()
            .filter(membership::Column::OrganizationId.eq(p.enterprise_id))
            .filter(membership::Column::Role.eq("LEGAL_REPRESENTATIVE"))
            .one(&test.db)
            .await
            .unwrap();
        if let Some(m) = member {
            return (m.person_id, p.enterprise_id, p.village_code);
        }
    }
    panic!("the demo dataset pairs enterprises that have legal representatives");
}

#[tokio::test]
async fn a_region_neighbourhood_is_g6_ready() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let county = encode("Region", "620421000000");
    let answer = neighborhood(&schema, json!({ "id": county, "depth": 1 }), viewer()).await;
    let g = graph(&answer);
    assert_eq!(g["nodes"][0]["id"], json!(county));
    assert_eq!(g["nodes"][0]["label"], "靖远县");
    assert_closed(g);
    let edges = g["edges"].as_array().unwrap();
    let city = encode("Region", "620400000000");
    assert!(edges.iter().any(|e| e["source"] == json!(county)
        && e["target"] == json!(city)
        && e["kind"] == "PARENT_REGION"
        && e["label"] == "上级区划"));
    let townships = edges
        .iter()
        .filter(|e| e["kind"] == "PARENT_REGION" && e["target"] == json!(county))
        .count();
    assert_eq!(townships, 18, "靖远县 has 18 township-level units");
    assert!(types(g).contains(&"Organization"), "{g}");
    // Only the kinds asked for.
    let regions_only = neighborhood(
        &schema,
        json!({ "id": county, "depth": 2, "kinds": ["PARENT_REGION"] }),
        viewer(),
    )
    .await;
    let g = graph(&regions_only);
    assert!(types(g).iter().all(|t| *t == "Region"), "{g}");
    assert!(
        g["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "PARENT_REGION")
    );
    assert!(
        g["nodes"].as_array().unwrap().len() > 100,
        "villages two levels down"
    );
}

#[tokio::test]
async fn limits_truncate_and_bad_arguments_are_refused() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let city = encode("Region", "620400000000");
    let answer = neighborhood(
        &schema,
        json!({ "id": city, "depth": 2, "limit": 7 }),
        viewer(),
    )
    .await;
    let g = graph(&answer);
    assert_eq!(g["nodes"].as_array().unwrap().len(), 7);
    assert_eq!(g["truncated"], true);
    assert_closed(g);
    let small = neighborhood(
        &schema,
        json!({ "id": city, "depth": 1, "kinds": ["PARENT_REGION"] }),
        viewer(),
    )
    .await;
    assert_eq!(graph(&small)["truncated"], false);
    assert_eq!(
        graph(&small)["nodes"].as_array().unwrap().len(),
        6,
        "the city and 5 counties"
    );
    for (vars, code) in [
        (json!({ "id": city, "depth": 4 }), "LIMIT_EXCEEDED"),
        (json!({ "id": city, "limit": 1001 }), "LIMIT_EXCEEDED"),
        (json!({ "id": city, "depth": -1 }), "BAD_USER_INPUT"),
        (
            json!({ "id": encode("Region", "999999999999") }),
            "NOT_FOUND",
        ),
        (json!({ "id": encode("Donation", 1) }), "BAD_USER_INPUT"),
    ] {
        let answer = neighborhood(&schema, vars.clone(), viewer()).await;
        assert_eq!(
            answer["errors"][0]["extensions"]["code"], code,
            "{vars}: {answer}"
        );
    }
}

#[tokio::test]
async fn public_sees_no_people_pairings_or_activities() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let (person, enterprise, _) = paired_person(&test).await;
    let org = encode("Organization", enterprise);
    let signed_in = neighborhood(&schema, json!({ "id": org, "depth": 2 }), viewer()).await;
    let g = graph(&signed_in);
    assert!(
        types(g).contains(&"Person") && types(g).contains(&"Pairing"),
        "{g}"
    );
    assert!(
        g["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "MEMBERSHIP")
    );
    let public = neighborhood(&schema, json!({ "id": org, "depth": 2 }), Viewer::public()).await;
    let g = graph(&public);
    assert_closed(g);
    for t in types(g) {
        assert!(
            ["Region", "Organization", "Base", "Home"].contains(&t),
            "{t}: {g}"
        );
    }
    for e in g["edges"].as_array().unwrap() {
        assert!(
            !["MEMBERSHIP", "LIAISON", "PARTICIPANT", "PAIRING"]
                .contains(&e["kind"].as_str().unwrap())
        );
    }
    let person_id = encode("Person", person);
    let asked = neighborhood(&schema, json!({ "id": person_id }), Viewer::public()).await;
    assert_eq!(
        asked["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{asked}"
    );
}

#[tokio::test]
async fn path_from_a_legal_representative_to_the_paired_village() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let (person, enterprise, village) = paired_person(&test).await;
    let from = encode("Person", person);
    let to = encode("Region", &village);
    let answer = execute(&schema, PATH, json!({ "from": from, "to": to }), viewer()).await;
    assert!(answer["errors"].is_null(), "{answer}");
    let p = &answer["data"]["path"];
    let nodes = p["nodes"].as_array().unwrap();
    let edges = p["edges"].as_array().unwrap();
    assert_eq!(nodes.first().unwrap()["id"], json!(from));
    assert_eq!(nodes.last().unwrap()["id"], json!(to));
    assert_eq!(edges.len(), nodes.len() - 1);
    assert_eq!(p["length"], edges.len());
    assert!(
        edges.len() <= 3,
        "person → enterprise → pairing → village at most: {p}"
    );
    for (i, e) in edges.iter().enumerate() {
        let ends = [&e["source"], &e["target"]];
        assert!(
            ends.contains(&&nodes[i]["id"]) && ends.contains(&&nodes[i + 1]["id"]),
            "{p}"
        );
    }
    if edges.len() == 3 {
        assert_eq!(
            nodes[1]["id"],
            json!(encode("Organization", enterprise)),
            "{p}"
        );
        assert_eq!(nodes[2]["type"], "Pairing");
    }
    // Too short a search finds nothing; the same node is a path of length 0.
    let short = execute(
        &schema,
        PATH,
        json!({ "from": from, "to": to, "maxDepth": 1 }),
        viewer(),
    )
    .await;
    assert!(
        short["errors"].is_null() && short["data"]["path"].is_null(),
        "{short}"
    );
    let same = execute(&schema, PATH, json!({ "from": to, "to": to }), viewer()).await;
    assert_eq!(same["data"]["path"]["length"], 0, "{same}");
    // PUBLIC: the enterprise reaches the village only through regions, never a pairing.
    let org = encode("Organization", enterprise);
    let public = execute(
        &schema,
        PATH,
        json!({ "from": org, "to": to, "maxDepth": 6 }),
        Viewer::public(),
    )
    .await;
    assert!(public["errors"].is_null(), "{public}");
    for n in public["data"]["path"]["nodes"].as_array().unwrap() {
        assert!(
            ["Region", "Organization", "Base", "Home"].contains(&n["type"].as_str().unwrap()),
            "{public}"
        );
    }
    let hidden = execute(
        &schema,
        PATH,
        json!({ "from": from, "to": to }),
        Viewer::public(),
    )
    .await;
    assert_eq!(hidden["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
}

#[tokio::test]
async fn statements_per_level_do_not_grow_with_the_data() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let schema = test.schema();
    let mut costs = Vec::new();
    // A village, a county and the city: very different fan-outs, the same bound per level.
    for code in ["620421101201", "620421000000", "620400000000"] {
        let village = entity::region::Entity::find_by_id(code)
            .one(&test.db)
            .await
            .unwrap();
        let code = village.map_or_else(|| code.to_owned(), |r| r.code);
        counter.reset();
        let answer = neighborhood(
            &schema,
            json!({ "id": encode("Region", &code), "depth": 2, "limit": 1000 }),
            viewer(),
        )
        .await;
        graph(&answer);
        costs.push(counter.get());
    }
    // Per level: at most 9 expansion queries and 6 node loads; plus the root and pairing labels.
    for cost in &costs {
        assert!(*cost <= 1 + 2 * 15 + 2, "{costs:?}");
    }
}

#[tokio::test]
async fn the_readme_examples_answer_as_shown() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let search = execute(
        &schema,
        r#"{ search(query: "jyx", types: [REGION], first: 1) { score matchedField node { id ... on Region { name code } } } }"#,
        Value::Null,
        Viewer::public(),
    )
    .await;
    assert_eq!(
        search,
        json!({"data":{"search":[{"score":0.59,"matchedField":"nameInitials",
            "node":{"id":"UmVnaW9uOjYyMDQyMTAwMDAwMA","name":"靖远县","code":"620421000000"}}]}}),
        "{search}"
    );
    let graph = execute(
        &schema,
        r#"{ neighborhood(id: "UmVnaW9uOjYyMDQyMTAwMDAwMA", depth: 1, kinds: [PARENT_REGION], limit: 3) {
             nodes { id type label } edges { source target kind label } truncated } }"#,
        Value::Null,
        Viewer::public(),
    )
    .await;
    assert_eq!(
        graph,
        json!({"data":{"neighborhood":{"nodes":[
            {"id":"UmVnaW9uOjYyMDQyMTAwMDAwMA","type":"Region","label":"靖远县"},
            {"id":"UmVnaW9uOjYyMDQwMDAwMDAwMA","type":"Region","label":"白银市"},
            {"id":"UmVnaW9uOjYyMDQyMTEwMTAwMA","type":"Region","label":"北湾镇"}],
          "edges":[
            {"source":"UmVnaW9uOjYyMDQyMTAwMDAwMA","target":"UmVnaW9uOjYyMDQwMDAwMDAwMA","kind":"PARENT_REGION","label":"上级区划"},
            {"source":"UmVnaW9uOjYyMDQyMTEwMTAwMA","target":"UmVnaW9uOjYyMDQyMTAwMDAwMA","kind":"PARENT_REGION","label":"上级区划"}],
          "truncated":true}}}),
        "{graph}"
    );
}
