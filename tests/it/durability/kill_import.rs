//! SIGKILL of `tongxin import` (the real binary) at random moments of a large import leaves
//! all of it or none of it, and a sound database.

use std::time::{Duration, Instant};

use rand::Rng;
use tongxin::domain::validate::credit_code::{check_char, org_code_check_char};

use super::{assert_sound, count};
use crate::helpers::TestDb;
use crate::operations::binary;

const ROWS: u32 = 5_000;
const RUNS: usize = 5;
const IMPORTED: &str = "SELECT count(*) FROM organization WHERE name LIKE '断电测试%'";

fn credit_code(n: u32) -> String {
    let body = format!("{n:08}");
    let org_check = org_code_check_char(&body).unwrap();
    let first17 = format!("91620402{body}{org_check}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

fn csv() -> String {
    let mut csv =
        String::from("名称,类型,所在区划代码,统一社会信用代码,企业性质,重点企业,成立日期,地址\n");
    let regions = ["620402", "620403", "620421", "620422", "620423"];
    for n in 0..ROWS {
        csv.push_str(&format!(
            "断电测试{n}号有限公司,企业,{},{},民营企业,否,2015-06-01,白银区断电路{n}号\n",
            regions[n as usize % regions.len()],
            credit_code(2_000_000 + n)
        ));
    }
    csv
}

/// Runs the import; kills it after `kill_after` if given. Returns the rows it left.
async fn import(file: &std::path::Path, kill_after: Option<Duration>) -> (i64, Duration) {
    let test = TestDb::seeded().await;
    test.db.close_by_ref().await.unwrap();
    let started = Instant::now();
    let mut child = binary::command(
        &test.url,
        &[],
        &[
            "import",
            file.to_str().unwrap(),
            "--kind",
            "organizations",
            "--as",
            "测试员",
        ],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    if let Some(delay) = kill_after {
        tokio::time::sleep(delay).await;
        binary::signal(child.id(), "KILL");
    }
    let status = child.wait().unwrap();
    let elapsed = started.elapsed();
    if kill_after.is_none() {
        assert!(status.success(), "{status:?}");
    }
    let db = tongxin::db::connect(&test.url).await.unwrap();
    assert_sound(&db).await;
    let rows = count(&db, IMPORTED).await;
    db.close().await.unwrap();
    (rows, elapsed)
}

#[tokio::test]
async fn sigkill_during_a_large_import_leaves_all_or_nothing() {
    if std::env::var(crate::helpers::POSTGRES_ENV).is_ok() {
        return; // once, on SQLite (the import path is the same transaction on both)
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    std::fs::write(&file, csv()).unwrap();
    let (rows, full) = import(&file, None).await;
    assert_eq!(rows, i64::from(ROWS));
    let mut outcomes = Vec::new();
    for _ in 0..RUNS {
        let at = rand::rng().random_range(0..full.as_millis().max(1) as u64);
        let (rows, _) = import(&file, Some(Duration::from_millis(at))).await;
        assert!(
            rows == 0 || rows == i64::from(ROWS),
            "killed after {at} ms: {rows} of {ROWS} rows left"
        );
        outcomes.push((at, rows));
    }
    println!(
        "import of {ROWS} rows took {} ms; SIGKILL at (ms, rows left): {outcomes:?}",
        full.as_millis()
    );
}
