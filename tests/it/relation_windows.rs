//! A relation page reads only its own rows: one statement for every parent's page (each
//! parent's rows numbered and cut at the page), and a count only when `totalCount` is asked.
//! Paged forward and backward it gives exactly the rows, cursors and flags of the full list.

use serde_json::{Value, json};
use tongxin::auth::Viewer;

use crate::helpers::{TestDb, TestSchema, count_statements, execute};

const PAGE: &str = r#"query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) { ... on Place { activities(first: $first, after: $after, last: $last,
    before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id } } } } }"#;

fn ids(connection: &Value) -> Vec<String> {
    connection["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn page(schema: &TestSchema, variables: Value) -> Value {
    let answer = execute(schema, PAGE, variables, Viewer::system()).await;
    assert!(answer["errors"].is_null(), "{answer}");
    answer["data"]["node"]["activities"].clone()
}

/// The place with the most activities, and their ids in one page that holds them all.
async fn largest(schema: &TestSchema) -> (String, Vec<String>) {
    let answer = execute(
        schema,
        "{ places(first: 100) { nodes { id activities(first: 100) { totalCount nodes { id } } } } }",
        json!({}),
        Viewer::system(),
    )
    .await;
    assert!(answer["errors"].is_null(), "{answer}");
    let (id, all) = answer["data"]["places"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let all = ids(&o["activities"]);
            assert_eq!(o["activities"]["totalCount"], all.len());
            (o["id"].as_str().unwrap().to_owned(), all)
        })
        .max_by_key(|(_, all)| all.len())
        .unwrap();
    assert!(
        all.len() >= 7,
        "the demo has a place with several activities: {}",
        all.len()
    );
    let keys: Vec<i64> = all
        .iter()
        .map(|id| tongxin::ids::key::<entity::activity::Entity>(id).unwrap())
        .collect();
    assert!(keys.is_sorted(), "in id order: {keys:?}");
    (id, all)
}

#[tokio::test]
async fn relation_pages_forward_and_backward_give_the_whole_list() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let (id, all) = largest(&schema).await;
    let total = i64::try_from(all.len()).unwrap();

    let mut forward = Vec::new();
    let mut after = Value::Null;
    loop {
        let p = page(&schema, json!({ "id": id, "first": 3, "after": after })).await;
        assert_eq!(p["totalCount"], total);
        assert_eq!(p["pageInfo"]["hasPreviousPage"], !after.is_null());
        forward.extend(ids(&p));
        if p["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = p["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(forward, all);

    let mut backward = Vec::new();
    let mut before = Value::Null;
    loop {
        let p = page(&schema, json!({ "id": id, "last": 3, "before": before })).await;
        assert_eq!(p["pageInfo"]["hasNextPage"], !before.is_null());
        let mut chunk = ids(&p);
        chunk.extend(backward);
        backward = chunk;
        if p["pageInfo"]["hasPreviousPage"] != true {
            break;
        }
        before = p["pageInfo"]["startCursor"].clone();
    }
    assert_eq!(backward, all);

    // Between two cursors: the rows strictly between them.
    let first = page(&schema, json!({ "id": id, "first": 1 })).await;
    let sixth = page(&schema, json!({ "id": id, "first": 1, "after": page(&schema, json!({ "id": id, "first": 5 })).await["pageInfo"]["endCursor"] })).await;
    let between = page(
        &schema,
        json!({ "id": id, "first": 10, "after": first["pageInfo"]["endCursor"],
                "before": sixth["pageInfo"]["startCursor"] }),
    )
    .await;
    assert_eq!(ids(&between), all[1..5].to_vec());
}

#[tokio::test]
async fn every_parents_page_is_one_statement_and_counted_only_when_asked() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let schema = test.schema();
    let counter = &counter;
    let run = |query: &'static str| {
        let schema = &schema;
        async move {
            counter.reset();
            let answer = execute(schema, query, json!({}), Viewer::system()).await;
            assert!(answer["errors"].is_null(), "{answer}");
            counter.get()
        }
    };
    let pages = |n| match n {
        5 => "{ places(first: 5) { nodes { id activities(first: 2) { nodes { id } } } } }",
        _ => "{ places(first: 50) { nodes { id activities(first: 2) { nodes { id } } } } }",
    };
    let five = run(pages(5)).await;
    let fifty = run(pages(50)).await;
    assert_eq!(five, fifty, "one statement for every place's page");
    let counted = run(
        "{ places(first: 50) { nodes { id activities(first: 2) { totalCount nodes { id } } } } }",
    )
    .await;
    assert_eq!(
        counted,
        fifty + 1,
        "the count is one more statement, and only when asked"
    );
}
