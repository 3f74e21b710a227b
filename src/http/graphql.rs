//! `POST /graphql`: GraphQL over HTTP. The caller becomes a `Viewer` attached to the request.

use async_graphql::ParseRequestError;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use crate::auth::Viewer;
use crate::error::code;

/// Executes one GraphQL request. Errors inside the operation come back as GraphQL errors
/// with status 200; only a body that is not a GraphQL request at all gets a 4xx.
pub async fn execute(
    State(state): State<AppState>,
    request: GraphQLRequest<BadRequest>,
) -> GraphQLResponse {
    let request = crate::graphql::prepare(request.into_inner(), &state.db, Viewer::public());
    state.schema.execute(request).await.into()
}

/// A request body that could not be read as a GraphQL request. The answer is shaped like a
/// GraphQL error so clients can show it, and never echoes parser internals or Rust type names.
pub struct BadRequest(ParseRequestError);

impl From<ParseRequestError> for BadRequest {
    fn from(err: ParseRequestError) -> Self {
        Self(err)
    }
}

impl BadRequest {
    fn status_code_message(&self) -> (StatusCode, &'static str, String) {
        const SHAPE: &str =
            r#"send a JSON object such as {"query": "{ __typename }", "variables": {}}"#;
        match &self.0 {
            ParseRequestError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                code::LIMIT_EXCEEDED,
                "The request body is too large.".to_owned(),
            ),
            ParseRequestError::UnsupportedBatch => (
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                "Batched requests are not supported: send one operation per request.".to_owned(),
            ),
            ParseRequestError::InvalidRequest(source) => {
                let position = source
                    .downcast_ref::<serde_json::Error>()
                    .filter(|err| err.is_syntax() || err.is_eof())
                    .map(|err| {
                        format!(
                            " (malformed JSON at line {}, column {})",
                            err.line(),
                            err.column()
                        )
                    })
                    .unwrap_or_default();
                (
                    StatusCode::BAD_REQUEST,
                    code::BAD_USER_INPUT,
                    format!("The request body is not a GraphQL request{position}: {SHAPE}."),
                )
            }
            ParseRequestError::Io(_) => (
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                "The request body could not be read.".to_owned(),
            ),
            _ => (
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                format!(
                    "The body is not a GraphQL request nor a GraphQL multipart upload (fields operations, map and the files): {SHAPE}."
                ),
            ),
        }
    }
}

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        let (status, code, message) = self.status_code_message();
        tracing::debug!(status = status.as_u16(), error = %self.0, "rejected a GraphQL request body");
        let body = json!({
            "errors": [{ "message": message, "extensions": { "code": code } }]
        });
        (status, Json(body)).into_response()
    }
}
