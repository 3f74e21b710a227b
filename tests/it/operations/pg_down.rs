//! A lost PostgreSQL: the real binary started against a stopped cluster waits for it and is
//! not ready; once the cluster starts it becomes ready; stopping the cluster while serving
//! fails requests fast with UNAVAILABLE (503); starting it again recovers without a restart.
//! Runs once, in CI's PostgreSQL phase (`TONGXIN_TEST_POSTGRES_URL` set), on a throwaway
//! cluster of its own (never the shared one).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use super::binary;
use crate::helpers::POSTGRES_ENV;

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
/// Unprivileged user the cluster runs as when the tests run as root.
const CLUSTER_USER: &str = "tongxin-ci";
/// A bound against hangs, not a measurement.
const GUARD: Duration = Duration::from_secs(120);
const QUERY: &str = "{ regions(first: 1) { totalCount } }";

struct Cluster {
    dir: PathBuf,
    port: u16,
    as_root: bool,
}

impl Cluster {
    fn init() -> Option<Self> {
        if !Path::new(PG_BIN).join("initdb").exists() {
            println!("note: {PG_BIN}/initdb is missing; the PostgreSQL outage test is skipped");
            return None;
        }
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
        let dir =
            std::env::temp_dir().join(format!("tongxin-pgdown-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        if as_root {
            let status = Command::new("chown")
                .arg(format!("{CLUSTER_USER}:"))
                .arg(&dir)
                .status()
                .unwrap();
            assert!(status.success(), "chown the cluster directory");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Self { dir, port, as_root };
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data(),
                "-U",
                "tongxin",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        Some(cluster)
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let program = format!("{PG_BIN}/{tool}");
        let mut command = if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", CLUSTER_USER, "--", &program]);
            c
        } else {
            Command::new(&program)
        };
        let output = command.args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{tool} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
    }

    fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://tongxin@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let program = format!("{PG_BIN}/pg_ctl");
        let mut command = if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", CLUSTER_USER, "--", &program]);
            c
        } else {
            Command::new(&program)
        };
        let _ = command
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn query(base: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&serde_json::json!({ "query": QUERY }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn ready(base: &str) -> StatusCode {
    reqwest::get(format!("{base}/readyz"))
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn the_server_waits_for_postgres_fails_fast_while_it_is_gone_and_recovers() {
    if std::env::var(POSTGRES_ENV).is_err() {
        return; // once, in the PostgreSQL phase
    }
    let Some(cluster) = Cluster::init() else {
        return;
    };
    let mut server = binary::serve(
        &cluster.url(),
        &[
            ("TONGXIN_DB_ACQUIRE_TIMEOUT_MS", "1000"),
            ("TONGXIN_DB_MAX_CONNECTIONS", "4"),
        ],
    );
    // Started against a stopped cluster: serving, not ready, saying it waits.
    assert_eq!(ready(&server.base).await, StatusCode::SERVICE_UNAVAILABLE);
    let started = Instant::now();
    while !server
        .seen
        .iter()
        .any(|l| l.contains("waiting for the database"))
    {
        server.seen.extend(server.lines.recv_timeout(GUARD).ok());
        assert!(started.elapsed() < GUARD, "{:#?}", server.seen);
    }

    cluster.start();
    server.until_ready().await;
    let (status, body) = query(&server.base).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("errors").is_none(), "{body}");

    cluster.stop();
    let (status, body) = query(&server.base).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(ready(&server.base).await, StatusCode::SERVICE_UNAVAILABLE);

    cluster.start();
    let started = Instant::now();
    loop {
        let (status, body) = query(&server.base).await;
        if status == StatusCode::OK && body.get("errors").is_none() {
            break;
        }
        assert!(started.elapsed() < GUARD, "never recovered: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(ready(&server.base).await, StatusCode::OK);
}
