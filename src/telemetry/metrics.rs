//! The process's metrics: one Prometheus recorder per process (installed on first use), so
//! several apps in one process (the tests) share it; counters add up across them.
//! `GET /metrics` (`http::metrics`) renders it.
//!
//! What other modules call: [`operation`] (the GraphQL extension does), [`limit_refused`]
//! (the limits), [`rows_imported`] (bulk import).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// GraphQL operations, by `operation` (name) and `outcome` (`ok` or the first error code).
pub const REQUESTS: &str = "tongxin_graphql_requests_total";
/// GraphQL operation latency in seconds, by `operation` and `outcome`.
pub const LATENCY: &str = "tongxin_graphql_request_duration_seconds";
/// Requests refused by a limit, by `limit`.
pub const LIMIT_REFUSALS: &str = "tongxin_limit_refusals_total";
/// Rows written by imports, by `kind`.
pub const ROWS_IMPORTED: &str = "tongxin_rows_imported_total";
/// Pool connections in use, by `pool` (`read`, `write`).
pub const POOL_IN_USE: &str = "tongxin_db_pool_connections_in_use";
/// Pool connections idle, by `pool`.
pub const POOL_IDLE: &str = "tongxin_db_pool_connections_idle";

const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder, installed on first use; `None` if another recorder was installed.
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let installed = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(LATENCY.to_owned()), LATENCY_BUCKETS)
                .and_then(PrometheusBuilder::install_recorder);
            match installed {
                Ok(handle) => {
                    describe();
                    Some(handle)
                }
                Err(err) => {
                    tracing::warn!(error = %err, "metrics are off: could not install the recorder");
                    None
                }
            }
        })
        .as_ref()
}

fn describe() {
    metrics::describe_counter!(REQUESTS, "GraphQL operations by name and outcome");
    metrics::describe_histogram!(
        LATENCY,
        metrics::Unit::Seconds,
        "GraphQL operation latency by name and outcome"
    );
    metrics::describe_counter!(LIMIT_REFUSALS, "Requests refused by a limit, by limit");
    metrics::describe_counter!(ROWS_IMPORTED, "Rows written by imports, by record kind");
    metrics::describe_gauge!(POOL_IN_USE, "Database connections in use, by pool");
    metrics::describe_gauge!(POOL_IDLE, "Database connections idle, by pool");
}

/// Counts one GraphQL operation and its latency.
pub fn operation(name: &str, outcome: &str, elapsed: Duration) {
    if handle().is_none() {
        return;
    }
    let labels = [
        ("operation", bounded(name)),
        ("outcome", outcome.to_owned()),
    ];
    metrics::counter!(REQUESTS, &labels).increment(1);
    metrics::histogram!(LATENCY, &labels).record(elapsed.as_secs_f64());
}

/// `name`, or `other` once 200 distinct names have been seen: clients choose operation names,
/// and every distinct label value is a time series.
fn bounded(name: &str) -> String {
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let Ok(mut seen) = SEEN.get_or_init(Mutex::default).lock() else {
        return "other".to_owned();
    };
    if seen.contains(name) || (seen.len() < 200 && seen.insert(name.to_owned())) {
        name.to_owned()
    } else {
        "other".to_owned()
    }
}

/// Counts a request refused by the limit named `limit` (e.g. `depth`, `body_size`).
pub fn limit_refused(limit: &'static str) {
    if handle().is_some() {
        metrics::counter!(LIMIT_REFUSALS, "limit" => limit).increment(1);
    }
}

/// Counts rows an import wrote (created or updated) for the record kind `kind`.
pub fn rows_imported(kind: &'static str, rows: u64) {
    if handle().is_some() {
        metrics::counter!(ROWS_IMPORTED, "kind" => kind).increment(rows);
    }
}
