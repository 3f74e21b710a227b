//! Request ids. The server makes its own for every request; that id is the one in the
//! response (`x-request-id`), in GraphQL error extensions, in the logs and in the audit trail
//! and access log. A client's `x-request-id` never takes its place: when it is short and plain
//! (at most 64 of `A-Z a-z 0-9 . _ -`) it is kept beside the server's, as
//! `x-client-request-id` on the request span and the response; otherwise it is dropped.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

pub use crate::telemetry::request_id::{CLIENT_HEADER, HEADER};
/// The longest client id kept.
pub const MAX_CLIENT_ID: usize = 64;

/// Both ids of one request, in its extensions.
#[derive(Debug, Clone)]
pub struct RequestIds {
    pub server: String,
    pub client: Option<String>,
}

/// A new server id: 128 random bits in hex.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    hex::encode(bytes)
}

/// The client's id if it is well-formed: 1 to 64 of `A-Z a-z 0-9 . _ -`.
pub fn client_id(value: &HeaderValue) -> Option<String> {
    let id = value.to_str().ok()?;
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    (!id.is_empty() && id.len() <= MAX_CLIENT_ID && id.bytes().all(plain)).then(|| id.to_owned())
}

/// The server's id of a request that went through [`assign`] (a new one otherwise).
pub fn of(request_extensions: &axum::http::Extensions) -> String {
    request_extensions
        .get::<RequestIds>()
        .map_or_else(new_id, |ids| ids.server.clone())
}

/// The outermost middleware: replaces the request's `x-request-id` with the server's own,
/// keeps a valid client id as `x-client-request-id`, and puts both on the response.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let client = request.headers().get(HEADER).and_then(client_id);
    let ids = RequestIds {
        server: new_id(),
        client,
    };
    let server = HeaderValue::from_str(&ids.server).ok();
    let client = ids
        .client
        .as_deref()
        .and_then(|id| HeaderValue::from_str(id).ok());
    let headers = request.headers_mut();
    headers.remove(HEADER);
    headers.remove(CLIENT_HEADER);
    if let Some(value) = &server {
        headers.insert(HEADER, value.clone());
    }
    if let Some(value) = &client {
        headers.insert(CLIENT_HEADER, value.clone());
    }
    request.extensions_mut().insert(ids);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(value) = server {
        headers.insert(HEADER, value);
    }
    if let Some(value) = client {
        headers.insert(CLIENT_HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_short_plain_client_ids_are_kept() {
        let id =
            |s: &str| client_id(&HeaderValue::from_str(s).unwrap_or(HeaderValue::from_static("")));
        assert_eq!(id("web-42.retry_1").as_deref(), Some("web-42.retry_1"));
        assert_eq!(
            id(&"a".repeat(64)).as_deref(),
            Some("a".repeat(64).as_str())
        );
        assert_eq!(id(&"a".repeat(65)), None);
        for bad in ["", "has space", "a/b", "x;drop", "<script>", "\u{1}"] {
            assert_eq!(id(bad), None, "{bad:?}");
        }
        assert_eq!(
            client_id(&HeaderValue::from_bytes("ä".as_bytes()).unwrap()),
            None
        );
        let server = new_id();
        assert_eq!(server.len(), 32);
        assert!(client_id(&HeaderValue::from_str(&server).unwrap()).is_some());
    }
}
