//! The real `tongxin` binary as a child process: started with a temp database, its JSON log
//! lines collected, its listening address read from them.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long to wait for the binary to start (a guard against hangs, not a measurement).
const START_GUARD: Duration = Duration::from_secs(120);

pub struct Running {
    pub child: Child,
    pub address: SocketAddr,
    pub base: String,
    /// Every log line, as it arrives.
    pub lines: Receiver<String>,
    pub seen: Vec<String>,
}

/// `tongxin` with `env` (on top of a clean set: no seed, JSON logs, port 0) and `args`.
pub fn command(database_url: &str, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tongxin"));
    command
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("TONGXIN_LISTEN", "127.0.0.1:0")
        .env("TONGXIN_AUTO_SEED", "false")
        .env("TONGXIN_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Starts the server and waits for its "listening" line.
pub fn serve(database_url: &str, env: &[(&str, &str)]) -> Running {
    let mut child = command(database_url, env, &[])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tongxin");
    let stderr = child.stderr.take().expect("piped stderr");
    let (sender, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let started = Instant::now();
    let address = loop {
        let line = match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) if started.elapsed() < START_GUARD => continue,
            Err(err) => panic!("tongxin did not start ({err:?}); its log: {seen:#?}"),
        };
        seen.push(line.clone());
        let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(listen) = event["listen"].as_str() {
            break listen.parse::<SocketAddr>().expect("a socket address");
        }
    };
    Running {
        child,
        address,
        base: format!("http://{address}"),
        lines,
        seen,
    }
}

impl Running {
    /// Sends a signal (`TERM`, `KILL`) with kill(1).
    pub fn signal(&self, name: &str) {
        signal(self.child.id(), name);
    }

    /// Waits for the process to exit (bounded), collecting the rest of its log.
    pub fn wait(&mut self) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                self.seen.extend(self.lines.try_iter());
                return status;
            }
            assert!(started.elapsed() < START_GUARD, "tongxin did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits (bounded) for a log line whose `message` is `message`, and returns it; lines seen
    /// already count (start-up may log before the "listening" line).
    pub fn wait_for_message(&mut self, message: &str) -> serde_json::Value {
        let event = |line: &str| {
            serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .filter(|event| event["message"] == message)
        };
        if let Some(found) = self.seen.iter().find_map(|line| event(line)) {
            return found;
        }
        let started = Instant::now();
        loop {
            let line = match self.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) if started.elapsed() < START_GUARD => continue,
                Err(err) => panic!("no {message:?} line ({err:?}); the log: {:#?}", self.seen),
            };
            self.seen.push(line.clone());
            if let Some(found) = event(&line) {
                return found;
            }
        }
    }

    /// Polls `/readyz` until it answers 200 (bounded).
    pub async fn until_ready(&self) {
        let started = Instant::now();
        loop {
            let ready = reqwest::get(format!("{}/readyz", self.base))
                .await
                .is_ok_and(|r| r.status() == reqwest::StatusCode::OK);
            if ready {
                return;
            }
            assert!(
                started.elapsed() < START_GUARD,
                "tongxin never became ready"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `kill -NAME pid`.
pub fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} {pid} failed");
}
