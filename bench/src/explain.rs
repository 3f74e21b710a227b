//! PostgreSQL plans of each workload's main SQL; a sequential scan of a large table fails the run.

use anyhow::{Result, bail};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::workloads::{Fixture, Workload};

/// Tables large enough at scale that scanning them on a hot path is a defect.
const LARGE: &[&str] = &[
    "person",
    "membership",
    "organization",
    "pairing",
    "search_term",
    "donation",
    "person_private",
];

/// Rows from which a table counts as large (a scan of a smaller one is the right plan).
const LARGE_ROWS: i64 = 50_000;

/// Scans that are the right plan: the city's coverage table asks, for every village, whether
/// it has a pairing, so it reads every pairing whatever the plan; one hashed pass over the
/// table is cheaper than an index probe per village (scale 20: 95,000 pairings, 3,500 villages).
const READS_ALL: &[(Workload, &str)] = &[(Workload::Coverage, "pairing")];

/// Prints the plans and fails on a sequential scan of a large table. The aggregate reads a
/// year of `activity`, a fifth of it; a scan there is reported, not failed.
pub async fn check(
    db: &DatabaseConnection,
    fixture: &Fixture,
    workloads: &[Workload],
) -> Result<()> {
    let mut large = Vec::new();
    for table in LARGE {
        let sql =
            format!("SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE relname = '{table}'");
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await?;
        let n: i64 = rows
            .first()
            .map(|r| r.try_get_by_index(0))
            .transpose()?
            .unwrap_or(0);
        if n >= LARGE_ROWS {
            large.push(*table);
        }
    }
    let mut bad = Vec::new();
    for w in workloads.iter().filter(|w| **w != Workload::Write) {
        let sql = format!("EXPLAIN {}", fixture.main_sql(*w));
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await?;
        println!("\n## EXPLAIN {}", w.name());
        for row in rows {
            let line: String = row.try_get_by_index(0)?;
            println!("    {line}");
            for table in &large {
                if READS_ALL.contains(&(*w, *table)) {
                    continue;
                }
                if line.contains(&format!("Seq Scan on {table} "))
                    || line.ends_with(&format!("Seq Scan on {table}"))
                {
                    bad.push(format!("{}: {}", w.name(), line.trim()));
                }
            }
        }
    }
    if !bad.is_empty() {
        bail!(
            "sequential scans of large tables on hot paths:\n{}",
            bad.join("\n")
        );
    }
    Ok(())
}
