//! Reading GraphQL requests from a JSON body or a URL, without ever echoing parser internals
//! or Rust type names, and marking request errors (validation) with a code.

use std::collections::HashMap;

use async_graphql::{BatchRequest, ParseRequestError, ServerError};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::code;
use crate::http::protocol::{Format, Refused};

const SHAPE: &str = r#"send a JSON object such as {"query": "{ __typename }", "variables": {}}"#;

fn bad(message: impl Into<String>) -> Refused {
    Refused::new(StatusCode::BAD_REQUEST, code::BAD_USER_INPUT, message)
}

/// A JSON body: one request (an object) or a batch (an array of objects).
pub async fn read_json(request: Request) -> Result<BatchRequest, Refused> {
    let bytes = axum::body::to_bytes(request.into_body(), super::super::MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            Refused::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::LIMIT_EXCEEDED,
                "The request body is too large.",
            )
        })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|err| {
        bad(format!(
            "The request body is not a GraphQL request (malformed JSON at line {}, column {}): {SHAPE}.",
            err.line(),
            err.column()
        ))
    })?;
    let not_a_request = || {
        bad(format!(
            "The request body is not a GraphQL request: {SHAPE}."
        ))
    };
    match value {
        serde_json::Value::Object(_) => serde_json::from_value(value)
            .map(BatchRequest::Single)
            .map_err(|_| not_a_request()),
        serde_json::Value::Array(items) if !items.is_empty() => items
            .into_iter()
            .map(|item| match item {
                serde_json::Value::Object(_) => {
                    serde_json::from_value(item).map_err(|_| not_a_request())
                }
                _ => Err(not_a_request()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(BatchRequest::Batch),
        _ => Err(not_a_request()),
    }
}

/// A request from `GET /graphql?query=…&operationName=…&variables=…&extensions=…`.
pub fn from_params(mut params: HashMap<String, String>) -> Result<async_graphql::Request, Refused> {
    let mut request = async_graphql::Request::new(params.remove("query").unwrap_or_default());
    if let Some(name) = params.remove("operationName").filter(|n| !n.is_empty()) {
        request = request.operation_name(name);
    }
    if let Some(variables) = params.remove("variables").filter(|v| !v.is_empty()) {
        let value: serde_json::Value = serde_json::from_str(&variables)
            .map_err(|_| bad("the `variables` parameter is not a JSON object"))?;
        if !value.is_object() {
            return Err(bad("the `variables` parameter is not a JSON object"));
        }
        request = request.variables(async_graphql::Variables::from_json(value));
    }
    if let Some(extensions) = params.remove("extensions").filter(|v| !v.is_empty()) {
        request.extensions = serde_json::from_str(&extensions)
            .map_err(|_| bad("the `extensions` parameter is not a JSON object"))?;
    }
    Ok(request)
}

/// A response whose errors are all request errors (validation, unknown operation, variable
/// coercion): nothing ran. Execution errors carry a path.
pub fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// Request errors from async-graphql carry no code: they get BAD_USER_INPUT.
pub fn coded(mut response: async_graphql::Response) -> async_graphql::Response {
    if is_request_error(&response) {
        for error in &mut response.errors {
            add_code(error);
        }
    }
    response
}

fn add_code(error: &mut ServerError) {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code::BAD_USER_INPUT);
    }
}

/// A multipart body that could not be read as a GraphQL upload. The answer is shaped like a
/// GraphQL error and never echoes parser internals or Rust type names.
pub struct BadRequest(ParseRequestError);

impl From<ParseRequestError> for BadRequest {
    fn from(err: ParseRequestError) -> Self {
        Self(err)
    }
}

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        tracing::debug!(error = %self.0, "rejected a GraphQL request body");
        let refused = match &self.0 {
            ParseRequestError::PayloadTooLarge => Refused::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                code::LIMIT_EXCEEDED,
                "The request body is too large.",
            ),
            ParseRequestError::Io(_) => bad("The request body could not be read."),
            _ => bad(format!(
                "The body is not a GraphQL request nor a GraphQL multipart upload (fields operations, map and the files): {SHAPE}."
            )),
        };
        refused.respond(Format::Json)
    }
}
