//! Request-body limits of `/graphql`: JSON bodies stay small; GraphQL multipart requests
//! (`importRecords` file uploads) may carry a spreadsheet.

use axum::Json;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::MAX_BODY_BYTES;
use crate::error::code;

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

/// Holds every non-multipart body to `MAX_BODY_BYTES` (413 beyond); multipart bodies pass on
/// to the outer `MAX_UPLOAD_BYTES` limit.
pub async fn limit_json(request: Request, next: Next) -> Response {
    if is_multipart(request.headers()) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(err) => {
            tracing::debug!(error = %err, "rejected a request body over the limit");
            let body = json!({ "errors": [{
                "message": "The request body is too large.",
                "extensions": { "code": code::LIMIT_EXCEEDED }
            }] });
            (StatusCode::PAYLOAD_TOO_LARGE, Json(body)).into_response()
        }
    }
}
