//! Imports as background jobs: started by `importRecords`, followed with `importJob`,
//! `importJobs` and the `importJobProgress` subscription, cancellable, attributed to the
//! caller, visible only to them and ADMINs, and all-or-nothing even when written in short
//! transactions, while other editors keep writing.

use std::io::{Seek, Write};
use std::time::{Duration, Instant};

use async_graphql::UploadValue;
use futures_util::StreamExt;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::region_code::RegionCode;
use tongxin::domain::validate::credit_code::{check_char, org_code_check_char};

use crate::helpers::{TestDb, TestSchema, execute};

const HEADER: &str = "名称,类型,所在区划代码,统一社会信用代码,上级组织,成立日期";

const START: &str = r#"mutation($input: ImportRecordsInput!) { importRecords(input: $input) {
  job { id status startedBy startedByRole dryRun kind }
  result { total created written errors { row code } } } }"#;

const JOB: &str = r#"query($id: ID!) { importJob(id: $id) {
  id status fileName startedBy progress { done total }
  counts { created updated unchanged conflicts failed }
  errors { row column code message } failure { code message }
  result { total created written requestId } } }"#;

/// A valid unified social credit code registered in 白银区, numbered `n`.
fn credit_code(n: u32) -> String {
    let body = format!("{n:08}");
    let org_check = org_code_check_char(&body).unwrap();
    let first17 = format!("91620402{body}{org_check}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

/// `rows` new enterprises of 白银区, numbered from `from`.
fn organizations(from: u32, rows: u32) -> String {
    let mut csv = format!("{HEADER}\n");
    for n in from..from + rows {
        csv.push_str(&format!(
            "白银作业导入第{n}有限公司,企业,620402,{},,\n",
            credit_code(n)
        ));
    }
    csv
}

pub fn admin() -> Viewer {
    Viewer {
        role: Role::Admin,
        region_scope: None,
        subject: "导入管理员".into(),
    }
}

fn editor(name: &str, region: &str) -> Viewer {
    Viewer {
        role: Role::Editor,
        region_scope: Some(RegionCode::parse(region).unwrap()),
        subject: name.into(),
    }
}

async fn start(
    schema: &TestSchema,
    csv: &str,
    dry_run: bool,
    wait_seconds: i32,
    viewer: Viewer,
) -> Value {
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(csv.as_bytes()).unwrap();
    file.rewind().unwrap();
    let variables = json!({ "input": {
        "kind": "ORGANIZATIONS", "file": null, "dryRun": dry_run, "waitSeconds": wait_seconds
    } });
    let mut request = async_graphql::Request::new(START)
        .variables(async_graphql::Variables::from_json(variables));
    request.set_upload(
        "variables.input.file",
        UploadValue {
            filename: "组织.csv".into(),
            content_type: None,
            content: file,
        },
    );
    let request = tongxin::graphql::prepare(request, &schema.db, viewer);
    serde_json::to_value(tongxin::graphql::execute(&schema.schema, request).await).unwrap()
}

async fn job(schema: &TestSchema, id: &Value, viewer: Viewer) -> Value {
    let body = execute(schema, JOB, json!({ "id": id }), viewer).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["importJob"].clone()
}

/// Polls the job until it has finished.
async fn finished(schema: &TestSchema, id: &Value, viewer: Viewer) -> Value {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let job = job(schema, id, viewer.clone()).await;
        let status = job["status"].as_str().unwrap_or_default();
        if ["SUCCEEDED", "FAILED", "CANCELLED"].contains(&status) {
            return job;
        }
        assert!(Instant::now() < deadline, "the job never finished: {job}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn organization_count(test: &TestDb) -> u64 {
    entity::organization::Entity::find()
        .count(&test.db)
        .await
        .unwrap()
}

async fn search_term_count(test: &TestDb) -> u64 {
    entity::search_term::Entity::find()
        .count(&test.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_job_runs_in_the_background_and_reports_to_its_starter() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let before = organization_count(&test).await;
    let started = start(&schema, &organizations(1, 40), false, 0, admin()).await;
    assert!(started["errors"].is_null(), "{started}");
    let payload = &started["data"]["importRecords"];
    assert!(
        payload["result"].is_null(),
        "no wait: no result yet {payload}"
    );
    assert_eq!(payload["job"]["startedBy"], "导入管理员");
    assert_eq!(payload["job"]["startedByRole"], "ADMIN");
    let id = payload["job"]["id"].clone();

    let done = finished(&schema, &id, admin()).await;
    assert_eq!(done["status"], "SUCCEEDED", "{done}");
    assert_eq!(done["fileName"], "组织.csv");
    assert_eq!(done["progress"], json!({ "done": 40, "total": 40 }));
    assert_eq!(done["counts"]["created"], 40);
    assert_eq!(done["counts"]["failed"], 0);
    assert_eq!(done["result"]["written"], true);
    assert_eq!(organization_count(&test).await, before + 40);
    // Every audit entry of the job carries the job's request id and its starter.
    let request_id = done["result"]["requestId"].as_str().unwrap();
    let entries = entity::audit_entry::Entity::find()
        .filter(entity::audit_entry::Column::RequestId.eq(request_id))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 40);
    assert!(entries.iter().all(|e| e.actor == "导入管理员"));

    // A short wait returns the result with the job (the earlier, synchronous shape).
    let again = start(&schema, &organizations(1, 40), false, 10, admin()).await;
    let result = &again["data"]["importRecords"]["result"];
    assert_eq!(result["total"], 40, "{again}");
    assert_eq!(
        result["created"], 0,
        "re-running a file creates nothing new"
    );

    // Only the starter and ADMINs see a job; to anyone else it does not exist.
    let clerk = editor("白银区录入员", "620402");
    let own = start(&schema, &organizations(100, 3), true, 10, clerk.clone()).await;
    let own_id = own["data"]["importRecords"]["job"]["id"].clone();
    assert_eq!(
        own["data"]["importRecords"]["result"]["written"], false,
        "{own}"
    );
    assert_eq!(
        job(&schema, &own_id, clerk.clone()).await["status"],
        "SUCCEEDED"
    );
    assert!(job(&schema, &id, clerk.clone()).await.is_null());
    let namesake = editor("白银区录入员", "620403");
    assert!(job(&schema, &own_id, namesake.clone()).await.is_null());
    assert_eq!(job(&schema, &own_id, admin()).await["status"], "SUCCEEDED");
    let list = r#"{ importJobs(first: 10) { totalCount nodes { id startedBy } } }"#;
    let mine = execute(&schema, list, json!({}), clerk.clone()).await;
    assert_eq!(mine["data"]["importJobs"]["totalCount"], 1, "{mine}");
    assert_eq!(mine["data"]["importJobs"]["nodes"][0]["id"], own_id);
    let everyone = execute(&schema, list, json!({}), admin()).await;
    assert_eq!(
        everyone["data"]["importJobs"]["totalCount"], 3,
        "{everyone}"
    );
    let viewer = Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "白银区录入员".into(),
    };
    let none = execute(&schema, list, json!({}), viewer.clone()).await;
    assert_eq!(none["data"]["importJobs"]["totalCount"], 0, "{none}");
    // Who may not import is refused before the file is read.
    let refused = start(&schema, "not a spreadsheet", false, 0, viewer).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    // A cancel of someone else's job is NOT_FOUND, as for a job that does not exist.
    let cancel = r#"mutation($id: ID!) { cancelImportJob(id: $id) { status } }"#;
    let theirs = execute(&schema, cancel, json!({ "id": id }), clerk).await;
    assert_eq!(
        theirs["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{theirs}"
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_spreadsheet_fails_the_job_with_a_reason() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let started = start(&schema, "名称\u{0}\u{1}", false, 10, admin()).await;
    let id = started["data"]["importRecords"]["job"]["id"].clone();
    let done = finished(&schema, &id, admin()).await;
    if done["status"] == "FAILED" && done["result"].is_null() {
        assert!(done["failure"]["code"].is_string(), "{done}");
        assert!(!done["failure"]["message"].as_str().unwrap().is_empty());
    } else {
        // Read as a CSV whose header is wrong: the report says so and nothing is written.
        assert_eq!(done["status"], "FAILED", "{done}");
        assert_eq!(done["errors"][0]["row"], 1, "{done}");
    }
}

#[tokio::test]
async fn progress_is_a_subscription_that_ends_with_the_outcome() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let started = start(&schema, &organizations(200, 1200), false, 0, admin()).await;
    let id = started["data"]["importRecords"]["job"]["id"].clone();
    let request = async_graphql::Request::new(
        r#"subscription($id: ID!) { importJobProgress(id: $id) { status progress { done total } counts { created } } }"#,
    )
    .variables(async_graphql::Variables::from_json(json!({ "id": id })));
    let request = tongxin::graphql::prepare(request, &schema.db, admin());
    let items: Vec<Value> = tokio::time::timeout(
        Duration::from_secs(180),
        schema
            .schema
            .execute_stream(request)
            .map(|r| serde_json::to_value(r).unwrap())
            .collect(),
    )
    .await
    .expect("the subscription ends when the job does");
    assert!(items.len() >= 2, "{items:?}");
    for item in &items {
        assert!(item["errors"].is_null(), "{item}");
    }
    let last = &items.last().unwrap()["data"]["importJobProgress"];
    assert_eq!(last["status"], "SUCCEEDED", "{items:?}");
    assert_eq!(last["progress"], json!({ "done": 1200, "total": 1200 }));
    assert_eq!(last["counts"]["created"], 1200);
    let mut seen = 0;
    for item in &items {
        let done = item["data"]["importJobProgress"]["progress"]["done"]
            .as_i64()
            .unwrap();
        assert!(done >= seen, "progress never goes back: {items:?}");
        seen = done;
    }
    // Someone else cannot follow it.
    let other = async_graphql::Request::new(
        r#"subscription($id: ID!) { importJobProgress(id: $id) { status } }"#,
    )
    .variables(async_graphql::Variables::from_json(json!({ "id": id })));
    let other = tongxin::graphql::prepare(other, &schema.db, editor("他人", "620402"));
    let refused: Vec<Value> = schema
        .schema
        .execute_stream(other)
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
        .await;
    assert_eq!(refused[0]["errors"][0]["extensions"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn a_cancelled_job_keeps_nothing() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let before = (
        organization_count(&test).await,
        search_term_count(&test).await,
    );
    let started = start(&schema, &organizations(3000, 3000), false, 0, admin()).await;
    let id = started["data"]["importRecords"]["job"]["id"].clone();
    // Let it write a few short transactions first.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let now = job(&schema, &id, admin()).await;
        if now["progress"]["done"].as_i64().unwrap() >= 1100
            || now["status"] != "RUNNING" && now["status"] != "QUEUED"
        {
            break;
        }
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let body = execute(
        &schema,
        r#"mutation($id: ID!) { cancelImportJob(id: $id) { id status } }"#,
        json!({ "id": id }),
        admin(),
    )
    .await;
    assert!(body["errors"].is_null(), "{body}");
    let done = finished(&schema, &id, admin()).await;
    assert_eq!(done["status"], "CANCELLED", "{done}");
    assert_eq!(
        (
            organization_count(&test).await,
            search_term_count(&test).await
        ),
        before,
        "nothing of a cancelled job is kept"
    );
}

#[tokio::test]
async fn a_row_failing_after_committed_rows_undoes_the_whole_job() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    // Existing records the file changes: their founding dates must come back.
    let seeded = start(&schema, &organizations(7000, 5), false, 10, admin()).await;
    assert_eq!(
        seeded["data"]["importRecords"]["result"]["created"], 5,
        "{seeded}"
    );
    let before = (
        organization_count(&test).await,
        search_term_count(&test).await,
    );
    let mut csv = format!("{HEADER}\n");
    for n in 7000..7005 {
        csv.push_str(&format!(
            "白银作业导入第{n}有限公司,企业,620402,{},,2001-02-03\n",
            credit_code(n)
        ));
    }
    csv.push_str(&organizations(8000, 1200).replacen(&format!("{HEADER}\n"), "", 1));
    // The last row fails (no name), well after the first rows were committed.
    csv.push_str(&format!(",企业,620402,{},,\n", credit_code(9999)));
    let started = start(&schema, &csv, false, 0, admin()).await;
    let id = started["data"]["importRecords"]["job"]["id"].clone();
    let done = finished(&schema, &id, admin()).await;
    assert_eq!(done["status"], "FAILED", "{done}");
    assert_eq!(done["counts"]["failed"], 1);
    assert_eq!(done["result"]["written"], false);
    assert!(
        done["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["code"] != "NOT_UNDONE"),
        "{done}"
    );
    assert_eq!(
        (
            organization_count(&test).await,
            search_term_count(&test).await
        ),
        before,
        "nothing of a failed job is kept"
    );
    let dates = entity::organization::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.name.starts_with("白银作业导入第700"))
        .map(|o| o.established_on)
        .collect::<Vec<_>>();
    assert_eq!(dates.len(), 5);
    assert!(
        dates.iter().all(Option::is_none),
        "changes undone: {dates:?}"
    );
}

/// An import of thousands of rows runs while another editor creates records and reads phone
/// numbers (which writes the access log): none of their requests fails or waits long.
#[tokio::test]
async fn other_editors_keep_working_while_an_import_runs() {
    let test = TestDb::seeded().await;
    // The pools the server serves with: SQLite's writer connection and read pool.
    let pools = tongxin::db::Db::open(&test.url, &tongxin::db::pool::PoolSettings::default())
        .await
        .unwrap();
    let schema = TestSchema {
        schema: tongxin::graphql::build(pools.clone(), &crate::helpers::test_config()),
        db: pools.read.clone(),
    };
    // Fresh tokens, one per check: each is read from the database and its first use written
    // (a token checked moments ago is answered from memory).
    let region = RegionCode::parse("620403").unwrap();
    let mut secrets = Vec::new();
    for i in 0..200 {
        let name = format!("并行核验{i}");
        let (_, secret) = tongxin::auth::tokens::create(
            &pools.read,
            &name,
            Role::Editor,
            Some(&region),
            None,
            "test",
        )
        .await
        .unwrap();
        secrets.push(secret);
    }
    let started = start(&schema, &organizations(20_000, 4000), false, 0, admin()).await;
    let id = started["data"]["importRecords"]["job"]["id"].clone();
    let other = editor("平川区编辑", "620403");
    let mut latencies = Vec::new();
    let mut checks = Vec::new();
    let mut n = 0;
    loop {
        let now = job(&schema, &id, admin()).await;
        let status = now["status"].as_str().unwrap().to_owned();
        if status != "RUNNING" && status != "QUEUED" {
            assert_eq!(status, "SUCCEEDED", "{now}");
            break;
        }
        n += 1;
        let begun = Instant::now();
        let created = crate::helpers::execute_served(
            &schema,
            &pools.write,
            &pools.write,
            &format!(
                r#"mutation {{ createOrganization(input: {{ name: "平川区并行编辑企业{n}", kind: ENTERPRISE, region: "620403" }}) {{ organization {{ id }} userErrors {{ code }} }} }}"#
            ),
            other.clone(),
        )
        .await;
        assert!(created["errors"].is_null(), "{created}");
        assert!(
            created["data"]["createOrganization"]["organization"]["id"].is_string(),
            "{created}"
        );
        let read = crate::helpers::execute_served(
            &schema,
            &pools.read,
            &pools.write,
            r#"{ people(first: 5) { nodes { phone idNumber } } }"#,
            admin(),
        )
        .await;
        assert!(read["errors"].is_null(), "{read}");
        latencies.push(begun.elapsed());
        // A token check only reads: it answers while the import holds SQLite's writer (its
        // last-use write follows on its own); before, it waited for the lock and could fail
        // as UNAVAILABLE.
        if let Some(secret) = secrets.pop() {
            let begun = Instant::now();
            let checked = tongxin::auth::tokens::verify(&pools.read, &secret).await;
            let viewer = checked
                .expect("the token check answers")
                .expect("a valid token");
            assert_eq!(viewer.1.role, Role::Editor);
            checks.push(begun.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Every edit and read above succeeded (asserted as each ran): none failed with "database
    // is locked" while the import held the writer. How long they waited is printed, not
    // asserted: it depends on the machine.
    assert!(n >= 3, "the import ran long enough to overlap: {n} edits");
    latencies.sort();
    let worst = *latencies.last().unwrap();
    eprintln!("{n} concurrent edits, all succeeded; slowest {worst:?}");
    checks.sort();
    let slowest_check = *checks.last().unwrap();
    eprintln!(
        "{} token checks, all succeeded; slowest {slowest_check:?}",
        checks.len()
    );
    // A check reads one row; waiting for the writer would take up to the busy timeout (5 s).
    assert!(
        slowest_check < Duration::from_secs(2),
        "a token check waited {slowest_check:?}"
    );
}

/// A failed job undoes everything, a restore included: a deleted organization that a confirmed
/// `RECORD_DELETED` row restored (and changed) is deleted again with its values back, and one
/// restored unchanged is deleted again too. On SQLite the committed chunks are compensated; on
/// PostgreSQL the job's one transaction rolls back.
#[tokio::test]
async fn a_failed_job_deletes_again_what_it_restored() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let seeded = start(&schema, &organizations(7100, 2), false, 10, admin()).await;
    assert_eq!(
        seeded["data"]["importRecords"]["result"]["created"], 2,
        "{seeded}"
    );
    let ours = |o: &entity::organization::Model| o.name.starts_with("白银作业导入第710");
    for record in entity::organization::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .filter(ours)
    {
        let body = execute(
            &schema,
            r#"mutation($input: DeleteInput!) { deleteOrganization(input: $input) { organization { id } } }"#,
            json!({ "input": {
                "id": tongxin::ids::encode("Organization", record.id).to_string(),
                "expectedVersion": record.version
            } }),
            admin(),
        )
        .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let deleted_state = || async {
        let mut rows: Vec<_> = entity::organization::Entity::find()
            .all(&test.db)
            .await
            .unwrap()
            .into_iter()
            .filter(ours)
            .map(|o| (o.name, o.deleted_at.is_some(), o.established_on))
            .collect();
        rows.sort();
        rows
    };
    let before = deleted_state().await;
    assert!(before.iter().all(|(_, deleted, _)| *deleted), "{before:?}");
    let counts = (
        organization_count(&test).await,
        search_term_count(&test).await,
    );

    // Row 2 restores 7100 and changes its founding date, row 3 restores 7101 as it was; then
    // enough new rows for several short transactions, and a last row that fails.
    let mut csv = format!(
        "{HEADER}\n白银作业导入第7100有限公司,企业,620402,{},,2001-02-03\n白银作业导入第7101有限公司,企业,620402,{},,\n",
        credit_code(7100),
        credit_code(7101)
    );
    csv.push_str(&organizations(8300, 1200).replacen(&format!("{HEADER}\n"), "", 1));
    csv.push_str(&format!(",企业,620402,{},,\n", credit_code(9998)));
    let started = start_confirming(&schema, &csv, &[2, 3], admin()).await;
    assert!(started["errors"].is_null(), "{started}");
    let id = started["data"]["importRecords"]["job"]["id"].clone();
    let done = finished(&schema, &id, admin()).await;
    assert_eq!(done["status"], "FAILED", "{done}");
    assert_eq!(done["counts"]["failed"], 1, "{done}");
    assert!(
        done["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["code"] != "NOT_UNDONE"),
        "{done}"
    );
    // The rows were applied (restored) in a committed chunk, then taken back.
    let request_id = done["result"]["requestId"].as_str().unwrap().to_owned();
    let operations = |operation: &'static str| {
        let request_id = request_id.clone();
        let db = test.db.clone();
        async move {
            entity::audit_entry::Entity::find()
                .filter(entity::audit_entry::Column::RequestId.eq(request_id))
                .filter(entity::audit_entry::Column::Operation.eq(operation))
                .filter(entity::audit_entry::Column::EntityType.eq("Organization"))
                .count(&db)
                .await
                .unwrap()
        }
    };
    if !test.is_postgres() {
        assert_eq!(operations("RESTORE").await, 2, "{done}");
        assert_eq!(operations("DELETE").await, 2, "{done}");
    }
    assert_eq!(
        deleted_state().await,
        before,
        "both are deleted again, with their values back"
    );
    assert_eq!(
        (
            organization_count(&test).await,
            search_term_count(&test).await
        ),
        counts,
        "nothing of the failed job is kept"
    );
    // Live queries do not find them either (the search index follows the deletion).
    let found = execute(
        &schema,
        r#"{ organizations(first: 5, filter: { name: { startsWith: "白银作业导入第710" } }) { totalCount } }"#,
        json!({}),
        admin(),
    )
    .await;
    assert_eq!(found["data"]["organizations"]["totalCount"], 0, "{found}");
}

/// [`start`] for a real run that confirms `rows`' conflicts, without waiting.
async fn start_confirming(schema: &TestSchema, csv: &str, rows: &[u32], viewer: Viewer) -> Value {
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(csv.as_bytes()).unwrap();
    file.rewind().unwrap();
    let variables = json!({ "input": {
        "kind": "ORGANIZATIONS", "file": null, "dryRun": false, "waitSeconds": 0,
        "confirmRows": rows
    } });
    let mut request = async_graphql::Request::new(START)
        .variables(async_graphql::Variables::from_json(variables));
    request.set_upload(
        "variables.input.file",
        UploadValue {
            filename: "组织.csv".into(),
            content_type: None,
            content: file,
        },
    );
    let request = tongxin::graphql::prepare(request, &schema.db, viewer);
    serde_json::to_value(tongxin::graphql::execute(&schema.schema, request).await).unwrap()
}

/// A finished job's rows are read a page at a time from its stored report: `offset` and
/// `first` choose the page, and without them every row comes back as before.
#[tokio::test]
async fn a_finished_jobs_rows_are_read_a_page_at_a_time() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let started = start(&schema, &organizations(9100, 30), true, 0, admin()).await;
    let id = started["data"]["importRecords"]["job"]["id"].clone();
    assert_eq!(finished(&schema, &id, admin()).await["status"], "SUCCEEDED");
    let body = execute(
        &schema,
        r#"query($id: ID!) { importJob(id: $id) { result {
          page: rows(offset: 10, first: 5) { row action }
          rest: rows(offset: 28) { row }
          all: rows { row } } } }"#,
        json!({ "id": id }),
        admin(),
    )
    .await;
    assert!(body["errors"].is_null(), "{body}");
    let result = &body["data"]["importJob"]["result"];
    let rows = |name: &str| -> Vec<i64> {
        result[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["row"].as_i64().unwrap())
            .collect()
    };
    // Data rows are numbered from 2 (the header is row 1).
    assert_eq!(rows("page"), vec![12, 13, 14, 15, 16]);
    assert_eq!(result["page"][0]["action"], "CREATE");
    assert_eq!(rows("rest"), vec![30, 31]);
    assert_eq!(rows("all"), (2..=31).collect::<Vec<i64>>());

    let refused = execute(
        &schema,
        r#"query($id: ID!) { importJob(id: $id) { result { rows(first: -1) { row } } } }"#,
        json!({ "id": id }),
        admin(),
    )
    .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{refused}"
    );
}
