//! A bulkhead for heavy reads: aggregates and coverage scan whole tables, and a burst of them
//! would hold every pooled connection for seconds, so that point reads and writes time out
//! waiting for one (503 UNAVAILABLE). At most [`slots`] heavy statements run at once in the
//! process; the others wait here — without a connection — within the request's time limit.

use std::sync::LazyLock;

use tokio::sync::{Semaphore, SemaphorePermit};

/// Heavy statements are CPU-bound (in the process for SQLite, on the database server for
/// PostgreSQL): more of them at once than there are cores only adds latency to each.
pub fn slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

static HEAVY: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(slots()));

/// Waits for a turn to run a heavy statement; the turn ends when the permit is dropped.
/// (`None` only if the semaphore were closed, which it never is: then nothing waits.)
pub async fn turn() -> Option<SemaphorePermit<'static>> {
    HEAVY.acquire().await.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_heavy_read_waits_while_every_turn_is_taken() {
        let mut held = Vec::new();
        for _ in 0..slots() {
            held.push(turn().await);
        }
        let waiting = tokio::spawn(turn());
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "no turn is free");
        held.pop();
        let next = waiting.await.ok().flatten();
        assert!(next.is_some(), "a released turn goes to the waiting read");
    }
}
