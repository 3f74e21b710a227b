//! The closed set of error codes clients can rely on, and the one error type services return.

use std::sync::Arc;

use async_graphql::ErrorExtensions;

mod field_label;
pub mod top_level;
mod unavailable;
mod user_code;

pub use unavailable::is_unavailable;
pub use user_code::{Subject, UserErrorCode};

/// Stable codes, sent as `extensions.code` on GraphQL errors.
pub mod code {
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const VERSION_CONFLICT: &str = "VERSION_CONFLICT";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const LIMIT_EXCEEDED: &str = "LIMIT_EXCEEDED";
    pub const UNAVAILABLE: &str = "UNAVAILABLE";
    pub const INTERNAL: &str = "INTERNAL";
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    LimitExceeded(String),
    #[error("the record changed since you read it (now at version {current}); reload and retry")]
    VersionConflict { current: i32 },
    /// Field-level validation failures: mutations return them as `userErrors`.
    #[error("{}", .0.first().map_or("invalid input", |e| e.en.as_str()))]
    Invalid(Vec<FieldError>),
    /// The database (or another dependency) cannot be reached right now; retry shortly.
    #[error("{0}")]
    Unavailable(String),
    /// A database failure; a lost database reads as UNAVAILABLE, anything else as INTERNAL.
    #[error("{}", if is_unavailable(.0) { UNAVAILABLE_MESSAGE } else { "internal error" })]
    Db(#[from] Arc<sea_orm::DbErr>),
    #[error("internal error")]
    Internal(String),
}

/// What clients read when the database cannot be reached.
pub const UNAVAILABLE_MESSAGE: &str = "the service is temporarily unavailable; retry shortly";

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Db(Arc::new(err))
    }
}

impl AppError {
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadInput(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    /// One field-level validation failure: `code`'s message, then the detail `en`/`zh`.
    pub fn invalid(
        field: &[&str],
        code: UserErrorCode,
        en: impl AsRef<str>,
        zh: impl AsRef<str>,
    ) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, en, zh)])
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadInput(_) => code::BAD_USER_INPUT,
            Self::NotFound(_) => code::NOT_FOUND,
            Self::Forbidden(_) => code::FORBIDDEN,
            Self::Unauthenticated(_) => code::UNAUTHENTICATED,
            Self::LimitExceeded(_) => code::LIMIT_EXCEEDED,
            Self::VersionConflict { .. } => code::VERSION_CONFLICT,
            Self::Invalid(_) => code::BAD_USER_INPUT,
            Self::Unavailable(_) => code::UNAVAILABLE,
            Self::Db(err) if is_unavailable(err) => code::UNAVAILABLE,
            Self::Db(_) | Self::Internal(_) => code::INTERNAL,
        }
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        match self {
            // Logged once, here; clients only ever see the generic message.
            Self::Db(source) if is_unavailable(source) => {
                tracing::warn!(error = %source, "the database is unavailable")
            }
            Self::Db(source) => tracing::error!(error = %source, "database error while resolving"),
            Self::Internal(detail) => {
                tracing::error!(error = %detail, "internal error while resolving")
            }
            _ => {}
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", self.code());
            if let Self::VersionConflict { current } = self {
                ext.set("currentVersion", *current);
            }
        })
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Whether a GraphQL response failed only because a dependency is unavailable (every error
/// has code UNAVAILABLE): the HTTP layer answers it with 503, so that clients and load
/// balancers retry.
pub fn only_unavailable(response: &async_graphql::Response) -> bool {
    !response.errors.is_empty()
        && response.errors.iter().all(|error| {
            error
                .extensions
                .as_ref()
                .and_then(|ext| ext.get("code"))
                .is_some_and(|c| *c == async_graphql::Value::from(code::UNAVAILABLE))
        })
}

/// A validation failure tied to one input field, with its message in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path to the input field, e.g. `["input", "creditCode"]`.
    pub field: Vec<String>,
    /// Stable machine-readable code, e.g. `CREDIT_CODE_CHECKSUM`.
    pub code: UserErrorCode,
    pub en: String,
    pub zh: String,
}

impl FieldError {
    /// The failure `code` of `field` (a path ending in the input field's name): the
    /// catalogue's message about that field, then the detail `en`/`zh` when not empty.
    pub fn new(
        field: &[&str],
        code: UserErrorCode,
        en: impl AsRef<str>,
        zh: impl AsRef<str>,
    ) -> Self {
        let subject = match field {
            [.., last] if field.len() > 1 => Subject::Field(last),
            _ => Subject::Whole,
        };
        let (en, zh) = code.message(subject, (en.as_ref(), zh.as_ref()));
        Self {
            field: field.iter().map(|f| (*f).to_owned()).collect(),
            code,
            en,
            zh,
        }
    }
}
