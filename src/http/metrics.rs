//! `GET /metrics`: the Prometheus text exposition of `telemetry::metrics`, with the pool
//! gauges read at each scrape.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub use crate::telemetry::metrics::*;

use super::AppState;

/// The Prometheus text exposition, with the pool gauges read now.
pub async fn render(State(state): State<AppState>) -> Response {
    let Some(handle) = handle() else {
        return (StatusCode::NOT_FOUND, "metrics are off").into_response();
    };
    let pools = &state.pools;
    let replica = pools.replica.as_ref().map(|db| ("replica", db));
    let all = [("read", &pools.read), ("write", &pools.write)];
    for (pool, db) in all.into_iter().chain(replica) {
        let (in_use, idle) = crate::db::pool::usage(db);
        metrics::gauge!(POOL_IN_USE, "pool" => pool).set(in_use as f64);
        metrics::gauge!(POOL_IDLE, "pool" => pool).set(idle as f64);
    }
    handle.run_upkeep();
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
