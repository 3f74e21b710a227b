//! Bulk import and export: all-or-nothing imports that report every bad row, idempotent
//! re-runs, export → import round trips (CSV and XLSX), and the HTTP export endpoint.

mod blank_cells;
mod real_files;

use std::io::{Seek, Write};

use async_graphql::UploadValue;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use tongxin::auth::Viewer;
use tongxin::db::table::Table;
use tongxin::domain::validate::credit_code::{check_char, org_code_check_char};
use tongxin::service::audit::Actor;
use tongxin::service::bulk::{self, ExportFormat, ImportOptions, ImportReport, RecordKind};

use crate::helpers::{TestDb, TestSchema, data_keys, spawn_app};

const IMPORT: &str = r#"mutation($input: ImportRecordsInput!) { importRecords(input: $input) { result {
  total created updated unchanged failed dryRun written requestId errors { row column code message } } } }"#;

const HEADER: &str = "名称,类型,所在区划代码,统一社会信用代码,上级组织,成立日期";

/// A valid unified social credit code registered in 白银区, numbered `n`.
fn credit_code(n: u32) -> String {
    let body = format!("{n:08}");
    let org_check = org_code_check_char(&body).unwrap();
    let first17 = format!("91620402{body}{org_check}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

/// Imports through GraphQL as a multipart upload would: the file is an `Upload` variable.
async fn upload(
    schema: &TestSchema,
    kind: &str,
    name: &str,
    bytes: &[u8],
    dry_run: bool,
    viewer: Viewer,
) -> Value {
    let value = upload_response(schema, kind, name, bytes, dry_run, viewer).await;
    assert!(value["errors"].is_null(), "{value}");
    value["data"]["importRecords"]["result"].clone()
}

async fn upload_response(
    schema: &TestSchema,
    kind: &str,
    name: &str,
    bytes: &[u8],
    dry_run: bool,
    viewer: Viewer,
) -> Value {
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(bytes).unwrap();
    file.rewind().unwrap();
    let variables = json!({ "input": { "kind": kind, "file": null, "dryRun": dry_run } });
    let mut request = async_graphql::Request::new(IMPORT)
        .variables(async_graphql::Variables::from_json(variables));
    request.set_upload(
        "variables.input.file",
        UploadValue {
            filename: name.to_owned(),
            content_type: None,
            content: file,
        },
    );
    let request = tongxin::graphql::prepare(request, &schema.db, viewer);
    serde_json::to_value(tongxin::graphql::execute(&schema.schema, request).await).unwrap()
}

async fn import(test: &TestDb, kind: RecordKind, name: &str, bytes: &[u8]) -> ImportReport {
    let options = ImportOptions {
        kind,
        file_name: Some(name),
        dry_run: false,
        confirm_rows: &[],
        as_of: None,
        expected_plan: None,
    };
    bulk::import(
        &test.db,
        &data_keys(),
        &Actor::system(),
        options,
        bytes,
        &|_, _| {},
    )
    .await
    .unwrap()
}

async fn export(
    test: &TestDb,
    viewer: &Viewer,
    kind: RecordKind,
    filter: Option<&str>,
    format: ExportFormat,
) -> Vec<u8> {
    let keys = data_keys();
    let request = bulk::ExportRequest {
        viewer,
        keys: &keys,
        request_id: None,
        kind,
        filter,
        format,
    };
    bulk::export(&test.db.clone().into(), request)
        .await
        .unwrap()
}

async fn organization_count(test: &TestDb) -> u64 {
    entity::organization::Entity::live()
        .count(&test.db)
        .await
        .unwrap()
}

async fn audit_count(test: &TestDb) -> u64 {
    entity::audit_entry::Entity::find()
        .count(&test.db)
        .await
        .unwrap()
}

fn has_error(result: &Value, row: u32, column: Option<&str>, code: &str) -> bool {
    result["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["row"] == row && e["column"].as_str() == column && e["code"] == code)
}

#[tokio::test]
async fn a_file_with_bad_rows_writes_nothing_and_reports_every_bad_row() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let (organizations, audits) = (organization_count(&test).await, audit_count(&test).await);
    let csv = format!(
        "{HEADER}\n\
         白银导入甲有限公司,企业,620402,{good1},,2020-01-02\n\
         白银导入乙有限公司,企业,620402,91620402MA74BC2D5K,,\n\
         白银导入丙有限公司,公司,620402,,,\n\
         ,企业,620402,,,\n\
         白银导入丁有限公司,企业,620499,,,\n\
         白银导入戊有限公司,ENTERPRISE,620402,,,2024-13-01\n\
         白银导入己有限公司,商会,620403,,不存在的上级组织,\n\
         白银导入甲有限公司,企业,620402,{good1},,\n\
         白银导入庚有限公司,企业,620402,{good2},白银导入甲有限公司,2021/3/4\n",
        good1 = credit_code(1),
        good2 = credit_code(2),
    );
    for dry_run in [true, false] {
        let result = upload(
            &schema,
            "ORGANIZATIONS",
            "orgs.csv",
            csv.as_bytes(),
            dry_run,
            Viewer::system(),
        )
        .await;
        assert_eq!(result["total"], 9, "{result}");
        assert_eq!(result["written"], false);
        assert_eq!(result["dryRun"], dry_run);
        assert_eq!(result["failed"], 7, "{result}");
        assert!(
            has_error(&result, 3, Some("统一社会信用代码"), "CREDIT_CODE_CHECKSUM"),
            "{result}"
        );
        assert!(
            has_error(&result, 4, Some("类型"), "INVALID_ENUM"),
            "{result}"
        );
        assert!(has_error(&result, 5, Some("名称"), "REQUIRED"), "{result}");
        assert!(
            has_error(&result, 6, Some("所在区划代码"), "REGION_CODE_FORMAT"),
            "{result}"
        );
        assert!(
            has_error(&result, 7, Some("成立日期"), "INVALID_DATE"),
            "{result}"
        );
        assert!(
            has_error(&result, 8, Some("上级组织"), "REFERENCE_NOT_FOUND"),
            "{result}"
        );
        assert!(has_error(&result, 9, None, "DUPLICATE_ROW"), "{result}");
        // Row 10 names row 2's organization, created earlier in the same file, as its parent.
        assert_eq!(result["created"], 2, "{result}");
        let message = result["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("统一社会信用代码"),
            "Chinese by default: {message}"
        );
    }
    assert_eq!(
        organization_count(&test).await,
        organizations,
        "nothing written"
    );
    assert_eq!(audit_count(&test).await, audits, "no audit entry either");

    let header_only = "名称,类型,备注\n甲,企业,x\n";
    let result = upload(
        &schema,
        "ORGANIZATIONS",
        "h.csv",
        header_only.as_bytes(),
        false,
        Viewer::system(),
    )
    .await;
    assert!(
        !has_error(&result, 1, Some("备注"), "UNKNOWN_COLUMN"),
        "an extra column is ignored with a warning: {result}"
    );
    assert!(
        has_error(&result, 1, Some("所在区划代码"), "MISSING_COLUMN"),
        "{result}"
    );

    let refused = upload_response(
        &schema,
        "ORGANIZATIONS",
        "a.csv",
        csv.as_bytes(),
        false,
        Viewer::public(),
    )
    .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
}

#[tokio::test]
async fn re_running_a_file_creates_no_duplicates() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let mut csv = format!("{HEADER}\n");
    for n in 0..20 {
        csv.push_str(&format!(
            "白银重跑测试{n}号有限公司,企业,620402,{},,\n",
            credit_code(100 + n)
        ));
    }
    // Without a credit code the name and region are the key.
    csv.push_str("白银重跑测试无代码合作社,企业,620403,,,\n");
    let first = upload(
        &schema,
        "ORGANIZATIONS",
        "a.csv",
        csv.as_bytes(),
        false,
        Viewer::system(),
    )
    .await;
    assert_eq!(
        (first["created"].as_i64(), first["written"].as_bool()),
        (Some(21), Some(true)),
        "{first}"
    );
    let count = organization_count(&test).await;
    let again = upload(
        &schema,
        "ORGANIZATIONS",
        "a.csv",
        csv.as_bytes(),
        false,
        Viewer::system(),
    )
    .await;
    assert_eq!(again["created"], 0, "{again}");
    assert_eq!(again["updated"], 0, "{again}");
    assert_eq!(again["unchanged"], 21, "{again}");
    assert_eq!(organization_count(&test).await, count);

    let changed = csv.replace(
        "白银重跑测试3号有限公司,企业,620402",
        "白银重跑测试3号有限公司,商会,620402",
    );
    let third = upload(
        &schema,
        "ORGANIZATIONS",
        "a.csv",
        changed.as_bytes(),
        false,
        Viewer::system(),
    )
    .await;
    assert_eq!(
        (third["updated"].as_i64(), third["unchanged"].as_i64()),
        (Some(1), Some(20)),
        "{third}"
    );
    let request_id = third["requestId"].as_str().unwrap();
    let audit = entity::audit_entry::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.request_id.as_deref() == Some(request_id))
        .collect::<Vec<_>>();
    assert_eq!(
        audit.len(),
        1,
        "one UPDATE entry carries the import's request id"
    );
    assert_eq!(audit[0].operation, "UPDATE");
    assert_eq!(audit[0].changed_fields, "kind");
}

#[tokio::test]
async fn an_export_re_imports_unchanged_as_csv_and_as_xlsx() {
    let test = TestDb::seeded().await;
    let admin = Viewer::system();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let bytes = export(&test, &admin, RecordKind::Organizations, None, format).await;
        let name = format!("export.{}", format.extension());
        let report = import(&test, RecordKind::Organizations, &name, &bytes).await;
        assert!(
            report.errors.is_empty(),
            "{:?}",
            &report.errors[..report.errors.len().min(5)]
        );
        assert_eq!((report.created, report.updated), (0, 0), "{report:?}");
        assert_eq!(report.unchanged as u64, organization_count(&test).await);
    }
}

#[tokio::test]
async fn an_xlsx_file_with_numbers_and_dates_imports() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let test = TestDb::seeded().await;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in [
        "名称",
        "类型",
        "所在区划代码",
        "统一社会信用代码",
        "成立日期",
        "重点企业",
        "届次",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for row in 1..=3u32 {
        sheet
            .write_string(row, 0, format!("白银表格导入{row}号公司"))
            .unwrap();
        sheet.write_string(row, 1, "企业").unwrap();
        // A region code typed as a number, as Excel keeps it when the column is not text.
        sheet.write_number(row, 2, 620402.0).unwrap();
        sheet.write_string(row, 3, credit_code(500 + row)).unwrap();
        let on = ExcelDateTime::from_ymd(2019, 6, row as u8).unwrap();
        sheet
            .write_datetime_with_format(row, 4, &on, &date)
            .unwrap();
        sheet.write_boolean(row, 5, row == 1).unwrap();
        sheet.write_number(row, 6, 3.0).unwrap();
    }
    // An 18-digit number Excel has already rounded is reported, not imported.
    sheet.write_string(4, 0, "白银表格导入4号公司").unwrap();
    sheet.write_string(4, 1, "企业").unwrap();
    sheet.write_number(4, 2, 620402.0).unwrap();
    sheet.write_number(4, 3, 916204020000000000.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let schema = test.schema();
    let result = upload(
        &schema,
        "ORGANIZATIONS",
        "orgs.xlsx",
        &bytes,
        false,
        Viewer::system(),
    )
    .await;
    assert!(
        has_error(&result, 5, Some("统一社会信用代码"), "NUMBER_PRECISION"),
        "{result}"
    );
    assert_eq!(result["written"], false);
    let three_rows = {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (column, header) in ["名称", "类型", "所在区划代码", "成立日期"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, column as u16, *header).unwrap();
        }
        sheet.write_string(1, 0, "白银表格导入5号公司").unwrap();
        sheet.write_string(1, 1, "企业").unwrap();
        sheet.write_number(1, 2, 620402.0).unwrap();
        let on = ExcelDateTime::from_ymd(2019, 6, 5).unwrap();
        sheet.write_datetime_with_format(1, 3, &on, &date).unwrap();
        workbook.save_to_buffer().unwrap()
    };
    // Sniffed by content: the name's extension does not matter.
    let result = upload(
        &schema,
        "ORGANIZATIONS",
        "upload.bin",
        &three_rows,
        false,
        Viewer::system(),
    )
    .await;
    assert_eq!(
        (result["created"].as_i64(), result["written"].as_bool()),
        (Some(1), Some(true)),
        "{result}"
    );
    let exported = export(
        &test,
        &Viewer::system(),
        RecordKind::Organizations,
        Some(r#"{"name":{"eq":"白银表格导入5号公司"}}"#),
        ExportFormat::Csv,
    )
    .await;
    let text = String::from_utf8(exported).unwrap();
    assert!(
        text.contains("白银表格导入5号公司,企业,620402000000,,,,,,,,,,否,,,2019-06-05,,"),
        "{text}"
    );
}

#[tokio::test]
async fn the_http_export_honours_the_filter_and_the_caller() {
    use tongxin::auth::{Role, tokens};
    let test = TestDb::seeded().await;
    let (_, analyst) = tokens::create(&test.db, "analyst", Role::Analyst, None, None, "test")
        .await
        .unwrap();
    let (_, viewer) = tokens::create(&test.db, "viewer", Role::Viewer, None, None, "test")
        .await
        .unwrap();
    let (base, _server) = spawn_app(test.db.clone()).await;
    let client = reqwest::Client::builder()
        .default_headers(
            [(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {analyst}").parse().unwrap(),
            )]
            .into_iter()
            .collect(),
        )
        .build()
        .unwrap();
    let filter = r#"{"withinRegion":"620421","kind":["DP_ORGANIZATION"]}"#;
    let response = client
        .get(format!("{base}/export/organizations.csv"))
        .query(&[("filter", filter)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    let mut lines = body.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "名称,类型,所在区划代码,统一社会信用代码,上级组织,党派,党派组织层级,届次,本届起始日期,本届届满日期,企业性质,行业代码,重点企业,媒体层级,媒体类型,成立日期,办公电话,地址,版本（勿改）"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty());
    for row in &rows {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells[1], "民主党派组织", "{row}");
        assert!(cells[2].starts_with("620421"), "{row}");
    }
    let xlsx = client
        .get(format!("{base}/export/organizations.xlsx"))
        .query(&[("filter", filter)])
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let sheet = bulk::sheet::read(None, &xlsx.bytes().await.unwrap()).unwrap();
    assert_eq!(sheet.rows.len(), rows.len());

    let bad = client
        .get(format!("{base}/export/organizations.csv?filter=%7Bnope"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let template = client
        .get(format!("{base}/export/organizations/template.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(template.status(), 200);
    let sheet = bulk::sheet::read(None, &template.bytes().await.unwrap()).unwrap();
    assert_eq!(sheet.headers[0], "名称");
    assert_eq!(sheet.rows.len(), 1, "one example row");

    let anonymous = reqwest::Client::new();
    let refused = anonymous
        .get(format!("{base}/export/organizations.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401, "no token");
    let forbidden = anonymous
        .get(format!("{base}/export/organizations.csv"))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403, "VIEWER may not export");
    let forged = anonymous
        .get(format!("{base}/export/organizations.csv"))
        .bearer_auth("txn_forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
}

/// 10,000 organizations imported into SQLite, timed. Run it in release mode:
/// `cargo test --release --test it import_export::ten_thousand -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement, not a check; run it on purpose in release mode"]
async fn ten_thousand_organizations_import_in_seconds() {
    let test = TestDb::fresh().await;
    tongxin::seed::seed_demo(&test.db, &data_keys())
        .await
        .unwrap();
    let mut csv =
        String::from("名称,类型,所在区划代码,统一社会信用代码,企业性质,重点企业,成立日期,地址\n");
    let regions = ["620402", "620403", "620421", "620422", "620423"];
    for n in 0..10_000u32 {
        csv.push_str(&format!(
            "白银性能测试{n}号有限公司,企业,{},{},民营企业,否,2015-06-01,白银区测试路{n}号\n",
            regions[n as usize % regions.len()],
            credit_code(1_000_000 + n)
        ));
    }
    for (run, expect_created) in [("first", 10_000), ("re-run", 0)] {
        let started = std::time::Instant::now();
        let report = import(&test, RecordKind::Organizations, "big.csv", csv.as_bytes()).await;
        let elapsed = started.elapsed();
        assert!(
            report.errors.is_empty(),
            "{:?}",
            &report.errors[..report.errors.len().min(3)]
        );
        assert_eq!(report.created, expect_created);
        println!(
            "import of 10,000 organizations ({run}, {} bytes): {:.2} s; {report:?}",
            csv.len(),
            elapsed.as_secs_f64()
        );
    }
}

/// A valid resident ID number born 1990-01-01 in 靖远县, sequence `n` (odd: a man).
fn id_number(n: u32) -> String {
    let first17 = format!("62042119900101{n:03}");
    format!(
        "{first17}{}",
        tongxin::domain::validate::id_number::check_char(&first17).unwrap()
    )
}

#[tokio::test]
async fn every_kind_re_imports_its_own_export_unchanged() {
    let test = TestDb::seeded().await;
    for kind in RecordKind::ALL {
        let bytes = export(&test, &Viewer::system(), kind, None, ExportFormat::Csv).await;
        let report = import(&test, kind, "export.csv", &bytes).await;
        assert!(
            report.errors.is_empty(),
            "{kind:?}: {:?}",
            &report.errors[..report.errors.len().min(5)]
        );
        assert!(report.total > 0, "{kind:?}: the demo data has some");
        assert_eq!(
            (report.created, report.updated, report.unchanged),
            (0, 0, report.total),
            "{kind:?}"
        );
    }
}

#[tokio::test]
async fn people_import_by_id_number_and_exports_mask_for_analysts() {
    let test = TestDb::seeded().await;
    let csv = format!(
        "姓名,所属区划代码,公民身份号码,手机号码,民族,政治面貌,统战对象类别\n\
         王导入,620421,{a},+86 138-0000-0001,回族,群众,党外知识分子；少数民族人士\n\
         李导入,620421,{b},13800000002,01,九三学社社员,\n",
        a = id_number(11),
        b = id_number(13),
    );
    let first = import(&test, RecordKind::People, "people.csv", csv.as_bytes()).await;
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!(first.created, 2);
    let again = import(&test, RecordKind::People, "people.csv", csv.as_bytes()).await;
    assert_eq!(
        (again.created, again.updated, again.unchanged),
        (0, 0, 2),
        "{again:?}"
    );

    let analyst = Viewer {
        role: tongxin::auth::Role::Analyst,
        region_scope: None,
        subject: "analyst".into(),
    };
    let filter = r#"{"name":{"eq":"王导入"}}"#;
    let masked = export(
        &test,
        &analyst,
        RecordKind::People,
        Some(filter),
        ExportFormat::Csv,
    )
    .await;
    let text = String::from_utf8(masked.clone()).unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(
        row.contains("6****************1") || row.contains("6*****"),
        "{row}"
    );
    assert!(row.contains("138****0001"), "{row}");
    assert!(
        !row.contains("回族") && !row.contains("党外知识分子"),
        "sensitive omitted: {row}"
    );
    let full = export(
        &test,
        &Viewer::system(),
        RecordKind::People,
        Some(filter),
        ExportFormat::Csv,
    )
    .await;
    let full = String::from_utf8(full).unwrap();
    assert!(
        full.contains(&id_number(11)) && full.contains("回族"),
        "{full}"
    );

    let options = ImportOptions {
        kind: RecordKind::People,
        file_name: Some("masked.csv"),
        dry_run: false,
        confirm_rows: &[],
        as_of: None,
        expected_plan: None,
    };
    let refused = bulk::import(
        &test.db,
        &data_keys(),
        &Actor::system(),
        options,
        &masked,
        &|_, _| {},
    )
    .await
    .unwrap();
    assert!(!refused.written);
    assert!(
        refused
            .errors
            .iter()
            .any(|e| e.column.as_deref() == Some("公民身份号码") && e.code == "MASKED_VALUE"),
        "{:?}",
        refused.errors
    );
}

#[tokio::test]
async fn the_cli_imports_a_file_and_fails_when_rows_fail() {
    let test = TestDb::seeded().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "{HEADER}\n白银命令行导入有限公司,企业,620402,{},,\n",
            credit_code(900)
        ),
    )
    .unwrap();
    let before = organization_count(&test).await;
    let clerk = tongxin::cli::import_actor(&test.db, Some("李文".into()), None)
        .await
        .unwrap();
    assert!(
        tongxin::cli::import_actor(&test.db, None, None)
            .await
            .is_err(),
        "an import must name who runs it"
    );
    tongxin::cli::import(
        &test.db,
        &data_keys(),
        &clerk,
        &good,
        RecordKind::Organizations,
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        organization_count(&test).await,
        before,
        "a dry run writes nothing"
    );
    tongxin::cli::import(
        &test.db,
        &data_keys(),
        &clerk,
        &good,
        RecordKind::Organizations,
        false,
    )
    .await
    .unwrap();
    assert_eq!(organization_count(&test).await, before + 1);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{HEADER}\n,企业,620402,,,\n")).unwrap();
    let failed = tongxin::cli::import(
        &test.db,
        &data_keys(),
        &clerk,
        &bad,
        RecordKind::Organizations,
        false,
    )
    .await;
    assert!(failed.is_err(), "rows failed: a non-zero exit");

    // Every kind's template has its headers and one example row.
    for kind in RecordKind::ALL {
        let template = bulk::template_file(kind, ExportFormat::Xlsx).unwrap();
        let sheet = bulk::sheet::read(None, &template).unwrap();
        assert_eq!(sheet.rows.len(), 1, "{kind:?}");
    }
}

/// A GraphQL multipart request (the spec async-graphql follows): operations, map, one file.
fn multipart(boundary: &str, operations: &Value, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    let part = |body: &mut Vec<u8>, head: &str, content: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(
        &mut body,
        "Content-Disposition: form-data; name=\"operations\"",
        operations.to_string().as_bytes(),
    );
    part(
        &mut body,
        "Content-Disposition: form-data; name=\"map\"",
        br#"{"0":["variables.input.file"]}"#,
    );
    part(
        &mut body,
        "Content-Disposition: form-data; name=\"0\"; filename=\"orgs.csv\"\r\nContent-Type: text/csv",
        file,
    );
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn import_records_accepts_a_multipart_upload_larger_than_a_json_body() {
    use tongxin::auth::{Role, tokens};
    let test = TestDb::seeded().await;
    let (_, admin) = tokens::create(&test.db, "admin", Role::Admin, None, None, "test")
        .await
        .unwrap();
    let (base, _server) = spawn_app(test.db.clone()).await;
    let mut csv = format!(
        "{HEADER}\n白银上传导入有限公司,企业,620402,{},,\n",
        credit_code(700)
    );
    // Blank lines past the 2 MiB a JSON body may have: only uploads may be this large.
    csv.push_str(&"\n".repeat(3 * 1024 * 1024));
    let operations = json!({
        "query": IMPORT,
        "variables": { "input": { "kind": "ORGANIZATIONS", "file": null, "dryRun": false } }
    });
    let boundary = "tongxin-test-boundary";
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(&admin)
        // Multipart requests must carry a preflight header (CSRF, decision 0012).
        .header("graphql-preflight", "1")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(multipart(boundary, &operations, csv.as_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let result = &body["data"]["importRecords"]["result"];
    assert_eq!(result["created"], 1, "{body}");
    assert_eq!(result["written"], true, "{body}");
    assert!(
        result["requestId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );

    let too_big_json = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"query":"{{ __typename }}","x":"{}"}}"#,
            "a".repeat(3 * 1024 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(too_big_json.status(), 413);
}
