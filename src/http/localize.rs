//! Refusals the HTTP layer answers itself (a body over the limit, the rate limit, a server
//! still starting, a bad token, a guard's limit) in the caller's language: Chinese unless
//! `Accept-Language` prefers English, with `extensions.code` unchanged. GraphQL's own errors
//! are already in the caller's language (the error-code schema extension); this middleware
//! sees only error answers with a small JSON body, and leaves Chinese messages alone.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use http_body::Body as _;
use serde_json::Value;

use crate::error::top_level;
use crate::graphql::mutation::Locale;

/// Refusals are a few hundred bytes; larger error bodies are passed on untouched.
const MAX_REFUSAL_BYTES: u64 = 64 * 1024;

/// The language `Accept-Language` asks for (Chinese when it names neither).
pub fn locale_of(request: &Request) -> Locale {
    request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or_else(Locale::default, Locale::from_accept_language)
}

/// Middleware: error answers' messages in the caller's language.
pub async fn refusals(request: Request, next: Next) -> Response {
    let locale = locale_of(&request);
    let response = next.run(request).await;
    if locale == Locale::En || !is_small_json_error(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REFUSAL_BYTES as usize).await else {
        // Unreachable for a body of known small size; answer with what is known.
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut json) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if !translate(&mut json) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let bytes = serde_json::to_vec(&json).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

fn is_small_json_error(response: &Response) -> bool {
    let json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n <= MAX_REFUSAL_BYTES);
    response.status().as_u16() >= 400 && json && small
}

/// Puts every `errors[].message` into Chinese; whether anything changed.
fn translate(json: &mut Value) -> bool {
    let Some(errors) = json.get_mut("errors").and_then(Value::as_array_mut) else {
        return false;
    };
    let mut changed = false;
    for error in errors {
        let code = error
            .pointer("/extensions/code")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let current_version = error
            .pointer("/extensions/currentVersion")
            .and_then(Value::as_i64);
        if let (Some(code), Some(Value::String(message))) = (code, error.get_mut("message"))
            && let Some(zh) = top_level::chinese(&code, message, current_version)
        {
            *message = zh;
            changed = true;
        }
    }
    changed
}
