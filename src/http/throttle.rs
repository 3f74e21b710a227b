//! How many `/graphql` requests run at once (503 past the limit, at once) and how often one
//! caller may send them (429 with `Retry-After`): a keyed token bucket per API token hash, or
//! per client address for callers without a token.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::AppState;
use super::protocol::{self, Format};
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

/// The caller a rate limit counts against: the SHA-256 of the credential when one is sent
/// (never the credential itself), else the peer address.
fn rate_key(request: &Request) -> String {
    if let Some(credential) = request.headers().get(AUTHORIZATION) {
        return format!(
            "token:{}",
            hex::encode(Sha256::digest(credential.as_bytes()))
        );
    }
    match request.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(peer)) => format!("ip:{}", peer.ip()),
        None => "ip:unknown".to_owned(),
    }
}

/// The middleware on `/graphql`: rate limit first (cheap), then an in-flight permit held until
/// the response is produced.
pub async fn throttle(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let throttle = &state.throttle;
    let format = Format::negotiate(request.headers());
    if let Some(rate) = &throttle.rate
        && let Err(retry_after) = rate.take(&rate_key(&request), Instant::now())
    {
        tracing::info!(
            limit = "rateLimitPerMinute",
            "refused a request over the rate limit"
        );
        super::metrics::limit_refused("rateLimitPerMinute");
        return protocol::too_many_requests(format, retry_after, rate.per_minute);
    }
    if let Some(refused) = declared_too_large(&request, format) {
        return refused;
    }
    let Ok(_permit) = throttle.in_flight.clone().try_acquire_owned() else {
        tracing::warn!(
            limit = "maxInFlight",
            "refused a request: too many in flight"
        );
        super::metrics::limit_refused("maxInFlight");
        let message = format!(
            "the server is handling its limit of {} requests at once; retry shortly",
            throttle.max_in_flight
        );
        return protocol::refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            format,
            code::LIMIT_EXCEEDED,
            &message,
        );
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
