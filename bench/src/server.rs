//! The server under test: the release `tongxin` binary in its own process (so its peak
//! resident memory is its own), on port 0; the port is read from its log.

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use sea_orm::Database;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running server and the count of SQL statements it has logged.
pub struct Server {
    child: Child,
    pub base: String,
    pub statements: Arc<AtomicU64>,
    /// The SQL text of each logged statement, in order.
    logged: Arc<std::sync::Mutex<Vec<String>>>,
    /// Logged statements' time by kind, since [`Server::take_timings`].
    timings: Arc<std::sync::Mutex<Timings>>,
}

/// Seeds `url` at `scale` with `tongxin seed --scale`, unless it already holds that seed (its
/// people count is the marker). A database with other data is refused.
pub async fn ensure_seeded(binary: &Path, url: &str, scale: u32) -> Result<()> {
    let expected =
        tongxin::seed::scale::expected_people(scale).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Ok(db) = Database::connect(url).await {
        let seeded = tongxin::seed::scale::is_seeded_at(&db, scale).await;
        let empty = tongxin::seed::is_empty(&db).await;
        db.close().await.ok();
        match (seeded, empty) {
            (Ok(true), _) => {
                println!("# reusing the database seeded at scale {scale} ({expected} people)");
                return Ok(());
            }
            (_, Ok(false)) => {
                bail!("the database holds data but not a scale-{scale} seed; use a fresh database")
            }
            _ => {}
        }
    }
    println!("# seeding scale {scale} …");
    let status = Command::new(binary)
        .args(["seed", "--scale", &scale.to_string()])
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .status()
        .await
        .with_context(|| format!("could not run {}", binary.display()))?;
    if !status.success() {
        bail!("`tongxin seed --scale {scale}` failed: {status}");
    }
    Ok(())
}

impl Server {
    /// Starts the server; with `log_statements` every SQL statement is logged and counted.
    pub async fn start(binary: &Path, url: &str, log_statements: bool) -> Result<Self> {
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("TONGXIN_LISTEN", "127.0.0.1:0")
            .env("TONGXIN_AUTO_SEED", "false")
            .env("TONGXIN_RATE_LIMIT_PER_MINUTE", "100000000")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if log_statements {
            command
                .env("TONGXIN_LOG_STATEMENTS", "1")
                .env("RUST_LOG", "warn,tongxin=info,sqlx::query=info");
        } else {
            command.env("RUST_LOG", "warn,tongxin=info");
        }
        let mut child = command.spawn().context("could not start the server")?;
        let stderr = child.stderr.take().context("no server stderr")?;
        let mut lines = BufReader::new(stderr).lines();
        let base = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(rest) = line.split("http://").nth(1) {
                    let addr = rest.split('/').next().unwrap_or_default();
                    return Ok(format!("http://{addr}"));
                }
            }
            bail!("the server exited before listening")
        })
        .await
        .context("the server did not start within 60 s")??;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        let logged = Arc::new(std::sync::Mutex::new(Vec::new()));
        let texts = logged.clone();
        let timings: Arc<std::sync::Mutex<Timings>> = Arc::default();
        let timed = timings.clone();
        tokio::spawn(async move {
            // The server's warnings and errors say why a request failed; the first ones are
            // enough (a stuck database repeats itself).
            let mut warnings = 0;
            while let Ok(Some(line)) = lines.next_line().await {
                if line.contains("import phase") {
                    eprintln!("{line}");
                } else if (line.contains("WARN") || line.contains("ERROR")) && warnings < 20 {
                    warnings += 1;
                    eprintln!("server: {line}");
                }
                if line.contains("sqlx::query") {
                    counter.fetch_add(1, Ordering::Relaxed);
                    if let Some(sql) = statement_text(&line) {
                        if let (Some(secs), Ok(mut timed)) = (elapsed_secs(&line), timed.lock()) {
                            let entry = timed.entry(statement_kind(&sql)).or_default();
                            entry.0 += 1;
                            entry.1 += secs;
                        }
                        if let Ok(mut texts) = texts.lock() {
                            texts.push(sql);
                        }
                    }
                }
            }
        });
        let server = Self {
            child,
            base,
            statements,
            logged,
            timings,
        };
        server.wait_ready().await?;
        Ok(server)
    }

    async fn wait_ready(&self) -> Result<()> {
        let http = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = http.get(format!("{}/readyz", self.base)).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the server did not become ready")
    }

    /// Statements logged so far.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// The SQL of the statements logged so far.
    pub fn logged(&self) -> Vec<String> {
        self.logged.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The statements logged since the last call, by kind: (kind, count, seconds), the
    /// longest first; the tally starts again.
    pub fn take_timings(&self) -> Vec<(String, u64, f64)> {
        let taken = self
            .timings
            .lock()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default();
        let mut rows: Vec<(String, u64, f64)> =
            taken.into_iter().map(|(k, (n, s))| (k, n, s)).collect();
        rows.sort_by(|a, b| b.2.total_cmp(&a.2));
        rows
    }

    /// The process's peak resident set (VmHWM, KiB) from /proc.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let pid = self.child.id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Stops the server.
    pub async fn stop(mut self) -> Result<()> {
        self.child.kill().await.context("could not stop the server")
    }
}

/// Statements by kind: how many, and their seconds in all.
type Timings = std::collections::HashMap<String, (u64, f64)>;

/// The `elapsed_secs` of a statement log line (JSON or text format).
fn elapsed_secs(line: &str) -> Option<f64> {
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(line) {
        let fields = json.get("fields").unwrap_or(&json);
        return fields
            .get("elapsed_secs")
            .and_then(serde_json::Value::as_f64);
    }
    let start = line.find("elapsed_secs=")? + "elapsed_secs=".len();
    let rest = line.get(start..)?;
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
        .unwrap_or(rest.len());
    rest.get(..end)?.parse().ok()
}

/// A statement's kind: its verb and the table it names first (`INSERT INTO "person"`,
/// `SELECT … FROM "audit_entry"`), so that a profile adds up like statements.
fn statement_kind(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let verb = words.first().map_or("", |w| w).to_ascii_uppercase();
    let table = match verb.as_str() {
        "INSERT" | "DELETE" => words.get(2),
        "UPDATE" => words.get(1),
        _ => words
            .iter()
            .position(|w| w.eq_ignore_ascii_case("FROM"))
            .and_then(|i| words.get(i + 1)),
    };
    match table {
        Some(table) => format!("{verb} {table}"),
        None => words.iter().take(3).copied().collect::<Vec<_>>().join(" "),
    }
}

/// The full SQL of a statement log line: its `db.statement` field (`summary` when that is
/// empty, as sqlx leaves it for short statements), in the JSON or the text log format.
fn statement_text(line: &str) -> Option<String> {
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(line) {
        let fields = json.get("fields").unwrap_or(&json);
        let text = |name: &str| {
            fields
                .get(name)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        return text("db.statement").or_else(|| text("summary"));
    }
    text_field(line, "db.statement").or_else(|| text_field(line, "summary"))
}

/// The value of `name="…"` in a text log line, unescaped; `None` when absent or empty.
fn text_field(line: &str, name: &str) -> Option<String> {
    let start = line.find(&format!("{name}=\""))? + name.len() + 2;
    let mut out = String::new();
    let mut chars = line.get(start..)?.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    let out = out.trim().to_owned();
    (!out.is_empty()).then_some(out)
}
