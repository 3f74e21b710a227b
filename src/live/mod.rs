//! Live updates: committed changes fanned out to subscribers.
//!
//! Every write already leaves an audit entry in its own transaction, so the audit trail is the
//! outbox: a change is published only once the entry is visible to other connections, which
//! means committed, never for a rolled-back transaction. One dispatcher task per process turns
//! new entries into [`Change`]s on a broadcast channel. On PostgreSQL each entry is also
//! announced with `NOTIFY` inside its transaction (delivered only on commit), so every process
//! sharing the database hears about every change; on SQLite the dispatcher reads entries past
//! the last one it saw when a local commit nudges it, and on a short tick for other writers.

mod change;
mod dispatch;
mod postgres;
mod region;

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::{Notify, OnceCell, broadcast};

pub use change::{Change, Operation};
pub use postgres::{CHANNEL, announce, announce_many};

/// How many changes a slow subscriber may fall behind before it skips ahead.
const BUFFER: usize = 1024;

/// The process's feed of committed changes; cheap to clone, started on the first subscriber.
#[derive(Clone)]
pub struct ChangeFeed {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    sender: broadcast::Sender<Arc<Change>>,
    nudge: Arc<Notify>,
    started: OnceCell<()>,
}

impl ChangeFeed {
    /// A feed over `db`, which must be the primary: a hot standby neither delivers NOTIFY nor
    /// holds an entry the moment its notification arrives (replication lags).
    pub fn new(db: DatabaseConnection) -> Self {
        let (sender, _) = broadcast::channel(BUFFER);
        Self {
            inner: Arc::new(Inner {
                db,
                sender,
                nudge: Arc::new(Notify::new()),
                started: OnceCell::new(),
            }),
        }
    }

    /// Receives every change committed after this returns. Starts the dispatcher on first
    /// use (a server nobody subscribes to does no work for the feed); fails while the
    /// database cannot be reached.
    pub async fn subscribe(&self) -> Result<broadcast::Receiver<Arc<Change>>, DbErr> {
        let receiver = self.inner.sender.subscribe();
        let inner = &self.inner;
        inner
            .started
            .get_or_try_init(|| {
                dispatch::start(inner.db.clone(), inner.sender.clone(), inner.nudge.clone())
            })
            .await?;
        Ok(receiver)
    }

    /// Says a local transaction just committed: the dispatcher looks for new entries now
    /// instead of at its next tick.
    pub fn nudge(&self) {
        if self.inner.started.initialized() {
            self.inner.nudge.notify_one();
        }
    }
}
