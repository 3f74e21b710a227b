//! How many `/graphql` requests run at once (503 past the limit, at once) and how often one
//! caller may send them (429 with `Retry-After`): a keyed token bucket per API token hash, or
//! per client address for callers without a token.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::AppState;
use super::protocol::{self, Format, Refused};
use crate::error::code;

/// Buckets kept before full (idle) ones are dropped.
const PRUNE_AT: usize = 10_000;

/// The in-flight and rate limits of one server.
pub struct Throttle {
    in_flight: Arc<Semaphore>,
    max_in_flight: usize,
    rate: Option<RateLimiter>,
}

impl Throttle {
    pub fn new(max_in_flight: usize, per_minute: u32) -> Self {
        Self {
            in_flight: Arc::new(Semaphore::new(max_in_flight)),
            max_in_flight,
            rate: (per_minute > 0).then(|| RateLimiter::new(per_minute)),
        }
    }
}

/// A token bucket per key: `per_minute` tokens, refilled continuously.
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key`, or says in how many whole seconds one will be there.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), u64> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < capacity
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let refilled = now.duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refilled).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / per_second;
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

/// Why an operation may not start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttled {
    /// Over the caller's rate: a token is back in `retry_after` whole seconds.
    Rate { retry_after: u64, per_minute: u32 },
    /// The server runs its limit of operations at once.
    InFlight { max: usize },
}

impl Throttled {
    /// LIMIT_EXCEEDED: 429 over the rate, 503 at the in-flight limit.
    pub fn refused(self) -> Refused {
        match self {
            Self::Rate {
                retry_after,
                per_minute,
            } => Refused::new(
                StatusCode::TOO_MANY_REQUESTS,
                code::LIMIT_EXCEEDED,
                format!(
                    "over the rate limit of {per_minute} requests per minute; retry after {retry_after} s"
                ),
            ),
            Self::InFlight { max } => Refused::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code::LIMIT_EXCEEDED,
                format!(
                    "the server is handling its limit of {max} requests at once; retry shortly"
                ),
            ),
        }
    }

    /// The HTTP answer: with `Retry-After` over the rate.
    fn respond(self, format: Format) -> Response {
        let mut response = self.refused().respond(format);
        if let Self::Rate { retry_after, .. } = self {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
        }
        response
    }
}

impl Throttle {
    /// Takes one of the caller's tokens (`key` from [`rate_key`]), when a rate is set.
    pub fn take(&self, key: &str) -> Result<(), Throttled> {
        let Some(rate) = &self.rate else {
            return Ok(());
        };
        rate.take(key, Instant::now()).map_err(|retry_after| {
            tracing::info!(
                limit = "rateLimitPerMinute",
                "refused a request over the rate limit"
            );
            super::metrics::limit_refused("rateLimitPerMinute");
            Throttled::Rate {
                retry_after,
                per_minute: rate.per_minute,
            }
        })
    }

    /// A permit to run, held until the operation is done; none past the in-flight limit.
    pub fn permit(&self) -> Result<OwnedSemaphorePermit, Throttled> {
        self.in_flight.clone().try_acquire_owned().map_err(|_| {
            tracing::warn!(
                limit = "maxInFlight",
                "refused a request: too many in flight"
            );
            super::metrics::limit_refused("maxInFlight");
            Throttled::InFlight {
                max: self.max_in_flight,
            }
        })
    }
}

/// The caller a rate limit counts against: the SHA-256 of the `Authorization` value when one
/// is sent (never the credential itself), else the peer address. HTTP requests and WebSocket
/// operations with the same credential, or from the same address, share one bucket.
pub fn rate_key(authorization: Option<&[u8]>, peer: Option<IpAddr>) -> String {
    if let Some(credential) = authorization {
        return format!("token:{}", hex::encode(Sha256::digest(credential)));
    }
    match peer {
        Some(peer) => format!("ip:{peer}"),
        None => "ip:unknown".to_owned(),
    }
}

/// The middleware on `/graphql`: rate limit first (cheap), then an in-flight permit held until
/// the response is produced.
pub async fn throttle(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let throttle = &state.throttle;
    let format = Format::negotiate(request.headers());
    let key = rate_key(
        request.headers().get(AUTHORIZATION).map(|v| v.as_bytes()),
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip()),
    );
    if let Err(throttled) = throttle.take(&key) {
        return throttled.respond(format);
    }
    if let Some(refused) = declared_too_large(&request, format) {
        return refused;
    }
    let _permit = match throttle.permit() {
        Ok(permit) => permit,
        Err(throttled) => return throttled.respond(format),
    };
    next.run(request).await
}

/// A body whose declared `Content-Length` is over the limit gets 413 before a byte is read:
/// the JSON limit, or the upload limit for multipart requests.
fn declared_too_large(request: &Request, format: Format) -> Option<Response> {
    let declared: u64 = request
        .headers()
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()?;
    let multipart = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/")
        });
    let limit = if multipart {
        super::upload::MAX_UPLOAD_BYTES
    } else {
        super::MAX_BODY_BYTES
    };
    (declared > limit as u64).then(|| {
        super::metrics::limit_refused("maxBodyBytes");
        let message = format!(
            "the request body is {declared} bytes, over the limit of {limit} bytes (maxBodyBytes)"
        );
        protocol::refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            format,
            code::LIMIT_EXCEEDED,
            &message,
        )
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn buckets_refill_and_are_per_key() {
        let limiter = RateLimiter::new(2);
        let start = Instant::now();
        assert!(limiter.take("a", start).is_ok());
        assert!(limiter.take("a", start).is_ok());
        assert_eq!(limiter.take("a", start), Err(30));
        assert!(limiter.take("b", start).is_ok());
        assert!(limiter.take("a", start + Duration::from_secs(30)).is_ok());
    }
}
