//! A generated matrix over every record type of the `Node` interface and every role: a caller
//! who may not read a type gets the same answer for a record that exists and one that does not,
//! and one who may gets the record.

use base64::Engine;
use serde_json::{Value, json};

use super::admin_read;
use crate::access_control::{Server, callers};
use crate::helpers::TestDb;

fn global_id(type_name: &str, key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}"))
}

/// What a `node` lookup answered, without the parts that name the id or the request.
fn answer(body: &Value) -> (String, bool) {
    let code = body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("OK")
        .to_owned();
    (code, body["data"]["node"].is_null())
}

#[tokio::test]
async fn node_lookups_tell_nothing_to_callers_who_may_not_read_the_type() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let node = "query($id: ID!) { node(id: $id) { id } }";
    let types = admin_read(
        &server,
        &c.admin,
        r#"{ __type(name: "Node") { possibleTypes { name } } }"#,
    )
    .await;
    let types: Vec<String> = types["__type"]["possibleTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(types.len() >= 15, "{types:?}");
    let roles: [(&str, Option<&str>); 6] = [
        ("no token", None),
        ("public", Some(&c.public)),
        ("viewer", Some(&c.viewer)),
        ("analyst", Some(&c.analyst)),
        ("editor of 会宁县", Some(&c.editor_huining)),
        ("admin", Some(&c.admin)),
    ];
    let mut compared = 0;
    for type_name in &types {
        // An existing record of the type: the lowest key the admin can resolve.
        let key = if type_name == "Region" {
            "620421000000"
        } else {
            "1"
        };
        let existing = global_id(type_name, key);
        let missing = global_id(
            type_name,
            if type_name == "Region" {
                "620499999999"
            } else {
                "987654321"
            },
        );
        let (_, seen, _) = server
            .ask(Some(&c.admin), node, json!({ "id": existing }))
            .await;
        if seen["data"]["node"].is_null() {
            continue; // no record with that key in the demo data
        }
        for (caller, token) in roles {
            let (_, there, _) = server.ask(token, node, json!({ "id": existing })).await;
            let (_, absent, _) = server.ask(token, node, json!({ "id": missing })).await;
            let (there, absent) = (answer(&there), answer(&absent));
            if there.0 == "OK" && !there.1 {
                // Readable: the missing one is simply not found.
                assert_eq!(absent.0, "NOT_FOUND", "{caller} {type_name}");
            } else {
                assert_eq!(
                    there, absent,
                    "{caller} must not tell an existing {type_name} from a missing one"
                );
            }
            compared += 1;
        }
    }
    assert!(compared >= 90, "{compared} lookups compared");
}
