//! Request bodies: one deadline for the whole body, and reading to a size limit.
//!
//! - The server (`app::serve`) wraps every request body in a [`DeadlineBody`]: the body must
//!   arrive whole within `TONGXIN_BODY_READ_TIMEOUT_MS` of the request's head. A byte now and
//!   then does not extend it (a timeout between reads would), so a slow sender cannot hold a
//!   connection and a handler for long.
//! - A body over its limit gets 413, but only after a bounded amount of it has been read and
//!   discarded ([`drain`]): a client that writes its whole body before reading (scripts,
//!   `curl --data @file`) then reads the 413 instead of a broken pipe. The response closes the
//!   connection.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CONNECTION, EXPECT};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::StreamExt;
use http_body::{Frame, SizeHint};
use tokio::time::Sleep;

use super::protocol::{self, Format};
use crate::error::code;

/// At most this much of an oversized body is read and discarded before the 413.
pub const DRAIN_BYTES: usize = 8 * 1024 * 1024;
/// And for at most this long.
pub const DRAIN_TIME: Duration = Duration::from_secs(5);

/// The body's deadline passed before it ended.
#[derive(Debug, Clone, Copy)]
pub struct DeadlineExceeded;

impl std::fmt::Display for DeadlineExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for DeadlineExceeded {}

/// Set once a request's body deadline has passed; in the request's extensions, so that a
/// handler can tell a late body from a broken one whatever wrapped the error on the way.
#[derive(Debug, Clone, Default)]
pub struct BodyDeadline(Arc<AtomicBool>);

impl BodyDeadline {
    pub fn passed(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A body that fails with [`DeadlineExceeded`] once its deadline passes.
pub struct DeadlineBody<B> {
    inner: B,
    deadline: Pin<Box<Sleep>>,
    passed: BodyDeadline,
}

impl<B> DeadlineBody<B> {
    /// `inner`, which must end within `limit` from now; `passed` is set if it does not.
    pub fn new(inner: B, limit: Duration, passed: BodyDeadline) -> Self {
        Self {
            inner,
            deadline: Box::pin(tokio::time::sleep(limit)),
            passed,
        }
    }
}

impl<B> http_body::Body for DeadlineBody<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.passed.passed() {
            return Poll::Ready(Some(Err(Box::new(DeadlineExceeded))));
        }
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            this.passed.0.store(true, Ordering::SeqCst);
            return Poll::Ready(Some(Err(Box::new(DeadlineExceeded))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// Over the limit (what was left was drained, within bounds).
    TooLarge,
    /// The whole-body deadline passed.
    TimedOut,
    /// The client broke off or sent a malformed body.
    Unreadable,
}

/// Reads `body` whole if it holds at most `limit` bytes. An oversized body is drained
/// ([`drain`]) before `TooLarge` is returned.
pub async fn read_limited(
    body: Body,
    limit: usize,
    deadline: Option<&BodyDeadline>,
) -> Result<Bytes, BodyError> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return Err(if deadline.is_some_and(BodyDeadline::passed) {
                BodyError::TimedOut
            } else {
                BodyError::Unreadable
            });
        };
        if bytes.len() + chunk.len() > limit {
            drain_stream(stream).await;
            return Err(BodyError::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(bytes))
}

/// Reads and discards what is left of a refused body: up to [`DRAIN_BYTES`], for up to
/// [`DRAIN_TIME`] (and never past the body's own deadline). Nothing is read when the client
/// asked to be told before it sends (`Expect: 100-continue`): it then sends nothing.
pub async fn drain(headers: &HeaderMap, body: Body) {
    let waits_for_go_ahead = headers
        .get(EXPECT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    if !waits_for_go_ahead {
        drain_stream(body.into_data_stream()).await;
    }
}

async fn drain_stream(mut stream: axum::body::BodyDataStream) {
    let mut discarded = 0usize;
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        while discarded < DRAIN_BYTES {
            match stream.next().await {
                Some(Ok(chunk)) => discarded += chunk.len(),
                Some(Err(_)) | None => return,
            }
        }
    })
    .await;
}

/// The refusal for a body that could not be read; a refused body closes the connection.
pub fn refusal(error: BodyError, format: Format, limit: usize, timeout_ms: u64) -> Response {
    let response = match error {
        BodyError::TooLarge => {
            super::metrics::limit_refused("maxBodyBytes");
            protocol::refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                format,
                code::LIMIT_EXCEEDED,
                &format!("the request body is over the limit of {limit} bytes (maxBodyBytes)"),
            )
        }
        BodyError::TimedOut => timed_out(format, timeout_ms),
        BodyError::Unreadable => protocol::refusal(
            StatusCode::BAD_REQUEST,
            format,
            code::BAD_USER_INPUT,
            "The request body could not be read.",
        ),
    };
    closing(response)
}

/// 408: the body did not arrive whole within the deadline.
pub fn timed_out(format: Format, timeout_ms: u64) -> Response {
    tracing::info!(
        limit = "bodyReadTimeoutMs",
        "cut off a request body that came too slowly"
    );
    super::metrics::limit_refused("bodyReadTimeoutMs");
    closing(protocol::refusal(
        StatusCode::REQUEST_TIMEOUT,
        format,
        code::LIMIT_EXCEEDED,
        &format!("the request body did not arrive within {timeout_ms} ms (bodyReadTimeoutMs)"),
    ))
}

/// `response`, closing the connection after it (the rest of a refused body is not read).
pub fn closing(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn a_body_within_the_limit_is_read_whole() {
        let body = Body::from("{\"query\":\"{ __typename }\"}");
        let bytes = read_limited(body, 1024, None).await.unwrap();
        assert_eq!(&bytes[..], b"{\"query\":\"{ __typename }\"}");
        assert_eq!(
            read_limited(Body::from(vec![b' '; 2048]), 1024, None).await,
            Err(BodyError::TooLarge)
        );
    }

    #[tokio::test]
    async fn a_body_that_never_ends_fails_at_its_deadline() {
        let (_sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(1);
        let endless =
            Body::from_stream(futures_util::stream::unfold(receiver, |mut r| async move {
                r.recv().await.map(|item| (item, r))
            }));
        let deadline = BodyDeadline::default();
        let body = Body::new(DeadlineBody::new(
            endless,
            Duration::from_millis(50),
            deadline.clone(),
        ));
        assert_eq!(
            read_limited(body, 1024, Some(&deadline)).await,
            Err(BodyError::TimedOut)
        );
        assert!(deadline.passed());
    }
}
