//! How many `/graphql` requests run at once (503 past the limit, at once; a request counts
//! only once its body is read) and how often one caller may send them (429 with
//! `Retry-After`): a keyed token bucket per verified caller (API token id, JWT subject), or
//! per client address for callers without a valid credential.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::AppState;
use super::protocol::{self, Format, Refused};
use crate::auth::{Principal, Unauthenticated, Viewer};
use crate::error::{AppResult, code};

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
    pub fn respond(self, format: Format) -> Response {
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

/// The checked credential of a `/graphql` request: found once, by [`throttle`], and handed to
/// the handler in the request's extensions.
#[derive(Debug, Clone)]
pub struct Caller(pub Result<(Viewer, Principal), Unauthenticated>);

/// Checks the request's credential. An `Authorization` header that is not even text is a
/// credential that does not check out, not the absence of one.
pub async fn identify(state: &AppState, headers: &HeaderMap) -> AppResult<Caller> {
    let verdict = match headers.get(AUTHORIZATION).map(|v| v.to_str()) {
        None => state.auth.identify(&state.db, None).await?,
        Some(Ok(header)) => state.auth.identify(&state.db, Some(header)).await?,
        Some(Err(_)) => Err(Unauthenticated),
    };
    Ok(Caller(verdict))
}

/// The key a caller's requests count against: the verified token (by id) or JWT subject,
/// however the header spelled it; without a credential that checks out, the client's
/// address, so that made-up credentials do not each open a fresh allowance. HTTP requests and
/// WebSocket handshakes and operations of one caller share one bucket.
pub fn rate_key(principal: Option<&Principal>, peer: Option<IpAddr>) -> String {
    match principal {
        Some(Principal::Token(id)) => format!("token:{id}"),
        // Already `jwt:…`, so never equal to a token's or an address's key.
        Some(Principal::Jwt(subject)) => subject.clone(),
        Some(Principal::Anonymous) | None => match peer {
            Some(ip) => format!("ip:{ip}"),
            None => "ip:unknown".to_owned(),
        },
    }
}

fn peer_ip(request: &Request) -> Option<IpAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip())
}

/// The middleware on `/graphql`: checks the credential, then the rate limit of that caller,
/// then a declared body size. The in-flight permit is taken later, once the body is read
/// ([`Throttle::permit`], in the handler): a slow sender must not hold one.
pub async fn throttle(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let throttle = &state.throttle;
    let format = Format::negotiate(request.headers());
    let caller = match identify(&state, request.headers()).await {
        Ok(caller) => caller,
        Err(err) => return super::graphql::credentials_unavailable(format, &err),
    };
    let principal = caller.0.as_ref().ok().map(|(_, principal)| principal);
    if let Err(throttled) = throttle.take(&rate_key(principal, peer_ip(&request))) {
        return throttled.respond(format);
    }
    if let Some((declared, limit)) = declared_too_large(&request) {
        // Read (and discard) some of it first, so that a client still writing reads the 413.
        let (parts, body) = request.into_parts();
        super::body::drain(&parts.headers, body).await;
        super::metrics::limit_refused("maxBodyBytes");
        let message = format!(
            "the request body is {declared} bytes, over the limit of {limit} bytes (maxBodyBytes)"
        );
        return super::body::closing(protocol::refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            format,
            code::LIMIT_EXCEEDED,
            &message,
        ));
    }
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// A body whose declared `Content-Length` is over the limit: the JSON limit, or the upload
/// limit for multipart requests. Returns the declared size and the limit.
fn declared_too_large(request: &Request) -> Option<(u64, usize)> {
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
    (declared > limit as u64).then_some((declared, limit))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn verified_callers_are_keyed_by_who_they_are_and_others_by_address() {
        let ip: IpAddr = [10, 0, 0, 7].into();
        assert_eq!(rate_key(Some(&Principal::Token(3)), Some(ip)), "token:3");
        assert_eq!(
            rate_key(Some(&Principal::Jwt("jwt:li".into())), Some(ip)),
            "jwt:li"
        );
        assert_eq!(
            rate_key(Some(&Principal::Anonymous), Some(ip)),
            "ip:10.0.0.7"
        );
        assert_eq!(rate_key(None, Some(ip)), "ip:10.0.0.7");
    }

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
