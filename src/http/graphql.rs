//! `/graphql`: GraphQL over HTTP. POST runs queries and mutations (JSON, or multipart
//! uploads); GET runs queries from the URL and otherwise serves GraphiQL. Every document
//! passes the guard (`super::guard`) before async-graphql parses, validates or runs it.

use std::collections::HashMap;

use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_axum::GraphQLBatchRequest;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{ACCEPT, ACCEPT_LANGUAGE, AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::protocol::{self, BodyKind, Format};
use super::{AppState, operation};
use crate::auth::Role;
use crate::config::Mode;
use crate::error::code;
use crate::graphql::mutation::Locale;

pub(crate) mod request;

pub use request::BadRequest;

/// `POST /graphql`.
pub async fn execute(State(state): State<AppState>, request: Request) -> Response {
    let format = Format::negotiate(request.headers());
    let headers = request.headers().clone();
    let batch = match protocol::body_kind(&headers) {
        Err(refused) => return refused.respond(format),
        Ok(BodyKind::Json) => match request::read_json(request).await {
            Ok(batch) => batch,
            Err(refused) => return refused.respond(format),
        },
        Ok(BodyKind::Multipart) => {
            match GraphQLBatchRequest::<BadRequest>::from_request(request, &state).await {
                Ok(batch) => batch.into_inner(),
                Err(refused) => return refused.into_response(),
            }
        }
    };
    run(&state, &headers, Method::POST, format, batch).await
}

/// `GET /graphql`: a query in the URL (`query`, `operationName`, `variables`, `extensions`),
/// or GraphiQL for a browser (when enabled).
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let format = Format::negotiate(&headers);
    let wants_html = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let has_operation = params.contains_key("query") || params.contains_key("extensions");
    if !has_operation || (wants_html && !params.contains_key("query")) {
        if graphiql_enabled(&state) {
            return super::graphiql::page().await.into_response();
        }
        return protocol::refusal(
            StatusCode::NOT_FOUND,
            format,
            code::NOT_FOUND,
            "GraphiQL is not served here; send a query with POST",
        );
    }
    match request::from_params(params) {
        Ok(one) => {
            run(
                &state,
                &headers,
                Method::GET,
                format,
                BatchRequest::Single(one),
            )
            .await
        }
        Err(refused) => refused.respond(format),
    }
}

/// GraphiQL is off when configured off, and always off in production mode.
fn graphiql_enabled(state: &AppState) -> bool {
    state.config.limits.graphiql && state.config.limits.mode == Mode::Development
}

/// Authenticates (on the primary: a revoked token stops at once, and its last use is written
/// there), holds the batch and each document to the limits, then executes. Each operation goes
/// the way every WebSocket operation goes too (`super::operation`).
async fn run(
    state: &AppState,
    headers: &HeaderMap,
    method: Method,
    format: Format,
    batch: BatchRequest,
) -> Response {
    let authorization = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
    let viewer = match operation::authenticate(state, authorization).await {
        Ok(viewer) => viewer,
        Err(refused) if refused.code == code::UNAUTHENTICATED => {
            return unauthenticated(refused.respond(format));
        }
        Err(refused) => return refused.respond(format),
    };
    let limits = &state.config.limits;
    let (is_batch, requests) = match batch {
        BatchRequest::Single(one) => (false, vec![one]),
        BatchRequest::Batch(many) => (true, many),
    };
    let (max_batch, limit) = if viewer.role == Role::Public {
        (limits.max_batch_public, "maxBatchPublic")
    } else {
        (limits.max_batch, "maxBatch")
    };
    if is_batch && requests.len() > max_batch {
        super::metrics::limit_refused(limit);
        let message = format!(
            "the batch holds {} operations, over the limit of {max_batch} per request ({limit})",
            requests.len()
        );
        return limit_refusal(format, &message);
    }
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= 64 && id.is_ascii())
        .map_or_else(operation::new_request_id, str::to_owned);
    let locale = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or_else(Locale::default, Locale::from_accept_language);
    // Every operation is checked before any runs: a refused one refuses the whole batch.
    let mut checked_all = Vec::with_capacity(requests.len());
    for mut one in requests {
        let checked = match operation::admit(state, &mut one, &viewer).await {
            Ok(checked) => checked,
            Err(refused) => return with_request_id(refused.respond(format), &request_id),
        };
        let writes = operation::mutates(&checked);
        if method == Method::GET && writes {
            return with_request_id(protocol::method_not_allowed(format), &request_id);
        }
        checked_all.push((one, writes));
    }
    // Queries read from the replica, if any; a request holding a mutation reads from the
    // primary throughout, so its payloads (and any query batched with it) see what it wrote.
    let reads = operation::reads(state, checked_all.iter().any(|(_, writes)| *writes));
    let prepared: Vec<_> = checked_all
        .into_iter()
        .map(|(one, _)| operation::prepare(state, one, &viewer, &request_id, reads, locale))
        .collect();
    let executed = operation::within_time_limit(state, async {
        let mut responses = Vec::with_capacity(prepared.len());
        for one in prepared {
            responses.push(crate::graphql::execute(&state.schema, one).await);
        }
        responses
    })
    .await;
    let mut responses = match executed {
        Ok(responses) => responses,
        Err(refused) => return with_request_id(refused.respond(format), &request_id),
    };
    let response = if is_batch {
        protocol::body(
            StatusCode::OK,
            format,
            &BatchResponse::Batch(responses.into_iter().map(request::coded).collect()),
        )
    } else {
        let one = responses.pop().map(request::coded).unwrap_or_default();
        let status = if request::is_request_error(&one) {
            StatusCode::UNPROCESSABLE_ENTITY
        } else if crate::error::only_unavailable(&one) {
            // The database is gone for now: 503 tells clients and balancers to retry.
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::OK
        };
        protocol::body(status, format, &one)
    };
    with_request_id(response, &request_id)
}

/// A document or batch over a limit: 422 (it is well-formed but will not be processed).
fn limit_refusal(format: Format, message: &str) -> Response {
    protocol::refusal(
        StatusCode::UNPROCESSABLE_ENTITY,
        format,
        code::LIMIT_EXCEEDED,
        message,
    )
}

fn with_request_id(mut response: Response, request_id: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// 401 for a credential that was presented and refused; the body says no more than that.
fn unauthenticated(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}
