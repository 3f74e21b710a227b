//! GraphQL over HTTP (the specification's `application/graphql-response+json`): media-type
//! negotiation, which request media types `/graphql` accepts, and the shape of refusals.

use axum::http::header::{ACCEPT, ALLOW, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::code;
use crate::graphql::mutation::Locale;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
pub const JSON: &str = "application/json";

/// The media type of the answer: the spec's own when the client accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GraphqlResponseJson,
    Json,
}

impl Format {
    /// `application/graphql-response+json` when `Accept` lists it (with a non-zero `q`),
    /// `application/json` otherwise (including no `Accept` at all: the spec's legacy default).
    pub fn negotiate(headers: &HeaderMap) -> Self {
        let accepts = headers
            .get_all(ACCEPT)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|item| {
                let mut parts = item.split(';').map(str::trim);
                let media = parts.next().unwrap_or_default();
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                media.eq_ignore_ascii_case(GRAPHQL_RESPONSE_JSON) && !refused
            });
        if accepts {
            Self::GraphqlResponseJson
        } else {
            Self::Json
        }
    }

    pub fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        })
    }
}

/// What a POST body holds, judged by its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Multipart,
}

/// Headers a browser cannot send cross-site without a CORS preflight; one of them must come
/// with a multipart upload, as Apollo Server requires (CSRF prevention).
const PREFLIGHT_HEADERS: &[&str] = &[
    "graphql-preflight",
    "apollo-require-preflight",
    "x-apollo-operation-name",
];

/// Accepts `application/json` bodies and multipart uploads that carry a preflight header;
/// anything else (the media types a cross-site form can send among them) gets 415.
pub fn body_kind(headers: &HeaderMap) -> Result<BodyKind, Refused> {
    let media = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    match media.as_str() {
        JSON => Ok(BodyKind::Json),
        "multipart/form-data" => {
            let preflighted = PREFLIGHT_HEADERS
                .iter()
                .any(|name| headers.get(*name).is_some_and(|v| !v.as_bytes().is_empty()));
            if preflighted {
                Ok(BodyKind::Multipart)
            } else {
                Err(Refused::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    code::BAD_USER_INPUT,
                    "a multipart upload must carry a non-empty `graphql-preflight` (or `apollo-require-preflight`, `x-apollo-operation-name`) header",
                ))
            }
        }
        _ => Err(Refused::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_USER_INPUT,
            "POST /graphql takes `Content-Type: application/json` (or multipart/form-data for uploads)",
        )),
    }
}

/// A JSON body, typed and marked not cacheable.
pub fn body(status: StatusCode, format: Format, body: &impl serde::Serialize) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|err| {
        tracing::error!(error = %err, "could not serialize a GraphQL response");
        br#"{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}"#.to_vec()
    });
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, format.content_type());
    // Responses may carry personal data: no shared or browser cache may keep them.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A request refused before execution: one GraphQL error with a stable code, no `data`.
pub fn refusal(status: StatusCode, format: Format, code: &str, message: &str) -> Response {
    body(
        status,
        format,
        &json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }),
    )
}

/// A request refused before execution, answered in the negotiated format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl Refused {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn respond(&self, format: Format) -> Response {
        refusal(self.status, format, self.code, &self.message)
    }

    /// The message in `locale` (the HTTP answer gets it from `http::localize`).
    pub fn message_in(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.message.clone(),
            Locale::Zh => crate::error::top_level::chinese(self.code, &self.message, None)
                .unwrap_or_else(|| self.message.clone()),
        }
    }
}

/// 405 for a mutation sent with GET: `Allow: POST`.
pub fn method_not_allowed(format: Format) -> Response {
    let mut response = refusal(
        StatusCode::METHOD_NOT_ALLOWED,
        format,
        code::BAD_USER_INPUT,
        "mutations are only accepted with POST",
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("POST"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn negotiates_the_spec_media_type() {
        assert_eq!(Format::negotiate(&HeaderMap::new()), Format::Json);
        assert_eq!(
            Format::negotiate(&accept(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            Format::GraphqlResponseJson
        );
        assert_eq!(
            Format::negotiate(&accept("application/graphql-response+json;q=0")),
            Format::Json
        );
        assert_eq!(Format::negotiate(&accept("*/*")), Format::Json);
    }
}
