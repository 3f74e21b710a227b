//! Disclosure control on `summary`: its person counts (figures 15, 17, 22) and what they carry
//! (sales, households) are null for PUBLIC when 1–4 people are counted, shown otherwise and to
//! tokens.

use serde_json::json;
use tongxin::auth::Viewer;

use crate::helpers::{TestDb, execute};

#[tokio::test]
async fn public_summaries_of_small_regions_withhold_counts_of_under_five_people() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let query = r#"query($r: String!) { summary(region: $r, year: 2025) {
        millionFollowerInfluencers { count sales } villageInfluencers { count households }
        fieldVisitParticipants } }"#;
    let mut withheld = 0;
    for county in ["620402", "620403", "620421", "620422", "620423"] {
        let public = execute(&schema, query, json!({ "r": county }), Viewer::public()).await;
        let admin = execute(&schema, query, json!({ "r": county }), Viewer::system()).await;
        let (p, a) = (&public["data"]["summary"], &admin["data"]["summary"]);
        assert!(public["errors"].is_null(), "{public}");
        for (figure, carried) in [
            ("millionFollowerInfluencers", "sales"),
            ("villageInfluencers", "households"),
        ] {
            let n = a[figure]["count"].as_i64().unwrap();
            if (1..5).contains(&n) {
                withheld += 1;
                assert!(
                    p[figure]["count"].is_null() && p[figure][carried].is_null(),
                    "{p}"
                );
            } else {
                assert_eq!(p[figure], a[figure]);
            }
        }
        let n = a["fieldVisitParticipants"].as_i64().unwrap();
        assert_eq!(
            p["fieldVisitParticipants"].is_null(),
            (1..5).contains(&n),
            "{county}: {n}"
        );
    }
    assert!(
        withheld > 0,
        "13 bloggers and 6 influencers spread over five counties"
    );
}
