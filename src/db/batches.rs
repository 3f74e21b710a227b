//! When loader fetches start: as soon as the request they serve can make no other progress.
//!
//! A request's resolvers ask loaders for keys; a fetch started too early splits a level's keys
//! over several statements, one started too late makes the request wait. A timer or a count of
//! scheduler turns gets this right only on an idle machine. Instead, [`Batches::drive`] polls
//! the request itself and starts the queued fetches only when the request is blocked (it
//! returned `Pending` without waking itself to yield): every resolver that can run has then
//! asked for its keys, so a level's keys always form one batch, whatever the load.
//!
//! Loaders of a request that is not driven (a subscription's events) fall back to starting
//! their fetch after a few scheduler turns.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesUnordered, StreamExt};
use futures_util::task::{ArcWake, waker_ref};

/// The loader fetches of one request.
#[derive(Clone, Default)]
pub struct Batches(Arc<Shared>);

#[derive(Default)]
struct Shared {
    driven: AtomicBool,
    queued: Mutex<Vec<BoxFuture<'static, ()>>>,
}

/// Turns an undriven fetch waits for, so sibling resolvers polled in chunks can add keys.
const FALLBACK_TURNS: usize = 128;
/// The longest an undriven fetch waits.
const FALLBACK_WINDOW: std::time::Duration = std::time::Duration::from_millis(5);

impl Batches {
    /// A loader's spawner: queues the fetch for the driver, or starts it after a few turns.
    pub fn spawn(&self, fetch: BoxFuture<'static, ()>) {
        if self.0.driven.load(Ordering::Acquire)
            && let Ok(mut queued) = self.0.queued.lock()
        {
            queued.push(fetch);
            return;
        }
        tokio::spawn(async move {
            let turns = async {
                for _ in 0..FALLBACK_TURNS {
                    tokio::task::yield_now().await;
                }
            };
            let _ = tokio::time::timeout(FALLBACK_WINDOW, turns).await;
            fetch.await;
        });
    }

    /// Runs `request`, starting queued fetches whenever it is blocked on them.
    pub async fn drive<F: Future>(&self, request: F) -> F::Output {
        self.0.driven.store(true, Ordering::Release);
        let output = Driven {
            request: Box::pin(request),
            batches: self.clone(),
            running: FuturesUnordered::new(),
            check: None,
        }
        .await;
        self.0.driven.store(false, Ordering::Release);
        // Anything queued after the request finished is started anyway (nothing waits for it).
        let left: Vec<_> = self
            .0
            .queued
            .lock()
            .map(|mut q| q.drain(..).collect())
            .unwrap_or_default();
        for fetch in left {
            tokio::spawn(fetch);
        }
        output
    }

    fn has_queued(&self) -> bool {
        self.0.queued.lock().is_ok_and(|q| !q.is_empty())
    }

    fn take_queued(&self) -> Vec<BoxFuture<'static, ()>> {
        self.0
            .queued
            .lock()
            .map(|mut q| q.drain(..).collect())
            .unwrap_or_default()
    }
}

struct Driven<F: Future> {
    request: Pin<Box<F>>,
    batches: Batches,
    running: FuturesUnordered<BoxFuture<'static, ()>>,
    /// The waker of the last poll that left the request pending with fetches queued: if it
    /// is still unwoken at the next poll, the request is blocked on them.
    check: Option<Arc<Flagged>>,
}

/// A waker that remembers whether it was woken. The runtime may defer a task's own
/// `yield_now` wake to the end of its poll, so whether the request was yielding or blocked is
/// read one poll later.
struct Flagged {
    outer: Waker,
    woken: AtomicBool,
}

impl ArcWake for Flagged {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.woken.store(true, Ordering::Release);
        arc_self.outer.wake_by_ref();
    }
}

impl<F: Future> Future for Driven<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        loop {
            if let Some(last) = this.check.take()
                && !last.woken.load(Ordering::Acquire)
            {
                this.running.extend(this.batches.take_queued());
            }
            let flagged = Arc::new(Flagged {
                outer: cx.waker().clone(),
                woken: AtomicBool::new(false),
            });
            let waker = waker_ref(&flagged);
            let polled = this.request.as_mut().poll(&mut Context::from_waker(&waker));
            if let Poll::Ready(output) = polled {
                return Poll::Ready(output);
            }
            if !flagged.woken.load(Ordering::Acquire) && this.batches.has_queued() {
                this.check = Some(flagged);
                cx.waker().wake_by_ref();
            }
            let mut finished = false;
            while let Poll::Ready(Some(())) = this.running.poll_next_unpin(cx) {
                finished = true;
            }
            if !finished {
                return Poll::Pending;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Three "resolvers" at different yield depths each queue a fetch; the driver starts them
    /// only once all three are blocked, so they run as one round.
    #[tokio::test]
    async fn fetches_start_only_when_the_request_is_blocked() {
        let batches = Batches::default();
        let asked = Arc::new(AtomicUsize::new(0));
        let seen_at_start = Arc::new(Mutex::new(Vec::new()));
        let resolver = |yields: usize| {
            let batches = batches.clone();
            let asked = asked.clone();
            let seen = seen_at_start.clone();
            async move {
                for _ in 0..yields {
                    tokio::task::yield_now().await;
                }
                asked.fetch_add(1, Ordering::SeqCst);
                let (tx, rx) = tokio::sync::oneshot::channel();
                let asked_now = asked.clone();
                batches.spawn(Box::pin(async move {
                    if let Ok(mut seen) = seen.lock() {
                        seen.push(asked_now.load(Ordering::SeqCst));
                    }
                    let _ = tx.send(());
                }));
                let _ = rx.await;
            }
        };
        let request = futures_util::future::join3(resolver(0), resolver(5), resolver(50));
        batches.drive(request).await;
        let seen = seen_at_start.lock().map(|s| s.clone()).unwrap_or_default();
        assert_eq!(
            seen,
            vec![3, 3, 3],
            "every fetch started after all keys were asked for"
        );
    }
}
