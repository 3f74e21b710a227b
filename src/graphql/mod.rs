//! The GraphQL schema: roots merged from one query/mutation object per domain.

use async_graphql::{Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

use crate::auth::Viewer;
use crate::config::Config;
use crate::graphql::mutation::Locale;

mod activities;
mod activities_mutations;
mod aggregates;
pub mod audit;
pub mod bulk;
pub mod connection;
mod coverage;
mod dictionaries;
mod duplicates;
mod elections;
mod error_codes;
mod graph;
mod households;
mod households_mutations;
pub mod import_jobs;
mod inputs;
mod mediation;
mod mediation_mutations;
pub mod mutation;
mod node;
pub mod object;
mod organizations;
mod pairings;
mod pairings_mutations;
mod people;
mod people_mutations;
mod places;
mod places_mutations;
mod publicity;
mod publicity_mutations;
mod regions;
mod root;
mod search;
pub mod subscription;
mod suggestions;
mod suggestions_mutations;
mod summary;
mod tokens;

/// Every GraphQL object type, for cross-references between domains.
pub mod types {
    pub use super::activities::{Activity, Donation};
    pub use super::households::Household;
    pub use super::households_mutations::IncomeUplift;
    pub use super::mediation::MediationCase;
    pub use super::organizations::{Organization, TermElection};
    pub use super::pairings::Pairing;
    pub use super::people::{LiaisonAssignment, Membership, Person, PlatformAccount, SalesRecord};
    pub use super::places::{Base, Home, Place};
    pub use super::publicity::{Publication, PublicityWork};
    pub use super::regions::Region;
    pub use super::suggestions::{LivelihoodProject, Suggestion};
}

pub use root::{MutationRoot, QueryRoot};
pub use subscription::{SubscriptionRoot, SubscriptionSlots};

pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// The schema with no data attached: for SDL export and the drift test.
pub fn schema() -> SchemaBuilder<QueryRoot, MutationRoot, SubscriptionRoot> {
    connection::describe(Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot,
    ))
}

/// Settings resolvers read from the schema data.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_page_size: usize,
}

/// The serving schema: limits, tracing and the connection pool attached.
/// `db` is one pool, or SQLite's read pool and writer (`crate::db::Db`).
pub fn build(db: impl Into<crate::db::Db>, config: &Config) -> AppSchema {
    let db = db.into();
    let feed = crate::live::ChangeFeed::new(db.read.clone());
    build_with_feed(db, config, feed, config.data_keys_or_unusable())
}

/// [`build`] with the process's change feed, which the HTTP layer also holds (to close
/// subscriptions at shutdown).
pub fn build_with_feed(
    db: impl Into<crate::db::Db>,
    config: &Config,
    feed: crate::live::ChangeFeed,
    keys: crate::db::sealed::DataKeys,
) -> AppSchema {
    // Schema data is the primary: a request reads from the replica only when the HTTP layer
    // says so (`prepare_with_id`), so every other path (mutations, subscriptions, tools) sees
    // every commit and may write.
    let crate::db::Db {
        read: db,
        write: writer,
        ..
    } = db.into();
    let mut builder = schema();
    if config.ops.trace_fields {
        builder = builder.extension(async_graphql::extensions::Tracing);
    }
    builder
        .data(feed.clone())
        // "Did you mean …?" would name fields to someone probing the schema.
        .disable_suggestions()
        // A backstop for paths that skip the HTTP guard; `/graphql` enforces the configured
        // limits before this runs (src/http/guard).
        // Deep enough for GraphiQL's introspection query (17 levels of `ofType`), which the
        // guard lets through while it holds data queries to `TONGXIN_MAX_DEPTH`.
        .limit_depth(24)
        .limit_complexity(5_000)
        .data(Limits {
            max_page_size: config.max_page_size,
        })
        .data(crate::service::import_jobs::ImportJobs::new(
            writer.clone(),
            db.clone(),
            keys.clone(),
            Some(feed.clone()),
        ))
        .data(mutation::Writer(writer))
        .data(db)
        .data(keys)
        .finish()
}

/// Attaches what one request needs: the caller and fresh per-request DataLoaders.
pub fn prepare(
    request: async_graphql::Request,
    db: &DatabaseConnection,
    viewer: Viewer,
) -> async_graphql::Request {
    prepare_with_id(request, db, db, viewer, None)
}

/// [`prepare`] for an HTTP request with an id: audit entries and the access log record it.
///
/// The request reads from `reads`: its loaders, and the connection resolvers take with
/// `connection::db` (request data, which async-graphql looks up before the schema's). The
/// HTTP layer passes the replica for requests that only query and the primary for any
/// request holding a mutation, so that a mutation's payload shows what it wrote. The access
/// log is written to `primary`: never a standby, which refuses writes, and on SQLite the
/// writer connection, where it takes its turn instead of polling for the lock.
pub fn prepare_with_id(
    request: async_graphql::Request,
    reads: &DatabaseConnection,
    primary: &DatabaseConnection,
    viewer: Viewer,
    request_id: Option<String>,
) -> async_graphql::Request {
    let access_log =
        crate::db::access_log::for_request(primary, &viewer.subject, request_id.clone());
    let loaders = crate::db::loaders::Loaders::new(reads, &viewer);
    let request = request
        .data(viewer)
        .data(reads.clone())
        .data(loaders)
        .data(access_log);
    match request_id {
        Some(id) => request.data(mutation::RequestId(id)),
        None => request,
    }
}

/// Executes one prepared request (`prepare`/`prepare_with_id`), starting its loaders' fetches
/// whenever it is blocked on them, so that each level of a nested query is one batch however
/// busy the machine is (`db::batches`). Every error gets its code and the caller's language,
/// and the operation is logged and measured (`telemetry::operation`). The document is parsed
/// once: a request the HTTP guard checked carries the guard's parse.
pub async fn execute(
    schema: &AppSchema,
    mut request: async_graphql::Request,
) -> async_graphql::Response {
    let request_id = data_of::<mutation::RequestId>(&request).map(|id| id.0.clone());
    let locale = data_of::<Locale>(&request).copied().unwrap_or_default();
    let name = request
        .parsed_query()
        .ok()
        .and_then(crate::telemetry::operation::name_of);
    let reads_only = request.parsed_query().is_ok_and(reads_only);
    let loaders = data_of::<crate::db::loaders::Loaders>(&request);
    if reads_only && let Some(loaders) = loaders {
        loaders.priming.enable();
    }
    let batches = loaders.map(|l| l.batches.clone());
    let run = async move {
        let response = match batches {
            Some(batches) => batches.drive(schema.execute(request)).await,
            None => schema.execute(request).await,
        };
        error_codes::localized(error_codes::coded(response), locale)
    };
    crate::telemetry::operation::observed(name, request_id.as_deref(), run).await
}

/// Whether every operation of `document` is a query: such a request writes nothing, so rows
/// read by a join may answer its later reads (`db::loaders`).
fn reads_only(document: &async_graphql::parser::types::ExecutableDocument) -> bool {
    use async_graphql::parser::types::OperationType;
    document
        .operations
        .iter()
        .all(|(_, operation)| operation.node.ty == OperationType::Query)
}

/// The responses of a subscription, each error with its code and in the caller's language.
pub fn subscribe(
    schema: &AppSchema,
    request: async_graphql::Request,
    session: std::sync::Arc<async_graphql::Data>,
) -> impl futures_util::Stream<Item = async_graphql::Response> + Send + 'static {
    use futures_util::StreamExt;
    let locale = data_of::<Locale>(&request).copied().unwrap_or_default();
    schema
        .execute_stream_with_session_data(request, session)
        .map(move |response| error_codes::localized(error_codes::coded(response), locale))
}

fn data_of<T: std::any::Any>(request: &async_graphql::Request) -> Option<&T> {
    request
        .data
        .get(&std::any::TypeId::of::<T>())
        .and_then(|data| data.downcast_ref::<T>())
}

/// What one WebSocket connection's operations share: the per-connection subscription limit.
/// The caller, loaders and access log are each operation's own (`prepare_with_id`), so that
/// the caller is the one checked for that operation, not the one of `connection_init`.
pub fn connection_data(max_subscriptions: usize) -> async_graphql::Data {
    let mut data = async_graphql::Data::default();
    data.insert(SubscriptionSlots::new(max_subscriptions));
    data
}

/// The SDL as checked in at `schema.graphql`.
pub fn sdl() -> String {
    schema()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().sorted_fields())
}
