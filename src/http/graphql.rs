//! `/graphql`: GraphQL over HTTP. POST runs queries and mutations (JSON, or multipart
//! uploads); GET runs queries from the URL and otherwise serves GraphiQL. Every document
//! passes the guard (`super::guard`) before async-graphql parses, validates or runs it.

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse};
use async_graphql_axum::GraphQLBatchRequest;
use axum::Extension;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{ACCEPT, ACCEPT_LANGUAGE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::guard::{self, Refusal};
use super::protocol::{self, BodyKind, Format};
use super::request_id::RequestIds;
use super::throttle::{self, Caller};
use crate::auth::{Role, Unauthenticated, Viewer};
use crate::config::Mode;
use crate::error::code;
use crate::graphql::mutation::Locale;

mod request;

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

/// Introspection is off when configured off, and for PUBLIC in production mode.
pub(crate) fn introspection_allowed(state: &AppState, viewer: &Viewer) -> bool {
    let limits = &state.config.limits;
    limits.introspection && !(limits.mode == Mode::Production && viewer.role == Role::Public)
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

/// Authenticates (on the primary: a revoked token stops at once, and its last use is written
/// there) unless the throttle already did, holds the batch and each document to the limits,
/// then executes.
async fn run(state: &AppState, headers: &HeaderMap, call: Call, batch: BatchRequest) -> Response {
    let Call {
        caller,
        request_id,
        method,
        format,
    } = call;
    // Taken only now, with the body read: slow senders hold no permit while they send.
    let Some(_permit) = state.throttle.admit() else {
        return state.throttle.busy(format);
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
    let guard_limits = state.guard_limits();
    // Every operation is checked before any runs: a refused one refuses the whole batch.
    // Registered documents are looked up on the query pool (a registration may lag there).
    let mut checked_all = Vec::with_capacity(requests.len());
    for mut one in requests {
        let lookup = state.pools.queries();
        if let Err(refused) = state.persisted.resolve(lookup, &mut one, &viewer).await {
            return refused.respond(format);
        }
        let variables = serde_json::to_value(&one.variables).unwrap_or_default();
        let checked = match guard::check(
            &one.query,
            one.operation_name.as_deref(),
            &variables,
            &guard_limits,
        ) {
            Ok(checked) => checked,
            Err(refused) => {
                return guard_refusal(format, &refused);
            }
        };
        let writes = mutates(&checked);
        if method == Method::GET && writes {
            return protocol::method_not_allowed(format);
        }
        checked_all.push((one, writes));
    }
    // Queries read from the replica, if any; a request holding a mutation reads from the
    // primary throughout, so its payloads (and any query batched with it) see what it wrote.
    let reads = if checked_all.iter().any(|(_, writes)| *writes) {
        &state.pools.read
    } else {
        state.pools.queries()
    };
    let mut prepared = Vec::with_capacity(checked_all.len());
    for (one, _) in checked_all {
        let mut one = crate::graphql::prepare_with_id(
            one,
            reads,
            &state.pools.read,
            viewer.clone(),
            Some(request_id.clone()),
        )
        .data(locale);
        if !introspection_allowed(state, &viewer) {
            one = one.disable_introspection();
        }
        prepared.push(one);
    }
    let timeout = Duration::from_millis(limits.request_timeout_ms);
    let executed = tokio::time::timeout(timeout, async {
        let mut responses = Vec::with_capacity(prepared.len());
        for one in prepared {
            responses.push(state.schema.execute(one).await);
        }
        responses
    })
    .await;
    let Ok(mut responses) = executed else {
        tracing::warn!(limit = "requestTimeoutMs", "a request ran out of time");
        super::metrics::limit_refused("requestTimeoutMs");
        let message = format!(
            "the request ran past the time limit of {} ms (requestTimeoutMs)",
            limits.request_timeout_ms
        );
        return protocol::refusal(
            StatusCode::GATEWAY_TIMEOUT,
            format,
            code::LIMIT_EXCEEDED,
            &message,
        );
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

/// Whether the operation the request selects (or, with none selected, any) writes.
fn mutates(checked: &guard::Checked) -> bool {
    match checked.operation {
        Some(ty) => ty != OperationType::Query,
        None => checked
            .document
            .operations
            .iter()
            .any(|(_, op)| op.node.ty != OperationType::Query),
    }
}

fn guard_refusal(format: Format, refused: &Refusal) -> Response {
    match refused {
        Refusal::Limit { limit, message } => {
            tracing::info!(limit, "refused a document over a limit");
            super::metrics::limit_refused(limit);
            limit_refusal(format, &format!("{message} ({limit})"))
        }
        Refusal::Syntax(message) => protocol::refusal(
            StatusCode::BAD_REQUEST,
            format,
            code::BAD_USER_INPUT,
            message,
        ),
        Refusal::Invalid(message) => protocol::refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            format,
            code::BAD_USER_INPUT,
            message,
        ),
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
    protocol::refusal(
        StatusCode::SERVICE_UNAVAILABLE,
        format,
        code::UNAVAILABLE,
        "the service cannot check credentials right now; retry shortly",
    )
}

/// 401 for a credential that was presented and refused; the body says no more than that.
fn unauthenticated(format: Format) -> Response {
    let mut response = protocol::refusal(
        StatusCode::UNAUTHORIZED,
        format,
        code::UNAUTHENTICATED,
        "the bearer token is invalid, expired or revoked",
    );
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}
