//! `POST /graphql`: GraphQL over HTTP. The caller becomes a `Viewer` attached to the request.

use async_graphql::ParseRequestError;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Json;
use axum::extract::State;
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, CACHE_CONTROL, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use crate::auth::Unauthenticated;
use crate::error::code;
use crate::graphql::mutation::Locale;

/// Executes one GraphQL request. Errors inside the operation come back as GraphQL errors
/// with status 200; only a body that is not a GraphQL request at all gets a 4xx.
pub async fn execute(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: GraphQLRequest<BadRequest>,
) -> Response {
    let authorization = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
    let viewer = match state.auth.viewer(&state.db, authorization).await {
        Ok(Ok(viewer)) => viewer,
        Ok(Err(Unauthenticated)) => return unauthenticated(),
        Err(err) => {
            tracing::error!(error = %err, "could not check a credential");
            return unavailable();
        }
    };
    let locale = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or_else(Locale::default, Locale::from_accept_language);
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= 64)
        .map_or_else(new_request_id, str::to_owned);
    let request = crate::graphql::prepare_with_id(
        request.into_inner(),
        &state.db,
        viewer,
        Some(request_id.clone()),
    )
    .data(locale);
    let mut response = GraphQLResponse::from(state.schema.execute(request).await).into_response();
    // Responses may carry personal data: no shared or browser cache may keep them.
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

fn new_request_id() -> String {
    let mut bytes = [0u8; 12];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    hex::encode(bytes)
}

/// 401 for a credential that was presented and refused; the body says no more than that.
fn unauthenticated() -> Response {
    let body = json!({ "errors": [{
        "message": "the bearer token is invalid, expired or revoked",
        "extensions": { "code": code::UNAUTHENTICATED }
    }] });
    let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn unavailable() -> Response {
    let body = json!({ "errors": [{
        "message": "the service cannot check credentials right now; retry shortly",
        "extensions": { "code": code::UNAVAILABLE }
    }] });
    (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
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
