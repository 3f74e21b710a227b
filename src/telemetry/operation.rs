//! One span per GraphQL operation (name, duration, outcome) and its metrics.

use std::future::Future;
use std::time::Instant;

use async_graphql::Response;
use async_graphql::parser::types::ExecutableDocument;
use tracing::Instrument;

/// Runs one operation (`execute`) inside its span, then names the request in every error (so
/// that a report can be matched with the logs), logs the outcome and records the metrics.
/// A plain wrapper, not a schema extension: with any extension registered, async-graphql
/// sends every resolved field through the extension chain (two registry lookups and a boxed
/// future per extension and field), which cost more CPU than the fields themselves.
pub async fn observed(
    name: Option<String>,
    request_id: Option<&str>,
    execute: impl Future<Output = Response>,
) -> Response {
    let span = tracing::info_span!(
        "graphql.operation",
        operation = tracing::field::Empty,
        request_id = tracing::field::Empty,
        outcome = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let mut response = execute.instrument(span.clone()).await;
    if let Some(id) = request_id {
        for error in &mut response.errors {
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("requestId", id);
        }
    }
    let elapsed = started.elapsed();
    let name = name.unwrap_or_else(|| "anonymous".to_owned());
    let outcome = outcome(&response);
    span.record("operation", name.as_str());
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
    span.record("outcome", outcome.as_str());
    span.record("duration_ms", elapsed.as_millis() as u64);
    span.in_scope(|| {
        tracing::info!(
            operation = %name,
            outcome = %outcome,
            duration_ms = elapsed.as_millis() as u64,
            "graphql operation"
        );
    });
    super::metrics::operation(&name, &outcome, elapsed);
    response
}

/// The name of the operation, when the document holds one named operation. A metric label
/// must stay bounded: only short identifier-like names are kept.
pub fn name_of(document: &ExecutableDocument) -> Option<String> {
    let mut names = document.operations.iter().map(|(name, _)| name);
    let first = names.next()?;
    if names.next().is_some() {
        return Some("multiple".to_owned());
    }
    let name = first?.as_str();
    let fits = name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    Some(if fits { name } else { "other" }.to_owned())
}

/// `ok`, or the first error's code (`INTERNAL` when it has none).
fn outcome(response: &Response) -> String {
    let Some(error) = response.errors.first() else {
        return "ok".to_owned();
    };
    error
        .extensions
        .as_ref()
        .and_then(|ext| ext.get("code"))
        .and_then(|code| match code {
            async_graphql::Value::String(code) => Some(code.clone()),
            async_graphql::Value::Enum(code) => Some(code.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| "ERROR".to_owned())
}
