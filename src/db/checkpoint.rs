//! SQLite's WAL checkpoints, run beside the writers instead of inside their commits.
//!
//! By default the commit that takes the WAL past 1,000 pages also copies the WAL into the
//! database file and syncs it, while the one writer connection is still held: a commit of
//! an import's chunk then took about 110 ms instead of a few, and every writer queued behind
//! it. Here the pools' connections never checkpoint (`wal_autocheckpoint=0`); one task runs
//! a PASSIVE checkpoint on a read connection a few times a second. A passive checkpoint takes
//! no lock that writers or readers wait for: it copies what no reader still needs, and the
//! next write starts the WAL over once all of it is copied.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::task::JoinHandle;

/// How often the WAL is copied into the database file. Between two checkpoints the WAL
/// grows by what was committed meanwhile (an import's chunk is a few megabytes).
const EVERY: Duration = Duration::from_millis(250);

/// Runs the checkpoints until dropped.
#[derive(Debug)]
pub struct Checkpointer(JoinHandle<()>);

impl Checkpointer {
    /// Starts checkpointing the database of `pool` (a SQLite file in WAL mode).
    pub fn start(pool: DatabaseConnection) -> Self {
        Self(tokio::spawn(async move {
            let mut failing = false;
            loop {
                tokio::time::sleep(EVERY).await;
                if pool.get_sqlite_connection_pool().is_closed() {
                    return;
                }
                match pool
                    .execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
                    .await
                {
                    Ok(_) => failing = false,
                    // Said once per failing spell: the next turn tries again, and meanwhile
                    // the WAL only grows (commits and reads still work).
                    Err(err) if !failing => {
                        failing = true;
                        tracing::warn!(error = %err, "WAL checkpoint failed");
                    }
                    Err(_) => {}
                }
            }
        }))
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.0.abort();
    }
}
