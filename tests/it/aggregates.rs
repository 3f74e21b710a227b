//! `<x>Aggregate(filter:, groupBy:)`: figures agree with the report and with the summary computed
//! independently, groups add up, one SQL statement per aggregate whatever the rows, soft-deleted
//! rows never count, and the access rules (PUBLIC suppression, sensitive groupings, disclosure
//! control).

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::region_code::RegionCode;

use crate::helpers::{TestDb, count_statements, execute};

mod access;
mod disclosure;
mod export;
mod rollups;
mod selection;
mod summary;

pub fn viewer(role: Role, scope: Option<&str>) -> Viewer {
    Viewer {
        role,
        region_scope: scope.map(|s| RegionCode::parse(s).unwrap()),
        subject: format!("{role:?}-test"),
    }
}

const LECTURES_2025: &str = r#"{"kind": ["THEORY_LECTURE"],
  "heldOn": {"gte": "2025-01-01", "lte": "2025-12-31"}}"#;

const ACTIVITIES: &str = r#"query($filter: ActivityFilter, $groupBy: [ActivityGroupBy!]) {
  activitiesAggregate(filter: $filter, groupBy: $groupBy) {
    count participantCount { sum count } audiencePersonTimes { sum avg min max }
    donations { sum } suppressedGroups
    groups { key labels label count audiencePersonTimes { sum } donations { sum } } } }"#;

/// The figures as a signed-in caller sees them (PUBLIC's are under disclosure control:
/// `disclosure`).
async fn activities(test: &TestDb, filter: &str, group_by: Value) -> Value {
    let filter: Value = serde_json::from_str(filter).unwrap();
    let response = execute(
        &test.schema(),
        ACTIVITIES,
        json!({ "filter": filter, "groupBy": group_by }),
        viewer(Role::Viewer, None),
    )
    .await;
    assert!(response["errors"].is_null(), "{response}");
    response["data"]["activitiesAggregate"].clone()
}

fn int(value: &Value) -> i64 {
    match value {
        Value::String(s) => s.parse().unwrap(),
        other => other.as_i64().unwrap(),
    }
}

#[tokio::test]
async fn lectures_of_2025_by_county_add_up_to_the_citys_report_and_each_countys_summary() {
    let test = TestDb::seeded().await;
    let a = activities(&test, LECTURES_2025, json!(["COUNTY"])).await;
    assert_eq!(a["count"], 106, "the report: 106 lectures");
    assert_eq!(a["audiencePersonTimes"]["sum"], "103480");
    let groups = a["groups"].as_array().unwrap();
    assert!(groups.len() >= 5, "Baiyin has five counties: {a}");
    assert_eq!(groups.iter().map(|g| int(&g["count"])).sum::<i64>(), 106);
    let audience: i64 = groups
        .iter()
        .map(|g| int(&g["audiencePersonTimes"]["sum"]))
        .sum();
    assert_eq!(audience, 103_480);
    let keys: Vec<&str> = groups
        .iter()
        .map(|g| g["key"][0].as_str().unwrap())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "groups come in key order");
    let schema = test.schema();
    for group in groups {
        let county = group["key"][0].as_str().unwrap();
        assert!(county.ends_with("000000") && county.starts_with("6204"));
        let summary = execute(
            &schema,
            "query($r: String!) { summary(region: $r, year: 2025) { region { name } lectures { count audience } } }",
            json!({ "r": county }),
            Viewer::public(),
        )
        .await;
        let s = &summary["data"]["summary"];
        assert_eq!(
            group["labels"][0], s["region"]["name"],
            "label = region name"
        );
        assert_eq!(group["count"], s["lectures"]["count"], "{county}");
        assert_eq!(
            int(&group["audiencePersonTimes"]["sum"]),
            int(&s["lectures"]["audience"])
        );
    }
    assert!(keys.contains(&"620421000000"));
    let jingyuan = groups
        .iter()
        .find(|g| g["key"][0] == "620421000000")
        .unwrap();
    assert_eq!(jingyuan["label"], "靖远县");
}

#[tokio::test]
async fn base_activities_and_their_donations_match_the_report() {
    let test = TestDb::seeded().await;
    let filter = r#"{"place": {"kind": ["NSS_PRACTICE_INNOVATION_BASE"]},
      "heldOn": {"gte": "2025-01-01", "lte": "2025-12-31"}}"#;
    let a = activities(&test, filter, json!([])).await;
    assert_eq!(a["count"], 43);
    assert_eq!(a["donations"]["sum"], "612350.00", "the report's figure 5");
    assert_eq!(a["groups"], json!([]), "no groupBy, no groups");
}

#[tokio::test]
async fn time_buckets_and_several_dimensions_partition_the_total() {
    let test = TestDb::seeded().await;
    let filter = r#"{"heldOn": {"gte": "2025-01-01", "lte": "2025-12-31"}}"#;
    let total = int(&activities(&test, filter, json!([])).await["count"]);
    for (group_by, pattern) in [
        (json!(["YEAR"]), "2025"),
        (json!(["QUARTER"]), "2025-Q"),
        (json!(["MONTH"]), "2025-"),
    ] {
        let a = activities(&test, filter, group_by.clone()).await;
        let groups = a["groups"].as_array().unwrap();
        assert_eq!(groups.iter().map(|g| int(&g["count"])).sum::<i64>(), total);
        for g in groups {
            assert!(g["key"][0].as_str().unwrap().starts_with(pattern), "{g}");
        }
        if group_by == json!(["QUARTER"]) {
            assert_eq!(groups[0]["key"][0], "2025-Q1");
            assert_eq!(groups[0]["label"], "2025年第1季度");
        }
    }
    let a = activities(&test, filter, json!(["COUNTY", "KIND", "QUARTER"])).await;
    let groups = a["groups"].as_array().unwrap();
    assert_eq!(groups.iter().map(|g| int(&g["count"])).sum::<i64>(), total);
    let lectures = groups
        .iter()
        .filter(|g| g["key"][1] == "THEORY_LECTURE")
        .map(|g| int(&g["count"]))
        .sum::<i64>();
    assert_eq!(lectures, 106);
    let one = groups
        .iter()
        .find(|g| g["key"][1] == "THEORY_LECTURE")
        .unwrap();
    assert_eq!(one["labels"][1], "理论宣讲");
    assert_eq!(one["key"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn one_statement_per_aggregate_whatever_the_rows_and_groups() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let mut counts = Vec::new();
    for (filter, group_by) in [
        (
            r#"{"title": {"eq": "no such activity"}}"#,
            json!(["VILLAGE", "MONTH"]),
        ),
        (r#"{}"#, json!([])),
        (r#"{}"#, json!(["VILLAGE", "MONTH", "KIND"])),
    ] {
        counter.reset();
        let a = activities(&test, filter, group_by).await;
        counts.push((counter.get(), a["groups"].as_array().unwrap().len()));
    }
    assert_eq!(counts[0], (1, 0));
    assert_eq!(counts[1].0, 1);
    assert_eq!(counts[2].0, 1);
    assert!(
        counts[2].1 > 100,
        "hundreds of groups, still one statement: {counts:?}"
    );
}

#[tokio::test]
async fn soft_deleted_rows_are_not_counted() {
    let test = TestDb::seeded().await;
    let before = activities(&test, LECTURES_2025, json!([])).await;
    test.db
        .execute_unprepared(
            "UPDATE activity SET deleted_at = CURRENT_TIMESTAMP WHERE id = (SELECT MIN(id) \
             FROM activity WHERE kind = 'THEORY_LECTURE' AND held_on >= '2025-01-01' \
             AND held_on <= '2025-12-31')",
        )
        .await
        .unwrap();
    let after = activities(&test, LECTURES_2025, json!(["COUNTY"])).await;
    assert_eq!(int(&before["count"]) - 1, int(&after["count"]));
    let grouped: i64 = after["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| int(&g["count"]))
        .sum();
    assert_eq!(grouped, 105);
}

#[tokio::test]
async fn suggestions_by_status_reproduce_the_adopted_figure() {
    let test = TestDb::seeded().await;
    let response = execute(
        &test.schema(),
        r#"{ suggestionsAggregate(
              filter: { submittedOn: { gte: "2025-01-01", lte: "2025-12-31" },
                        submittedBy: { kind: [DP_ORGANIZATION] }, not: { status: [DRAFT] } },
              groupBy: [STATUS]) { count groups { key label count } } }"#,
        json!({}),
        viewer(Role::Viewer, None),
    )
    .await;
    let a = &response["data"]["suggestionsAggregate"];
    assert_eq!(a["count"], 93, "{response}");
    let adopted: i64 = a["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| {
            g["key"][0] == "ADOPTED_INTO_LIVELIHOOD_PROJECT"
                || g["key"][0] == "CONVERTED_TO_MEASURE"
        })
        .map(|g| int(&g["count"]))
        .sum();
    assert_eq!(adopted, 16, "the report's figure 7");
}

#[tokio::test]
async fn every_aggregate_answers_and_money_is_a_decimal_string() {
    let test = TestDb::seeded().await;
    let response = execute(
        &test.schema(),
        r#"{ organizationsAggregate(groupBy: [KIND]) { count groups { label count } }
             basesAggregate(groupBy: [KIND]) { count activities { sum } }
             homesAggregate(groupBy: [COUNTY]) { count groups { label } }
             pairingsAggregate(groupBy: [STATUS, YEAR]) { count investment { sum avg } jobsCreated { sum } }
             mediationCasesAggregate(groupBy: [CATEGORY]) { count amountInDispute { sum max } }
             publicityWorksAggregate(filter: { series: { eq: "铸牢大家谈" } }, groupBy: [KIND]) {
               count views { sum } groups { key count } }
             salesRecordsAggregate(groupBy: [YEAR]) { count amount { sum } } }"#,
        json!({}),
        viewer(Role::Viewer, None),
    )
    .await;
    assert!(response["errors"].is_null(), "{response}");
    let d = &response["data"];
    for field in [
        "organizationsAggregate",
        "basesAggregate",
        "homesAggregate",
        "pairingsAggregate",
        "mediationCasesAggregate",
        "salesRecordsAggregate",
    ] {
        assert!(int(&d[field]["count"]) > 0, "{field}: {d}");
    }
    let money = d["pairingsAggregate"]["investment"]["sum"]
        .as_str()
        .unwrap();
    assert!(money.ends_with(".00") || money.contains('.'), "{money}");
    assert!(d["salesRecordsAggregate"]["amount"]["sum"].is_string());
    let works = d["publicityWorksAggregate"]["groups"].as_array().unwrap();
    let videos = works.iter().find(|g| g["key"][0] == "VIDEO").unwrap();
    assert!(
        int(&videos["count"]) >= 19,
        "at least the 19 published in 2025"
    );
}

#[tokio::test]
async fn bad_group_bys_are_refused_with_codes() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let too_many = execute(
        &schema,
        "{ activitiesAggregate(groupBy: [COUNTY, TOWNSHIP, VILLAGE, KIND, YEAR]) { count } }",
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(
        too_many["errors"][0]["extensions"]["code"],
        "LIMIT_EXCEEDED"
    );
    let twice = execute(
        &schema,
        "{ activitiesAggregate(groupBy: [KIND, KIND]) { count } }",
        json!({}),
        Viewer::public(),
    )
    .await;
    assert_eq!(twice["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}
