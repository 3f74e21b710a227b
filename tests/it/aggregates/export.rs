//! The CSV/XLSX downloads of aggregates and coverage: same arguments as GraphQL, Chinese
//! headers, figures equal to the GraphQL ones, ANALYST and above only; the record exports'
//! template route still answers beside them.

use tongxin::auth::{Role, tokens};

use crate::helpers::{TestDb, spawn_app};

async fn get(
    base: &str,
    path: &str,
    token: Option<&str>,
    query: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .query(query);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn aggregates_and_coverage_download_as_csv_and_xlsx_for_analysts() {
    let test = TestDb::seeded().await;
    let (_, analyst) = tokens::create(&test.db, "analyst", Role::Analyst, None, None, "test")
        .await
        .unwrap();
    let (_, viewer) = tokens::create(&test.db, "viewer", Role::Viewer, None, None, "test")
        .await
        .unwrap();
    let (base, _server) = spawn_app(test.db.clone()).await;
    let filter = r#"{"kind":["THEORY_LECTURE"],"heldOn":{"gte":"2025-01-01","lte":"2025-12-31"}}"#;
    let query = [("filter", filter), ("groupBy", "county,kind")];
    let csv = get(
        &base,
        "/export/aggregate/activities.csv",
        Some(&analyst),
        &query,
    )
    .await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["cache-control"], "no-store");
    let body = csv.text().await.unwrap();
    let mut lines = body.lines();
    let header = lines.next().unwrap().trim_start_matches('\u{feff}');
    assert!(
        header.starts_with("县区代码,县区,活动类型代码,活动类型,数量,参与人数合计"),
        "{header}"
    );
    let total: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&total[..5], ["", "合计", "", "", "106"]);
    let counties: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(
        counties
            .iter()
            .any(|c| c[0] == "620421000000" && c[1] == "靖远县" && c[3] == "理论宣讲")
    );
    let sum: i64 = counties.iter().map(|c| c[4].parse::<i64>().unwrap()).sum();
    assert_eq!(sum, 106);

    let xlsx = get(
        &base,
        "/export/aggregate/activities.xlsx",
        Some(&analyst),
        &query,
    )
    .await;
    assert_eq!(xlsx.status(), 200);
    assert!(
        xlsx.bytes().await.unwrap().starts_with(b"PK"),
        "an XLSX is a zip"
    );

    let cov = get(
        &base,
        "/export/coverage/620400.csv",
        Some(&analyst),
        &[("level", "county"), ("asOf", "2025-12-31")],
    )
    .await;
    assert_eq!(cov.status(), 200);
    let body = cov.text().await.unwrap();
    let rows: Vec<Vec<&str>> = body
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert!(
        body.trim_start_matches('\u{feff}')
            .starts_with("代码,名称,村社区数,有统战联络员")
    );
    assert_eq!(rows.len(), 6, "合计 and five counties");
    assert_eq!(rows[0][1], "白银市（合计）");
    assert_eq!(
        rows[0][2], rows[0][3],
        "every village has a liaison officer"
    );
    assert_eq!(rows[0][4], "100.0");

    for (token, status) in [(None, 401), (Some(viewer.as_str()), 403)] {
        let r = get(&base, "/export/aggregate/people.csv", token, &[]).await;
        assert_eq!(r.status(), status);
        let r = get(&base, "/export/coverage/620400.xlsx", token, &[]).await;
        assert_eq!(r.status(), status);
    }
    let bad = get(
        &base,
        "/export/aggregate/people.csv",
        Some(&analyst),
        &[("groupBy", "shoe_size")],
    )
    .await;
    assert_eq!(bad.status(), 400);
    let sensitive = get(
        &base,
        "/export/aggregate/people.csv",
        Some(&analyst),
        &[("groupBy", "ethnicity")],
    )
    .await;
    assert_eq!(
        sensitive.status(),
        200,
        "analysts count people by sensitive fields, small groups withheld"
    );
    let unknown = get(&base, "/export/aggregate/users.csv", Some(&analyst), &[]).await;
    assert_eq!(unknown.status(), 404);
    let template = get(
        &base,
        "/export/organizations/template.csv",
        Some(&analyst),
        &[],
    )
    .await;
    assert_eq!(
        template.status(),
        200,
        "the record templates' route is not shadowed"
    );
}
