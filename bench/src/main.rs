//! `tongxin-bench`: seeds a database at a scale (or reuses one), starts the release `tongxin`
//! binary on it, drives six workloads over HTTP with concurrent clients for a fixed time and
//! prints throughput, latency, SQL statements per request, the raw-SQL ceiling and the ratio,
//! the PostgreSQL plans, and the server's peak resident memory. See docs/performance.md.
#![allow(clippy::print_stdout)]

mod editing;
mod explain;
mod import;
mod load;
mod server;
mod sweep;
mod workloads;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Parser;
use sea_orm::{Database, DatabaseConnection};

use workloads::{Fixture, Workload};

#[derive(Parser, Debug)]
#[command(about = "Tongxin benchmark harness")]
struct Args {
    /// `sqlite` or `postgres`.
    #[arg(long, default_value = "sqlite")]
    db: String,
    /// Dataset scale (1 = the demo).
    #[arg(long, default_value_t = 1)]
    scale: u32,
    /// Concurrent clients, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "16,64")]
    clients: Vec<usize>,
    /// Seconds per workload and client count.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// The database (default: a SQLite file under /var/tmp; required for postgres).
    #[arg(long)]
    database_url: Option<String>,
    /// The `tongxin` binary (default: next to this one).
    #[arg(long)]
    server: Option<PathBuf>,
    /// Only these workloads (point,nested,aggregate,coverage,search,write).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Run the list sweep instead of the workloads (docs/performance.md, "Sweep").
    #[arg(long)]
    sweep: bool,
    /// Sequential requests per sweep cell.
    #[arg(long, default_value_t = 20)]
    rounds: usize,
    /// Print the statements and plans of every sweep cell, not only of those over target.
    #[arg(long)]
    all_plans: bool,
    /// With --sweep: time only the report's figures (summary, printable report, aggregates).
    #[arg(long)]
    report_only: bool,
    /// Run the import workload instead: a county workbook of this many people, imported as
    /// a job (dry run, then the real run) into a fresh database seeded with the demo
    /// (docs/performance.md, "Imports"). SQLite: the file is recreated; PostgreSQL: pass
    /// `--database-url` of an empty database.
    #[arg(long)]
    import: Option<u32>,
    /// With --import: log every statement of the big file's server and print, after each
    /// phase, the time by kind of statement (slows the import down a little).
    #[arg(long)]
    profile_statements: bool,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let url = match (&args.database_url, args.db.as_str()) {
        (Some(url), _) => url.clone(),
        (None, "sqlite") if args.import.is_some() => {
            let path = "/var/tmp/tongxin-bench-import.db";
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
            format!("sqlite://{path}?mode=rwc")
        }
        (None, "sqlite") => format!("sqlite:///var/tmp/tongxin-bench-{}.db?mode=rwc", args.scale),
        (None, other) => bail!("--database-url is required for --db {other}"),
    };
    let binary = match &args.server {
        Some(path) => path.clone(),
        None => std::env::current_exe()?
            .parent()
            .context("no directory for the server binary")?
            .join("tongxin"),
    };
    let scale = if args.import.is_some() { 1 } else { args.scale };
    server::ensure_seeded(&binary, &url, scale).await?;
    let db = Database::connect(url.as_str())
        .await
        .context("could not connect")?;
    let (_, token) = tongxin::auth::tokens::create(
        &db,
        "bench",
        tongxin::auth::Role::Admin,
        None,
        None,
        "bench",
    )
    .await
    .map_err(|e| anyhow::anyhow!("could not create a token: {e}"))?;
    if let Some(rows) = args.import {
        println!("# tongxin-bench import: db={}", args.db);
        import::run(&binary, &url, &token, &db, rows, args.profile_statements).await?;
        return close(db).await;
    }
    let fixture = std::sync::Arc::new(Fixture::load(&db).await?);
    if args.sweep {
        return run_sweep(&args, &binary, &url, &token, &fixture, db).await;
    }
    let chosen: Vec<Workload> = Workload::ALL
        .into_iter()
        .filter(|w| args.only.is_empty() || args.only.iter().any(|o| o == w.name()))
        .collect();
    println!(
        "# tongxin-bench: db={} scale={} people={} clients={:?} seconds={}",
        args.db, args.scale, fixture.people, args.clients, args.seconds
    );
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        explain::check(&db, &fixture, &chosen).await?;
    }
    // Statement counts: a server that logs every statement, each workload run alone.
    let counting = server::Server::start(&binary, &url, true).await?;
    let client = load::Client::new(&counting.base, &token)?;
    let mut statements = Vec::new();
    for w in &chosen {
        statements.push(load::statements_per_request(&client, &counting, &fixture, *w).await?);
    }
    counting.stop().await?;
    // Timings: a quiet server.
    let server = server::Server::start(&binary, &url, false).await?;
    let client = load::Client::new(&server.base, &token)?;
    let duration = Duration::from_secs(args.seconds);
    println!(
        "\n| workload | clients | req/s | p50 ms | p99 ms | errors | SQL/req | raw req/s | raw p50 ms | raw p99 ms | p50 ratio |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for &clients in &args.clients {
        for (w, stmts) in chosen.iter().zip(&statements) {
            let api = load::drive(&client, &fixture, *w, clients, duration).await;
            let raw = match w {
                Workload::Write => None,
                _ => Some(load::drive_raw(&db, &fixture, *w, clients, duration).await),
            };
            load::print_row(*w, clients, &api, raw.as_ref(), *stmts);
        }
    }
    let rss = server.peak_rss_kib();
    server.stop().await?;
    match rss {
        Some(kib) => println!("\nserver peak RSS (VmHWM): {:.1} MiB", kib as f64 / 1024.0),
        None => println!("\nserver peak RSS: unavailable"),
    }
    close(db).await
}

/// The list sweep: time every cell on a quiet server, then print the statements and plans of
/// the cells over target (no page of 50 over 10 ms p50, no `totalCount` over 50 ms).
async fn run_sweep(
    args: &Args,
    binary: &std::path::Path,
    url: &str,
    token: &str,
    fixture: &Fixture,
    db: DatabaseConnection,
) -> Result<()> {
    let scopes = sweep::Scopes::load(&db, fixture.county).await?;
    println!(
        "# tongxin-bench sweep: db={} scale={} people={} county={} township={} village={}",
        args.db, args.scale, fixture.people, scopes.county, scopes.township, scopes.village
    );
    let server = server::Server::start(binary, url, false).await?;
    let client = load::Client::new(&server.base, token)?;
    sweep::report(&client, args.rounds.min(5)).await?;
    if args.report_only {
        server.stop().await?;
        return close(db).await;
    }
    let cells = sweep::run(&client, &scopes, args.rounds).await?;
    server.stop().await?;
    let shown: Vec<&sweep::Cell> = if args.all_plans {
        cells.iter().collect()
    } else {
        sweep::slow(&cells, 10.0, 50.0)
    };
    println!(
        "\n## Cells over target: {} of {}",
        sweep::slow(&cells, 10.0, 50.0).len(),
        cells.len()
    );
    let counting = server::Server::start(binary, url, true).await?;
    let client = load::Client::new(&counting.base, token)?;
    sweep::plans(&client, &counting, &db, &shown).await?;
    counting.stop().await?;
    close(db).await
}

async fn close(db: DatabaseConnection) -> Result<()> {
    db.close().await.context("could not close the database")
}
