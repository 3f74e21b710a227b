//! Hardening, request side: the document guard, GraphQL over HTTP, batching, throttling,
//! persisted documents and exposure settings, over real HTTP (decision 0012).

mod batching;
mod editor_scope;
mod error_codes;
mod exposure;
mod formula_cells;
mod fragment_guard;
mod oversized_bodies;
mod persisted;
mod properties;
mod protocol;
mod rate_keys;
mod request_ids;
mod slow_bodies;
mod throttling;

use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

pub const GQL_RESPONSE: &str = "application/graphql-response+json";

/// Words that would mean internals leaked into a client-facing error body.
pub const INTERNAL_WORDS: &[&str] = &[
    "BatchRequest",
    "ParseRequestError",
    "async_graphql",
    "serde",
    "Error(",
    "::",
    "panicked",
    "SELECT ",
    ".rs:",
    "Did you mean",
];

pub fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Status, content type and body of a response; asserts the body leaks nothing.
pub async fn read(response: reqwest::Response) -> (u16, String, Value) {
    let status = response.status().as_u16();
    let content_type = content_type(&response);
    let text = response.text().await.unwrap();
    for word in INTERNAL_WORDS {
        assert!(!text.contains(word), "leaked {word:?}: {text}");
    }
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, content_type, body)
}

pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

/// Fragment `F0` spreads `F1` twice, … : 2^n `Region` fields once expanded (978 bytes at 26).
pub fn doubling(n: usize) -> String {
    let mut doc = String::from("query { regions { edges { node { ...F0 } } } }\n");
    for i in 0..n {
        if i + 1 == n {
            doc.push_str(&format!("fragment F{i} on Region {{ name }}\n"));
        } else {
            let next = i + 1;
            doc.push_str(&format!(
                "fragment F{i} on Region {{ ...F{next} ...F{next} }}\n"
            ));
        }
    }
    doc
}
