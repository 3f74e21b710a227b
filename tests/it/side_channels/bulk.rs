//! Exports select what the list query selects for the same caller; an import row naming a
//! record the caller may not write is refused before its cells are compared.

use std::io::Write;

use reqwest::StatusCode;
use serde_json::json;
use tongxin::auth::{Role, Viewer};
use tongxin::domain::region_code::RegionCode;
use tongxin::service::audit::Actor;
use tongxin::service::bulk::{self, ExportFormat, ExportRequest, ImportOptions, RecordKind};

use crate::access_control::{Server, callers};
use crate::helpers::TestDb;

const RELIGIOUS_IN_JINGYUAN: &str = r#"{"category":["RELIGIOUS_FIGURE"],"withinRegion":"620421"}"#;

/// Data rows of a CSV export (the header row left out).
fn data_rows(csv: &str) -> usize {
    csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count()
}

#[tokio::test]
async fn exports_apply_the_category_rule_of_the_list_query() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let base = server.url.trim_end_matches("/graphql").to_owned();
    let list = r#"{ people(filter: { category: [RELIGIOUS_FIGURE], withinRegion: "620421" }) { totalCount } }"#;
    for (caller, token) in [
        ("analyst", c.analyst.as_str()),
        ("editor of 会宁县", c.editor_huining.as_str()),
        ("editor of 靖远县", c.editor_jingyuan.as_str()),
        ("admin", c.admin.as_str()),
    ] {
        let (_, listed, _) = server.ask(Some(token), list, json!({})).await;
        let response = server
            .client
            .get(format!("{base}/export/people.csv"))
            .query(&[("filter", RELIGIOUS_IN_JINGYUAN)])
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        match listed["errors"][0]["extensions"]["code"].as_str() {
            Some("FORBIDDEN") => {
                assert_eq!(status, StatusCode::FORBIDDEN, "{caller}: {body}");
                assert!(body.contains("FORBIDDEN"), "{caller}: {body}");
            }
            other => {
                assert_eq!(other, None, "{caller}: {listed}");
                assert_eq!(status, StatusCode::OK, "{caller}: {body}");
                let count = listed["data"]["people"]["totalCount"].as_u64().unwrap();
                assert_eq!(
                    data_rows(&body) as u64,
                    count,
                    "{caller}: the export lists what the list query counts"
                );
            }
        }
    }
    // The editor of 会宁县 gets nothing of 靖远县's religious figures; its own editor does.
    let (_, own, _) = server.ask(Some(&c.editor_jingyuan), list, json!({})).await;
    assert!(
        own["data"]["people"]["totalCount"].as_u64().unwrap() > 0,
        "{own}"
    );
    let (_, other, _) = server.ask(Some(&c.editor_huining), list, json!({})).await;
    assert_eq!(other["data"]["people"]["totalCount"], 0, "{other}");
}

#[tokio::test]
async fn import_dry_run_of_another_countys_person_is_refused_whatever_the_cells() {
    let test = TestDb::seeded().await;
    // A person of 靖远县 exported in full, as an admin would.
    let filter = r#"{"withinRegion":"620421"}"#;
    let admin = Viewer::system();
    let exported = bulk::export(
        &test.db.clone().into(),
        ExportRequest {
            viewer: &admin,
            keys: &crate::helpers::data_keys(),
            request_id: None,
            kind: RecordKind::People,
            filter: Some(filter),
            format: ExportFormat::Csv,
        },
    )
    .await
    .unwrap();
    let text = String::from_utf8(exported).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_owned();
    let row = lines.next().unwrap().to_owned();
    // The same row, and the row with a guessed religion (宗教信仰) instead of the stored one.
    let religion = header.split(',').position(|h| h == "宗教信仰").unwrap();
    let mut guessed: Vec<String> = row.split(',').map(str::to_owned).collect();
    guessed[religion] = if guessed[religion] == "佛教" {
        "道教"
    } else {
        "佛教"
    }
    .to_owned();
    let huining = Actor {
        viewer: Viewer {
            role: Role::Editor,
            region_scope: Some(RegionCode::parse("620422").unwrap()),
            subject: "huining".into(),
        },
        request_id: None,
    };
    let mut answers = Vec::new();
    for row in [row.clone(), guessed.join(",")] {
        let mut file = Vec::new();
        writeln!(file, "{header}\n{row}").unwrap();
        let options = ImportOptions {
            kind: RecordKind::People,
            file_name: Some("people.csv"),
            dry_run: true,
            confirm_rows: &[],
            as_of: None,
            expected_plan: None,
        };
        let report = bulk::import(
            &test.db,
            &crate::helpers::data_keys(),
            &huining,
            options,
            &file,
            &|_, _| {},
        )
        .await
        .unwrap();
        assert_eq!(report.unchanged, 0, "no comparison is reported: {report:?}");
        assert_eq!(report.updated, 0, "{report:?}");
        assert_eq!(report.failed, 1, "{report:?}");
        let codes: Vec<String> = report.errors.iter().map(|e| e.code.to_string()).collect();
        answers.push(codes);
    }
    assert_eq!(
        answers[0], answers[1],
        "the answer does not depend on the guessed cells"
    );
    assert!(
        answers[0].iter().any(|c| c == "FORBIDDEN"),
        "the row is refused as another county's record: {answers:?}"
    );
}
