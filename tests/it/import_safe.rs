//! Imports that never lose or silently change stored data: stale rows (by version or by the
//! file's stated date), identity changes, deleted records and wrong matches are conflicts the
//! caller must confirm; the dry run's plan digest pins what the real run may do.

use std::io::{Seek, Write};

use async_graphql::UploadValue;
use chrono::{Duration, FixedOffset, Utc};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::region_code::RegionCode;
use tongxin::domain::validate::credit_code::{check_char, org_code_check_char};
use tongxin::service::audit::Actor;
use tongxin::service::bulk::{
    self, Action, ExportFormat, ExportRequest, ImportOptions, ImportReport, RecordKind, RowPlan,
};
use tongxin::service::people::People;
use tongxin::service::write::record;

use crate::helpers::{TestDb, data_keys};

const ORG_HEADER: &str = "名称,类型,所在区划代码,统一社会信用代码,办公电话,地址";
const PERSON_HEADER: &str = "姓名,所属区划代码,公民身份号码,手机号码,工作单位";

fn credit_code(n: u32) -> String {
    let body = format!("{n:08}");
    let org_check = org_code_check_char(&body).unwrap();
    let first17 = format!("91620402{body}{org_check}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

fn id_number(n: u32) -> String {
    let first17 = format!("62042119850203{n:03}");
    format!(
        "{first17}{}",
        tongxin::domain::validate::id_number::check_char(&first17).unwrap()
    )
}

#[derive(Default)]
struct Run<'a> {
    dry_run: bool,
    confirm: &'a [u32],
    as_of: Option<chrono::NaiveDate>,
    expected: Option<&'a str>,
}

async fn import_as(
    test: &TestDb,
    actor: &Actor,
    kind: RecordKind,
    csv: &str,
    run: Run<'_>,
) -> ImportReport {
    let options = ImportOptions {
        kind,
        file_name: Some("file.csv"),
        dry_run: run.dry_run,
        confirm_rows: run.confirm,
        as_of: run.as_of,
        expected_plan: run.expected,
    };
    bulk::import(
        &test.db,
        &data_keys(),
        actor,
        options,
        csv.as_bytes(),
        &|_, _| {},
    )
    .await
    .unwrap()
}

async fn import(test: &TestDb, kind: RecordKind, csv: &str, run: Run<'_>) -> ImportReport {
    import_as(test, &Actor::system(), kind, csv, run).await
}

fn row(report: &ImportReport, number: u32) -> &RowPlan {
    report
        .rows
        .iter()
        .find(|r| r.row == number)
        .unwrap_or_else(|| panic!("row {number} in the plan: {report:?}"))
}

fn change<'a>(plan: &'a RowPlan, column: &str) -> (Option<&'a str>, Option<&'a str>) {
    let change = plan
        .changes
        .iter()
        .find(|c| c.column == column)
        .unwrap_or_else(|| panic!("a change of {column}: {plan:?}"));
    (change.old.as_deref(), change.new.as_deref())
}

/// The organization's exported row (with its version column) as the system sees it.
async fn exported_org(test: &TestDb, name: &str) -> (String, String) {
    let keys = data_keys();
    let filter = json!({ "name": { "eq": name } }).to_string();
    let request = ExportRequest {
        viewer: &Viewer::system(),
        keys: &keys,
        request_id: None,
        kind: RecordKind::Organizations,
        filter: Some(&filter),
        format: ExportFormat::Csv,
    };
    let text = String::from_utf8(
        bulk::export(&test.db.clone().into(), request)
            .await
            .unwrap(),
    )
    .unwrap();
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .to_owned();
    (header, lines.next().unwrap().to_owned())
}

async fn org_phone(test: &TestDb, name: &str) -> Option<String> {
    use sea_orm::{ColumnTrait, QueryFilter};
    use tongxin::db::table::Table;
    entity::organization::Entity::live()
        .filter(entity::organization::Column::Name.eq(name))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .phone
}

fn with_cell(header: &str, row: &str, column: &str, value: &str) -> String {
    let position = header.split(',').position(|h| h == column).unwrap();
    let mut cells: Vec<&str> = row.split(',').collect();
    cells[position] = value;
    cells.join(",")
}

#[tokio::test]
async fn a_row_from_an_old_export_is_a_conflict_until_confirmed_and_the_plan_pins_the_run() {
    let test = TestDb::seeded().await;
    let code = credit_code(7_700_001);
    let created = import(
        &test,
        RecordKind::Organizations,
        &format!("{ORG_HEADER}\n版本测试有限公司,企业,620402,{code},0943-1111111,人民路 1 号\n"),
        Run::default(),
    )
    .await;
    assert_eq!(created.created, 1, "{created:?}");
    let (header, old_row) = exported_org(&test, "版本测试有限公司").await;
    assert!(header.ends_with(",版本（勿改）"), "{header}");

    // Someone corrects the phone after the export.
    let fix = import(
        &test,
        RecordKind::Organizations,
        &format!("{ORG_HEADER}\n版本测试有限公司,企业,620402,{code},0943-2222222,\n"),
        Run::default(),
    )
    .await;
    assert_eq!(fix.updated, 1, "{fix:?}");

    // The old file, with its address edited, comes back: the phone would be reverted.
    let stale = format!(
        "{header}\n{}\n",
        with_cell(&header, &old_row, "地址", "人民路 2 号")
    );
    let report = import(&test, RecordKind::Organizations, &stale, Run::default()).await;
    assert!(!report.written && report.errors.is_empty(), "{report:?}");
    assert_eq!((report.conflicts, report.updated), (1, 0), "{report:?}");
    let plan = row(&report, 2);
    assert_eq!(plan.action, Action::Conflict);
    assert_eq!(plan.conflict.as_ref().unwrap().code, "STALE_VERSION");
    assert!(plan.record.is_some(), "{plan:?}");
    assert_eq!(
        change(plan, "办公电话"),
        (Some("0943-2222222"), Some("0943-1111111")),
        "the stored and the file's value"
    );
    assert_eq!(
        org_phone(&test, "版本测试有限公司").await.as_deref(),
        Some("0943-2222222")
    );

    // The dry run with the row confirmed shows the update; the real run with its digest
    // applies it.
    let dry = import(
        &test,
        RecordKind::Organizations,
        &stale,
        Run {
            dry_run: true,
            confirm: &[2],
            ..Run::default()
        },
    )
    .await;
    assert_eq!(row(&dry, 2).action, Action::Update, "{dry:?}");
    assert_eq!(
        dry.plan_digest, report.plan_digest,
        "confirming does not change the plan"
    );
    // A different file under the same digest is refused.
    let other = stale.replace("人民路 2 号", "人民路 3 号");
    let refused = import(
        &test,
        RecordKind::Organizations,
        &other,
        Run {
            confirm: &[2],
            expected: Some(&dry.plan_digest),
            ..Run::default()
        },
    )
    .await;
    assert!(refused.plan_changed && !refused.written, "{refused:?}");
    let applied = import(
        &test,
        RecordKind::Organizations,
        &stale,
        Run {
            confirm: &[2],
            expected: Some(&dry.plan_digest),
            ..Run::default()
        },
    )
    .await;
    assert!(applied.written && !applied.plan_changed, "{applied:?}");
    assert_eq!(applied.updated, 1);
    assert_eq!(
        org_phone(&test, "版本测试有限公司").await.as_deref(),
        Some("0943-1111111"),
        "confirmed: the file's value"
    );
}

#[tokio::test]
async fn a_file_without_versions_does_not_overwrite_changes_made_after_its_date() {
    let test = TestDb::seeded().await;
    let code = credit_code(7_700_002);
    let csv = |phone: &str| format!("{ORG_HEADER}\n日期测试有限公司,企业,620402,{code},{phone},\n");
    let created = import(
        &test,
        RecordKind::Organizations,
        &csv("0943-1000000"),
        Run::default(),
    )
    .await;
    assert_eq!(created.created, 1, "{created:?}");
    let today = Utc::now()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    let yesterday = today - Duration::days(1);
    let old = import(
        &test,
        RecordKind::Organizations,
        &csv("0943-1999999"),
        Run {
            as_of: Some(yesterday),
            ..Run::default()
        },
    )
    .await;
    assert_eq!(old.conflicts, 1, "{old:?}");
    assert_eq!(
        row(&old, 2).conflict.as_ref().unwrap().code,
        "CHANGED_SINCE"
    );
    assert!(!old.written);
    let current = import(
        &test,
        RecordKind::Organizations,
        &csv("0943-1999999"),
        Run {
            as_of: Some(today),
            ..Run::default()
        },
    )
    .await;
    assert!(current.written && current.conflicts == 0, "{current:?}");
    assert_eq!(
        org_phone(&test, "日期测试有限公司").await.as_deref(),
        Some("0943-1999999")
    );
}

#[tokio::test]
async fn a_natural_key_match_with_another_name_or_county_needs_confirmation() {
    let test = TestDb::seeded().await;
    let id = id_number(901);
    let person = |name: &str, region: &str| {
        format!("{PERSON_HEADER}\n{name},{region},{id},13800009901,平川一中\n")
    };
    let created = import(
        &test,
        RecordKind::People,
        &person("王芳", "620403"),
        Run::default(),
    )
    .await;
    assert_eq!(created.created, 1, "{created:?}");

    let renamed = import(
        &test,
        RecordKind::People,
        &person("汪芳", "620403"),
        Run::default(),
    )
    .await;
    assert_eq!(renamed.conflicts, 1, "{renamed:?}");
    let plan = row(&renamed, 2);
    assert_eq!(plan.conflict.as_ref().unwrap().code, "NAME_MISMATCH");
    assert_eq!(change(plan, "姓名"), (Some("王芳"), Some("汪芳")));
    assert!(!renamed.written);

    let moved = import(
        &test,
        RecordKind::People,
        &person("王芳", "620421"),
        Run::default(),
    )
    .await;
    assert_eq!(moved.conflicts, 1, "{moved:?}");
    let conflict = row(&moved, 2).conflict.clone().unwrap();
    assert_eq!(conflict.code, "COUNTY_MISMATCH");
    assert!(
        conflict.zh.contains("620403") && conflict.zh.contains("620421"),
        "{conflict:?}"
    );

    let confirmed = import(
        &test,
        RecordKind::People,
        &person("汪芳", "620403"),
        Run {
            confirm: &[2],
            ..Run::default()
        },
    )
    .await;
    assert!(confirmed.written, "{confirmed:?}");
    assert_eq!((confirmed.updated, confirmed.conflicts), (1, 0));
    let again = import(
        &test,
        RecordKind::People,
        &person("汪芳", "620403"),
        Run::default(),
    )
    .await;
    assert_eq!(
        again.unchanged, 1,
        "the confirmed name is stored: {again:?}"
    );
}

#[tokio::test]
async fn a_deleted_record_is_named_and_restored_only_when_confirmed_by_its_writer() {
    let test = TestDb::seeded().await;
    let id = id_number(903);
    let csv = |unit: &str| format!("{PERSON_HEADER}\n李删除,620403,{id},,{unit}\n");
    let created = import(&test, RecordKind::People, &csv("旧单位"), Run::default()).await;
    assert_eq!(created.created, 1, "{created:?}");
    let again = import(&test, RecordKind::People, &csv("旧单位"), Run::default()).await;
    assert_eq!(again.unchanged, 1);
    // Find the person's global id through an update row's plan.
    let probe = import(
        &test,
        RecordKind::People,
        &csv("探测单位"),
        Run {
            dry_run: true,
            ..Run::default()
        },
    )
    .await;
    let global = row(&probe, 2).record.clone().unwrap();
    let person = tongxin::ids::decode_int(&async_graphql::ID(global.clone()), "Person").unwrap();
    let version = {
        use sea_orm::EntityTrait;
        entity::person::Entity::find_by_id(person)
            .one(&test.db)
            .await
            .unwrap()
            .unwrap()
            .version
    };
    record::delete::<People, _>(&test.db, &Actor::system(), person, version, true)
        .await
        .unwrap();

    // Another county's editor learns nothing about it.
    let jingyuan = Actor {
        viewer: Viewer {
            role: Role::Editor,
            region_scope: Some(RegionCode::parse("620421").unwrap()),
            subject: "jingyuan".into(),
        },
        request_id: None,
    };
    let foreign = import_as(
        &test,
        &jingyuan,
        RecordKind::People,
        &csv("新单位"),
        Run::default(),
    )
    .await;
    let plan = row(&foreign, 2);
    assert_eq!(plan.action, Action::Failed, "{foreign:?}");
    assert!(plan.record.is_none() && plan.conflict.is_none() && plan.changes.is_empty());
    assert!(
        foreign.errors.iter().all(|e| e.code != "RECORD_DELETED"),
        "{foreign:?}"
    );

    let told = import(&test, RecordKind::People, &csv("新单位"), Run::default()).await;
    let plan = row(&told, 2);
    assert_eq!(plan.action, Action::Conflict, "{told:?}");
    assert_eq!(plan.conflict.as_ref().unwrap().code, "RECORD_DELETED");
    assert_eq!(plan.record.as_deref(), Some(global.as_str()));
    assert!(told.errors.is_empty() && !told.written, "{told:?}");

    let restored = import(
        &test,
        RecordKind::People,
        &csv("新单位"),
        Run {
            confirm: &[2],
            ..Run::default()
        },
    )
    .await;
    assert!(restored.written, "{restored:?}");
    assert_eq!(row(&restored, 2).action, Action::Restore);
    let person = {
        use sea_orm::EntityTrait;
        entity::person::Entity::find_by_id(person)
            .one(&test.db)
            .await
            .unwrap()
            .unwrap()
    };
    assert!(person.deleted_at.is_none());
    assert_eq!(person.work_unit.as_deref(), Some("新单位"));
}

#[tokio::test]
async fn a_row_without_a_credit_code_never_matches_an_organization_with_one() {
    let test = TestDb::seeded().await;
    let code = credit_code(7_700_004);
    let created = import(
        &test,
        RecordKind::Organizations,
        &format!("{ORG_HEADER}\n有码测试有限公司,企业,620402,{code},0943-4000000,\n"),
        Run::default(),
    )
    .await;
    assert_eq!(created.created, 1, "{created:?}");
    let without = import(
        &test,
        RecordKind::Organizations,
        &format!("{ORG_HEADER}\n有码测试有限公司,企业,620402,,0943-4999999,\n"),
        Run::default(),
    )
    .await;
    assert!(
        without.rows.iter().all(|r| r.action != Action::Update),
        "{without:?}"
    );
    assert!(!without.written || without.created == 1, "{without:?}");
    assert_eq!(
        org_phone(&test, "有码测试有限公司").await.as_deref(),
        Some("0943-4000000"),
        "the organization with a code keeps its phone"
    );

    // One firm with and without its code in one file: a specific error, nothing written.
    let mixed = import(
        &test,
        RecordKind::Organizations,
        &format!(
            "{ORG_HEADER}\n混合测试有限公司,企业,620402,{},,\n混合测试有限公司,企业,620402,,0943-5000000,\n",
            credit_code(7_700_005)
        ),
        Run::default(),
    )
    .await;
    assert!(!mixed.written);
    let error = mixed.errors.iter().find(|e| e.row == 3).unwrap();
    assert_eq!(error.code, "MIXED_KEYS", "{mixed:?}");
    assert!(error.zh.contains("第 2 行"), "{error:?}");
    assert!(mixed.errors.iter().all(|e| e.code != "VERSION_CONFLICT"));
}

const IMPORT: &str = r#"mutation($input: ImportRecordsInput!) { importRecords(input: $input) { result {
  total created updated unchanged failed conflicts written planDigest
  rows { row action record label changes { column old new } conflict { code message } }
  errors { row column code message } } } }"#;

async fn upload(test: &TestDb, csv: &str, input: Value) -> Value {
    let schema = test.schema();
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(csv.as_bytes()).unwrap();
    file.rewind().unwrap();
    let mut input = input;
    input["kind"] = json!("PEOPLE");
    input["file"] = Value::Null;
    let variables = json!({ "input": input });
    let mut request = async_graphql::Request::new(IMPORT)
        .variables(async_graphql::Variables::from_json(variables));
    request.set_upload(
        "variables.input.file",
        UploadValue {
            filename: "people.csv".to_owned(),
            content_type: None,
            content: file,
        },
    );
    let request = tongxin::graphql::prepare(request, &schema.db, Viewer::system());
    serde_json::to_value(tongxin::graphql::execute(&schema.schema, request).await).unwrap()
}

#[tokio::test]
async fn graphql_shows_the_plan_and_applies_exactly_the_confirmed_dry_run() {
    let test = TestDb::seeded().await;
    let id = id_number(905);
    let first = format!("{PERSON_HEADER}\n张计划,620403,{id},13800009905,甲单位\n");
    let created = upload(&test, &first, json!({})).await;
    assert_eq!(
        created["data"]["importRecords"]["result"]["created"], 1,
        "{created}"
    );
    let create_row = &created["data"]["importRecords"]["result"]["rows"][0];
    assert_eq!(create_row["action"], "CREATE", "{created}");
    assert_eq!(create_row["label"], "张计划");

    let renamed = format!("{PERSON_HEADER}\n章计划,620403,{id},13800009905,乙单位\n");
    let dry = upload(&test, &renamed, json!({ "dryRun": true })).await;
    let result = &dry["data"]["importRecords"]["result"];
    assert_eq!(result["conflicts"], 1, "{dry}");
    let plan = &result["rows"][0];
    assert_eq!(plan["action"], "CONFLICT");
    assert_eq!(plan["conflict"]["code"], "NAME_MISMATCH");
    assert!(plan["record"].is_string());
    assert!(
        plan["conflict"]["message"]
            .as_str()
            .unwrap()
            .contains("张计划"),
        "a Chinese message: {plan}"
    );
    let changes = plan["changes"].as_array().unwrap();
    assert!(
        changes.contains(&json!({ "column": "工作单位", "old": "甲单位", "new": "乙单位" })),
        "{changes:?}"
    );
    let digest = result["planDigest"].as_str().unwrap().to_owned();

    // Unconfirmed, the real run writes nothing.
    let unconfirmed = upload(&test, &renamed, json!({ "expectedPlan": digest })).await;
    assert_eq!(
        unconfirmed["data"]["importRecords"]["result"]["written"], false,
        "{unconfirmed}"
    );
    // Another file under the reviewed digest: PLAN_CHANGED.
    let other = renamed.replace("乙单位", "丙单位");
    let changed = upload(
        &test,
        &other,
        json!({ "confirmRows": [2], "expectedPlan": digest }),
    )
    .await;
    assert_eq!(
        changed["errors"][0]["extensions"]["code"], "PLAN_CHANGED",
        "{changed}"
    );
    let applied = upload(
        &test,
        &renamed,
        json!({ "confirmRows": [2], "expectedPlan": digest }),
    )
    .await;
    let result = &applied["data"]["importRecords"]["result"];
    assert_eq!(result["written"], true, "{applied}");
    assert_eq!(result["rows"][0]["action"], "UPDATE");
    let again = upload(
        &test,
        &renamed,
        json!({ "asOf": "2020-01-01", "dryRun": true }),
    )
    .await;
    assert_eq!(
        again["data"]["importRecords"]["result"]["unchanged"], 1,
        "{again}"
    );
    assert_eq!(again["data"]["importRecords"]["result"]["rows"], json!([]));
}
