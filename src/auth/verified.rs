//! A short-lived cache of verified API tokens, so that a request with a token does not pay a
//! database round trip to check it (decision 0018).
//!
//! Keyed by the secret's SHA-256 (the secret itself is never kept). An entry is trusted for
//! [`FRESH_FOR`] and never past the token's own expiry. Revoking a token drops its entries at
//! once in this process; another process sharing the database notices within `FRESH_FOR`.
//! Unknown secrets are not cached, so guessing cannot fill the cache.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::Viewer;

/// How long a verified token is trusted without looking at the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(5);

/// More live tokens than this and the cache starts over (tokens are few; this only bounds
/// memory against a flood of distinct valid tokens).
const CAPACITY: usize = 4096;

struct Entry {
    token_id: i64,
    viewer: Viewer,
    fresh_until: Instant,
    expires_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct VerifiedTokens {
    entries: Mutex<HashMap<String, Entry>>,
}

/// The process's cache. Process-wide rather than per server instance because revocation must
/// reach every instance in the process, whichever one ran the mutation.
pub static VERIFIED: LazyLock<VerifiedTokens> = LazyLock::new(VerifiedTokens::default);

impl VerifiedTokens {
    /// The id and viewer of a recently verified, still valid token.
    pub fn get(&self, secret_hash: &str) -> Option<(i64, Viewer)> {
        let now = Instant::now();
        let mut entries = self.lock();
        let entry = entries.get(secret_hash)?;
        let valid = entry.fresh_until > now && entry.expires_at.is_none_or(|at| at > Utc::now());
        if valid {
            Some((entry.token_id, entry.viewer.clone()))
        } else {
            entries.remove(secret_hash);
            None
        }
    }

    /// Remembers a token just verified against the database.
    pub fn put(
        &self,
        secret_hash: String,
        token_id: i64,
        viewer: Viewer,
        expires_at: Option<DateTime<Utc>>,
    ) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(
            secret_hash,
            Entry {
                token_id,
                viewer,
                fresh_until: Instant::now() + FRESH_FOR,
                expires_at,
            },
        );
    }

    /// Drops a revoked token.
    pub fn forget(&self, token_id: i64) {
        self.lock().retain(|_, entry| entry.token_id != token_id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave an entry half-written: recover.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn viewer() -> Viewer {
        Viewer {
            role: Role::Analyst,
            region_scope: None,
            subject: "token:t".into(),
        }
    }

    #[test]
    fn a_verified_token_is_served_until_revoked() {
        let cache = VerifiedTokens::default();
        cache.put("h1".into(), 7, viewer(), None);
        cache.put("h2".into(), 8, viewer(), None);
        assert_eq!(
            cache.get("h1").map(|(id, v)| (id, v.role)),
            Some((7, Role::Analyst))
        );
        cache.forget(7);
        assert!(cache.get("h1").is_none(), "a revoked token is dropped");
        assert!(cache.get("h2").is_some(), "other tokens stay");
    }

    #[test]
    fn an_expired_token_is_not_served_from_the_cache() {
        let cache = VerifiedTokens::default();
        cache.put(
            "h".into(),
            1,
            viewer(),
            Some(Utc::now() - chrono::Duration::seconds(1)),
        );
        assert!(cache.get("h").is_none());
    }

    #[test]
    fn unknown_secrets_miss() {
        assert!(VerifiedTokens::default().get("nope").is_none());
    }
}
