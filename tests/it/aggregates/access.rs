//! Disclosure control on aggregates: PUBLIC never sees a figure about fewer than 5 people, nor one
//! it can recompute from the total; people are grouped or filtered by personal fields only when
//! signed in, by sensitive ones only by ADMIN (anywhere) or EDITOR (narrowed to their region).

use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};

use super::viewer;
use crate::helpers::{TestDb, execute};

const PEOPLE: &str = r#"query($filter: PersonFilter, $groupBy: [PersonGroupBy!]) {
  peopleAggregate(filter: $filter, groupBy: $groupBy) {
    count suppressedGroups followers { sum } groups { key label count } } }"#;

async fn people(test: &TestDb, filter: Value, group_by: Value, who: Viewer) -> Value {
    execute(
        &test.schema(),
        PEOPLE,
        json!({ "filter": filter, "groupBy": group_by }),
        who,
    )
    .await
}

fn counts(a: &Value) -> Vec<i64> {
    a["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["count"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn public_sees_no_group_under_five_people_and_cannot_recompute_one() {
    let test = TestDb::seeded().await;
    let public = people(&test, json!(null), json!(["VILLAGE"]), Viewer::public()).await;
    let admin = people(&test, json!(null), json!(["VILLAGE"]), Viewer::system()).await;
    let (p, a) = (
        &public["data"]["peopleAggregate"],
        &admin["data"]["peopleAggregate"],
    );
    assert!(public["errors"].is_null(), "{public}");
    assert_eq!(
        p["count"], a["count"],
        "the city's total is large enough to show"
    );
    let small = counts(a).iter().filter(|c| **c < 5).count();
    assert!(
        small > 0,
        "the demo has villages with fewer than 5 people: {a}"
    );
    assert_eq!(
        a["suppressedGroups"], 0,
        "signed-in callers see every group"
    );
    assert!(counts(p).iter().all(|c| *c >= 5), "{p}");
    let withheld = p["suppressedGroups"].as_i64().unwrap();
    assert!(withheld as usize >= small);
    assert_eq!(counts(p).len() + withheld as usize, counts(a).len());
    let hidden = p["count"].as_i64().unwrap() - counts(p).iter().sum::<i64>();
    assert!(
        withheld >= 2 && hidden >= 5,
        "total minus the shown groups covers at least 2 groups and 5 people"
    );
}

#[tokio::test]
async fn public_totals_of_under_five_people_are_withheld() {
    let test = TestDb::seeded().await;
    let admin = people(&test, json!(null), json!(["VILLAGE"]), Viewer::system()).await;
    let tiny = admin["data"]["peopleAggregate"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| (1..5).contains(&g["count"].as_i64().unwrap()))
        .cloned()
        .unwrap();
    let village = tiny["key"][0].as_str().unwrap();
    let filter = json!({ "withinRegion": village });
    let public = people(&test, filter.clone(), json!([]), Viewer::public()).await;
    assert!(public["errors"].is_null(), "{public}");
    assert_eq!(public["data"]["peopleAggregate"]["count"], Value::Null);
    assert_eq!(public["data"]["peopleAggregate"]["followers"], Value::Null);
    let signed_in = people(&test, filter, json!([]), viewer(Role::Viewer, None)).await;
    assert_eq!(signed_in["data"]["peopleAggregate"]["count"], tiny["count"]);
}

#[tokio::test]
async fn personal_and_sensitive_groupings_and_filters_follow_the_policy() {
    let test = TestDb::seeded().await;
    let code = |r: &Value| r["errors"][0]["extensions"]["code"].clone();
    for group_by in [
        "GENDER",
        "ETHNICITY",
        "RELIGION",
        "POLITICAL_STATUS",
        "CATEGORY",
    ] {
        let r = people(&test, json!(null), json!([group_by]), Viewer::public()).await;
        assert_eq!(code(&r), "FORBIDDEN", "PUBLIC by {group_by}");
    }
    for filter in [
        json!({ "name": { "eq": "张三" } }),
        json!({ "or": [{ "gender": ["FEMALE"] }] }),
        json!({ "category": ["RELIGIOUS_FIGURE"] }),
    ] {
        let r = people(&test, filter.clone(), json!([]), Viewer::public()).await;
        assert_eq!(code(&r), "FORBIDDEN", "PUBLIC filtering by {filter}");
    }
    let viewer_role = viewer(Role::Viewer, None);
    let r = people(&test, json!(null), json!(["GENDER"]), viewer_role.clone()).await;
    assert!(r["errors"].is_null(), "VIEWER may group by gender: {r}");
    for group_by in ["ETHNICITY", "CATEGORY", "POLITICAL_STATUS"] {
        let r = people(&test, json!(null), json!([group_by]), viewer_role.clone()).await;
        assert_eq!(code(&r), "FORBIDDEN", "VIEWER by {group_by}");
        // ANALYST: allowed with small groups withheld (policy, tested in access_paths).
    }
    let admin = people(&test, json!(null), json!(["ETHNICITY"]), Viewer::system()).await;
    assert!(admin["errors"].is_null(), "{admin}");
    let labels: Vec<&str> = admin["data"]["peopleAggregate"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["label"].as_str())
        .collect();
    assert!(labels.contains(&"汉族"), "{labels:?}");
}

#[tokio::test]
async fn an_editors_sensitive_aggregate_is_narrowed_to_their_region() {
    let test = TestDb::seeded().await;
    let editor = viewer(Role::Editor, Some("620421"));
    let by_category = people(&test, json!(null), json!(["CATEGORY"]), editor).await;
    assert!(by_category["errors"].is_null(), "{by_category}");
    let inside = people(
        &test,
        json!({ "withinRegion": "620421" }),
        json!([]),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        by_category["data"]["peopleAggregate"]["count"], inside["data"]["peopleAggregate"]["count"],
        "only Jingyuan's people are counted"
    );
}

#[tokio::test]
async fn public_sales_figures_hide_groups_of_fewer_than_five_sellers() {
    let test = TestDb::seeded().await;
    let query = r#"query($g: [SalesRecordGroupBy!]) { salesRecordsAggregate(groupBy: $g) {
        count amount { sum } suppressedGroups groups { key count amount { sum } } } }"#;
    let public = execute(
        &test.schema(),
        query,
        json!({ "g": ["VILLAGE"] }),
        Viewer::public(),
    )
    .await;
    let admin = execute(
        &test.schema(),
        query,
        json!({ "g": ["VILLAGE"] }),
        Viewer::system(),
    )
    .await;
    assert!(public["errors"].is_null(), "{public}");
    let (p, a) = (
        &public["data"]["salesRecordsAggregate"],
        &admin["data"]["salesRecordsAggregate"],
    );
    assert_eq!(p["amount"]["sum"], a["amount"]["sum"]);
    assert!(p["groups"].as_array().unwrap().len() < a["groups"].as_array().unwrap().len());
    assert!(p["suppressedGroups"].as_i64().unwrap() >= 2);
    let person = execute(
        &test.schema(),
        r#"{ salesRecordsAggregate(filter: { person: "UGVyc29uOjE" }) { count } }"#,
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(person["errors"][0]["extensions"]["code"], "FORBIDDEN");
}
