//! `GET /healthz`: 200 `ok` while the database answers, 503 otherwise.

use axum::extract::State;
use axum::http::StatusCode;

use super::AppState;

/// Pings the database; load balancers and operators read the status code.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::warn!(error = %err, "health check failed: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
