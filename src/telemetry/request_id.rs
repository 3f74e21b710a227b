//! Request ids: the server's own id of each request, and the client's id kept beside it. Spans,
//! logs and audit entries carry them so that one request can be followed end to end.

/// The id of the request (HTTP or WebSocket operation), recorded in audit entries.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The server's id, on the request (for handlers and spans) and on the response.
pub const HEADER: &str = "x-request-id";
/// The client's own id, once validated.
pub const CLIENT_HEADER: &str = "x-client-request-id";
