//! Disclosure control on aggregates (docs/decisions/0023): differencing two aggregates must not
//! give one person's sensitive fields (ANALYST) or one seller's sales or one case's figures
//! (PUBLIC). Under control only coarse filters are taken (no ids, names, unique numbers, `or`,
//! `not`), selections and groups of 1–4 are withheld, and so are min/max; legitimate counts by
//! sensitive fields with coarse filters still answer.

use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::service::aggregate::table;

use super::viewer;
use crate::helpers::{TestDb, execute};

fn code(response: &Value) -> Value {
    response["errors"][0]["extensions"]["code"].clone()
}

fn groups(aggregate: &Value) -> &Vec<Value> {
    aggregate["groups"].as_array().unwrap()
}

const PEOPLE: &str = r#"query($filter: PersonFilter, $groupBy: [PersonGroupBy!]) {
  peopleAggregate(filter: $filter, groupBy: $groupBy) {
    count suppressedGroups followers { sum count min max }
    groups { key count followers { sum count min max } } } }"#;

async fn people(test: &TestDb, filter: Value, group_by: Value, who: &Viewer) -> Value {
    execute(
        &test.schema(),
        PEOPLE,
        json!({ "filter": filter, "groupBy": group_by }),
        who.clone(),
    )
    .await
}

/// A person of the demo, their global id, name and name pinyin.
async fn some_person(test: &TestDb) -> (Value, Value, Value) {
    let r = execute(
        &test.schema(),
        r#"{ people(first: 1, filter: { withinRegion: "620421" }) {
              edges { node { id name namePinyin } } } }"#,
        json!({}),
        Viewer::system(),
    )
    .await;
    let node = r["data"]["people"]["edges"][0]["node"].clone();
    (
        node["id"].clone(),
        node["name"].clone(),
        node["namePinyin"].clone(),
    )
}

#[tokio::test]
async fn analyst_cannot_difference_a_persons_religion_with_not_ids() {
    let test = TestDb::seeded().await;
    let analyst = viewer(Role::Analyst, None);
    let (id, name, pinyin) = some_person(&test).await;
    let city = json!({ "withinRegion": "620400" });
    let all_but_one = json!({ "withinRegion": "620400", "not": { "ids": [id] } });

    // The attack: for a caller without disclosure control the two answers differ in exactly
    // the one person's group.
    let admin_all = people(&test, city.clone(), json!(["RELIGION"]), &Viewer::system()).await;
    let admin_but = people(
        &test,
        all_but_one.clone(),
        json!(["RELIGION"]),
        &Viewer::system(),
    )
    .await;
    let (a, b) = (
        &admin_all["data"]["peopleAggregate"],
        &admin_but["data"]["peopleAggregate"],
    );
    assert_eq!(
        a["count"].as_i64().unwrap() - 1,
        b["count"].as_i64().unwrap()
    );
    let differing = groups(a).iter().filter(|g| !groups(b).contains(g)).count();
    assert_eq!(differing, 1, "the subtraction names the person's religion");

    // An analyst may not pose the second query, nor any that can single people out, whenever
    // the aggregate groups or filters people by a sensitive field.
    let org = json!("T3JnYW5pemF0aW9uOjE");
    let narrowing = [
        all_but_one.clone(),
        json!({ "ids": [id] }),
        json!({ "name": { "eq": name } }),
        json!({ "namePinyin": { "startsWith": pinyin } }),
        json!({ "or": [{ "withinRegion": "620421" }, { "ids": [id] }] }),
        json!({ "and": [{ "not": { "withinRegion": "620421" } }] }),
        json!({ "memberOf": { "ids": [org] } }),
        json!({ "memberOf": { "not": { "kind": ["DP_ORGANIZATION"] } } }),
    ];
    for group_by in ["RELIGION", "ETHNICITY", "POLITICAL_STATUS", "CATEGORY"] {
        for filter in &narrowing {
            let r = people(&test, filter.clone(), json!([group_by]), &analyst).await;
            assert_eq!(code(&r), "FORBIDDEN", "{group_by} with {filter}: {r}");
            assert!(r["data"].is_null() || r["data"]["peopleAggregate"].is_null());
        }
    }
    // Filtering by a sensitive field (categories) is the same as grouping by one.
    let by_category = json!({ "category": ["RELIGIOUS_FIGURE"], "not": { "ids": [id] } });
    let r = people(&test, by_category, json!(["COUNTY"]), &analyst).await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    // The CSV/XLSX download obeys the same rule.
    let filter = all_but_one.to_string();
    let download = table::table(
        &test.db,
        &analyst,
        "people",
        Some(&filter),
        Some("religion"),
    )
    .await;
    assert!(
        matches!(download, Err(tongxin::error::AppError::Forbidden(_))),
        "{download:?}"
    );

    // Without a sensitive field an analyst counts what they can list anyway: no control.
    let r = people(&test, all_but_one, json!(["COUNTY"]), &analyst).await;
    assert!(r["errors"].is_null(), "{r}");
}

#[tokio::test]
async fn analyst_counts_people_by_religion_within_a_county_with_coarse_filters() {
    let test = TestDb::seeded().await;
    let analyst = viewer(Role::Analyst, None);
    let mut extremes_seen_by_admin = 0;
    let mut few_bloggers_in_a_group = 0;
    for (filter, group_by) in [
        (json!({ "withinRegion": "620421" }), json!(["RELIGION"])),
        (
            json!({ "withinRegion": "620421", "and": [{ "gender": ["MALE", "FEMALE"] }] }),
            json!(["TOWNSHIP", "RELIGION"]),
        ),
        (
            json!({ "withinRegion": "620400", "isRepresentative": true }),
            json!(["COUNTY", "ETHNICITY"]),
        ),
        (
            json!({ "withinRegion": "620400", "memberOf": { "kind": ["DP_ORGANIZATION"] } }),
            json!(["POLITICAL_STATUS"]),
        ),
    ] {
        let r = people(&test, filter.clone(), group_by.clone(), &analyst).await;
        let admin = people(&test, filter.clone(), group_by.clone(), &Viewer::system()).await;
        assert!(r["errors"].is_null(), "{filter}: {r}");
        let (p, a) = (
            &r["data"]["peopleAggregate"],
            &admin["data"]["peopleAggregate"],
        );
        assert!(a["count"].as_i64().unwrap() >= 5, "{filter}: {a}");
        assert_eq!(p["count"], a["count"], "{filter}: the total is shown");
        assert!(!groups(p).is_empty(), "{filter}: some groups are shown");
        for g in groups(p) {
            assert!(g["count"].as_i64().unwrap() >= 5, "{g}");
            let same = groups(a).iter().find(|x| x["key"] == g["key"]).unwrap();
            assert_eq!(same["count"], g["count"], "shown groups are exact");
            let f = &g["followers"];
            assert!(
                f.is_null() || (f["min"].is_null() && f["max"].is_null()),
                "{g}"
            );
            // Followers of 1–4 people in a group would tie a known blogger to the group.
            assert!(
                f.is_null() || !(1..5).contains(&f["count"].as_i64().unwrap()),
                "{g}"
            );
            if (1..5).contains(&same["followers"]["count"].as_i64().unwrap()) {
                few_bloggers_in_a_group += 1;
            }
        }
        assert_eq!(
            groups(p).len() + p["suppressedGroups"].as_u64().unwrap() as usize,
            groups(a).len()
        );
        assert!(p["followers"]["min"].is_null() && p["followers"]["max"].is_null());
        if a["followers"]["sum"] != "0" {
            extremes_seen_by_admin += 1;
            assert!(!a["followers"]["max"].is_null(), "{a}");
        }
    }
    assert!(
        extremes_seen_by_admin > 0,
        "admins see the extremes analysts do not"
    );
    assert!(
        few_bloggers_in_a_group > 0,
        "the demo has shown groups with 1–4 account holders"
    );
}

const SALES: &str = r#"query($filter: SalesRecordFilter, $groupBy: [SalesRecordGroupBy!]) {
  salesRecordsAggregate(filter: $filter, groupBy: $groupBy) {
    count suppressedGroups amount { sum avg min max }
    groups { key count amount { sum min max } } } }"#;

async fn sales(test: &TestDb, filter: Value, group_by: Value, who: &Viewer) -> Value {
    execute(
        &test.schema(),
        SALES,
        json!({ "filter": filter, "groupBy": group_by }),
        who.clone(),
    )
    .await
}

#[tokio::test]
async fn public_sales_aggregate_refuses_not_and_hides_min_max() {
    let test = TestDb::seeded().await;
    let public = Viewer::public();
    let township = "620402102000";
    // The township's sellers are too few to show to PUBLIC…
    let by_township = sales(
        &test,
        json!({ "withinRegion": "620400" }),
        json!(["TOWNSHIP"]),
        &public,
    )
    .await;
    let admin = sales(
        &test,
        json!({ "withinRegion": "620400" }),
        json!(["TOWNSHIP"]),
        &Viewer::system(),
    )
    .await;
    assert!(by_township["errors"].is_null(), "{by_township}");
    let (p, a) = (
        &by_township["data"]["salesRecordsAggregate"],
        &admin["data"]["salesRecordsAggregate"],
    );
    assert!(groups(a).iter().any(|g| g["key"][0] == township), "{a}");
    assert!(!groups(p).iter().any(|g| g["key"][0] == township), "{p}");
    // …so the city minus everything but the township must not be answerable.
    for filter in [
        json!({ "withinRegion": "620400", "not": { "withinRegion": township } }),
        json!({ "or": [{ "withinRegion": "620403" }, { "withinRegion": township }] }),
        json!({ "and": [{ "withinRegion": "620400" }, { "not": { "platform": ["DOUYIN"] } }] }),
        json!({ "person": "UGVyc29uOjE" }),
    ] {
        let r = sales(&test, filter.clone(), json!([]), &public).await;
        assert_eq!(code(&r), "FORBIDDEN", "{filter}: {r}");
    }
    // Minimum and maximum are single records: null for PUBLIC, in the total and every group.
    let by_county = sales(
        &test,
        json!({ "withinRegion": "620400" }),
        json!(["COUNTY"]),
        &public,
    )
    .await;
    let admin = sales(
        &test,
        json!({ "withinRegion": "620400" }),
        json!(["COUNTY"]),
        &Viewer::system(),
    )
    .await;
    let (p, a) = (
        &by_county["data"]["salesRecordsAggregate"],
        &admin["data"]["salesRecordsAggregate"],
    );
    assert!(
        p["amount"]["min"].is_null() && p["amount"]["max"].is_null(),
        "{p}"
    );
    assert!(!groups(p).is_empty(), "{p}");
    for g in groups(p) {
        assert!(
            g["amount"]["min"].is_null() && g["amount"]["max"].is_null(),
            "{g}"
        );
        let same = groups(a).iter().find(|x| x["key"] == g["key"]).unwrap();
        assert_eq!(same["amount"]["sum"], g["amount"]["sum"], "sums stay exact");
    }
    assert!(!a["amount"]["min"].is_null() && !a["amount"]["max"].is_null());
    assert_eq!(p["amount"]["sum"], a["amount"]["sum"]);

    // The same on people: no `not`/`or`, no extremes of followers.
    let r = people(
        &test,
        json!({ "withinRegion": "620400", "not": { "withinRegion": "620402" } }),
        json!([]),
        &public,
    )
    .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = people(
        &test,
        json!({ "withinRegion": "620400" }),
        json!(["COUNTY"]),
        &public,
    )
    .await;
    let f = &r["data"]["peopleAggregate"]["followers"];
    assert!(
        f["min"].is_null() && f["max"].is_null() && !f["sum"].is_null(),
        "{r}"
    );
}

const CASES: &str = r#"query($filter: MediationCaseFilter, $groupBy: [MediationCaseGroupBy!]) {
  mediationCasesAggregate(filter: $filter, groupBy: $groupBy) {
    count suppressedGroups amountInDispute { sum min max } groups { key count } } }"#;

async fn cases(test: &TestDb, filter: Value, group_by: Value, who: &Viewer) -> Value {
    execute(
        &test.schema(),
        CASES,
        json!({ "filter": filter, "groupBy": group_by }),
        who.clone(),
    )
    .await
}

#[tokio::test]
async fn public_record_aggregates_withhold_small_groups_and_unique_key_filters() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let public = Viewer::public();
    let admin = Viewer::system();
    let listed = execute(
        &schema,
        r#"{ mediationCases(first: 1) { edges { node { caseNo } } }
             pairings(first: 1) { edges { node { enterprise { id } } } } }"#,
        json!({}),
        admin.clone(),
    )
    .await;
    let case_no = listed["data"]["mediationCases"]["edges"][0]["node"]["caseNo"].clone();
    let enterprise = listed["data"]["pairings"]["edges"][0]["node"]["enterprise"]["id"].clone();
    assert!(case_no.is_string() && enterprise.is_string(), "{listed}");

    // Four dimensions and a unique key would pin one case down: refused.
    let four = json!(["VILLAGE", "CATEGORY", "SUBTYPE", "STATUS"]);
    let pinned = cases(
        &test,
        json!({ "caseNo": { "eq": case_no } }),
        four.clone(),
        &public,
    )
    .await;
    assert_eq!(code(&pinned), "FORBIDDEN", "{pinned}");
    let by_admin = cases(
        &test,
        json!({ "caseNo": { "eq": case_no } }),
        four.clone(),
        &admin,
    )
    .await;
    assert_eq!(by_admin["data"]["mediationCasesAggregate"]["count"], 1);
    for (query, filter) in [
        (
            "query($f: MediationCaseFilter) { mediationCasesAggregate(filter: $f) { count } }",
            json!({ "not": { "status": ["SETTLED"] } }),
        ),
        (
            "query($f: PairingFilter) { pairingsAggregate(filter: $f) { count } }",
            json!({ "enterprise": enterprise }),
        ),
        (
            "query($f: SuggestionFilter) { suggestionsAggregate(filter: $f) { count } }",
            json!({ "title": { "contains": "建议" } }),
        ),
        (
            "query($f: SuggestionFilter) { suggestionsAggregate(filter: $f) { count } }",
            json!({ "submittedBy": { "name": { "contains": "委员会" } } }),
        ),
        (
            "query($f: ActivityFilter) { activitiesAggregate(filter: $f) { count } }",
            json!({ "participantCount": { "eq": 30 } }),
        ),
        (
            "query($f: ActivityFilter) { activitiesAggregate(filter: $f) { count } }",
            json!({ "place": { "name": { "contains": "基地" } } }),
        ),
    ] {
        let r = execute(&schema, query, json!({ "f": filter }), public.clone()).await;
        assert_eq!(code(&r), "FORBIDDEN", "{query} {filter}: {r}");
        let r = execute(&schema, query, json!({ "f": filter }), admin.clone()).await;
        assert!(r["errors"].is_null(), "signed-in callers may: {r}");
    }

    // Grouped by four dimensions, PUBLIC sees no group of fewer than 5 cases.
    let p = cases(&test, json!(null), four.clone(), &public).await;
    let a = cases(&test, json!(null), four, &admin).await;
    let (p, a) = (
        &p["data"]["mediationCasesAggregate"],
        &a["data"]["mediationCasesAggregate"],
    );
    let small: Vec<&Value> = groups(a)
        .iter()
        .filter(|g| g["count"].as_i64().unwrap() < 5)
        .collect();
    assert!(!small.is_empty(), "the demo has small case groups: {a}");
    assert!(
        groups(p).iter().all(|g| g["count"].as_i64().unwrap() >= 5),
        "{p}"
    );
    assert!(p["suppressedGroups"].as_u64().unwrap() as usize >= small.len());
    assert_eq!(p["count"], a["count"]);
    assert!(p["amountInDispute"]["max"].is_null() && !a["amountInDispute"]["max"].is_null());

    // Query-set size: a selection of 1–4 cases is withheld whole, the total included.
    let by_village = cases(&test, json!(null), json!(["VILLAGE"]), &admin).await;
    let tiny = groups(&by_village["data"]["mediationCasesAggregate"])
        .iter()
        .find(|g| (1..5).contains(&g["count"].as_i64().unwrap()))
        .cloned()
        .unwrap();
    let village = json!({ "withinRegion": tiny["key"][0] });
    let r = cases(&test, village.clone(), json!(["STATUS"]), &public).await;
    assert!(r["errors"].is_null(), "{r}");
    let withheld = &r["data"]["mediationCasesAggregate"];
    assert!(
        withheld["count"].is_null() && withheld["amountInDispute"].is_null(),
        "{r}"
    );
    assert_eq!(groups(withheld).len(), 0);
    assert_eq!(withheld["suppressedGroups"], 0, "not even how many groups");
    let r = cases(&test, village, json!([]), &viewer(Role::Viewer, None)).await;
    assert_eq!(r["data"]["mediationCasesAggregate"]["count"], tiny["count"]);

    // Records PUBLIC lists anyway (homes, organizations) are counted without control.
    let homes = "{ homesAggregate(groupBy: [VILLAGE]) { suppressedGroups groups { count } } }";
    let r = execute(&schema, homes, json!({}), public.clone()).await;
    let h = &r["data"]["homesAggregate"];
    assert_eq!(h["suppressedGroups"], 0, "{r}");
    assert!(
        groups(h).iter().any(|g| g["count"].as_i64().unwrap() < 5),
        "{r}"
    );
}
