//! An editor who keeps working while an import runs: one client updating random existing
//! people through GraphQL (read the version, update the work unit), one edit after another,
//! timed; the figures say whether an import locks other editors out.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::load::{Client, Stats};
use crate::workloads::{Fixture, global_id};

/// A pause between two edits, as a person at a form would leave.
const BETWEEN_EDITS: Duration = Duration::from_millis(50);

/// The editor running in the background until [`Editor::stop`].
pub struct Editor {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Stats>,
}

impl Editor {
    /// Starts editing the people of `fixture` (those stored before the import), except the
    /// global ids in `avoid`: the records the import's file changes. Editing one of those
    /// between the dry run and the real run changes the plan, and the real run then rightly
    /// keeps nothing (PLAN_CHANGED), which is not what this measures.
    pub fn start(
        client: Client,
        fixture: Arc<Fixture>,
        seed: u64,
        avoid: Arc<HashSet<String>>,
    ) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let task = tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(seed);
            let mut stats = Stats::default();
            let started = Instant::now();
            let mut n = 0u64;
            while !stopped.load(Ordering::Relaxed) {
                n += 1;
                let t = Instant::now();
                let id = loop {
                    let id = global_id("Person", fixture.person(&mut rng));
                    if !avoid.contains(&id) {
                        break id;
                    }
                };
                match client.write_person(&id, n).await {
                    Ok(conflicts) => {
                        stats.count += 1;
                        stats.conflicts += conflicts;
                        stats.micros.push(t.elapsed().as_micros() as u64);
                    }
                    Err(e) => {
                        if stats.errors == 0 {
                            eprintln!("concurrent edit failed: {e:#}");
                        }
                        stats.errors += 1;
                        stats.micros.push(t.elapsed().as_micros() as u64);
                    }
                }
                tokio::time::sleep(BETWEEN_EDITS).await;
            }
            stats.seconds = started.elapsed().as_secs_f64();
            stats.micros.sort_unstable();
            stats
        });
        Self { stop, task }
    }

    /// Stops after the edit under way; the figures.
    pub async fn stop(self) -> Stats {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.unwrap_or_default()
    }
}

/// One line of figures: edits, failures, conflicts retried, p50/p99/max latency.
pub fn summary(stats: &Stats) -> String {
    let max = stats.micros.last().map_or(f64::NAN, |m| *m as f64 / 1000.0);
    format!(
        "{} edits, {} failed, {} version conflicts retried, p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        stats.count,
        stats.errors,
        stats.conflicts,
        stats.ms(0.5),
        stats.ms(0.99),
        max
    )
}
