//! The import workload: a county-style workbook of people (a merged title row, the header in
//! the county's own words, a 序号 column, work units merged down over several rows, a 合计
//! row under the data), uploaded to the server as a job and run twice — the dry run, then the
//! real run with the dry run's plan — timing each phase, the server's peak resident memory
//! and the machine's load average after each.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use rust_xlsxwriter::{Format, Workbook};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::editing::{self, Editor};
use crate::load::Client;
use crate::server::Server;
use crate::workloads::Fixture;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "文博", "雪梅",
];
const UNITS: &[&str] = &[
    "平川区第一中学",
    "平川区人民医院",
    "靖远煤业集团有限责任公司",
    "平川区供销合作社",
    "白银市平川区农机服务中心",
    "平川区长征街道办事处",
    "个体经营",
];
const TITLES: &[&str] = &["教师", "医生", "工程师", "会计", "经理", "职员", "", "村医"];
const EDUCATION: &[&str] = &["大学本科", "大专", "高中", "研究生", "中专", "初中"];
/// The county's own spellings, which the import reads as the template's values.
const STATUS: &[&str] = &[
    "群众",
    "党员",
    "民盟",
    "九三学社",
    "无党派人士",
    "团员",
    "群众",
];
const ETHNICITY: &[&str] = &["汉", "汉族", "回", "汉", "东乡族", "汉"];

const IMPORT: &str = r#"mutation($input: ImportRecordsInput!) { importRecords(input: $input) { job { id status } } }"#;
const JOB: &str = r#"query($id: ID!) { importJob(id: $id) { status progress { done total }
  failure { code message }
  result { total created updated unchanged conflicts failed written planDigest
    errors { row column code message } } } }"#;
/// One page of a finished job's rows, as a client reading a big report asks for them.
const ROWS: &str = r#"query($id: ID!, $offset: Int!, $first: Int!) { importJob(id: $id) {
  result { rows(offset: $offset, first: $first) { row action record } } } }"#;
const ROWS_PAGE: usize = 5_000;

/// The digit that completes an 18-digit ID number (GB 11643).
fn check_char(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

/// A valid, unique ID number of 平川区 for row `n`.
fn id_number(n: u32) -> String {
    let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
        + chrono::TimeDelta::days(i64::from(n % 18_000));
    // 18,000 birth days × 1,000 sequence numbers: unique up to 18 million rows.
    let first17 = format!("620403{}{:03}", born.format("%Y%m%d"), n / 18_000 + 500);
    format!("{first17}{}", check_char(first17.as_bytes()))
}

/// The county's workbook of `rows` people living in `regions`, numbered from `first`.
pub fn workbook(first: u32, rows: u32, regions: &[(String, String)]) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("花名册")?;
    let plain = Format::new();
    let headers = [
        "序号",
        "姓名",
        "性别",
        "民族",
        "身份证号",
        "联系电话",
        "政治面貌",
        "所属区划",
        "工作单位",
        "现任职务",
        "文化程度",
        "备注",
    ];
    sheet.merge_range(
        0,
        0,
        0,
        headers.len() as u16 - 1,
        "白银市平川区统战对象名册",
        &plain,
    )?;
    for (c, text) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *text)?;
    }
    let mut unit_until = 0;
    for i in 0..rows {
        let r = i + 2;
        let n = first + i;
        let pick = |list: &[&'static str], salt: u32| {
            list[((n / 7 + salt) as usize * 31 + n as usize) % list.len()]
        };
        let id = id_number(n);
        let male = (id.as_bytes()[16] - b'0') % 2 == 1;
        sheet.write_number(r, 0, f64::from(i + 1))?;
        sheet.write_string(r, 1, format!("{}{}", pick(SURNAMES, 0), pick(GIVEN, 3)))?;
        sheet.write_string(r, 2, if male { "男" } else { "女" })?;
        sheet.write_string(r, 3, pick(ETHNICITY, 5))?;
        sheet.write_string(r, 4, &id)?;
        sheet.write_string(r, 5, format!("13{:09}", 100_000_000 + n))?;
        sheet.write_string(r, 6, pick(STATUS, 1))?;
        let (code, name) = &regions[n as usize % regions.len()];
        // Most rows give the code; some the place's name, as clerks write it.
        let place = if n % 10 == 9 { name } else { code };
        sheet.write_string(r, 7, place)?;
        if r >= unit_until {
            // A work unit merged down over the next few rows, as county sheets do.
            let span = (n % 4) + 1;
            let last = (r + span - 1).min(rows + 1);
            let unit = UNITS[(n as usize / 4) % UNITS.len()];
            if last > r {
                sheet.merge_range(r, 8, last, 8, unit, &plain)?;
            } else {
                sheet.write_string(r, 8, unit)?;
            }
            unit_until = last + 1;
        }
        sheet.write_string(r, 9, pick(TITLES, 2))?;
        sheet.write_string(r, 10, pick(EDUCATION, 4))?;
    }
    sheet.write_string(rows + 2, 0, "合计")?;
    sheet.write_string(rows + 2, 1, format!("{rows} 人"))?;
    sheet.write_string(rows + 3, 0, "填表人：统战部")?;
    Ok(workbook.save_to_buffer()?)
}

/// The villages (or, failing those, townships) of 平川区 with their full names, to spread
/// the people over.
pub async fn regions(db: &DatabaseConnection) -> Result<Vec<(String, String)>> {
    use entity::region;
    let all = region::Entity::find()
        .filter(region::Column::Code.starts_with("620403"))
        .order_by_asc(region::Column::Code)
        .all(db)
        .await?;
    let deepest = all.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let names: std::collections::HashMap<&str, &str> = all
        .iter()
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect();
    let chosen: Vec<(String, String)> = all
        .iter()
        .filter(|r| r.code.len() == deepest && deepest > 6)
        .map(|r| {
            // 平川区 + 乡镇: the name a clerk writes when the code is not at hand.
            let township = names.get(&r.code[..9.min(r.code.len())]).unwrap_or(&"");
            (r.code.clone(), format!("平川区{township}"))
        })
        .collect();
    if chosen.is_empty() {
        bail!("the database has no regions under 620403 (平川区): seed it first");
    }
    Ok(chosen)
}

/// A GraphQL multipart request: operations, map, one file.
fn multipart(boundary: &str, operations: &Value, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut part = |head: &str, content: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"operations\"",
        operations.to_string().as_bytes(),
    );
    part(
        "Content-Disposition: form-data; name=\"map\"",
        br#"{"0":["variables.input.file"]}"#,
    );
    part(
        "Content-Disposition: form-data; name=\"0\"; filename=\"pingchuan.xlsx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file,
    );
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// Uploads the file as a job and follows it to its end; the finished job.
async fn run_job(
    http: &reqwest::Client,
    server: &Server,
    token: &str,
    file: &[u8],
    extra: Value,
) -> Result<Value> {
    let mut input = json!({ "kind": "PEOPLE", "file": null, "waitSeconds": 0 });
    if let (Some(input), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
        input.extend(extra.clone());
    }
    let operations = json!({ "query": IMPORT, "variables": { "input": input } });
    let boundary = "tongxin-bench-import";
    let started: Value = http
        .post(format!("{}/graphql", server.base))
        .bearer_auth(token)
        .header("graphql-preflight", "1")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(multipart(boundary, &operations, file))
        .send()
        .await?
        .json()
        .await?;
    let id = started["data"]["importRecords"]["job"]["id"]
        .as_str()
        .with_context(|| format!("the upload was refused: {started}"))?
        .to_owned();
    let mut unavailable = 0u32;
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let body: Value = http
            .post(format!("{}/graphql", server.base))
            .bearer_auth(token)
            .json(&json!({ "query": JOB, "variables": { "id": id } }))
            .send()
            .await?
            .json()
            .await?;
        // A busy server may ask to retry (UNAVAILABLE): keep following.
        if body["errors"][0]["extensions"]["code"] == "UNAVAILABLE" {
            unavailable += 1;
            continue;
        }
        let job = &body["data"]["importJob"];
        match job["status"].as_str() {
            Some("QUEUED" | "RUNNING") => {}
            Some(_) => {
                if unavailable > 0 {
                    println!("# {unavailable} progress polls answered UNAVAILABLE");
                }
                let mut job = job.clone();
                if !job["result"].is_null() {
                    job["result"]["rows"] = Value::Array(rows(http, server, token, &id).await?);
                }
                return Ok(job);
            }
            None => bail!("the job could not be followed: {body}"),
        }
    }
}

/// The statements of the phase that just ended, by kind, when the server logs them.
fn print_statements(server: &Server) {
    let timings = server.take_timings();
    if timings.is_empty() {
        return;
    }
    println!("| statement | count | total s | mean ms |");
    println!("|---|--:|--:|--:|");
    for (kind, count, secs) in timings.iter().take(15) {
        println!(
            "| `{kind}` | {count} | {secs:.2} | {:.2} |",
            secs * 1000.0 / (*count).max(1) as f64
        );
    }
}

/// Every row of a finished job's result, read page by page.
async fn rows(
    http: &reqwest::Client,
    server: &Server,
    token: &str,
    id: &str,
) -> Result<Vec<Value>> {
    let mut all = Vec::new();
    loop {
        let variables = json!({ "id": id, "offset": all.len(), "first": ROWS_PAGE });
        let body: Value = http
            .post(format!("{}/graphql", server.base))
            .bearer_auth(token)
            .json(&json!({ "query": ROWS, "variables": variables }))
            .send()
            .await?
            .json()
            .await?;
        let page = body["data"]["importJob"]["result"]["rows"]
            .as_array()
            .with_context(|| format!("the rows could not be read: {body}"))?;
        all.extend(page.iter().cloned());
        if page.len() < ROWS_PAGE {
            return Ok(all);
        }
    }
}

fn print_phase(phase: &str, elapsed: Duration, job: &Value, server: &Server) {
    let result = &job["result"];
    let rss = server
        .peak_rss_kib()
        .map_or_else(|| "?".into(), |kib| format!("{:.1}", kib as f64 / 1024.0));
    println!(
        "| {phase} | {} | {:.1} | {} | {} | {} | {} | {rss} | {} |",
        job["status"].as_str().unwrap_or("?"),
        elapsed.as_secs_f64(),
        result["total"],
        result["created"],
        result["unchanged"],
        result["failed"],
        load_average(),
    );
    if let Some(errors) = result["errors"].as_array()
        && !errors.is_empty()
    {
        println!(
            "first errors: {}",
            json!(errors.iter().take(5).collect::<Vec<_>>())
        );
    }
    if !job["failure"].is_null() {
        println!("failure: {}", job["failure"]);
    }
    print_statements(server);
}

/// Builds the workbook, starts a quiet server, runs the dry run and the real run while an
/// editor keeps updating the people stored before (`fixture`).
pub async fn run(
    binary: &std::path::Path,
    url: &str,
    token: &str,
    db: &DatabaseConnection,
    rows: u32,
    profile: bool,
) -> Result<()> {
    let fixture = std::sync::Arc::new(Fixture::load(db).await?);
    let regions = regions(db).await?;
    // SQL statements per row, on a server that logs them, with a small file of other people.
    const SAMPLE: u32 = 200;
    let sample = workbook(1_000_000, SAMPLE, &regions)?;
    let counting = Server::start(binary, url, true).await?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    let before = counting.statements();
    let dry = run_job(&http, &counting, token, &sample, json!({ "dryRun": true })).await?;
    let dry_statements = counting.statements() - before;
    let before = counting.statements();
    let plan = dry["result"]["planDigest"].clone();
    let real = run_job(
        &http,
        &counting,
        token,
        &sample,
        json!({ "dryRun": false, "expectedPlan": plan }),
    )
    .await?;
    let real_statements = counting.statements() - before;
    counting.stop().await?;
    println!(
        "# SQL statements per row ({SAMPLE} rows, job polling included): dry run {:.1}, real run {:.1} ({})",
        dry_statements as f64 / f64::from(SAMPLE),
        real_statements as f64 / f64::from(SAMPLE),
        real["status"].as_str().unwrap_or("?"),
    );
    let built = Instant::now();
    let file = workbook(0, rows, &regions)?;
    println!(
        "# import workload: {rows} people, {} KiB xlsx built in {:.1} s, {} regions; load average {}",
        file.len() / 1024,
        built.elapsed().as_secs_f64(),
        regions.len(),
        load_average()
    );
    // Logging every statement costs time: only when a profile is asked for.
    let server = Server::start(binary, url, profile).await?;
    let baseline = server.peak_rss_kib().unwrap_or(0);
    println!(
        "server peak RSS before the import: {:.1} MiB\n",
        baseline as f64 / 1024.0
    );
    println!(
        "| phase | status | wall s | rows | created | unchanged | failed | server peak RSS MiB | load average |"
    );
    println!("|---|---|--:|--:|--:|--:|--:|--:|---|");
    let editor_client = Client::new(&server.base, token)?;
    let started = Instant::now();
    let editor = Editor::start(
        editor_client.clone(),
        fixture.clone(),
        1,
        std::sync::Arc::default(),
    );
    let dry = run_job(&http, &server, token, &file, json!({ "dryRun": true })).await;
    let dry_edits = editor.stop().await;
    let dry = dry?;
    print_phase("dry run (validate)", started.elapsed(), &dry, &server);
    let validated = started.elapsed();
    let plan = dry["result"]["planDigest"].clone();
    // Rows matching a stored person under another name are conflicts: confirmed, as the
    // clerk would after reading them, or the real run keeps nothing.
    let confirm: Vec<Value> = dry["result"]["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["action"] == "CONFLICT")
        .map(|r| r["row"].clone())
        .collect();
    println!(
        "| (dry run: {} conflicts, confirmed for the real run) |",
        confirm.len()
    );
    // The editor keeps off the records the file changes (see `Editor::start`).
    let changed: std::collections::HashSet<String> = dry["result"]["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["record"].as_str().map(str::to_owned))
        .collect();
    let started = Instant::now();
    let editor = Editor::start(editor_client, fixture, 2, std::sync::Arc::new(changed));
    let real = run_job(
        &http,
        &server,
        token,
        &file,
        json!({ "dryRun": false, "expectedPlan": plan, "confirmRows": confirm }),
    )
    .await;
    let real_edits = editor.stop().await;
    let real = real?;
    print_phase("real run (write)", started.elapsed(), &real, &server);
    let result = &real["result"];
    if real["status"] == "FAILED" && result["failed"] == 0 && result["conflicts"] == 0 {
        // Nothing failed, yet nothing was kept: the plan differed from the dry run's.
        println!(
            "the real run's plan {} differs from the dry run's {plan}: a record the file changes was changed in between",
            result["planDigest"]
        );
    }
    println!(
        "\nvalidated and written: {:.1} s in all",
        (validated + started.elapsed()).as_secs_f64()
    );
    println!(
        "concurrent editor during the dry run: {}",
        editing::summary(&dry_edits)
    );
    println!(
        "concurrent editor during the real run: {}",
        editing::summary(&real_edits)
    );
    server.stop().await
}
