//! The HTTP surface: the router, its shared state, and one module per endpoint.

pub mod export;
pub mod graphiql;
pub mod graphql;
pub mod health;
pub mod metrics;
pub mod upload;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::auth::Authenticator;
use crate::auth::jwt::JwtVerifier;
use crate::config::Config;
use crate::graphql::AppSchema;

/// What every handler can reach: the pool, the built schema and the configuration.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub schema: AppSchema,
    pub config: Arc<Config>,
    pub auth: Arc<Authenticator>,
    /// Cancelled when the server begins shutting down (SIGTERM, Ctrl-C): long-lived handlers
    /// (WebSocket subscriptions) watch it and close cleanly.
    pub shutdown: tokio_util::sync::CancellationToken,
    /// The pools (`db` is `pools.read`); `/metrics` reports both.
    pub pools: crate::db::Db,
}

impl AppState {
    /// Builds the serving schema over `db` with the limits from `config`.
    /// `db` is one pool, or SQLite's read pool and writer (`crate::db::Db`).
    pub fn new(db: impl Into<crate::db::Db>, config: Config) -> Self {
        let pools: crate::db::Db = db.into();
        let db = pools.read.clone();
        let schema = crate::graphql::build(pools.clone(), &config);
        // Start-up checks the JWT settings first (`app::run`); here a bad one disables JWTs.
        let jwt = JwtVerifier::from_config(&config.jwt).ok().flatten();
        Self {
            db,
            schema,
            config: Arc::new(config),
            auth: Arc::new(Authenticator::new(jwt)),
            shutdown: tokio_util::sync::CancellationToken::new(),
            pools,
        }
    }
}

/// The largest request body `/graphql` accepts; larger ones get 413.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Every route of the server, with request tracing.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/graphql",
            get(graphiql::page)
                .post(graphql::execute)
                .layer::<_, std::convert::Infallible>(middleware::from_fn(upload::limit_json))
                .layer(RequestBodyLimitLayer::new(upload::MAX_UPLOAD_BYTES)),
        )
        .route("/graphiql/{file}", get(graphiql::asset))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/export/{file}", get(export::export))
        .route("/export/{kind}/{file}", get(export::template))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
