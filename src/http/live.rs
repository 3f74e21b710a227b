//! WebSocket on `/graphql`: graphql-ws (`graphql-transport-ws`) and the legacy
//! subscriptions-transport-ws (`graphql-ws`) protocols.
//!
//! Every operation sent over a connection goes the way an HTTP request goes (decision 0020):
//! the rate and in-flight limits (`super::throttle`), the caller, the persisted-document rules,
//! the document guard, its own request id and the time limit (`super::operation`). The
//! credential given at `connection_init` is checked again for each operation, before each
//! event a subscription delivers and every [`RECHECK`]: once it no longer holds (revoked,
//! expired) the connection closes with 4403.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, ClientMessage, WebSocketProtocols};
use async_graphql::parser::types::OperationType;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, SEC_WEBSOCKET_PROTOCOL, UPGRADE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use super::AppState;
use super::graphql::request::{coded, is_request_error};
use super::operation::{self, UNAUTHENTICATED_MESSAGE};
use super::protocol::Refused;
use super::throttle::rate_key;
use crate::auth::Viewer;
use crate::error::code;
use crate::graphql::mutation::Locale;

/// Connections get a ping (the legacy protocol: `ka`) this often, so proxies keep them open.
const KEEPALIVE: Duration = Duration::from_secs(30);
/// A connection's credential is checked at least this often, even while nothing is delivered.
const RECHECK: Duration = Duration::from_secs(10);
/// How long a client may take to send `connection_init`.
const INIT_TIMEOUT: Duration = Duration::from_secs(30);
/// Messages an operation may have queued for the client before it waits for the socket.
const OUTBOX: usize = 64;

/// Close codes: WebSocket's "going away" (shutting down) and "try again later", then
/// graphql-ws's own.
const GOING_AWAY: u16 = 1001;
const TRY_AGAIN_LATER: u16 = 1013;
const BAD_REQUEST: u16 = 4400;
const UNAUTHORIZED: u16 = 4401;
/// The credential was refused, at `connection_init` or any time later.
const FORBIDDEN: u16 = 4403;
const INIT_TIMED_OUT: u16 = 4408;
const DUPLICATE_ID: u16 = 4409;
const TOO_MANY_REQUESTS: u16 = 4429;

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
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let client = Client {
        protocol,
        header_credential: header(AUTHORIZATION),
        peer: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip()),
        locale: header(ACCEPT_LANGUAGE)
            .map_or_else(Locale::default, |v| Locale::from_accept_language(&v)),
    };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| serve(state, socket, client))
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

/// What the upgrade request tells about the client.
struct Client {
    protocol: WebSocketProtocols,
    header_credential: Option<String>,
    peer: Option<IpAddr>,
    locale: Locale,
}

/// What every operation on one connection shares, fixed at `connection_init`.
struct Connection {
    state: AppState,
    protocol: WebSocketProtocols,
    /// The `Authorization` value, checked again for every operation and event.
    credential: Option<String>,
    /// The rate-limit bucket, keyed as for HTTP requests.
    rate_key: String,
    locale: Locale,
    /// Per connection: the subscription slots (`TONGXIN_MAX_SUBSCRIPTIONS`).
    session: Arc<async_graphql::Data>,
}

impl Connection {
    /// The caller, as the credential stands now (a revoked token fails at once in this
    /// process: the verified-token cache forgets it on revocation).
    async fn viewer(&self) -> Result<Viewer, Refused> {
        operation::authenticate(&self.state, self.credential.as_deref()).await
    }
}

/// What an operation hands the connection.
enum Out {
    /// A message for the client about operation `id`, run `serial`.
    Message {
        id: String,
        serial: u64,
        text: String,
    },
    /// Operation `id`, run `serial`, is over: its id may be used again.
    Done { id: String, serial: u64 },
    /// The credential no longer holds: close with 4403.
    Refused,
}

/// The operations running on a connection, by id; dropping this aborts them all.
#[derive(Default)]
struct Running(HashMap<String, (u64, AbortHandle)>);

impl Running {
    fn contains(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    fn start(&mut self, id: String, serial: u64, task: AbortHandle) {
        self.0.insert(id, (serial, task));
    }

    fn is_current(&self, id: &str, serial: u64) -> bool {
        self.0
            .get(id)
            .is_some_and(|(current, _)| *current == serial)
    }

    /// The client stopped `id`; whether it was running.
    fn stop(&mut self, id: &str) -> bool {
        self.0.remove(id).map(|(_, task)| task.abort()).is_some()
    }

    fn finished(&mut self, id: &str, serial: u64) {
        if self.is_current(id, serial) {
            self.0.remove(id);
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        for (_, task) in self.0.values() {
            task.abort();
        }
    }
}

/// Why the connection ends, when the client is to be told.
type Close = Option<(u16, String)>;

async fn serve(state: AppState, socket: WebSocket, client: Client) {
    let (mut sink, mut incoming) = socket.split();
    let (outbox, mut outgoing) = mpsc::channel::<Out>(OUTBOX);
    let mut connection: Option<Arc<Connection>> = None;
    let mut running = Running::default();
    let mut serial = 0u64;
    let legacy = client.protocol == WebSocketProtocols::SubscriptionsTransportWS;
    let closing = state.shutdown.clone().cancelled_owned();
    let init_timeout = tokio::time::sleep(INIT_TIMEOUT);
    let start = tokio::time::Instant::now();
    let mut keepalive = tokio::time::interval_at(start + KEEPALIVE, KEEPALIVE);
    let mut recheck = tokio::time::interval_at(start + RECHECK, RECHECK);
    futures_util::pin_mut!(closing, init_timeout);
    let close: Close = loop {
        tokio::select! {
            message = incoming.next() => {
                let data = match message {
                    Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => message.into_data(),
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break None,
                    // WebSocket pings are answered by the socket itself.
                    Some(Ok(_)) => continue,
                };
                let Ok(message) = ClientMessage::from_bytes(&data) else {
                    break Some((BAD_REQUEST, "not a graphql-ws message".to_owned()));
                };
                let reply = match message {
                    ClientMessage::ConnectionInit { payload } => {
                        if connection.is_some() {
                            break Some((TOO_MANY_REQUESTS, "Too many initialisation requests".to_owned()));
                        }
                        let credential = payload
                            .as_ref()
                            .and_then(credential_in)
                            .or_else(|| client.header_credential.clone());
                        match initialize(&state, &client, credential).await {
                            Ok(initialized) => {
                                connection = Some(Arc::new(initialized));
                                json!({ "type": "connection_ack" })
                            }
                            Err((close, refused)) => {
                                if legacy {
                                    let error = json!({ "type": "connection_error", "payload": { "message": refused.message_in(client.locale) } });
                                    let _ = sink.send(Message::Text(error.to_string().into())).await;
                                }
                                break Some((close, refused.message));
                            }
                        }
                    }
                    ClientMessage::Start { id, payload } => {
                        let Some(connection) = &connection else {
                            break Some((UNAUTHORIZED, "Unauthorized".to_owned()));
                        };
                        if running.contains(&id) {
                            break Some((DUPLICATE_ID, "Subscriber for that id already exists".to_owned()));
                        }
                        serial += 1;
                        let task = tokio::spawn(run(connection.clone(), id.clone(), serial, payload, outbox.clone()));
                        running.start(id, serial, task.abort_handle());
                        continue;
                    }
                    ClientMessage::Stop { id } => {
                        if !running.stop(&id) {
                            continue;
                        }
                        json!({ "type": "complete", "id": id })
                    }
                    ClientMessage::ConnectionTerminate => break None,
                    ClientMessage::Ping { payload } => match payload {
                        Some(payload) => json!({ "type": "pong", "payload": payload }),
                        None => json!({ "type": "pong" }),
                    },
                    ClientMessage::Pong { .. } => continue,
                };
                if sink.send(Message::Text(reply.to_string().into())).await.is_err() {
                    break None;
                }
            }
            Some(out) = outgoing.recv() => match out {
                Out::Message { id, serial, text } => {
                    // Nothing more about an operation the client stopped.
                    if running.is_current(&id, serial) && sink.send(Message::Text(text.into())).await.is_err() {
                        break None;
                    }
                }
                Out::Done { id, serial } => running.finished(&id, serial),
                Out::Refused => break Some((FORBIDDEN, UNAUTHENTICATED_MESSAGE.to_owned())),
            },
            _ = recheck.tick(), if connection.is_some() => {
                let refused = match &connection {
                    Some(connection) => connection.viewer().await.err(),
                    None => None,
                };
                // An unavailable database refuses the next operation, not the connection.
                if refused.is_some_and(|r| r.code == code::UNAUTHENTICATED) {
                    break Some((FORBIDDEN, UNAUTHENTICATED_MESSAGE.to_owned()));
                }
            }
            _ = keepalive.tick(), if connection.is_some() => {
                let ping = if legacy { json!({ "type": "ka" }) } else { json!({ "type": "ping" }) };
                if sink.send(Message::Text(ping.to_string().into())).await.is_err() {
                    break None;
                }
            }
            () = &mut init_timeout, if connection.is_none() => {
                break Some((INIT_TIMED_OUT, "Connection initialisation timeout".to_owned()));
            }
            () = &mut closing => break Some((GOING_AWAY, "server shutting down".to_owned())),
        }
    };
    // Operations still running end with the connection (`running` aborts them when dropped).
    drop(running);
    if let Some((code, reason)) = close {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = sink.send(Message::Close(Some(frame))).await;
    }
}

/// Checks the credential given at `connection_init`, then counts the handshake against the
/// caller's rate, keyed as an HTTP request is (the verified principal, else the client's
/// address, which a refused credential counts against too); the close code and refusal when
/// either does not hold.
async fn initialize(
    state: &AppState,
    client: &Client,
    credential: Option<String>,
) -> Result<Connection, (u16, Refused)> {
    let identified = operation::identify(state, credential.as_deref()).await;
    if let Err(refused) = &identified
        && refused.code != code::UNAUTHENTICATED
    {
        // The caller is unknown: an unavailable database is worth a retry.
        return Err((TRY_AGAIN_LATER, refused.clone()));
    }
    let principal = identified.as_ref().ok().map(|(_, principal)| principal);
    let rate_key = rate_key(principal, client.peer);
    if let Err(throttled) = state.throttle.take(&rate_key) {
        return Err((TOO_MANY_REQUESTS, throttled.refused()));
    }
    identified.map_err(|refused| (FORBIDDEN, refused))?;
    Ok(Connection {
        state: state.clone(),
        protocol: client.protocol,
        credential,
        rate_key,
        locale: client.locale,
        session: Arc::new(crate::graphql::connection_data(
            state.config.max_subscriptions,
        )),
    })
}

/// Where one operation's messages go.
struct Reply {
    id: String,
    serial: u64,
    protocol: WebSocketProtocols,
    outbox: mpsc::Sender<Out>,
    locale: Locale,
}

impl Reply {
    /// Queues a message; `false` once the connection is gone.
    async fn send(&self, message: Value) -> bool {
        let out = Out::Message {
            id: self.id.clone(),
            serial: self.serial,
            text: message.to_string(),
        };
        self.outbox.send(out).await.is_ok()
    }

    /// A result: `next` (the legacy protocol: `data`).
    async fn next(&self, response: async_graphql::Response) -> bool {
        let kind = match self.protocol {
            WebSocketProtocols::GraphQLWS => "next",
            WebSocketProtocols::SubscriptionsTransportWS => "data",
        };
        let payload = serde_json::to_value(coded(response)).unwrap_or_default();
        self.send(json!({ "type": kind, "id": self.id, "payload": payload }))
            .await
    }

    async fn complete(&self) {
        self.send(json!({ "type": "complete", "id": self.id }))
            .await;
    }

    /// The operation was refused before it ran (or ran out of time): `error` with the errors,
    /// each with its `extensions.code`; it ends the operation (no `complete` follows).
    async fn error(&self, errors: Value) {
        self.send(json!({ "type": "error", "id": self.id, "payload": errors }))
            .await;
    }

    async fn refused(&self, refused: &Refused) {
        if refused.code == code::UNAUTHENTICATED {
            let _ = self.outbox.send(Out::Refused).await;
        } else {
            let message = refused.message_in(self.locale);
            let error = json!({ "message": message, "extensions": { "code": refused.code } });
            self.error(json!([error])).await;
        }
    }
}

async fn run(
    connection: Arc<Connection>,
    id: String,
    serial: u64,
    request: async_graphql::Request,
    outbox: mpsc::Sender<Out>,
) {
    let reply = Reply {
        id,
        serial,
        protocol: connection.protocol,
        locale: connection.locale,
        outbox,
    };
    operate(&connection, request, &reply).await;
    let done = Out::Done {
        id: reply.id.clone(),
        serial,
    };
    let _ = reply.outbox.send(done).await;
}

/// One operation, in the order of an HTTP request: rate, in-flight permit, caller, persisted
/// documents and the guard; then a query or mutation runs within the time limit, and a
/// subscription delivers each event only while the credential still holds.
async fn operate(connection: &Connection, mut request: async_graphql::Request, reply: &Reply) {
    let state = &connection.state;
    if let Err(throttled) = state.throttle.take(&connection.rate_key) {
        return reply.refused(&throttled.refused()).await;
    }
    let permit = match state.throttle.permit() {
        Ok(permit) => permit,
        Err(throttled) => return reply.refused(&throttled.refused()).await,
    };
    let viewer = match connection.viewer().await {
        Ok(viewer) => viewer,
        Err(refused) => return reply.refused(&refused).await,
    };
    let checked = match operation::admit(state, &mut request, &viewer).await {
        Ok(checked) => checked,
        Err(refused) => return reply.refused(&refused).await,
    };
    let request_id = super::request_id::new_id();
    let writes = operation::mutates(&checked);
    let reads = operation::reads(state, writes);
    let prepared = operation::prepare(
        state,
        request,
        &viewer,
        &request_id,
        reads,
        connection.locale,
    );
    if checked.operation != Some(OperationType::Subscription) {
        let executed =
            operation::within_time_limit(state, crate::graphql::execute(&state.schema, prepared))
                .await;
        drop(permit);
        match executed {
            Err(refused) => reply.refused(&refused).await,
            Ok(response) if is_request_error(&response) => reply.error(errors(response)).await,
            Ok(response) => {
                if reply.next(response).await {
                    reply.complete().await;
                }
            }
        }
        return;
    }
    // A subscription holds no permit while it waits for events: it holds one of the
    // connection's subscription slots instead.
    drop(permit);
    let mut responses =
        crate::graphql::subscribe(&state.schema, prepared, connection.session.clone());
    let mut first = true;
    while let Some(response) = responses.next().await {
        if first && is_request_error(&response) {
            return reply.error(errors(response)).await;
        }
        first = false;
        if let Err(refused) = connection.viewer().await {
            return reply.refused(&refused).await;
        }
        if !reply.next(response).await {
            return;
        }
    }
    reply.complete().await;
}

/// The errors of a request error, each with its code.
fn errors(response: async_graphql::Response) -> Value {
    serde_json::to_value(coded(response).errors).unwrap_or_else(|_| json!([]))
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
