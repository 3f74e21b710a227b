//! Request-body limits of `/graphql`: JSON bodies stay small; GraphQL multipart requests
//! (`importRecords` file uploads) may carry a spreadsheet.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;

use super::body::{self, BodyDeadline};
use super::protocol::Format;
use super::{AppState, MAX_BODY_BYTES};

/// The largest multipart request `/graphql` accepts: a 32 MiB file plus the other parts.
pub const MAX_UPLOAD_BYTES: usize = 34 * 1024 * 1024;

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/")
        })
}

/// Reads every non-multipart body whole, up to `MAX_BODY_BYTES` (413 beyond, after a bounded
/// drain; 408 when it does not arrive in time); multipart bodies pass on to the outer
/// `MAX_UPLOAD_BYTES` limit and are read by the handler.
pub async fn limit_json(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_multipart(request.headers()) {
        return next.run(request).await;
    }
    let format = Format::negotiate(request.headers());
    let deadline = request.extensions().get::<BodyDeadline>().cloned();
    let (parts, body) = request.into_parts();
    match body::read_limited(body, MAX_BODY_BYTES, deadline.as_ref()).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(err) => {
            tracing::debug!(error = ?err, "refused a request body");
            let timeout_ms = state.config.ops.body_read_timeout_ms;
            body::refusal(err, format, MAX_BODY_BYTES, timeout_ms)
        }
    }
}
