//! Throwaway PostgreSQL 15 clusters in temporary directories, on free loopback ports: for tests
//! that stop a database or stream it to a hot standby. Never the shared test server. As root
//! (CI), the clusters run as the unprivileged `tongxin-ci` user, as `.ci/run` does.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

pub const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
/// Unprivileged user the clusters run as when the tests run as root.
pub const CLUSTER_USER: &str = "tongxin-ci";
/// A bound against hangs, not a measurement.
const GUARD: Duration = Duration::from_secs(60);

/// One cluster: its directory (data, socket, log) and port. Dropping it stops the server and
/// removes the directory.
pub struct Cluster {
    dir: PathBuf,
    port: u16,
    as_root: bool,
}

impl Cluster {
    /// Whether throwaway clusters can run here; prints why not (`what` names the test).
    pub fn available(what: &str) -> bool {
        if !Path::new(PG_BIN).join("initdb").exists() {
            println!("note: {PG_BIN}/initdb is missing; {what} is skipped");
            return false;
        }
        if running_as_root() && !user_exists(CLUSTER_USER) {
            println!(
                "note: running as root without the user {CLUSTER_USER} to own a cluster \
                 (.ci/run creates it); {what} is skipped"
            );
            return false;
        }
        true
    }

    /// A new cluster (`initdb`, trust authentication, owner `tongxin`), not started. Its
    /// defaults allow streaming replication from loopback: `wal_level=replica`,
    /// `max_wal_senders=10` and `host replication all 127.0.0.1/32 trust`, all asserted by
    /// [`Cluster::standby`] through `pg_basebackup`.
    pub fn init(label: &str) -> Self {
        let cluster = Self::empty(label);
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
        cluster
    }

    /// A hot standby of this (running) cluster: `pg_basebackup -R` over loopback, which also
    /// writes `standby.signal` and the `primary_conninfo` to stream from. Not started.
    pub fn standby(&self, label: &str) -> Self {
        let standby = Self::empty(label);
        let port = self.port.to_string();
        standby.run(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "tongxin",
                "-D",
                &standby.data(),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast",
                "--no-sync",
            ],
        );
        standby
    }

    fn empty(label: &str) -> Self {
        let as_root = running_as_root();
        let dir =
            std::env::temp_dir().join(format!("tongxin-{label}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        if as_root {
            let status = Command::new("chown")
                .arg(format!("{CLUSTER_USER}:"))
                .arg(&dir)
                .status()
                .unwrap();
            assert!(status.success(), "chown the cluster directory");
        }
        Self {
            dir,
            port: free_port(),
            as_root,
        }
    }

    pub fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs one PostgreSQL tool as the cluster's owner; panics with its output if it fails.
    pub fn run(&self, tool: &str, args: &[&str]) {
        let output = self.tool(tool).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{tool} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn tool(&self, tool: &str) -> Command {
        let program = format!("{PG_BIN}/{tool}");
        if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", CLUSTER_USER, "--", &program]);
            c
        } else {
            Command::new(program)
        }
    }

    /// Starts the server on 127.0.0.1 and its port (socket in the cluster's directory), with
    /// `fsync` off, and waits until it accepts connections.
    pub fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").display().to_string();
        let data = self.data();
        let args = ["-D", &data, "-o", &options, "-l", &log, "-w", "start"];
        let output = self.tool("pg_ctl").args(args).output().unwrap();
        assert!(
            output.status.success(),
            "pg_ctl start failed: {}{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    /// The URL of `database` on this cluster, over loopback TCP.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://tongxin@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The primary's current WAL position (`pg_current_wal_lsn`), as text.
pub async fn current_lsn(primary: &DatabaseConnection) -> String {
    text(primary, "SELECT pg_current_wal_lsn()::text").await
}

/// Waits until `standby` has replayed the WAL up to `lsn` (bounded).
pub async fn wait_for_replay(standby: &DatabaseConnection, lsn: &str) {
    let sql = format!("SELECT (pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn)::text");
    let started = Instant::now();
    while text(standby, &sql).await != "true" {
        assert!(
            started.elapsed() < GUARD,
            "the standby never replayed {lsn}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Pauses WAL replay on `standby` and waits until it has stopped: from then on it answers
/// queries with what it had replayed, however the primary changes.
pub async fn pause_replay(standby: &DatabaseConnection) {
    text(standby, "SELECT pg_wal_replay_pause()::text").await;
    let started = Instant::now();
    while text(standby, "SELECT pg_get_wal_replay_pause_state()").await != "paused" {
        assert!(started.elapsed() < GUARD, "replay never paused");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Resumes WAL replay on `standby`.
pub async fn resume_replay(standby: &DatabaseConnection) {
    text(standby, "SELECT pg_wal_replay_resume()::text").await;
}

/// The first column of the first row of `sql`, as text.
pub async fn text(db: &DatabaseConnection, sql: &str) -> String {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"))
        .unwrap_or_else(|| panic!("{sql}: no row"))
        .try_get_by_index::<String>(0)
        .unwrap()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn user_exists(name: &str) -> bool {
    Command::new("id")
        .arg("-u")
        .arg(name)
        .output()
        .is_ok_and(|out| out.status.success())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
