//! A blank cell leaves the stored value as it is; only the clear marker clears it.

use serde_json::json;
use tongxin::auth::Viewer;
use tongxin::service::audit::Actor;
use tongxin::service::bulk::{self, ExportFormat, ExportRequest, ImportOptions, RecordKind};

use crate::helpers::{TestDb, execute};

const PERSON: &str = r#"query($id: ID!) { node(id: $id) { ... on Person { phone workUnit } } }"#;

#[tokio::test]
async fn a_blank_cell_leaves_the_stored_value_and_the_clear_marker_clears_it() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let found = execute(
        &schema,
        r#"{ people(first: 50, filter: { withinRegion: "620421" }) { edges { node { id idNumber phone workUnit } } } }"#,
        json!({}),
        Viewer::system(),
    )
    .await;
    let person = found["data"]["people"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .find(|p| p["phone"].is_string() && p["idNumber"].is_string() && p["workUnit"].is_string())
        .expect("a person with an ID number, a phone and a work unit");
    let exported = bulk::export(
        &test.db.clone().into(),
        ExportRequest {
            keys: &crate::helpers::data_keys(),
            viewer: &Viewer::system(),
            request_id: None,
            kind: RecordKind::People,
            filter: Some(r#"{"withinRegion":"620421"}"#),
            format: ExportFormat::Csv,
        },
    )
    .await
    .unwrap();
    let text = String::from_utf8(exported).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(str::to_owned)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let id_number = person["idNumber"].as_str().unwrap();
    let row: Vec<String> = lines
        .find(|l| l.contains(id_number))
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let import = |cells: Vec<String>| {
        let file = format!("{}\n{}\n", header.join(","), cells.join(","));
        let db = test.db.clone();
        async move {
            let options = ImportOptions {
                kind: RecordKind::People,
                file_name: Some("people.csv"),
                dry_run: false,
                confirm_rows: &[],
                as_of: None,
                expected_plan: None,
            };
            bulk::import(
                &db,
                &crate::helpers::data_keys(),
                &Actor::system(),
                options,
                file.as_bytes(),
                &|_, _| {},
            )
            .await
            .unwrap()
        }
    };
    let read = || async {
        execute(
            &schema,
            PERSON,
            json!({ "id": person["id"] }),
            Viewer::system(),
        )
        .await["data"]["node"]
            .clone()
    };

    // Every optional cell blank: nothing changes, and the row says so.
    let mut blank = row.clone();
    for (i, h) in header.iter().enumerate() {
        if !["姓名", "所属区划代码", "公民身份号码"].contains(&h.as_str()) {
            blank[i] = String::new();
        }
    }
    let report = import(blank).await;
    assert!(report.errors.is_empty(), "{report:?}");
    assert_eq!((report.unchanged, report.updated), (1, 0), "{report:?}");
    let now = read().await;
    assert_eq!(
        now["phone"], person["phone"],
        "a blank phone cell keeps the phone"
    );
    assert_eq!(now["workUnit"], person["workUnit"]);

    // The clear marker clears, and only where it stands.
    let mut clear = row.clone();
    clear[column("手机号码")] = "（清空）".to_owned();
    let report = import(clear).await;
    assert!(report.errors.is_empty(), "{report:?}");
    assert_eq!(report.updated, 1, "{report:?}");
    let now = read().await;
    assert!(now["phone"].is_null(), "{now}");
    assert_eq!(now["workUnit"], person["workUnit"]);

    // A required column cannot be cleared.
    let mut refused = row.clone();
    refused[column("姓名")] = "(清空)".to_owned();
    let report = import(refused).await;
    assert!(
        report.errors.iter().any(|e| e.code == "REQUIRED"),
        "{report:?}"
    );
}
