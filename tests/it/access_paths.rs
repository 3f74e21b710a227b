//! Indirect paths to data: search, the graph, aggregates and exports obey the same
//! rules as direct reads, for every role; hidden records do not show up even as edges.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::access_control::{Server, callers, code};
use crate::helpers::TestDb;

/// Every `__typename`/`type` value found anywhere in a response.
fn types_in(body: &Value, found: &mut Vec<String>) {
    match body {
        Value::Object(map) => {
            for (key, value) in map {
                if (key == "__typename" || key == "type") && value.is_string() {
                    found.push(value.as_str().unwrap().to_owned());
                }
                types_in(value, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| types_in(item, found)),
        _ => {}
    }
}

#[tokio::test]
async fn search_graph_and_aggregates_follow_each_roles_rules() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let (_, first_person, _) = server
        .ask(
            Some(&c.admin),
            "{ people(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let person = first_person["data"]["people"]["edges"][0]["node"]["id"].clone();

    let search_people = r#"{ search(query: "zhang", types: [PERSON], first: 5) { matchedField } }"#;
    let person_graph = "query($id: ID!) { neighborhood(id: $id, depth: 1) { nodes { type } } }";
    let by_county = "{ peopleAggregate(groupBy: [COUNTY]) { count } }";
    let by_ethnicity = "{ peopleAggregate(groupBy: [ETHNICITY]) { count } }";
    let queries = [search_people, person_graph, by_county, by_ethnicity];

    let table: [(&str, Option<&str>, [&str; 4]); 7] = [
        // caller, token, [search people, a person's neighbourhood, people by county, by ethnicity]
        (
            "no token",
            None,
            ["UNAUTHENTICATED", "UNAUTHENTICATED", "OK", "FORBIDDEN"],
        ),
        (
            "public",
            Some(&c.public),
            ["FORBIDDEN", "FORBIDDEN", "OK", "FORBIDDEN"],
        ),
        ("viewer", Some(&c.viewer), ["OK", "OK", "OK", "FORBIDDEN"]),
        ("analyst", Some(&c.analyst), ["OK", "OK", "OK", "OK"]),
        (
            "editor of 会宁县",
            Some(&c.editor_huining),
            ["OK", "OK", "OK", "OK"],
        ),
        (
            "editor of 靖远县",
            Some(&c.editor_jingyuan),
            ["OK", "OK", "OK", "OK"],
        ),
        ("admin", Some(&c.admin), ["OK", "OK", "OK", "OK"]),
    ];
    for (caller, token, expected) in table {
        for (query, want) in queries.into_iter().zip(expected) {
            let (status, body, _) = server.ask(token, query, json!({ "id": person })).await;
            assert_eq!(status, StatusCode::OK, "{caller}: {query} → {body}");
            assert_eq!(code(&body), want, "{caller}: {query} → {body}");
        }
    }

    // Analysts count people by sensitive fields, but never groups small enough to name them.
    let by_ethnicity_groups = "{ peopleAggregate(groupBy: [TOWNSHIP, ETHNICITY]) { count suppressedGroups groups { count } } }";
    for (token, suppressed) in [(&c.analyst, true), (&c.admin, false)] {
        let (_, body, _) = server
            .ask(Some(token), by_ethnicity_groups, json!({}))
            .await;
        let aggregate = &body["data"]["peopleAggregate"];
        let counts: Vec<i64> = aggregate["groups"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|g| g["count"].as_i64())
            .collect();
        let small = counts.iter().filter(|&&n| n < 5).count();
        if suppressed {
            assert_eq!(small, 0, "no group under 5 people for an analyst: {body}");
            assert!(
                aggregate["suppressedGroups"].as_i64().unwrap() > 0,
                "{body}"
            );
        } else {
            assert!(
                small > 0,
                "the demo data has small ethnic groups that admins see: {body}"
            );
        }
    }

    // Without a token nothing about people leaks through search hits or graph edges.
    let wide = r#"{ search(query: "baiyin", first: 50) { node { __typename } }
      neighborhood(id: "UmVnaW9uOjYyMDQwMDAwMDAwMA", depth: 2, limit: 500) { nodes { type } } }"#;
    for token in [None, Some(c.public.as_str())] {
        let (_, body, _) = server.ask(token, wide, json!({})).await;
        assert_eq!(code(&body), "OK", "{body}");
        let mut types = Vec::new();
        types_in(&body["data"], &mut types);
        assert!(
            !types.is_empty(),
            "the public part of the graph is visible: {body}"
        );
        for hidden in [
            "Person",
            "Membership",
            "LiaisonAssignment",
            "Pairing",
            "Activity",
        ] {
            assert!(
                !types.iter().any(|t| t == hidden),
                "{hidden} leaked: {body}"
            );
        }
    }
    // Signed-in callers do see people in the same search.
    let (_, body, _) = server.ask(Some(&c.viewer), search_people, json!({})).await;
    assert!(
        !body["data"]["search"].as_array().unwrap().is_empty(),
        "{body}"
    );
}

#[tokio::test]
async fn exports_need_the_analyst_role_or_above() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let base = server.url.trim_end_matches("/graphql").to_owned();
    for (caller, token, want) in [
        ("no token", None, StatusCode::UNAUTHORIZED),
        ("public", Some(&c.public), StatusCode::FORBIDDEN),
        ("viewer", Some(&c.viewer), StatusCode::FORBIDDEN),
        ("analyst", Some(&c.analyst), StatusCode::OK),
        ("admin", Some(&c.admin), StatusCode::OK),
    ] {
        let mut request = server.client.get(format!("{base}/export/people.csv"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), want, "{caller}");
        if caller == "analyst" {
            let csv = response.text().await.unwrap();
            assert!(
                csv.contains("****"),
                "exports are masked for callers who may not see personal data"
            );
        }
    }
}
