//! `GET /healthz`: 200 while the process serves. `GET /readyz`: 200 once start-up has finished
//! (the database migrated and, when configured, the demo data loaded) and while the database
//! (and the read replica, if any) answers with every migration applied; 503 otherwise (load
//! balancers stop routing to it). Until start-up has finished, the data routes answer 503
//! `UNAVAILABLE` "starting" too, instead of answering from a half-prepared database.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::protocol::{self, Format};
use crate::db::readiness;
use crate::error::code;
use crate::telemetry::Expected;

/// The message of every answer given before start-up has finished.
pub const STARTING: &str = "starting";

/// Whether the server's start-up work (wait for the database, migrate, load the demo data
/// into an empty database) has finished. Shared by the start-up task, which finishes it, and
/// every request, which reads it.
#[derive(Debug, Clone)]
pub struct Startup(Arc<AtomicBool>);

impl Startup {
    /// Start-up work still to do: `/readyz` and the data routes answer 503 until [`finish`].
    ///
    /// [`finish`]: Self::finish
    pub fn pending() -> Self {
        Self(Arc::new(AtomicBool::new(false)))
    }

    /// Nothing left to do: the caller prepared the database before serving.
    pub fn finished() -> Self {
        Self(Arc::new(AtomicBool::new(true)))
    }

    pub fn finish(&self) {
        self.0.store(true, Ordering::Release);
    }

    pub fn is_finished(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Liveness: the process is up and serving HTTP; the database is not consulted.
pub async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}

/// Readiness: start-up has finished, the database answers and its migrations are current;
/// so does the replica.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let not_ready = if state.startup.is_finished() {
        match readiness::check_pools(&state.pools).await {
            Ok(()) => return (StatusCode::OK, "ready").into_response(),
            Err(reason) => reason.to_string(),
        }
    } else {
        STARTING.to_owned()
    };
    tracing::debug!(reason = %not_ready, "not ready");
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, not_ready).into_response();
    response.extensions_mut().insert(Expected);
    response
}

/// Middleware of the data routes: until start-up has finished, 503 `UNAVAILABLE` "starting"
/// (a GraphQL-shaped error, with `Retry-After`) without running the handler.
pub async fn until_started(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if state.startup.is_finished() {
        return next.run(request).await;
    }
    let format = Format::negotiate(request.headers());
    let mut response = protocol::refusal(
        StatusCode::SERVICE_UNAVAILABLE,
        format,
        code::UNAVAILABLE,
        STARTING,
    );
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    response.extensions_mut().insert(Expected);
    response
}
