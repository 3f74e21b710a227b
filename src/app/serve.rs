//! The HTTP server loop: hyper-util's HTTP/1 + HTTP/2 server with a timer, so that slow or
//! idle clients cannot hold connections open, and a graceful shutdown with a deadline.
//!
//! - A request header must arrive within `header_read_timeout` (hyper's HTTP/1 timer; the same
//!   timer closes HTTP/1 keep-alive connections idle that long). A connection that sends
//!   nothing at all is closed after the same time by the idle watch below.
//! - A request body must arrive whole within `body_read_timeout` of its head
//!   (`http::body::DeadlineBody`: one deadline, not a timeout between reads).
//! - One client address holds at most `max_connections_per_client` connections; more are
//!   closed as they are accepted.
//! - A connection with no request in flight for `idle_timeout` is closed (HTTP/2 included).
//! - When `shutdown` is cancelled: stop accepting, ask every connection to finish its
//!   in-flight requests and close, and wait for them at most `shutdown_timeout`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::config::Operations;
use crate::http::body::{BodyDeadline, DeadlineBody};

/// The connection timeouts and the shutdown deadline.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub shutdown_timeout: Duration,
    /// Connections one client address may hold open (0: any number).
    pub max_connections_per_client: usize,
}

impl ServeSettings {
    pub fn from_config(ops: &Operations) -> Self {
        let ms = |value: u64| Duration::from_millis(value.max(1));
        Self {
            header_read_timeout: ms(ops.header_read_timeout_ms),
            body_read_timeout: ms(ops.body_read_timeout_ms),
            idle_timeout: ms(ops.idle_timeout_ms),
            shutdown_timeout: ms(ops.shutdown_timeout_ms),
            max_connections_per_client: ops.max_connections_per_client,
        }
    }
}

/// Serves `router` until `shutdown` is cancelled, then drains (see the module comment).
/// Returns whether every connection finished before the deadline.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: ServeSettings,
    shutdown: CancellationToken,
) -> bool {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout)
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(settings.idle_timeout / 2)
        .keep_alive_timeout(settings.header_read_timeout);
    let builder = Arc::new(builder);
    let connections = TaskTracker::new();
    let per_client = PerClient::new(settings.max_connections_per_client);
    loop {
        let (stream, remote) = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(slot) = per_client.admit(remote.ip()) else {
            tracing::debug!(%remote, "closed a connection over the per-client limit");
            crate::http::metrics::limit_refused("maxConnectionsPerClient");
            drop(stream);
            continue;
        };
        let serving = connection(
            stream,
            remote,
            router.clone(),
            builder.clone(),
            settings.clone(),
            shutdown.clone(),
        );
        connections.spawn(async move {
            serving.await;
            drop(slot);
        });
    }
    drop(listener);
    connections.close();
    let open = connections.len();
    tracing::info!(
        connections = open,
        "stopped accepting; waiting for in-flight requests"
    );
    match tokio::time::timeout(settings.shutdown_timeout, connections.wait()).await {
        Ok(()) => true,
        Err(_) => {
            tracing::warn!(
                connections = connections.len(),
                deadline_ms = settings.shutdown_timeout.as_millis(),
                "the shutdown deadline passed; dropping the connections still open"
            );
            false
        }
    }
}

/// One connection, until it closes, idles out, or the server shuts down.
async fn connection(
    stream: TcpStream,
    remote: SocketAddr,
    router: Router,
    builder: Arc<auto::Builder<TokioExecutor>>,
    settings: ServeSettings,
    shutdown: CancellationToken,
) {
    let activity = Activity::new();
    let tracked = activity.clone();
    let body_limit = settings.body_read_timeout;
    let service = tower::service_fn(move |request: hyper::Request<Incoming>| {
        let deadline = BodyDeadline::default();
        let mut request = request.map(|body| {
            axum::body::Body::new(DeadlineBody::new(body, body_limit, deadline.clone()))
        });
        request.extensions_mut().insert(ConnectInfo(remote));
        request.extensions_mut().insert(deadline);
        let guard = tracked.begin();
        let response = router.clone().oneshot(request);
        async move {
            let response = response.await;
            drop(guard);
            response
        }
    });
    let mut conn =
        pin!(builder.serve_connection_with_upgrades(
            TokioIo::new(stream),
            TowerToHyperService::new(service)
        ));
    let mut closing = false;
    loop {
        tokio::select! {
            outcome = conn.as_mut() => {
                if let Err(err) = outcome {
                    tracing::debug!(error = %err, %remote, "connection ended with an error");
                }
                return;
            }
            () = shutdown.cancelled(), if !closing => {
                conn.as_mut().graceful_shutdown();
                closing = true;
            }
            () = activity.idle(settings.header_read_timeout, settings.idle_timeout), if !closing => {
                tracing::debug!(%remote, "closing an idle connection");
                conn.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
}

/// Requests in flight on one connection and when the last one ended.
#[derive(Clone)]
struct Activity(Arc<ActivityState>);

struct ActivityState {
    opened: Instant,
    in_flight: AtomicUsize,
    /// Requests seen so far; before the first, the header timeout is the idle limit.
    requests: AtomicU64,
    /// Milliseconds after `opened` when the last request ended.
    last_ms: AtomicU64,
}

struct RequestGuard(Activity);

impl Drop for RequestGuard {
    fn drop(&mut self) {
        let state = &self.0.0;
        state.last_ms.store(
            u64::try_from(state.opened.elapsed().as_millis()).unwrap_or(u64::MAX),
            Ordering::SeqCst,
        );
        state.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Activity {
    fn new() -> Self {
        Self(Arc::new(ActivityState {
            opened: Instant::now(),
            in_flight: AtomicUsize::new(0),
            requests: AtomicU64::new(0),
            last_ms: AtomicU64::new(0),
        }))
    }

    fn begin(&self) -> RequestGuard {
        self.0.in_flight.fetch_add(1, Ordering::SeqCst);
        self.0.requests.fetch_add(1, Ordering::SeqCst);
        RequestGuard(self.clone())
    }

    /// Resolves once no request has been in flight for the limit: `first` before any request
    /// (a client that connects and sends nothing), `idle` afterwards.
    async fn idle(&self, first: Duration, idle: Duration) {
        loop {
            let state = &self.0;
            let limit = if state.requests.load(Ordering::SeqCst) == 0 {
                first
            } else {
                idle
            };
            let quiet = if state.in_flight.load(Ordering::SeqCst) > 0 {
                Duration::ZERO
            } else {
                let last = Duration::from_millis(state.last_ms.load(Ordering::SeqCst));
                state.opened.elapsed().saturating_sub(last)
            };
            if quiet >= limit {
                return;
            }
            let wait = limit - quiet;
            tokio::time::sleep(wait.max(Duration::from_millis(10))).await;
        }
    }
}

/// Open connections per client address, up to a cap.
struct PerClient {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One admitted connection; dropping it frees its place.
struct ClientSlot {
    owner: Arc<PerClient>,
    ip: IpAddr,
}

impl PerClient {
    fn new(max: usize) -> Arc<Self> {
        Arc::new(Self {
            max,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// A place for one more connection from `ip`, or `None` at the cap.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<ClientSlot> {
        if self.max == 0 {
            return Some(ClientSlot {
                owner: self.clone(),
                ip,
            });
        }
        let mut open = self.lock();
        let count = open.entry(ip).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            owner: self.clone(),
            ip,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
        // A count is a single integer update: a panic elsewhere cannot leave it half-written.
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        if self.owner.max == 0 {
            return;
        }
        let mut open = self.owner.lock();
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_holds_at_most_its_share_of_connections() {
        let per_client = PerClient::new(2);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let first = per_client.admit(a);
        let second = per_client.admit(a);
        assert!(first.is_some() && second.is_some());
        assert!(
            per_client.admit(a).is_none(),
            "a third from the same address"
        );
        assert!(
            per_client.admit(b).is_some(),
            "another address is not affected"
        );
        drop(first);
        assert!(
            per_client.admit(a).is_some(),
            "a closed connection frees its place"
        );
        let unlimited = PerClient::new(0);
        let held: Vec<_> = (0..100).map(|_| unlimited.admit(a)).collect();
        assert!(held.iter().all(Option::is_some));
    }
}
