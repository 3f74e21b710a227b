//! `coverage(region:, level:, asOf:)`: per child region, villages and communities and how many
//! are covered, agreeing with the summary's liaison coverage and with direct counts; the
//! uncovered villages on demand; a fixed number of statements.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tongxin::auth::Viewer;

use crate::helpers::{TestDb, count_statements, execute};

const COVERAGE: &str = r#"query($region: String!, $level: RegionLevel, $lacking: CoverageMeasure!) {
  coverage(region: $region, level: $level, asOf: "2025-12-31") {
    level asOf
    total { code name villages withLiaisonOfficer withStation withHome withActivePairing
            liaisonOfficerPercent homePercent }
    rows { code name region { name level } villages withLiaisonOfficer withStation withHome
           withActivePairing liaisonOfficerPercent stationPercent activePairingPercent }
    uncoveredVillages(lacking: $lacking) { code name } } }"#;

async fn coverage(test: &TestDb, region: &str, level: Value, lacking: &str) -> Value {
    let response = execute(
        &test.schema(),
        COVERAGE,
        json!({ "region": region, "level": level, "lacking": lacking }),
        Viewer::public(),
    )
    .await;
    assert!(response["errors"].is_null(), "{response}");
    response["data"]["coverage"].clone()
}

async fn scalar(test: &TestDb, sql: &str) -> i64 {
    let backend = test.db.get_database_backend();
    let row = test
        .db
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

fn sum(rows: &Value, field: &str) -> i64 {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn every_village_and_community_has_a_liaison_officer_as_the_report_says() {
    let test = TestDb::seeded().await;
    let c = coverage(&test, "620400", json!(null), "LIAISON_OFFICER").await;
    let summary = execute(
        &test.schema(),
        r#"{ summary(region: "620400", year: 2025) { liaisonCoverage { covered total } } }"#,
        json!({}),
        Viewer::public(),
    )
    .await;
    let liaison = &summary["data"]["summary"]["liaisonCoverage"];
    assert_eq!(c["level"], "COUNTY", "default: the next level down");
    assert_eq!(c["total"]["villages"], liaison["total"]);
    assert_eq!(c["total"]["withLiaisonOfficer"], liaison["covered"]);
    assert_eq!(c["total"]["villages"], c["total"]["withLiaisonOfficer"]);
    assert_eq!(c["total"]["liaisonOfficerPercent"], 100.0);
    assert_eq!(c["uncoveredVillages"], json!([]));
    let rows = &c["rows"];
    assert_eq!(rows.as_array().unwrap().len(), 5, "five counties: {rows}");
    assert_eq!(
        sum(rows, "villages"),
        c["total"]["villages"].as_i64().unwrap()
    );
    assert_eq!(rows[0]["region"]["level"], "COUNTY");
    let villages = scalar(
        &test,
        "SELECT COUNT(*) FROM region WHERE level = 'VILLAGE' AND deleted_at IS NULL \
         AND code BETWEEN '620421000000' AND '620421999999'",
    )
    .await;
    let jingyuan = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "620421000000")
        .unwrap();
    assert_eq!(jingyuan["name"], "靖远县");
    assert_eq!(jingyuan["villages"], villages);
}

#[tokio::test]
async fn stations_homes_and_pairings_match_direct_counts() {
    let test = TestDb::seeded().await;
    let c = coverage(&test, "620400", json!("TOWNSHIP"), "HOME").await;
    let open = "deleted_at IS NULL AND (opened_on IS NULL OR opened_on <= '2025-12-31') \
                AND (closed_on IS NULL OR closed_on > '2025-12-31')";
    let homes = scalar(
        &test,
        &format!(
            "SELECT COUNT(DISTINCT p.region_code) FROM place p JOIN region r ON r.code = \
             p.region_code AND r.level = 'VILLAGE' WHERE p.kind IN ('RED_POMEGRANATE_HOME', \
             'POMEGRANATE_SEED_COUNCIL_ROOM', 'OVERSEAS_CHINESE_HOME', 'DP_MEMBERS_HOME') AND p.{open}"
        ),
    )
    .await;
    let stations = scalar(
        &test,
        &format!(
            "SELECT COUNT(DISTINCT p.region_code) FROM place p JOIN region r ON r.code = \
             p.region_code AND r.level = 'VILLAGE' WHERE p.kind IN ('UF_WORK_STATION', \
             'UF_LIAISON_POINT') AND p.{open}"
        ),
    )
    .await;
    let paired = scalar(
        &test,
        "SELECT COUNT(DISTINCT village_code) FROM pairing WHERE deleted_at IS NULL \
         AND status = 'ACTIVE' AND started_on <= '2025-12-31' \
         AND (ended_on IS NULL OR ended_on >= '2025-12-31')",
    )
    .await;
    assert_eq!(c["total"]["withHome"], homes);
    assert_eq!(c["total"]["withStation"], stations);
    assert_eq!(c["total"]["withActivePairing"], paired);
    assert!(homes > 0 && stations > 0 && paired > 0, "{c}");
    let rows = &c["rows"];
    assert_eq!(sum(rows, "withHome"), homes);
    assert_eq!(sum(rows, "withStation"), stations);
    let villages = c["total"]["villages"].as_i64().unwrap();
    let uncovered = c["uncoveredVillages"].as_array().unwrap().len() as i64;
    assert_eq!(
        uncovered,
        (villages - homes).min(100),
        "first defaults to the page limit"
    );
}

#[tokio::test]
async fn an_ended_assignment_uncovers_its_village() {
    let test = TestDb::seeded().await;
    let village: String = test
        .db
        .query_one_raw(Statement::from_string(
            test.db.get_database_backend(),
            "SELECT MIN(region_code) FROM liaison_assignment WHERE region_code LIKE '620421%' \
             AND role = 'LIAISON_OFFICER'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    test.db
        .execute_unprepared(&format!(
            "UPDATE liaison_assignment SET end_on = '2025-06-30' WHERE region_code = '{village}'"
        ))
        .await
        .unwrap();
    let c = coverage(&test, "620421", json!(null), "LIAISON_OFFICER").await;
    assert_eq!(
        c["total"]["withLiaisonOfficer"].as_i64().unwrap() + 1,
        c["total"]["villages"].as_i64().unwrap()
    );
    assert_eq!(
        c["uncoveredVillages"],
        json!([{ "code": village.clone(), "name": c["uncoveredVillages"][0]["name"] }])
    );
    let township = format!("{}000", &village[..9]);
    let row = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == township.as_str())
        .unwrap();
    assert!(row["liaisonOfficerPercent"].as_f64().unwrap() < 100.0);
}

#[tokio::test]
async fn coverage_costs_a_fixed_number_of_statements() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let schema = test.schema();
    for (level, uncovered, expected) in [
        ("COUNTY", false, 2),
        ("VILLAGE", false, 2),
        ("VILLAGE", true, 3),
    ] {
        counter.reset();
        let query = if uncovered {
            "query($l: RegionLevel) { coverage(region: \"620400\", level: $l) { rows { villages } uncoveredVillages(lacking: PAIRING, first: 5) { code } } }"
        } else {
            "query($l: RegionLevel) { coverage(region: \"620400\", level: $l) { rows { villages withHome } } }"
        };
        let r = execute(&schema, query, json!({ "l": level }), Viewer::public()).await;
        assert!(r["errors"].is_null(), "{r}");
        assert_eq!(counter.get(), expected, "{level} uncovered={uncovered}");
    }
}

#[tokio::test]
async fn levels_must_lie_below_the_region() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let query = "query($r: String!, $l: RegionLevel) { coverage(region: $r, level: $l) { total { villages } } }";
    for (region, level, code) in [
        ("620421", json!("COUNTY"), "BAD_USER_INPUT"),
        ("620421101201", json!(null), "BAD_USER_INPUT"),
        ("620421101599", json!(null), "NOT_FOUND"),
    ] {
        let r = execute(
            &schema,
            query,
            json!({ "r": region, "l": level }),
            Viewer::public(),
        )
        .await;
        assert_eq!(r["errors"][0]["extensions"]["code"], code, "{region}: {r}");
    }
}
