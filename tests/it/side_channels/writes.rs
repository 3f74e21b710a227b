//! Writes are authorised before their input is validated against stored data.

use serde_json::{Map, Value, json};

use super::{admin_read, id_number, outcome};
use crate::access_control::{Server, callers};
use crate::helpers::TestDb;

const CREATE_PERSON: &str = r#"mutation($id: String!, $region: String!) {
  createPerson(input: { name: "探测", gender: FEMALE, region: $region, idNumber: $id }) {
    person { id } userErrors { code } } }"#;

/// The ID number and county of a seeded person of 靖远县 (620421).
async fn registered_id_number(server: &Server, admin: &str) -> String {
    let data = admin_read(
        server,
        admin,
        r#"{ people(first: 20, filter: { withinRegion: "620421" }) { edges { node { idNumber } } } }"#,
    )
    .await;
    data["people"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|e| e["node"]["idNumber"].as_str().map(str::to_owned))
        .expect("a seeded person of 靖远县 with an ID number")
}

#[tokio::test]
async fn create_person_is_forbidden_before_the_id_number_is_looked_up() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let registered = registered_id_number(&server, &c.admin).await;
    let unregistered = id_number("62042119800527713");
    let refused: [(&str, Option<&str>); 5] = [
        ("no token", None),
        ("public", Some(&c.public)),
        ("viewer", Some(&c.viewer)),
        ("analyst", Some(&c.analyst)),
        (
            "editor of 会宁县 writing in 靖远县",
            Some(&c.editor_huining),
        ),
    ];
    for (caller, token) in refused {
        for number in [&registered, &unregistered] {
            let variables = json!({ "id": number, "region": "620421" });
            let (_, body, _) = server.ask(token, CREATE_PERSON, variables).await;
            assert_eq!(
                outcome(&body, "createPerson"),
                "FORBIDDEN",
                "{caller} must not learn whether {number} is registered: {body}"
            );
        }
    }
    // A malformed region must not open the way to the ID number lookup either.
    let variables = json!({ "id": registered, "region": "62x" });
    let (_, body, _) = server
        .ask(Some(&c.editor_huining), CREATE_PERSON, variables)
        .await;
    let answer = outcome(&body, "createPerson");
    assert!(
        !answer.contains("DUPLICATE"),
        "an invalid region stops the checks before stored data is read: {body}"
    );
    // The editor of the person's own county is told it is a duplicate.
    let variables = json!({ "id": registered, "region": "620421" });
    let (_, body, _) = server
        .ask(Some(&c.editor_jingyuan), CREATE_PERSON, variables)
        .await;
    assert!(
        outcome(&body, "createPerson").contains("DUPLICATE"),
        "{body}"
    );
}

/// A type reference from introspection as GraphQL source (`[String!]!`), and its named type.
fn type_source(ty: &Value) -> (String, String) {
    match ty["kind"].as_str().unwrap() {
        "NON_NULL" => {
            let (inner, name) = type_source(&ty["ofType"]);
            (format!("{inner}!"), name)
        }
        "LIST" => {
            let (inner, name) = type_source(&ty["ofType"]);
            (format!("[{inner}]"), name)
        }
        _ => {
            let name = ty["name"].as_str().unwrap().to_owned();
            (name.clone(), name)
        }
    }
}

const TYPE_REF: &str =
    "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

/// A well-formed value of the input type `ty` (required fields only), from introspection.
fn sample(types: &Map<String, Value>, ty: &Value) -> Value {
    match ty["kind"].as_str().unwrap() {
        "NON_NULL" => sample(types, &ty["ofType"]),
        "LIST" => json!([]),
        _ => {
            let name = ty["name"].as_str().unwrap();
            let full = &types[name];
            match full["kind"].as_str().unwrap() {
                "ENUM" => full["enumValues"][0]["name"].clone(),
                "INPUT_OBJECT" => {
                    let mut object = Map::new();
                    for field in full["inputFields"].as_array().unwrap() {
                        if field["type"]["kind"] == "NON_NULL" {
                            let value = sample(types, &field["type"]);
                            object.insert(field["name"].as_str().unwrap().to_owned(), value);
                        }
                    }
                    Value::Object(object)
                }
                _ => match name {
                    // A well-formed global id of a seeded record.
                    "ID" => json!("UGVyc29uOjE"),
                    "Int" => json!(1),
                    "Boolean" => json!(false),
                    "Date" => json!("2025-01-01"),
                    "DateTime" => json!("2025-01-01T00:00:00Z"),
                    "Money" => json!("1.00"),
                    "BigInt" => json!("1"),
                    "JSON" => json!({}),
                    "Upload" => json!("Upload:placeholder"),
                    _ => json!("620421"),
                },
            }
        }
    }
}

#[tokio::test]
async fn every_mutation_refuses_callers_who_may_not_write_whatever_the_input() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let introspection = format!(
        "{{ __schema {{ mutationType {{ fields {{ name args {{ name type {{ {TYPE_REF} }} }} type {{ {TYPE_REF} }} }} }}
            types {{ kind name enumValues {{ name }} inputFields {{ name type {{ {TYPE_REF} }} }} }} }} }}"
    );
    let schema = admin_read(&server, &c.admin, &introspection).await;
    let types: Map<String, Value> = schema["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone()))
        .collect();
    let mutations = schema["__schema"]["mutationType"]["fields"]
        .as_array()
        .unwrap();
    assert!(mutations.len() > 80, "the sweep covers every mutation");
    let mut swept = 0;
    for mutation in mutations {
        let name = mutation["name"].as_str().unwrap();
        let mut declared = Vec::new();
        let mut passed = Vec::new();
        let mut variables = Map::new();
        let mut uploads = false;
        for (i, arg) in mutation["args"].as_array().unwrap().iter().enumerate() {
            let (source, named) = type_source(&arg["type"]);
            let value = sample(&types, &arg["type"]);
            uploads |= value.to_string().contains("Upload:") || named == "Upload";
            declared.push(format!("$a{i}: {source}"));
            passed.push(format!("{}: $a{i}", arg["name"].as_str().unwrap()));
            variables.insert(format!("a{i}"), value);
        }
        let (_, returned) = type_source(&mutation["type"]);
        let selection = match types[&returned]["kind"].as_str().unwrap() {
            "OBJECT" | "INTERFACE" | "UNION" => "{ __typename }",
            _ => "",
        };
        let declared = if declared.is_empty() {
            String::new()
        } else {
            format!("({})", declared.join(", "))
        };
        let passed = if passed.is_empty() {
            String::new()
        } else {
            format!("({})", passed.join(", "))
        };
        let query = format!("mutation{declared} {{ {name}{passed} {selection} }}");
        for (caller, token) in [
            ("no token", None),
            ("public", Some(c.public.as_str())),
            ("viewer", Some(c.viewer.as_str())),
            ("analyst", Some(c.analyst.as_str())),
        ] {
            let (_, body, _) = server
                .ask(token, &query, Value::Object(variables.clone()))
                .await;
            let answer = outcome(&body, name);
            if uploads {
                // A file upload cannot be sent as JSON: the import tests cover that path.
                continue;
            }
            assert_eq!(answer, "FORBIDDEN", "{caller}: {query} → {body}");
            swept += 1;
        }
    }
    assert!(swept > 300, "{swept} mutation calls swept");
}

#[tokio::test]
async fn an_unmasked_head_of_household_name_is_access_logged() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let households = "{ households(first: 1) { edges { node { id headName } } } }";
    let log = "{ accessLog(first: 50) { edges { node { record field personId } } } }";
    let (_, masked, _) = server.ask(Some(&c.viewer), households, json!({})).await;
    let name = masked["data"]["households"]["edges"][0]["node"]["headName"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(name.contains('*'), "masked for a viewer: {masked}");
    let (_, before, _) = server.ask(Some(&c.admin), log, json!({})).await;
    assert!(
        !before.to_string().contains("headName"),
        "a masked read is not logged: {before}"
    );
    let (_, read, _) = server.ask(Some(&c.admin), households, json!({})).await;
    let household = read["data"]["households"]["edges"][0]["node"].clone();
    assert!(
        !household["headName"].as_str().unwrap().contains('*'),
        "{read}"
    );
    let (_, after, _) = server.ask(Some(&c.admin), log, json!({})).await;
    let entries = after["data"]["accessLog"]["edges"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["node"]["record"] == household["id"]
                && e["node"]["field"] == "headName"
                && e["node"]["personId"].is_null()),
        "the unmasked read is in the access log before it is sent: {after}"
    );
}
