//! One GraphQL operation's way in, shared by `/graphql` over HTTP (`super::graphql`) and over
//! the WebSocket (`super::live`) so that neither path can skip a check: the caller, the
//! persisted-document rules (the PUBLIC allow-list), the document guard, what the request
//! carries (caller, request id, loaders, language, introspection) and the time limit. The rate
//! and in-flight limits are `super::throttle`'s, also shared.

use std::future::Future;
use std::time::Duration;

use async_graphql::parser::types::OperationType;
use axum::http::StatusCode;
use sea_orm::DatabaseConnection;

use super::AppState;
use super::guard::{self, Refusal};
use super::protocol::Refused;
use crate::auth::{Principal, Role, Unauthenticated, Viewer};
use crate::config::Mode;
use crate::error::code;
use crate::graphql::mutation::Locale;

/// What a refused credential is told; it says no more than that.
pub const UNAUTHENTICATED_MESSAGE: &str = "the bearer token is invalid, expired or revoked";

/// The caller an `Authorization` value stands for (PUBLIC without one) and the principal its
/// requests are counted against (`super::throttle::rate_key`), checked on the primary: a
/// revoked token stops at once, and its last use is written there. Refused: UNAUTHENTICATED
/// (401), or UNAVAILABLE (503) when the check cannot be made.
pub async fn identify(
    state: &AppState,
    authorization: Option<&str>,
) -> Result<(Viewer, Principal), Refused> {
    match state.auth.identify(&state.db, authorization).await {
        Ok(Ok(identified)) => Ok(identified),
        Ok(Err(Unauthenticated)) => Err(Refused::new(
            StatusCode::UNAUTHORIZED,
            code::UNAUTHENTICATED,
            UNAUTHENTICATED_MESSAGE,
        )),
        Err(err) => {
            tracing::error!(error = %err, "could not check a credential");
            Err(credentials_unavailable())
        }
    }
}

/// [`identify`], for the caller alone.
pub async fn authenticate(
    state: &AppState,
    authorization: Option<&str>,
) -> Result<Viewer, Refused> {
    identify(state, authorization)
        .await
        .map(|(viewer, _)| viewer)
}

/// UNAVAILABLE (503): the credential store cannot be read (the database is down).
pub fn credentials_unavailable() -> Refused {
    Refused::new(
        StatusCode::SERVICE_UNAVAILABLE,
        code::UNAVAILABLE,
        "the service cannot check credentials right now; retry shortly",
    )
}

/// Fills in a persisted document (in allow-list mode PUBLIC runs registered documents only),
/// then holds the document to the guard's limits. Registered documents are looked up on the
/// query pool (a registration may lag there).
pub async fn admit(
    state: &AppState,
    one: &mut async_graphql::Request,
    viewer: &Viewer,
) -> Result<guard::Checked, Refused> {
    state
        .persisted
        .resolve(state.pools.queries(), one, viewer)
        .await?;
    let variables = serde_json::to_value(&one.variables).unwrap_or_default();
    let checked = guard::check(
        &one.query,
        one.operation_name.as_deref(),
        &variables,
        &state.guard_limits(),
    )
    .map_err(|refused| guard_refused(&refused))?;
    // The executor takes the guard's parse instead of parsing the document again.
    one.set_parsed_query(checked.document.clone());
    Ok(checked)
}

fn guard_refused(refused: &Refusal) -> Refused {
    match refused {
        Refusal::Limit { limit, message } => {
            tracing::info!(limit, "refused a document over a limit");
            super::metrics::limit_refused(limit);
            // Well-formed but will not be processed: 422.
            Refused::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code::LIMIT_EXCEEDED,
                format!("{message} ({limit})"),
            )
        }
        Refusal::Syntax(message) => Refused::new(
            StatusCode::BAD_REQUEST,
            code::BAD_USER_INPUT,
            message.clone(),
        ),
        Refusal::Invalid(message) => Refused::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::BAD_USER_INPUT,
            message.clone(),
        ),
    }
}

/// Whether the operation the request selects (or, with none selected, any) is not a query:
/// it writes, or it subscribes to what others write.
pub fn mutates(checked: &guard::Checked) -> bool {
    match checked.operation {
        Some(ty) => ty != OperationType::Query,
        None => checked
            .document
            .operations
            .iter()
            .any(|(_, op)| op.node.ty != OperationType::Query),
    }
}

/// The pool operations read from: the replica, if any, when they only query; the primary
/// otherwise, so that a mutation's payload shows what it wrote and a subscription reads the
/// change it announces.
pub fn reads(state: &AppState, writes: bool) -> &DatabaseConnection {
    if writes {
        &state.pools.read
    } else {
        state.pools.queries()
    }
}

/// Introspection is off when configured off, and for PUBLIC in production mode.
pub fn introspection_allowed(state: &AppState, viewer: &Viewer) -> bool {
    let limits = &state.config.limits;
    limits.introspection && !(limits.mode == Mode::Production && viewer.role == Role::Public)
}

/// Attaches what one operation needs: the caller, its request id (audit entries and the access
/// log record it), fresh loaders on `reads`, the language of user errors, and introspection
/// only where allowed.
pub fn prepare(
    state: &AppState,
    one: async_graphql::Request,
    viewer: &Viewer,
    request_id: &str,
    reads: &DatabaseConnection,
    locale: Locale,
) -> async_graphql::Request {
    let one = crate::graphql::prepare_with_id(
        one,
        reads,
        &state.pools.write,
        viewer.clone(),
        Some(request_id.to_owned()),
    )
    .data(locale);
    if introspection_allowed(state, viewer) {
        one
    } else {
        one.disable_introspection()
    }
}

/// Runs `work` within the request time limit (`requestTimeoutMs`); past it, LIMIT_EXCEEDED
/// (504) and `work` is dropped.
pub async fn within_time_limit<T>(
    state: &AppState,
    work: impl Future<Output = T>,
) -> Result<T, Refused> {
    let limit_ms = state.config.limits.request_timeout_ms;
    tokio::time::timeout(Duration::from_millis(limit_ms), work)
        .await
        .map_err(|_| {
            tracing::warn!(limit = "requestTimeoutMs", "a request ran out of time");
            super::metrics::limit_refused("requestTimeoutMs");
            Refused::new(
                StatusCode::GATEWAY_TIMEOUT,
                code::LIMIT_EXCEEDED,
                format!("the request ran past the time limit of {limit_ms} ms (requestTimeoutMs)"),
            )
        })
}
