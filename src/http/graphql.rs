//! `/graphql`: GraphQL over HTTP. POST runs queries and mutations (JSON, or multipart
//! uploads); GET runs queries from the URL and otherwise serves GraphiQL. Every document
//! passes the guard (`super::guard`) before async-graphql parses, validates or runs it.

use std::collections::HashMap;

use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_axum::GraphQLBatchRequest;
use axum::Extension;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{ACCEPT, ACCEPT_LANGUAGE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::protocol::{self, BodyKind, Format, Refused};
use super::request_id::RequestIds;
use super::throttle::{self, Caller};
use super::{AppState, operation};
use crate::auth::{Role, Unauthenticated};
use crate::config::Mode;
use crate::error::code;
use crate::graphql::mutation::Locale;

pub(crate) mod request;

pub use request::BadRequest;

/// `POST /graphql`.
pub async fn execute(State(state): State<AppState>, request: Request) -> Response {
    let format = Format::negotiate(request.headers());
    let headers = request.headers().clone();
    let caller = request.extensions().get::<Caller>().cloned();
    let request_id = super::request_id::of(request.extensions());
    let deadline = request
        .extensions()
        .get::<super::body::BodyDeadline>()
        .cloned();
    let batch = match protocol::body_kind(&headers) {
        Err(refused) => return refused.respond(format),
        Ok(BodyKind::Json) => match request::read_json(request).await {
            Ok(batch) => batch,
            Err(refused) => return refused.respond(format),
        },
        Ok(BodyKind::Multipart) => {
            match GraphQLBatchRequest::<BadRequest>::from_request(request, &state).await {
                Ok(batch) => batch.into_inner(),
                Err(_) if deadline.is_some_and(|d| d.passed()) => {
                    return super::body::timed_out(format, state.config.ops.body_read_timeout_ms);
                }
                Err(refused) => return refused.into_response(),
            }
        }
    };
    let call = Call {
        caller,
        request_id,
        method: Method::POST,
        format,
    };
    run(&state, &headers, call, batch).await
}

/// `GET /graphql`: a query in the URL (`query`, `operationName`, `variables`, `extensions`),
/// or GraphiQL for a browser (when enabled).
pub async fn get(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    ids: Option<Extension<RequestIds>>,
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
            let call = Call {
                caller: caller.map(|Extension(caller)| caller),
                request_id: ids.map_or_else(super::request_id::new_id, |Extension(ids)| ids.server),
                method: Method::GET,
                format,
            };
            run(&state, &headers, call, BatchRequest::Single(one)).await
        }
        Err(refused) => refused.respond(format),
    }
}

/// GraphiQL is off when configured off, and always off in production mode.
fn graphiql_enabled(state: &AppState) -> bool {
    state.config.limits.graphiql && state.config.limits.mode == Mode::Development
}

/// What [`run`] knows of a request besides its headers and operations.
struct Call {
    /// The checked credential, when the throttle has checked it.
    caller: Option<Caller>,
    /// The server's id of the request (`request_id`).
    request_id: String,
    method: Method,
    format: Format,
}

/// Takes an in-flight permit, authenticates (on the primary: a revoked token stops at once,
/// and its last use is written there) unless the throttle already did, holds the batch and
/// each document to the limits, then executes. Each operation goes the way every WebSocket
/// operation goes too (`super::operation`).
async fn run(state: &AppState, headers: &HeaderMap, call: Call, batch: BatchRequest) -> Response {
    let Call {
        caller,
        request_id,
        method,
        format,
    } = call;
    // Taken only now, with the body read: slow senders hold no permit while they send.
    let _permit = match state.throttle.permit() {
        Ok(permit) => permit,
        Err(throttled) => return throttled.respond(format),
    };
    let caller = match caller {
        Some(caller) => caller,
        None => match throttle::identify(state, headers).await {
            Ok(caller) => caller,
            Err(err) => return credentials_unavailable(format, &err),
        },
    };
    let viewer = match caller.0 {
        Ok((viewer, _)) => viewer,
        Err(Unauthenticated) => return unauthenticated(format),
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
    let locale = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or_else(Locale::default, Locale::from_accept_language);
    // Every operation is checked before any runs: a refused one refuses the whole batch.
    let mut checked_all = Vec::with_capacity(requests.len());
    for mut one in requests {
        let checked = match operation::admit(state, &mut one, &viewer).await {
            Ok(checked) => checked,
            Err(refused) => return refused.respond(format),
        };
        let writes = operation::mutates(&checked);
        if method == Method::GET && writes {
            return protocol::method_not_allowed(format);
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
        Err(refused) => return refused.respond(format),
    };
    if is_batch {
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
    }
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

/// 503 when the credential store cannot be read (the database is down).
pub(crate) fn credentials_unavailable(format: Format, err: &crate::error::AppError) -> Response {
    tracing::error!(error = %err, "could not check a credential");
    operation::credentials_unavailable().respond(format)
}

/// 401 for a credential that was presented and refused; the body says no more than that.
fn unauthenticated(format: Format) -> Response {
    let mut response = Refused::new(
        StatusCode::UNAUTHORIZED,
        code::UNAUTHENTICATED,
        operation::UNAUTHENTICATED_MESSAGE,
    )
    .respond(format);
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}
