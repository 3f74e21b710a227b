//! `summary(region:, year:)` over GraphQL reproduces the report's figures.

use serde_json::json;
use tongxin::auth::Viewer;

use crate::helpers::{TestDb, execute};

const SUMMARY: &str = r#"query($region: String!, $year: Int!) { summary(region: $region, year: $year) {
  region { name } year
  lectures { count audience } newPracticeBases baseActivities { count donations }
  suggestions { count adopted } liaisonCoverage { covered total ratio } homeActivities
  reelectionCoverage { covered total ratio } membersHomes
  millionFollowerInfluencers { count sales } villageInfluencers { count households }
  mediatedDisputes publicity { videos articles } fieldVisitParticipants } }"#;

#[tokio::test]
async fn city_summary_2025_reproduces_the_report() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let response = execute(
        &schema,
        SUMMARY,
        json!({ "region": "620400", "year": 2025 }),
        Viewer::public(),
    )
    .await;
    let s = &response["data"]["summary"];
    assert!(response["errors"].is_null(), "{response}");
    assert_eq!(s["region"]["name"], "白银市");
    assert_eq!(s["lectures"], json!({ "count": 106, "audience": 103480 }));
    assert_eq!(s["newPracticeBases"], 14);
    assert_eq!(
        s["baseActivities"],
        json!({ "count": 43, "donations": "612350.00" })
    );
    assert_eq!(s["suggestions"], json!({ "count": 93, "adopted": 16 }));
    assert_eq!(s["liaisonCoverage"]["ratio"], 1.0);
    assert_eq!(
        s["liaisonCoverage"]["covered"],
        s["liaisonCoverage"]["total"]
    );
    assert_eq!(s["homeActivities"], 108);
    assert_eq!(s["reelectionCoverage"]["ratio"], 1.0);
    assert_eq!(s["membersHomes"], 5);
    assert_eq!(
        s["millionFollowerInfluencers"],
        json!({ "count": 13, "sales": "206800000.00" })
    );
    assert_eq!(
        s["villageInfluencers"],
        json!({ "count": 6, "households": 1560 })
    );
    assert_eq!(s["mediatedDisputes"], 41);
    assert_eq!(s["publicity"], json!({ "videos": 19, "articles": 43 }));
    assert_eq!(s["fieldVisitParticipants"], 104);
}

#[tokio::test]
async fn summary_refuses_bad_regions_and_years() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    for (region, year, code) in [
        ("620401", 2025, "BAD_USER_INPUT"),
        ("abc", 2025, "BAD_USER_INPUT"),
        ("620400", 99999, "BAD_USER_INPUT"),
        ("620421101599", 2025, "NOT_FOUND"),
    ] {
        let response = execute(
            &schema,
            SUMMARY,
            json!({ "region": region, "year": year }),
            Viewer::public(),
        )
        .await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], code,
            "{region} {year}: {response}"
        );
    }
}
