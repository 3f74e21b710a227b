//! The annotated workbook of an import job, downloaded from `GET
//! /import/jobs/{id}/annotated.xlsx`: the caller's own file, kept sealed with the job while
//! it can serve, with the bad cells marked and a 错误说明 column; only for the caller who
//! started the job and ADMINs (anyone else gets what a missing job gets); a clear error when
//! there is nothing to annotate or the file is gone.

use std::io::Cursor;

use calamine::{Data, Reader};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tongxin::auth::{Role, tokens};
use tongxin::domain::region_code::RegionCode;
use tongxin::domain::validate::credit_code::{check_char, org_code_check_char};

use crate::helpers::{TestDb, spawn_app};

const HEADER: &str = "名称,类型,所在区划代码,统一社会信用代码,上级组织,成立日期";

const IMPORT: &str = r#"mutation($input: ImportRecordsInput!) { importRecords(input: $input) {
  job { id status } result { total failed errors { row column code message } } } }"#;

/// A valid unified social credit code registered in 白银区, numbered `n`.
fn credit_code(n: u32) -> String {
    let body = format!("{n:08}");
    let org_check = org_code_check_char(&body).unwrap();
    let first17 = format!("91620402{body}{org_check}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

/// A GraphQL multipart request: operations, map, one file.
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

/// Runs a dry run of `csv` as the holder of `token` and waits for it; the job's id and result.
async fn dry_run(base: &str, token: &str, csv: &str) -> (String, Value) {
    let operations = json!({
        "query": IMPORT,
        "variables": { "input": {
            "kind": "ORGANIZATIONS", "file": null, "dryRun": true, "waitSeconds": 10
        } }
    });
    let boundary = "tongxin-annotated-boundary";
    let body: Value = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .header("graphql-preflight", "1")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(multipart(boundary, &operations, csv.as_bytes()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let payload = &body["data"]["importRecords"];
    assert_eq!(payload["job"]["status"], "SUCCEEDED", "{body}");
    (
        payload["job"]["id"].as_str().unwrap().to_owned(),
        payload["result"].clone(),
    )
}

async fn download(base: &str, token: &str, id: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{base}/import/jobs/{id}/annotated.xlsx"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Status, code and message of an error answer.
async fn refusal(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let error = &body["errors"][0];
    (
        status,
        error["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        error["message"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Every row of the workbook's first sheet, as text.
fn first_sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

async fn uploads(test: &TestDb) -> u64 {
    entity::import_upload::Entity::find()
        .count(&test.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_starter_downloads_their_file_annotated_and_no_one_else_sees_it() {
    let test = TestDb::seeded().await;
    let db = &test.db;
    let county = RegionCode::parse("620402").unwrap();
    let (_, starter) = tokens::create(db, "县数据员", Role::Editor, Some(&county), None, "t")
        .await
        .unwrap();
    let (_, other) = tokens::create(db, "另一数据员", Role::Editor, Some(&county), None, "t")
        .await
        .unwrap();
    let (_, admin) = tokens::create(db, "管理员", Role::Admin, None, None, "t")
        .await
        .unwrap();
    let (base, _server) = spawn_app(db.clone()).await;

    let bad_code = "91620402MA7ZZZZZZZ";
    let csv = format!(
        "{HEADER}\n白银批注甲有限公司,企业,620402,{},,\n白银批注乙有限公司,企业,620402,{bad_code},,\n",
        credit_code(801)
    );
    let (id, result) = dry_run(&base, &starter, &csv).await;
    assert_eq!(result["failed"], 1, "{result}");
    assert_eq!(result["errors"][0]["row"], 3, "{result}");

    // Kept sealed: the stored bytes do not show the file.
    let kept = entity::import_upload::Entity::find().all(db).await.unwrap();
    assert_eq!(kept.len(), 1);
    let name = "白银批注乙有限公司".as_bytes();
    assert!(!kept[0].sealed.windows(name.len()).any(|w| w == name));
    assert!(
        !kept[0]
            .sealed
            .windows(bad_code.len())
            .any(|w| w == bad_code.as_bytes())
    );

    let logged = || async {
        entity::access_log::Entity::find()
            .filter(entity::access_log::Column::RecordType.eq("ImportJob"))
            .all(db)
            .await
            .unwrap()
    };
    let response = download(&base, &starter, &id).await;
    assert_eq!(response.status(), 200);
    assert!(
        logged().await.is_empty(),
        "the starter reading their own file is not logged"
    );
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let rows = first_sheet(&response.bytes().await.unwrap());
    let header = &rows[0];
    let explanation = header.iter().position(|h| h == "错误说明").unwrap();
    let bad = rows
        .iter()
        .find(|r| r[0] == "白银批注乙有限公司")
        .expect("the bad row is in the workbook");
    assert!(bad[explanation].contains("【统一社会信用代码】"), "{bad:?}");
    let good = rows.iter().find(|r| r[0] == "白银批注甲有限公司").unwrap();
    assert!(
        good.get(explanation).is_none_or(String::is_empty),
        "{good:?}"
    );

    // An ADMIN may, and is written to the access log: the file is someone else's personal data.
    assert_eq!(download(&base, &admin, &id).await.status(), 200);
    let entries = logged().await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].actor, "token:管理员");
    assert_eq!(entries[0].field, "annotatedWorkbook");
    assert_eq!(
        tongxin::ids::encode("ImportJob", entries[0].person_id).to_string(),
        id
    );
    // Another editor of the same county gets what a missing job gets.
    let missing = tongxin::ids::encode("ImportJob", 987_654).to_string();
    let theirs = refusal(download(&base, &other, &id).await).await;
    let nothing = refusal(download(&base, &other, &missing).await).await;
    assert_eq!(theirs.0, 404);
    assert_eq!(theirs.1, "NOT_FOUND");
    assert_eq!(theirs, nothing);

    // A job without errors: nothing to annotate, said so, and its file was not kept.
    let clean = format!(
        "{HEADER}\n白银批注丙有限公司,企业,620402,{},,\n",
        credit_code(802)
    );
    let (clean_id, clean_result) = dry_run(&base, &starter, &clean).await;
    assert_eq!(clean_result["failed"], 0, "{clean_result}");
    let (status, code, message) = refusal(download(&base, &starter, &clean_id).await).await;
    assert_eq!((status, code.as_str()), (409, "NO_ERRORS"), "{message}");
    assert!(message.contains("没有发现错误"), "{message}");
    assert_eq!(uploads(&test).await, 1, "only the file with errors is kept");

    // Past its retention the file is deleted and the download says why.
    entity::import_upload::Entity::update_many()
        .col_expr(
            entity::import_upload::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::TimeDelta::minutes(1)),
        )
        .exec(db)
        .await
        .unwrap();
    let (status, code, message) = refusal(download(&base, &starter, &id).await).await;
    assert_eq!((status, code.as_str()), (410, "FILE_EXPIRED"), "{message}");
    assert!(message.contains("保留 7 天"), "{message}");
    assert_eq!(uploads(&test).await, 0, "the expired file was deleted");
}
