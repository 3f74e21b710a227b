//! `GET /healthz`: 200 while the process serves. `GET /readyz`: 200 when the database (and the
//! read replica, if any) answers and every migration is applied there, 503 otherwise (load
//! balancers stop routing to it).

use axum::extract::State;
use axum::http::StatusCode;

use super::AppState;
use crate::db::readiness;

/// Liveness: the process is up and serving HTTP; the database is not consulted.
pub async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}

/// Readiness: the database answers and its migrations are current; so does the replica.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    match readiness::check_pools(&state.pools).await {
        Ok(()) => (StatusCode::OK, "ready".to_owned()),
        Err(reason) => {
            tracing::debug!(%reason, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, reason.to_string())
        }
    }
}
