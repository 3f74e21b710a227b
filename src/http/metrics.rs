//! `GET /metrics`: the Prometheus text exposition of `telemetry::metrics`, with the pool
//! gauges read at each scrape.
//!
//! Not public by default: on the main listener it is served only when a token is configured
//! (`TONGXIN_METRICS_TOKEN`), and then only to `Authorization: Bearer <token>`. With
//! `TONGXIN_METRICS_ADDR` it is also served on a listener of its own (a private interface),
//! which asks for the token too when one is configured.

use axum::extract::State;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub use crate::telemetry::metrics::*;

use super::AppState;

/// The shortest metrics token accepted at start.
pub const MIN_TOKEN_LEN: usize = 16;

/// `/metrics` on the main listener: only with a configured token, and only to its bearer.
pub async fn main_listener(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.ops.metrics_token.as_deref() else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    if !bears(&headers, token) {
        return unauthorized();
    }
    render(&state)
}

/// `/metrics` on its own listener (`TONGXIN_METRICS_ADDR`): the token is asked for when set.
pub async fn own_listener(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = state.config.ops.metrics_token.as_deref()
        && !bears(&headers, token)
    {
        return unauthorized();
    }
    render(&state)
}

/// Whether the request carries `Bearer <token>`. The digests are compared, so the time taken
/// says nothing about how much of the token a guess got right.
fn bears(headers: &HeaderMap, token: &str) -> bool {
    if token.is_empty() {
        return false;
    }
    let Some(presented) = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
    else {
        return false;
    };
    Sha256::digest(presented.as_bytes()) == Sha256::digest(token.as_bytes())
}

fn unauthorized() -> Response {
    let mut response = (
        StatusCode::UNAUTHORIZED,
        "metrics need the metrics token: Authorization: Bearer <TONGXIN_METRICS_TOKEN>",
    )
        .into_response();
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// The Prometheus text exposition, with the pool gauges read now.
fn render(state: &AppState) -> Response {
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
