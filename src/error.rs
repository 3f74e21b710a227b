//! The closed set of error codes clients can rely on, and the one error type services return.

use std::sync::Arc;

use async_graphql::ErrorExtensions;

/// Stable codes, sent as `extensions.code` on GraphQL errors (API.md).
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
    LimitExceeded(String),
    #[error("internal error")]
    Db(#[from] Arc<sea_orm::DbErr>),
    #[error("internal error")]
    Internal(String),
}

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

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadInput(_) => code::BAD_USER_INPUT,
            Self::NotFound(_) => code::NOT_FOUND,
            Self::Forbidden(_) => code::FORBIDDEN,
            Self::LimitExceeded(_) => code::LIMIT_EXCEEDED,
            Self::Db(_) | Self::Internal(_) => code::INTERNAL,
        }
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        match self {
            // Logged once, here; clients only ever see the generic message.
            Self::Db(source) => tracing::error!(error = %source, "database error while resolving"),
            Self::Internal(detail) => {
                tracing::error!(error = %detail, "internal error while resolving")
            }
            _ => {}
        }
        async_graphql::Error::new(self.to_string())
            .extend_with(|_, ext| ext.set("code", self.code()))
    }
}

pub type AppResult<T> = Result<T, AppError>;
