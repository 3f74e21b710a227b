//! The policy's row rules as SQL: which rows of a table the caller may know exist. Every read
//! of a table with a rule (loaders, lists, the graph, live updates) adds this condition.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, PaginatorTrait, QueryFilter};

use super::scope::within;
use super::table::{RecordType, Table};
use crate::auth::Viewer;
use crate::auth::policy::{self, RowRule};
use crate::error::AppResult;

/// The condition on rows of `E` the viewer may see; `None` when every live row is visible.
pub fn rows<E: Table>(viewer: &Viewer) -> Option<Condition> {
    E::RECORD
        .and_then(|record| policy::row_rule(viewer, record))
        .map(|rule| condition(&rule))
}

fn condition(rule: &RowRule) -> Condition {
    match rule {
        RowRule::SensitiveMembershipsOnlyWithin(scope) => {
            use entity::{membership as m, organization as o, person as p};
            let sensitive = Query::select()
                .column(o::Column::Id)
                .from(o::Entity)
                .and_where(o::Column::Kind.is_in(policy::sensitive_membership_codes()))
                .to_owned();
            let mut visible = Condition::any()
                .add(Expr::col((m::Entity, m::Column::OrganizationId)).not_in_subquery(sensitive));
            if let Some(scope) = scope {
                let members = Query::select()
                    .column(p::Column::Id)
                    .from(p::Entity)
                    .and_where(within((p::Entity, p::Column::RegionCode), scope))
                    .to_owned();
                visible =
                    visible.add(Expr::col((m::Entity, m::Column::PersonId)).in_subquery(members));
            }
            visible
        }
        RowRule::PublishedWorksOnly => {
            use entity::{publication as pb, publicity_work as w};
            let published = Query::select()
                .column(pb::Column::WorkId)
                .from(pb::Entity)
                .and_where(pb::Column::DeletedAt.is_null())
                .to_owned();
            Condition::all().add(Expr::col((w::Entity, w::Column::Id)).in_subquery(published))
        }
    }
}

/// Live rows of `E` the viewer may see.
pub fn visible<E: Table>(viewer: &Viewer) -> sea_orm::Select<E> {
    let select = E::live();
    match rows::<E>(viewer) {
        Some(condition) => select.filter(condition),
        None => select,
    }
}

/// Whether the viewer may see the live row of `E` keyed `key` (for a live-update event about
/// it); `true` without asking the database when the table has no rule.
pub async fn sees_row<E: Table>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    key: impl Into<sea_orm::Value>,
) -> AppResult<bool>
where
    E::Model: Sync,
{
    let Some(condition) = rows::<E>(viewer) else {
        return Ok(true);
    };
    let found = E::find()
        .filter(E::key_column().eq(key))
        .filter(condition)
        .count(db)
        .await?;
    Ok(found > 0)
}

/// Whether the viewer may see the record a live-update event names (type and key).
/// Unreadable keys are not seen.
pub async fn sees_record(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    record: RecordType,
    key: &str,
) -> AppResult<bool> {
    use entity::{membership, publicity_work};
    let Ok(key) = key.parse::<i64>() else {
        return Ok(policy::row_rule(viewer, record).is_none());
    };
    match record {
        RecordType::Membership => sees_row::<membership::Entity>(db, viewer, key).await,
        RecordType::PublicityWork => sees_row::<publicity_work::Entity>(db, viewer, key).await,
        other => Ok(policy::row_rule(viewer, other).is_none()),
    }
}
