//! An aggregate computes only the statistics the query selects: a query that asks for part of
//! the figures gets exactly those of a query that asks for all of them, on the total and on the
//! groups, through fragments too, and the same under disclosure control.

use serde_json::{Value, json};
use tongxin::auth::Role;

use super::viewer;
use crate::helpers::{TestDb, execute};

const ALL: &str = r#"query($groupBy: [ActivityGroupBy!]) {
  activitiesAggregate(filter: {heldOn: {gte: "2025-01-01", lte: "2025-12-31"}}, groupBy: $groupBy) {
    count suppressedGroups
    participantCount { sum avg min max count }
    audiencePersonTimes { sum avg min max count }
    donations { sum avg min max count }
    groups { key label count participantCount { sum avg min max count }
      audiencePersonTimes { sum avg min max count } donations { sum avg min max count } } } }"#;

/// Participants on the total, donations' sum on the groups only (through a fragment), nothing
/// of the audience.
const PART: &str = r#"query($groupBy: [ActivityGroupBy!]) {
  activitiesAggregate(filter: {heldOn: {gte: "2025-01-01", lte: "2025-12-31"}}, groupBy: $groupBy) {
    count suppressedGroups participantCount { sum avg }
    groups { key label count ...G } } }
  fragment G on ActivityAggregateGroup { donations { sum } }"#;

async fn run(test: &TestDb, query: &str, role: Role, group_by: Value) -> Value {
    let response = execute(
        &test.schema(),
        query,
        json!({ "groupBy": group_by }),
        viewer(role, None),
    )
    .await;
    assert!(response["errors"].is_null(), "{response}");
    response["data"]["activitiesAggregate"].clone()
}

#[tokio::test]
async fn part_of_the_figures_equals_the_same_part_of_all_of_them() {
    let test = TestDb::seeded().await;
    for role in [Role::Viewer, Role::Public] {
        for group_by in [json!([]), json!(["COUNTY"]), json!(["MONTH", "KIND"])] {
            let all = run(&test, ALL, role, group_by.clone()).await;
            let part = run(&test, PART, role, group_by.clone()).await;
            let context = format!("{role:?} {group_by}");
            assert_eq!(part["count"], all["count"], "{context}");
            assert_eq!(
                part["suppressedGroups"], all["suppressedGroups"],
                "{context}"
            );
            assert_eq!(
                part["participantCount"]["sum"], all["participantCount"]["sum"],
                "{context}"
            );
            assert_eq!(
                part["participantCount"]["avg"], all["participantCount"]["avg"],
                "{context}"
            );
            let groups = |v: &Value| v["groups"].as_array().cloned().unwrap_or_default();
            let (all_groups, part_groups) = (groups(&all), groups(&part));
            assert_eq!(part_groups.len(), all_groups.len(), "{context}");
            for (p, a) in part_groups.iter().zip(&all_groups) {
                assert_eq!(p["key"], a["key"], "{context}");
                assert_eq!(p["label"], a["label"], "{context}");
                assert_eq!(p["count"], a["count"], "{context}");
                assert_eq!(p["donations"]["sum"], a["donations"]["sum"], "{context}");
            }
            if group_by == json!(["COUNTY"]) && role == Role::Viewer {
                assert!(!all_groups.is_empty(), "the demo has activities in 2025");
                let label = all_groups[0]["label"].as_str().unwrap_or_default();
                assert!(label.ends_with('区') || label.ends_with('县'), "{label}");
                let key = all_groups[0]["key"][0].as_str().unwrap_or_default();
                assert!(key.len() == 12 && key.ends_with("000000"), "{key}");
            }
        }
    }
}
