//! Driving a workload with concurrent clients for a fixed time, and the figures.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::DatabaseConnection;
use serde_json::{Value as Json, json};

use crate::server::Server;
use crate::workloads::{Fixture, UPDATE, VERSION, Workload, global_id};

/// An HTTP client with the admin token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    url: String,
    auth: String,
}

/// Figures of one run.
#[derive(Default)]
pub struct Stats {
    pub count: u64,
    pub errors: u64,
    pub conflicts: u64,
    pub micros: Vec<u64>,
    pub seconds: f64,
}

impl Stats {
    fn merge(&mut self, other: Self) {
        self.count += other.count;
        self.errors += other.errors;
        self.conflicts += other.conflicts;
        self.micros.extend(other.micros);
    }

    pub fn rps(&self) -> f64 {
        self.count as f64 / self.seconds.max(1e-9)
    }

    /// The `q` quantile in milliseconds.
    pub fn ms(&self, q: f64) -> f64 {
        if self.micros.is_empty() {
            return f64::NAN;
        }
        let i = ((self.micros.len() - 1) as f64 * q).round() as usize;
        self.micros[i] as f64 / 1000.0
    }
}

impl Client {
    pub fn new(base: &str, token: &str) -> Result<Self> {
        Ok(Self {
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(256)
                .build()?,
            url: format!("{base}/graphql"),
            auth: format!("Bearer {token}"),
        })
    }

    /// Posts one operation; the response body when it has no errors.
    pub async fn post(&self, query: &str, variables: Json) -> Result<Json> {
        let response = self
            .http
            .post(&self.url)
            .header("authorization", &self.auth)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await?;
        let status = response.status();
        let body: Json = response.json().await?;
        if !status.is_success() || body.get("errors").is_some() {
            bail!("{status}: {body}");
        }
        Ok(body)
    }

    /// GETs `path` on the server with the token; fails unless the status is a success.
    pub async fn get(&self, path: &str) -> Result<()> {
        let base = self.url.trim_end_matches("/graphql");
        let response = self
            .http
            .get(format!("{base}{path}"))
            .header("authorization", &self.auth)
            .send()
            .await?;
        let status = response.status();
        response.bytes().await?;
        if !status.is_success() {
            bail!("{status} for {path}");
        }
        Ok(())
    }

    /// One optimistic update of a random person: read the version, write, retry on conflict.
    /// Returns the conflicts met.
    pub async fn write(&self, fixture: &Fixture, rng: &mut StdRng, n: u64) -> Result<u64> {
        self.write_person(&global_id("Person", fixture.person(rng)), n)
            .await
    }

    /// [`Client::write`] to the person `id`.
    pub async fn write_person(&self, id: &str, n: u64) -> Result<u64> {
        let mut conflicts = 0;
        for _ in 0..8 {
            let body = self.post(VERSION, json!({ "id": id })).await?;
            let version = body["data"]["node"]["version"].as_i64().unwrap_or(1);
            let input =
                json!({ "id": id, "expectedVersion": version, "workUnit": format!("bench {n}") });
            match self.post(UPDATE, json!({ "input": input })).await {
                Ok(body) if body.to_string().contains("VERSION_CONFLICT") => conflicts += 1,
                Ok(_) => return Ok(conflicts),
                Err(e) if e.to_string().contains("VERSION_CONFLICT") => conflicts += 1,
                Err(e) => return Err(e),
            }
        }
        bail!("gave up after {conflicts} version conflicts")
    }
}

async fn run_clients<F, Fut>(clients: usize, duration: Duration, task: F) -> Stats
where
    F: Fn(usize, Instant) -> Fut,
    Fut: std::future::Future<Output = Stats> + Send + 'static,
{
    let started = Instant::now();
    let deadline = started + duration;
    let handles: Vec<_> = (0..clients)
        .map(|i| tokio::spawn(task(i, deadline)))
        .collect();
    let mut total = Stats::default();
    for h in handles {
        if let Ok(s) = h.await {
            total.merge(s);
        }
    }
    total.seconds = started.elapsed().as_secs_f64();
    total.micros.sort_unstable();
    total
}

/// Drives `w` over HTTP. For `Write`, even clients write and odd ones read (point, nested,
/// aggregate in turn); only the writes are timed.
pub async fn drive(
    client: &Client,
    fixture: &Arc<Fixture>,
    w: Workload,
    clients: usize,
    duration: Duration,
) -> Stats {
    run_clients(clients, duration, |i, deadline| {
        let client = client.clone();
        let fixture = fixture.clone();
        async move {
            let mut rng = StdRng::seed_from_u64(i as u64);
            let mut stats = Stats::default();
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let t = Instant::now();
                let outcome = if w == Workload::Write && i % 2 == 0 {
                    client
                        .write(&fixture, &mut rng, n)
                        .await
                        .map(|c| stats.conflicts += c)
                } else {
                    let kind = if w == Workload::Write {
                        [Workload::Point, Workload::Nested, Workload::Aggregate][(n % 3) as usize]
                    } else {
                        w
                    };
                    let (q, v) = fixture.request(kind, &mut rng);
                    let r = client.post(q, v).await.map(|_| ());
                    if w == Workload::Write {
                        continue;
                    }
                    r
                };
                match outcome {
                    Ok(()) => {
                        stats.count += 1;
                        stats.micros.push(t.elapsed().as_micros() as u64);
                    }
                    Err(e) => {
                        if stats.errors == 0 {
                            eprintln!("{}: {e:#}", w.name());
                        }
                        stats.errors += 1;
                    }
                }
            }
            stats
        }
    })
    .await
}

/// Drives the raw SQL of `w` directly through the driver.
pub async fn drive_raw(
    db: &DatabaseConnection,
    fixture: &Arc<Fixture>,
    w: Workload,
    clients: usize,
    duration: Duration,
) -> Stats {
    run_clients(clients, duration, |i, deadline| {
        let db = db.clone();
        let fixture = fixture.clone();
        async move {
            let mut rng = StdRng::seed_from_u64(1000 + i as u64);
            let mut stats = Stats::default();
            while Instant::now() < deadline {
                let t = Instant::now();
                match fixture.raw(&db, w, &mut rng).await {
                    Ok(()) => {
                        stats.count += 1;
                        stats.micros.push(t.elapsed().as_micros() as u64);
                    }
                    Err(e) => {
                        if stats.errors == 0 {
                            eprintln!("raw {}: {e:#}", w.name());
                        }
                        stats.errors += 1;
                    }
                }
            }
            stats
        }
    })
    .await
}

/// SQL statements the server logs per request of `w`, over a few sequential requests.
pub async fn statements_per_request(
    client: &Client,
    server: &Server,
    fixture: &Fixture,
    w: Workload,
) -> Result<f64> {
    let settle = || tokio::time::sleep(Duration::from_millis(150));
    let mut rng = StdRng::seed_from_u64(7);
    // One uncounted request first: the token's verification (cached for a few seconds, then
    // re-checked) is not a per-request cost.
    let (q, v) = fixture.request(w, &mut rng);
    client.post(q, v).await?;
    let rounds = 5u64;
    let mut total = 0;
    for n in 0..rounds {
        if w == Workload::Write {
            let id = global_id("Person", fixture.person(&mut rng));
            let body = client.post(VERSION, json!({ "id": id })).await?;
            let version = body["data"]["node"]["version"].as_i64().unwrap_or(1);
            settle().await;
            let before = server.statements();
            let input =
                json!({ "id": id, "expectedVersion": version, "workUnit": format!("count {n}") });
            client.post(UPDATE, json!({ "input": input })).await?;
            settle().await;
            total += server.statements() - before;
        } else {
            settle().await;
            let before = server.statements();
            let (q, v) = fixture.request(w, &mut rng);
            client.post(q, v).await?;
            settle().await;
            total += server.statements() - before;
        }
    }
    Ok(total as f64 / rounds as f64)
}

pub fn print_row(w: Workload, clients: usize, api: &Stats, raw: Option<&Stats>, statements: f64) {
    let (rr, r50, r99, ratio) = match raw {
        Some(r) => (
            format!("{:.0}", r.rps()),
            format!("{:.2}", r.ms(0.5)),
            format!("{:.2}", r.ms(0.99)),
            format!("{:.2}", api.ms(0.5) / r.ms(0.5)),
        ),
        None => ("–".into(), "–".into(), "–".into(), "–".into()),
    };
    let errors = if w == Workload::Write {
        format!("{} ({} conflicts)", api.errors, api.conflicts)
    } else {
        api.errors.to_string()
    };
    println!(
        "| {} | {clients} | {:.0} | {:.2} | {:.2} | {errors} | {statements:.1} | {rr} | {r50} | {r99} | {ratio} |",
        w.name(),
        api.rps(),
        api.ms(0.5),
        api.ms(0.99),
    );
}
