//! WebSocket on `/graphql`: subscriptions over graphql-ws (and the older
//! subscriptions-transport-ws), authenticated like HTTP requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, WebSocketProtocols, WsMessage};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, SEC_WEBSOCKET_PROTOCOL, UPGRADE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt, future};
use serde_json::Value;

use super::AppState;
use super::guard::{self, GuardLimits, Refusal};
use crate::auth::Unauthenticated;
use crate::error::code;

/// Idle connections get a ping this often, so proxies keep them open.
const KEEPALIVE: Duration = Duration::from_secs(30);
/// WebSocket close code "going away": the server is shutting down.
const GOING_AWAY: u16 = 1001;
/// graphql-ws close code for a refused `connection_init` (a bad credential).
const FORBIDDEN: u16 = 4403;

/// Takes WebSocket upgrades on the route it wraps; passes every other request on.
pub async fn upgrade(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_websocket(request.headers()) {
        return next.run(request).await;
    }
    let (mut parts, _body) = request.into_parts();
    let Some(protocol) = protocol_of(&parts.headers) else {
        return (
            StatusCode::BAD_REQUEST,
            "the WebSocket subprotocol must be graphql-transport-ws or graphql-ws",
        )
            .into_response();
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade,
        Err(refusal) => return refusal.into_response(),
    };
    let header_credential = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| serve(state, socket, protocol, header_credential))
}

/// The first GraphQL subprotocol the client offers.
fn protocol_of(headers: &HeaderMap) -> Option<WebSocketProtocols> {
    headers
        .get(SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())?
        .split(',')
        .find_map(|name| name.trim().parse().ok())
}

fn is_websocket(headers: &HeaderMap) -> bool {
    headers
        .get(UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// The bearer credential a client sent in its `connection_init` payload (graphql-ws clients
/// pass it as `connectionParams`): `Authorization`, or `headers.Authorization`.
fn credential_in(payload: &Value) -> Option<String> {
    let find = |object: &Value| {
        ["Authorization", "authorization"]
            .iter()
            .find_map(|key| object.get(key).and_then(Value::as_str))
            .map(str::to_owned)
    };
    find(payload).or_else(|| payload.get("headers").and_then(find))
}

async fn serve(
    state: AppState,
    socket: WebSocket,
    protocol: WebSocketProtocols,
    header_credential: Option<String>,
) {
    let (mut sink, stream) = socket.split();
    let input = stream
        .take_while(|message| future::ready(message.is_ok()))
        .filter_map(|message| {
            future::ready(match message {
                Ok(message @ (Message::Text(_) | Message::Binary(_))) => Some(message.into_data()),
                _ => None,
            })
        });
    let executor = Guarded {
        schema: state.schema.clone(),
        limits: state.guard_limits(),
        introspection: Arc::new(AtomicBool::new(false)),
    };
    let (db, auth) = (state.db.clone(), state.auth.clone());
    let max_subscriptions = state.config.max_subscriptions;
    let introspection = executor.introspection.clone();
    let init_state = state.clone();
    let on_init = move |payload: Value| async move {
        let credential = credential_in(&payload).or(header_credential);
        match auth.viewer(&db, credential.as_deref()).await {
            Ok(Ok(viewer)) => {
                let allowed = super::graphql::introspection_allowed(&init_state, &viewer);
                introspection.store(allowed, Ordering::SeqCst);
                Ok(crate::graphql::connection_data(
                    &db,
                    viewer,
                    max_subscriptions,
                ))
            }
            Ok(Err(Unauthenticated)) => Err(async_graphql::Error::new(
                "the bearer token is invalid, expired or revoked",
            )),
            Err(err) => {
                tracing::error!(error = %err, "could not check a WebSocket credential");
                Err(async_graphql::Error::new(
                    "the service cannot check credentials right now; retry shortly",
                ))
            }
        }
    };
    let messages = async_graphql::http::WebSocket::new(executor, input, protocol)
        .on_connection_init(on_init)
        .keepalive_timeout(KEEPALIVE);
    let closing = state.shutdown.clone().cancelled_owned();
    futures_util::pin_mut!(messages, closing);
    let mut acknowledged = false;
    loop {
        tokio::select! {
            message = messages.next() => match message {
                Some(WsMessage::Text(text)) => {
                    acknowledged = acknowledged || text.contains("connection_ack");
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(WsMessage::Close(code, reason)) => {
                    // Closed before the handshake completed: the credential was refused, which
                    // graphql-ws spells 4403 (async-graphql says 1002, a protocol error).
                    let code = if acknowledged { code } else { FORBIDDEN };
                    let frame = CloseFrame { code, reason: reason.into() };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                }
                None => break,
            },
            () = &mut closing => {
                let frame = CloseFrame { code: GOING_AWAY, reason: "server shutting down".into() };
                let _ = sink.send(Message::Close(Some(frame))).await;
                break;
            }
        }
    }
}

/// The schema behind the same document guard as `POST /graphql`: a subscription document is
/// refused before async-graphql parses it when it passes a limit.
#[derive(Clone)]
struct Guarded {
    schema: crate::graphql::AppSchema,
    limits: GuardLimits,
    /// Decided once the connection's caller is known (`connection_init`).
    introspection: Arc<AtomicBool>,
}

impl Guarded {
    fn refusal(&self, request: &async_graphql::Request) -> Option<async_graphql::Response> {
        let variables = serde_json::to_value(&request.variables).unwrap_or_default();
        let refused = guard::check(
            &request.query,
            request.operation_name.as_deref(),
            &variables,
            &self.limits,
        )
        .err()?;
        let (code, message) = match refused {
            Refusal::Limit { message, .. } => (code::LIMIT_EXCEEDED, message),
            Refusal::Syntax(message) | Refusal::Invalid(message) => (code::BAD_USER_INPUT, message),
        };
        let error = async_graphql::ServerError::new(message, None);
        let mut error = error;
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", code);
        Some(async_graphql::Response::from_errors(vec![error]))
    }

    fn prepared(&self, request: async_graphql::Request) -> async_graphql::Request {
        if self.introspection.load(Ordering::SeqCst) {
            request
        } else {
            request.disable_introspection()
        }
    }
}

impl async_graphql::Executor for Guarded {
    async fn execute(&self, request: async_graphql::Request) -> async_graphql::Response {
        match self.refusal(&request) {
            Some(refused) => refused,
            None => self.schema.execute(self.prepared(request)).await,
        }
    }

    fn execute_stream(
        &self,
        request: async_graphql::Request,
        session_data: Option<std::sync::Arc<async_graphql::Data>>,
    ) -> futures_util::stream::BoxStream<'static, async_graphql::Response> {
        match self.refusal(&request) {
            Some(refused) => futures_util::stream::once(future::ready(refused)).boxed(),
            None => self.schema.execute_stream_with_session_data(
                self.prepared(request),
                session_data.unwrap_or_default(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_read_from_connection_params() {
        let flat = serde_json::json!({ "Authorization": "Bearer a" });
        let nested = serde_json::json!({ "headers": { "authorization": "Bearer b" } });
        assert_eq!(credential_in(&flat).as_deref(), Some("Bearer a"));
        assert_eq!(credential_in(&nested).as_deref(), Some("Bearer b"));
        assert_eq!(credential_in(&serde_json::json!({})), None);
    }
}
