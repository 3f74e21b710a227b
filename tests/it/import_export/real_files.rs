//! Spreadsheets as county offices make them: title rows, synonyms and extra columns, total and
//! signature rows, full-width digits, Excel serial dates, common spellings, merged cells, a
//! second sheet, GBK CSV, place names for region codes; errors a clerk can act on; the
//! annotated workbook.

use rust_xlsxwriter::{Format, Workbook};
use sea_orm::{ConnectionTrait, Statement};
use tongxin::auth::Viewer;
use tongxin::service::audit::Actor;
use tongxin::service::bulk::{self, ImportOptions, ImportReport, RecordKind, RowError, sheet};

use super::{export, id_number};
use crate::helpers::{TestDb, data_keys};

async fn try_import(
    test: &TestDb,
    name: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, tongxin::error::AppError> {
    let options = ImportOptions {
        kind: RecordKind::People,
        file_name: Some(name),
        dry_run,
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
}

/// The people as an unmasked export reads them, by name: (region, ID number, cells by header).
async fn exported_people(test: &TestDb) -> Vec<std::collections::HashMap<String, String>> {
    let bytes = export(
        test,
        &Viewer::system(),
        RecordKind::People,
        None,
        bulk::ExportFormat::Csv,
    )
    .await;
    let sheet = sheet::read(Some("p.csv"), &bytes).unwrap();
    sheet
        .rows
        .iter()
        .map(|row| {
            sheet
                .headers
                .iter()
                .cloned()
                .zip(row.cells.iter().cloned())
                .collect()
        })
        .collect()
}

fn person<'a>(
    people: &'a [std::collections::HashMap<String, String>],
    name: &str,
) -> &'a std::collections::HashMap<String, String> {
    people
        .iter()
        .find(|p| p["姓名"] == name)
        .unwrap_or_else(|| panic!("{name} was imported"))
}

fn find<'a>(messages: &'a [RowError], row: u32, code: &str) -> &'a RowError {
    messages
        .iter()
        .find(|e| e.row == row && e.code == code)
        .unwrap_or_else(|| panic!("row {row} {code} in {messages:#?}"))
}

/// A 15-digit legacy number born 1990-01-01 in 靖远县 and its 18-digit form.
fn legacy_id(n: u32) -> (String, String) {
    (format!("620421900101{n:03}"), id_number(n))
}

/// A county workbook: a merged title row and a blank row above the header, synonyms, extra
/// columns, a 工作单位 merged down over four rows, total and signature rows, a second sheet.
fn county_workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let plain = Format::new();
    let first = workbook.add_worksheet();
    first.set_name("一月").unwrap();
    first
        .merge_range(0, 0, 0, 12, "白银市平川区统战对象名册", &plain)
        .unwrap();
    let header = [
        "序号",
        "姓 名",
        "性别",
        "身份证号*",
        "联系\n电话",
        "所属区划",
        "民族",
        "政治面貌",
        "统战对象类别",
        "工作单位",
        "代表人士",
        "出生日期",
        "备注",
    ];
    for (c, text) in header.iter().enumerate() {
        first.write_string(2, c as u16, *text).unwrap();
    }
    let (legacy, _) = legacy_id(31);
    let rows: [[&str; 13]; 4] = [
        [
            "1",
            "甲真实",
            "男性",
            &id_number(21),
            "138 0000 0021",
            "平川区水泉镇",
            "汉",
            "党员",
            "无党派人士、党外知识分子",
            "",
            "√",
            "19900101",
            "",
        ],
        [
            "2",
            "乙真实",
            "F",
            &id_number(22),
            "１３８００００００２２",
            "６２０４０３",
            "回",
            "民盟",
            "党外知识分子",
            "",
            "无",
            "",
            "调入",
        ],
        [
            "3",
            "丙真实",
            "M",
            &legacy,
            "",
            "620403",
            "汉族",
            "团员",
            "",
            "",
            "否",
            "",
            "",
        ],
        [
            "4",
            "丁真实",
            "女性",
            &id_number(24),
            "",
            "620403",
            "01",
            "预备党员",
            "",
            "",
            "",
            "1990年1月1日",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                first.write_string(3 + r as u32, c as u16, *text).unwrap();
            }
        }
    }
    // 出生日期 as Excel's serial day number in a General cell.
    first.write_number(4, 11, 32874.0).unwrap();
    first
        .merge_range(3, 9, 6, 9, "平川区第一中学", &plain)
        .unwrap();
    first.merge_range(7, 0, 7, 2, "合计：4人", &plain).unwrap();
    first
        .write_string(8, 0, "填表人：张三      审核人：李四")
        .unwrap();
    let second = workbook.add_worksheet();
    second.set_name("二月").unwrap();
    for (c, text) in ["姓名", "身份证号码", "所属区划代码", "工作单位"]
        .iter()
        .enumerate()
    {
        second.write_string(0, c as u16, *text).unwrap();
    }
    for (c, text) in ["戊真实", id_number(25).as_str(), "620403", "水泉镇卫生院"]
        .iter()
        .enumerate()
    {
        second.write_string(1, c as u16, *text).unwrap();
    }
    let notes = workbook.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "本表由平川区统战部汇总").unwrap();
    workbook.save_to_buffer().unwrap()
}

#[tokio::test]
async fn a_county_workbook_imports_every_row_of_every_sheet() {
    let test = TestDb::seeded().await;
    let bytes = county_workbook();
    let report = try_import(&test, "名册.xlsx", &bytes, false).await.unwrap();
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!((report.total, report.created), (5, 5), "{report:?}");
    assert!(report.written);

    // What was skipped or changed is reported, with its sheet and row.
    let ignored = find(&report.warnings, 3, "IGNORED_COLUMN");
    assert!(ignored.zh.contains("序号、备注"), "{}", ignored.zh);
    assert_eq!(ignored.sheet.as_deref(), Some("一月"));
    assert!(find(&report.warnings, 8, "IGNORED_ROW").zh.contains("合计"));
    assert!(
        find(&report.warnings, 9, "IGNORED_ROW")
            .zh
            .contains("填表人")
    );
    let (_, converted) = legacy_id(31);
    let legacy = find(&report.warnings, 6, "ID_NUMBER_LEGACY_15");
    assert!(legacy.zh.contains(&converted), "{}", legacy.zh);
    assert_eq!(legacy.column.as_deref(), Some("公民身份号码"));

    let people = exported_people(&test).await;
    let jia = person(&people, "甲真实");
    assert_eq!(jia["所属区划代码"], "620403101000", "平川区水泉镇 by name");
    assert_eq!(jia["性别"], "男");
    assert_eq!(jia["民族"], "汉族");
    assert_eq!(jia["政治面貌"], "中共党员");
    assert_eq!(jia["代表人士"], "是");
    assert_eq!(jia["手机号码"], "13800000021");
    assert_eq!(jia["出生日期"], "1990-01-01");
    assert!(jia["统战对象类别"].contains("无党派人士"));
    assert!(jia["统战对象类别"].contains("党外知识分子"));
    let yi = person(&people, "乙真实");
    assert_eq!(yi["所属区划代码"], "620403000000", "full-width digits");
    assert_eq!(yi["手机号码"], "13800000022");
    assert_eq!(yi["政治面貌"], "民盟盟员");
    assert_eq!(yi["民族"], "回族");
    assert_eq!(yi["性别"], "女");
    assert_eq!(yi["出生日期"], "1990-01-01", "Excel serial date");
    let bing = person(&people, "丙真实");
    assert_eq!(bing["公民身份号码"], converted);
    assert_eq!(bing["政治面貌"], "共青团员");
    assert_eq!(person(&people, "丁真实")["政治面貌"], "中共预备党员");
    // The merged 工作单位 belongs to all four people it covers.
    for name in ["甲真实", "乙真实", "丙真实", "丁真实"] {
        assert_eq!(
            person(&people, name)["工作单位"],
            "平川区第一中学",
            "{name}"
        );
    }
    // The second sheet's row is read too.
    assert_eq!(person(&people, "戊真实")["工作单位"], "水泉镇卫生院");

    // Re-importing the same file changes nothing.
    let again = try_import(&test, "名册.xlsx", &bytes, false).await.unwrap();
    assert_eq!((again.unchanged, again.created), (5, 0), "{again:?}");
}

#[tokio::test]
async fn a_sheet_lacking_required_columns_beside_a_complete_one_is_refused_by_name() {
    let test = TestDb::seeded().await;
    let mut workbook = Workbook::new();
    let a = workbook.add_worksheet();
    a.set_name("名册").unwrap();
    for (c, text) in ["姓名", "身份证号", "所属区划代码"].iter().enumerate() {
        a.write_string(0, c as u16, *text).unwrap();
    }
    let b = workbook.add_worksheet();
    b.set_name("汇总").unwrap();
    for (c, text) in ["姓名", "工作单位", "职务"].iter().enumerate() {
        b.write_string(0, c as u16, *text).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let err = try_import(&test, "x.xlsx", &bytes, true).await.unwrap_err();
    let message = err.to_string();
    assert_eq!(err.code(), "BAD_USER_INPUT", "{message}");
    assert!(
        message.contains("“汇总”") && message.contains("“名册”"),
        "{message}"
    );
}

/// A village name that more than one township has (the ambiguity case).
async fn shared_village_name(test: &TestDb) -> String {
    let sql = "SELECT name FROM region WHERE deleted_at IS NULL GROUP BY name HAVING COUNT(*) > 1 ORDER BY name";
    let row = test
        .db
        .query_one_raw(Statement::from_string(test.db.get_database_backend(), sql))
        .await
        .unwrap()
        .expect("the seeded regions repeat some village name");
    row.try_get_by_index::<String>(0).unwrap()
}

#[tokio::test]
async fn every_problem_is_said_in_chinese_in_one_pass_and_annotated() {
    let test = TestDb::seeded().await;
    let shared = shared_village_name(&test).await;
    let good = id_number(41);
    let wrong_check = {
        let mut s = id_number(42);
        let last = s.pop().unwrap();
        s.push(if last == '1' { '2' } else { '1' });
        s
    };
    let expected_check = id_number(42).chars().last().unwrap();
    let csv = format!(
        "白银市平川区统战对象名册\n\
         ,,,,\n\
         姓名,身份证号,联系电话,手机号,所属区划\n\
         好人,{good},13800000041,,620403\n\
         校验,{wrong_check},,,620403\n\
         短号,62042119900101,,,620403\n\
         科学,6.20403E+17,,,620403\n\
         省码,{bad_province},,,620403\n\
         日期,620421199002301234,,,620403\n\
         电话,{id43},1380000004,,620403\n\
         重名,{id44},,,{shared}\n\
         无名,{id45},,,火星镇\n\
         合计,9人,,,\n",
        bad_province = "990421199001010010",
        id43 = id_number(43),
        id44 = id_number(44),
        id45 = id_number(45),
    );
    // Saved by Chinese Excel as "CSV": GBK.
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&csv);
    assert!(!unmappable);
    let before = exported_people(&test).await.len();
    let report = try_import(&test, "名册.csv", &gbk, false).await.unwrap();
    assert!(!report.written);
    assert_eq!(
        exported_people(&test).await.len(),
        before,
        "nothing written"
    );

    // The header problem (two phone columns) is reported on the header's row …
    let duplicate = find(&report.errors, 3, "DUPLICATE_COLUMN");
    assert!(duplicate.zh.contains("手机号码"), "{}", duplicate.zh);
    // … and does not hide the rows' own problems.
    let check = find(&report.errors, 5, "ID_NUMBER_CHECKSUM");
    assert!(
        check.zh.contains(&format!("应为“{expected_check}”")),
        "{}",
        check.zh
    );
    assert!(
        find(&report.errors, 6, "ID_NUMBER_FORMAT")
            .zh
            .contains("这里是 14 位")
    );
    assert!(
        find(&report.errors, 7, "NUMBER_PRECISION")
            .zh
            .contains("科学计数法")
    );
    assert!(
        find(&report.errors, 8, "ID_NUMBER_PROVINCE")
            .zh
            .contains("“99”")
    );
    assert!(
        find(&report.errors, 9, "ID_NUMBER_BIRTH_DATE")
            .zh
            .contains("19900230")
    );
    assert!(
        find(&report.errors, 10, "PHONE_FORMAT")
            .zh
            .contains("10 位")
    );
    let ambiguous = find(&report.errors, 11, "AMBIGUOUS_REGION");
    assert!(
        ambiguous.zh.contains(&shared) && ambiguous.zh.contains("（6204"),
        "{}",
        ambiguous.zh
    );
    assert!(
        find(&report.errors, 12, "REGION_NOT_FOUND")
            .zh
            .contains("火星镇")
    );
    assert!(!report.errors.iter().any(|e| e.row == 4), "row 4 is fine");
    assert!(
        !report.errors.iter().any(|e| e.row == 13),
        "the total row is skipped"
    );
    let fields: Vec<&str> = bulk::export::columns_of(RecordKind::People)
        .iter()
        .map(|c| c.field)
        .collect();
    for error in &report.errors {
        assert!(
            !fields.iter().any(|f| error.zh.contains(f)),
            "no English field names in Chinese text: {error:?}"
        );
    }

    // The annotated workbook: the caller's rows, the bad cell's problem in 错误说明.
    let annotated = bulk::annotate(&gbk, &report).unwrap();
    let grids = sheet::grids(None, &annotated).unwrap();
    let data = &grids[0];
    let header_note = &data.rows[2].cells[5];
    assert!(
        header_note.starts_with(bulk::annotate::EXPLANATION) && header_note.contains("手机号"),
        "{header_note}"
    );
    assert_eq!(data.rows[4].cells[0], "校验");
    assert!(
        data.rows[4].cells[5].starts_with("【公民身份号码】")
            && data.rows[4].cells[5].contains("按前 17 位计算"),
        "{:?}",
        data.rows[4].cells
    );
    assert!(data.rows[3].cells.get(5).is_none_or(String::is_empty));
}

#[test]
fn service_messages_name_the_column_not_the_field() {
    let columns = bulk::export::columns_of(RecordKind::People);
    let error = tongxin::error::FieldError::new(
        &["input", "idNumber"],
        tongxin::error::UserErrorCode::Duplicate,
        "",
        "idNumber 与第 3 行相同",
    );
    let row = RowError::from_field(7, columns, error);
    assert_eq!(row.column.as_deref(), Some("公民身份号码"));
    assert_eq!(row.zh, "公民身份号码已被使用：“公民身份号码” 与第 3 行相同");
}

#[test]
fn the_template_lists_spellings_and_offers_drop_down_lists() {
    let regions = vec![("620403101000".to_owned(), "白银市平川区水泉镇".to_owned())];
    let bytes = bulk::export::template_file_with_regions(
        RecordKind::People,
        bulk::ExportFormat::Xlsx,
        &regions,
    )
    .unwrap();
    let grids = sheet::grids(None, &bytes).unwrap();
    let names: Vec<&str> = grids.iter().filter_map(|g| g.name.as_deref()).collect();
    assert_eq!(names, ["人员", "填写说明", sheet::CHOICES_SHEET]);
    let notes: Vec<String> = grids[1].rows.iter().map(|r| r.cells.join("|")).collect();
    let says = |text: &str| notes.iter().any(|line| line.contains(text));
    assert!(says("公民身份号码|是|"), "{notes:#?}");
    assert!(says("身份证号、身份证号码"), "header synonyms: {notes:#?}");
    assert!(says("常见写法：党员||读作“中共党员”"), "{notes:#?}");
    assert!(says("平川区水泉镇"), "place names: {notes:#?}");
    assert!(
        says("批注工作簿"),
        "the page and the annotated workbook: {notes:#?}"
    );
    assert!(says("保留 7 天"), "how long an upload is kept: {notes:#?}");
    let lists = &grids[2];
    let column = |title: &str| {
        let index = lists.rows[0]
            .cells
            .iter()
            .position(|c| c == &format!("{title}（可选值）"))
            .unwrap_or_else(|| panic!("{title} list"));
        lists
            .rows
            .iter()
            .skip(1)
            .filter_map(|r| r.cells.get(index).filter(|c| !c.is_empty()).cloned())
            .collect::<Vec<_>>()
    };
    assert_eq!(column("性别"), ["男", "女"]);
    assert_eq!(column("代表人士"), ["是", "否"]);
    assert_eq!(column("民族").len(), 56);
    assert!(column("政治面貌").contains(&"民盟盟员".to_owned()));
    assert_eq!(column("所属区划代码"), ["620403101000 白银市平川区水泉镇"]);
    // The template's own extra sheets never look like data to the import.
    let columns = bulk::export::columns_of(RecordKind::People);
    let read = sheet::read_for(Some("t.xlsx"), &bytes, columns).unwrap();
    assert_eq!(read.rows.len(), 1, "only the example row");
}

#[tokio::test]
async fn a_drop_down_region_value_imports_as_its_code() {
    let test = TestDb::seeded().await;
    let csv = format!(
        "姓名,公民身份号码,所属区划代码\n己真实,{},620403101000 白银市平川区水泉镇\n",
        id_number(51)
    );
    let report = try_import(&test, "p.csv", csv.as_bytes(), false)
        .await
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let people = exported_people(&test).await;
    assert_eq!(person(&people, "己真实")["所属区划代码"], "620403101000");
}

#[tokio::test]
async fn graphql_reports_warnings_and_sheets() {
    use std::io::{Seek, Write};
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let query = r#"mutation($input: ImportRecordsInput!) { importRecords(input: $input) { result {
      created errors { row sheet column code message } warnings { row sheet column code message } } } }"#;
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(&county_workbook()).unwrap();
    file.rewind().unwrap();
    let variables =
        serde_json::json!({ "input": { "kind": "PEOPLE", "file": null, "dryRun": true } });
    let mut request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables));
    request.set_upload(
        "variables.input.file",
        async_graphql::UploadValue {
            filename: "名册.xlsx".to_owned(),
            content_type: None,
            content: file,
        },
    );
    let request = tongxin::graphql::prepare(request, &schema.db, Viewer::system());
    let value =
        serde_json::to_value(tongxin::graphql::execute(&schema.schema, request).await).unwrap();
    let result = &value["data"]["importRecords"]["result"];
    assert_eq!(result["created"], 5, "{value}");
    let warnings = result["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["code"] == "IGNORED_ROW"
            && w["sheet"] == "一月"
            && w["row"] == 8
            && w["message"].as_str().unwrap().contains("合计")),
        "{value}"
    );
}

/// Reading and annotating a 50,000-row county workbook (title row, merged cells, a footer):
/// `cargo test --release --test it real_files::fifty_thousand -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check; run it on purpose in release mode"]
fn fifty_thousand_rows_are_read_and_annotated() {
    const ROWS: u32 = 50_000;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 5, "白银市平川区统战对象名册", &Format::new())
        .unwrap();
    for (c, text) in [
        "序号",
        "姓名",
        "身份证号",
        "联系电话",
        "所属区划",
        "工作单位",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *text).unwrap();
    }
    for n in 0..ROWS {
        let r = n + 2;
        sheet.write_number(r, 0, f64::from(n + 1)).unwrap();
        sheet.write_string(r, 1, format!("人{n}")).unwrap();
        sheet.write_string(r, 2, id_number(n % 1000)).unwrap();
        sheet.write_string(r, 3, "1380000000").unwrap();
        sheet.write_string(r, 4, "620403").unwrap();
        if n % 4 == 0 {
            sheet
                .merge_range(r, 5, r + 3, 5, "平川区第一中学", &Format::new())
                .unwrap();
        }
    }
    sheet.write_string(ROWS + 2, 0, "合计").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let columns = bulk::export::columns_of(RecordKind::People);
    let started = std::time::Instant::now();
    let read = sheet::read_for(Some("big.xlsx"), &bytes, columns).unwrap();
    let reading = started.elapsed();
    assert_eq!(read.rows.len(), ROWS as usize);
    assert!(read.rows.iter().all(|r| r.cells[5] == "平川区第一中学"));
    let mut report = ImportReport::default();
    for row in &read.rows {
        report.errors.push(RowError::new(
            row.number,
            Some("手机号码"),
            tongxin::error::UserErrorCode::PhoneFormat,
            "a mobile number has 11 digits; this one has 10",
            "手机号码应为 11 位，这里是 10 位",
        ));
    }
    let started = std::time::Instant::now();
    let annotated = bulk::annotate(&bytes, &report).unwrap();
    let annotating = started.elapsed();
    let grids = sheet::grids(None, &annotated).unwrap();
    assert_eq!(grids[1].name.as_deref(), Some(bulk::annotate::SUMMARY));
    println!(
        "{ROWS} rows: {} KiB xlsx read in {reading:.2?}; annotated ({} KiB, {} errors) in {annotating:.2?}",
        bytes.len() / 1024,
        annotated.len() / 1024,
        report.errors.len()
    );
}

/// The regions on the template's 可选值 sheet, as downloaded with `token`.
async fn template_regions(base: &str, token: Option<&str>) -> Vec<String> {
    let mut request = reqwest::Client::new().get(format!("{base}/export/people/template.xlsx"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    let grids = sheet::grids(None, &response.bytes().await.unwrap()).unwrap();
    let Some(lists) = grids
        .iter()
        .find(|g| g.name.as_deref() == Some(sheet::CHOICES_SHEET))
    else {
        return Vec::new();
    };
    let Some(index) = lists.rows[0]
        .cells
        .iter()
        .position(|c| c == "所属区划代码（可选值）")
    else {
        return Vec::new();
    };
    lists
        .rows
        .iter()
        .skip(1)
        .filter_map(|r| r.cells.get(index).filter(|c| !c.is_empty()).cloned())
        .collect()
}

#[tokio::test]
async fn the_template_offers_an_editor_the_regions_it_may_write() {
    use tongxin::auth::{Role, tokens};
    use tongxin::domain::region_code::RegionCode;
    let test = TestDb::seeded().await;
    let pingchuan = RegionCode::parse("620403").unwrap();
    let (_, editor) = tokens::create(
        &test.db,
        "editor",
        Role::Editor,
        Some(&pingchuan),
        None,
        "test",
    )
    .await
    .unwrap();
    let (_, analyst) = tokens::create(&test.db, "analyst", Role::Analyst, None, None, "test")
        .await
        .unwrap();
    let (base, _server) = crate::helpers::spawn_app(test.db.clone()).await;
    let regions = template_regions(&base, Some(&editor)).await;
    assert!(
        regions.contains(&"620403101000 白银市平川区水泉镇".to_owned()),
        "{regions:?}"
    );
    assert!(
        regions.iter().all(|r| r.starts_with("620403")),
        "{regions:?}"
    );
    assert!(
        template_regions(&base, Some(&analyst)).await.is_empty(),
        "may not import"
    );
    assert!(template_regions(&base, None).await.is_empty(), "anonymous");
}
