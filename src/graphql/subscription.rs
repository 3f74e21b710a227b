//! The subscription root: `changes(types:, withinRegion:)` streams committed changes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::{Context, ID, Object, Result, ResultExt, Subscription};
use chrono::{DateTime, Utc};
use futures_util::stream::{self, Stream, StreamExt};
use sea_orm::DatabaseConnection;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::{Role, Viewer, policy};
use crate::db::filters::primitives::parse_region;
use crate::db::visibility;
use crate::error::AppError;
use crate::graphql::node::{Node, resolve};
use crate::ids;
use crate::live::{Change, ChangeFeed, Operation};

/// A record type that changes can be watched for: every record type with a global id.
pub use crate::ids::RecordType as ChangeType;

/// A committed change to one record.
pub struct ChangeEvent(Arc<Change>);

/// A committed change to one record.
#[Object]
impl ChangeEvent {
    /// What happened to the record.
    async fn operation(&self) -> Operation {
        self.0.operation
    }

    /// The record's global id (also for deleted records).
    async fn id(&self) -> ID {
        ids::encode(&self.0.type_name, &self.0.key)
    }

    /// The record's type, e.g. `Organization`.
    async fn type_name(&self) -> &str {
        &self.0.type_name
    }

    /// When the change was committed.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    /// The record's state as of delivery, read under the subscriber's access rules (personal
    /// fields masked as in queries); null for a deleted record.
    async fn node(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
        if self.0.operation == Operation::Deleted {
            return Ok(None);
        }
        resolve(ctx, &ids::encode(&self.0.type_name, &self.0.key)).await
    }
}

/// Subscriptions open on one WebSocket connection, against the per-connection limit.
#[derive(Clone)]
pub struct SubscriptionSlots {
    open: Arc<AtomicUsize>,
    max: usize,
}

impl SubscriptionSlots {
    pub fn new(max: usize) -> Self {
        Self {
            open: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    fn take(&self) -> Result<SlotGuard, AppError> {
        if self.open.fetch_add(1, Ordering::SeqCst) >= self.max {
            self.open.fetch_sub(1, Ordering::SeqCst);
            return Err(AppError::LimitExceeded(format!(
                "subscriptions per connection: at most {}",
                self.max
            )));
        }
        Ok(SlotGuard(self.open.clone()))
    }
}

/// Frees its slot when the subscription's stream is dropped.
struct SlotGuard(Arc<AtomicUsize>);

impl Drop for SlotGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Default)]
pub struct SubscriptionRoot;

/// Live updates over a WebSocket on `/graphql` (subprotocol `graphql-transport-ws` or the legacy
/// `graphql-ws`): committed changes to the records the caller may see.
#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Changes to records as their transactions commit (never for rolled-back ones), limited to
    /// `types` (default: every type the caller may see) and to records located in the
    /// `withinRegion` subtree. The PUBLIC role may watch only the types it may read.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Record types to watch; omitted: every type the caller may read.")]
        types: Option<Vec<ChangeType>>,
        #[graphql(
            desc = "Only records located in this region (code or `Region` id) or below it; omitted: the whole city."
        )]
        within_region: Option<String>,
    ) -> Result<impl Stream<Item = ChangeEvent> + use<>> {
        let viewer = ctx
            .data_opt::<Viewer>()
            .cloned()
            .unwrap_or_else(Viewer::public);
        let region = within_region
            .as_deref()
            .map(parse_region)
            .transpose()
            .extend()?;
        let public = viewer.role == Role::Public;
        let wanted = types.unwrap_or_else(|| {
            ChangeType::ALL
                .into_iter()
                .filter(|&t| !public || policy::public_may_read(t))
                .collect()
        });
        if public && let Some(hidden) = wanted.iter().find(|&&t| !policy::public_may_read(t)) {
            return Err(AppError::Forbidden(format!(
                "changes to {} are not open to the PUBLIC role",
                hidden.name()
            )))
            .extend();
        }
        let slot = match ctx.data_opt::<SubscriptionSlots>() {
            Some(slots) => Some(slots.take().extend()?),
            None => None,
        };
        let feed = ctx.data::<ChangeFeed>()?.clone();
        let db = ctx.data::<DatabaseConnection>()?.clone();
        let receiver = feed.subscribe().await.map_err(AppError::from).extend()?;
        let changes = stream::unfold(receiver, |mut receiver| async move {
            loop {
                match receiver.recv().await {
                    Ok(change) => return Some((change, receiver)),
                    Err(RecvError::Lagged(skipped)) => {
                        tracing::warn!(skipped, "a subscriber fell behind; changes skipped");
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        });
        Ok(changes.filter_map(move |change| {
            let _slot = &slot;
            let in_region = region.as_ref().is_none_or(|scope| {
                change
                    .region_code
                    .as_deref()
                    .is_some_and(|code| scope.contains(code))
            });
            let record = change
                .record
                .filter(|record| in_region && wanted.contains(record));
            let db = db.clone();
            let viewer = viewer.clone();
            async move {
                let record = record?;
                let seen = visibility::sees_record(&db, &viewer, record, &change.key)
                    .await
                    .unwrap_or(false);
                seen.then_some(ChangeEvent(change))
            }
        }))
    }

    /// An import job's state each time it changes (progress, then the outcome), ending when it
    /// has finished. Only for the caller who started it, and ADMINs.
    async fn import_job_progress(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job to follow.")] id: ID,
    ) -> Result<impl Stream<Item = crate::graphql::import_jobs::ImportJob> + use<>> {
        crate::graphql::import_jobs::follow(ctx, id).await
    }
}
