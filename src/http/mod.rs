//! The HTTP surface: the router, its shared state, and one module per endpoint.

pub mod body;
pub mod cors;
pub mod export;
pub mod graphiql;
pub mod graphql;
pub mod guard;
pub mod health;
pub mod import_page;
pub mod live;
pub mod localize;
pub mod metrics;
pub mod operation;
pub mod persisted;
pub mod protocol;
pub mod report;
pub mod report_export;
pub mod request_id;
pub mod throttle;
pub mod upload;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tower_http::classify::SharedClassifier;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::auth::Authenticator;
use crate::auth::jwt::JwtVerifier;
use crate::config::Config;
use crate::graphql::AppSchema;

/// What every handler can reach: the pool, the built schema and the configuration.
#[derive(Clone)]
pub struct AppState {
    /// The primary's pool (`pools.read`): sign-in, exports, reports, readiness. Only GraphQL
    /// queries read from the replica (`pools.queries()`), see decision 0017.
    pub db: DatabaseConnection,
    pub schema: AppSchema,
    pub config: Arc<Config>,
    pub auth: Arc<Authenticator>,
    /// Committed changes for subscriptions.
    pub feed: crate::live::ChangeFeed,
    /// Cancelled when the server begins shutting down (SIGTERM, Ctrl-C): long-lived handlers
    /// (WebSocket subscriptions) watch it and close cleanly.
    pub shutdown: tokio_util::sync::CancellationToken,
    /// The pools (`db` is `pools.read`); `/metrics` reports each.
    pub pools: crate::db::Db,
    /// In-flight and rate limits of `/graphql` (decision 0012).
    pub throttle: Arc<throttle::Throttle>,
    /// Automatic persisted queries and the PUBLIC allow-list (decision 0012).
    pub persisted: Arc<persisted::Persisted>,
    /// Whether start-up (migrate, seed) has finished; until then `/readyz` and the data
    /// routes answer 503 (decision 0022).
    pub startup: health::Startup,
    /// The keys that seal and open ID numbers and phones (exports open them too).
    pub keys: DataKeys,
}

use crate::db::sealed::DataKeys;

impl AppState {
    /// Builds the serving schema over `db` with the limits from `config`.
    /// `db` is one pool, or SQLite's read pool and writer, or PostgreSQL's primary and read
    /// replica (`crate::db::Db`). The change feed listens on the primary: a standby does not
    /// deliver NOTIFY, and reading an entry just announced must not race replication.
    pub fn new(db: impl Into<crate::db::Db>, config: Config) -> Self {
        let keys = config.data_keys_or_unusable();
        Self::with_keys(db, config, keys)
    }

    /// [`AppState::new`] with the data keys `app::run` already read (and refused to start
    /// without).
    pub fn with_keys(db: impl Into<crate::db::Db>, config: Config, keys: DataKeys) -> Self {
        let pools: crate::db::Db = db.into();
        let db = pools.read.clone();
        let feed = crate::live::ChangeFeed::new(db.clone());
        let schema =
            crate::graphql::build_with_feed(pools.clone(), &config, feed.clone(), keys.clone());
        // Start-up checks the JWT settings first (`app::run`); here a bad one disables JWTs.
        let jwt = JwtVerifier::from_config(&config.jwt).ok().flatten();
        let limits = &config.limits;
        let throttle = throttle::Throttle::new(limits.max_in_flight, limits.rate_limit_per_minute);
        let persisted = persisted::Persisted::new(limits.apq_cache_size, limits.public_allow_list);
        Self {
            throttle: Arc::new(throttle),
            persisted: Arc::new(persisted),
            db,
            schema,
            config: Arc::new(config),
            auth: Arc::new(Authenticator::new(jwt)),
            feed,
            shutdown: tokio_util::sync::CancellationToken::new(),
            pools,
            startup: health::Startup::finished(),
            keys,
        }
    }

    /// The same state, serving before `startup` has finished (`app::run`: the start-up task
    /// finishes it once the database is migrated and seeded). [`AppState::new`] alone assumes
    /// the caller prepared the database.
    #[must_use]
    pub fn with_startup(mut self, startup: health::Startup) -> Self {
        self.startup = startup;
        self
    }
}

impl AppState {
    /// The document guard's limits, from the configuration.
    pub fn guard_limits(&self) -> guard::GuardLimits {
        let limits = &self.config.limits;
        guard::GuardLimits {
            max_document_bytes: limits.max_document_bytes,
            max_tokens: limits.max_tokens,
            max_fragments: limits.max_fragments,
            max_selections: limits.max_selections,
            max_depth: limits.max_depth,
            max_complexity: limits.max_complexity,
            max_aliases: limits.max_aliases,
            max_directives_per_field: limits.max_directives_per_field,
            default_page_size: self.config.max_page_size.min(20),
        }
    }
}

/// The largest request body `/graphql` accepts; larger ones get 413.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The router of the metrics listener (`TONGXIN_METRICS_ADDR`): `/metrics` alone.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics::own_listener))
        .with_state(state)
}

/// Every route of the server, with request tracing. The data routes answer 503 until
/// start-up has finished; health, metrics and GraphiQL's assets do not wait.
pub fn router(state: AppState) -> Router {
    let data = Router::new()
        .route(
            "/graphql",
            get(graphql::get)
                .post(graphql::execute)
                .layer::<_, std::convert::Infallible>(middleware::from_fn_with_state(
                    state.clone(),
                    upload::limit_json,
                ))
                .layer(RequestBodyLimitLayer::new(upload::MAX_UPLOAD_BYTES))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    throttle::throttle,
                ))
                .layer(middleware::from_fn_with_state(state.clone(), live::upgrade)),
        )
        .route("/export/{file}", get(export::export))
        .route("/export/{kind}/{file}", get(export::template))
        .route("/export/aggregate/{file}", get(report_export::aggregate))
        .route("/export/coverage/{file}", get(report_export::coverage))
        .route("/reports/{region}/{year}", get(report::report))
        .route("/import", get(import_page::page))
        .route("/import/jobs/{id}/{file}", get(import_page::annotated))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            health::until_started,
        ));
    Router::new()
        .merge(data)
        .route("/graphiql/{file}", get(graphiql::asset))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::main_listener))
        .layer(middleware::from_fn(localize::refusals))
        .layer(
            TraceLayer::new(SharedClassifier::new(crate::telemetry::HttpFailures))
                .make_span_with(|r: &axum::http::Request<_>| crate::telemetry::http_span(r)),
        )
        // Every request gets the server's own id, before its span is made (`request_id`).
        .layer(middleware::from_fn(request_id::assign))
        .layer(tower::util::option_layer(cors::layer(
            &state.config.limits.cors_origins,
        )))
        .with_state(state)
}
