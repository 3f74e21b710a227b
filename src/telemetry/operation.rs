//! One span per GraphQL operation (name, duration, outcome) and its metrics.

use std::any::TypeId;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest, NextRequest,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, Response, ServerResult, Variables};
use tracing::Instrument;

use super::request_id::RequestId;

/// The schema extension: `graphql::build` registers it.
pub struct OperationTelemetry;

impl ExtensionFactory for OperationTelemetry {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PerRequest {
            name: Mutex::new(None),
            request_id: Mutex::new(None),
        })
    }
}

struct PerRequest {
    /// The operation's name once the document is parsed.
    name: Mutex<Option<String>>,
    /// The HTTP request's id, from the request data.
    request_id: Mutex<Option<String>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for PerRequest {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let span = tracing::info_span!(
            "graphql.operation",
            operation = tracing::field::Empty,
            request_id = tracing::field::Empty,
            outcome = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut response = next.run(ctx).instrument(span.clone()).await;
        let request_id = self.request_id.lock().ok().and_then(|mut id| id.take());
        // Every error names the request, so that a report can be matched with the logs.
        if let Some(id) = &request_id {
            for error in &mut response.errors {
                error
                    .extensions
                    .get_or_insert_with(Default::default)
                    .set("requestId", id.as_str());
            }
        }
        let elapsed = started.elapsed();
        let name = self
            .name
            .lock()
            .ok()
            .and_then(|mut name| name.take())
            .unwrap_or_else(|| "anonymous".to_owned());
        let outcome = outcome(&response);
        span.record("operation", name.as_str());
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
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

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let id = request
            .data
            .get(&TypeId::of::<RequestId>())
            .and_then(|data| data.downcast_ref::<RequestId>())
            .map(|id| id.0.clone());
        if let (Some(id), Ok(mut slot)) = (id, self.request_id.lock()) {
            *slot = Some(id);
        }
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let name = single_name(&document);
        if let Ok(mut slot) = self.name.lock() {
            *slot = name;
        }
        Ok(document)
    }
}

/// The name of the operation, when the document holds one named operation. A metric label
/// must stay bounded: only short identifier-like names are kept.
fn single_name(document: &ExecutableDocument) -> Option<String> {
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
