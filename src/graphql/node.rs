//! Relay Global Object Identification: the `Node` interface and the `node`/`nodes` root fields.

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Interface, Object, Result, ResultExt};

use crate::error::AppError;
use crate::graphql::object::{JoinLoader, loaders, lookup, lookup_joined, signed_in};
use crate::graphql::types::*;
use crate::ids::{self, RecordType};

/// Any entity with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque, stable global id (Relay)."))]
pub enum Node {
    Region(Region),
    Person(Person),
    Organization(Organization),
    Membership(Membership),
    LiaisonAssignment(LiaisonAssignment),
    Base(Base),
    Home(Home),
    Pairing(Pairing),
    Activity(Activity),
    Donation(Donation),
    Suggestion(Suggestion),
    LivelihoodProject(LivelihoodProject),
    MediationCase(MediationCase),
    PublicityWork(PublicityWork),
    Publication(Publication),
    PlatformAccount(PlatformAccount),
    SalesRecord(SalesRecord),
    Household(Household),
    IncomeUplift(IncomeUplift),
    TermElection(TermElection),
}

/// Resolves one global id; `Ok(None)` when well-formed but no live record has it.
pub(crate) async fn resolve(ctx: &Context<'_>, id: &str) -> Result<Option<Node>> {
    let (type_name, key) = ids::decode(id).extend()?;
    let Some(record) = RecordType::from_name(&type_name) else {
        return Err(AppError::bad_input(format!(
            "malformed id {id:?}: unknown type"
        )))
        .extend();
    };
    if !crate::auth::policy::public_may_read(record) {
        signed_in(ctx)?;
    }
    let l = loaders(ctx)?;
    let key_int = || ids::decode_int(id, &type_name).extend();
    Ok(match record {
        RecordType::Region => lookup(&l.region_by_code, key, Region)
            .await?
            .map(Node::Region),
        RecordType::Person => {
            let key = key_int()?;
            or_merged(ctx, &l.person_by_id, "Person", key, Person)
                .await?
                .map(Node::Person)
        }
        RecordType::Organization => {
            let key = key_int()?;
            or_merged(
                ctx,
                &l.organization_by_id,
                "Organization",
                key,
                Organization,
            )
            .await?
            .map(Node::Organization)
        }
        RecordType::Membership => lookup(&l.membership_by_id, key_int()?, Membership)
            .await?
            .map(Node::Membership),
        RecordType::LiaisonAssignment => lookup(&l.liaison_by_id, key_int()?, LiaisonAssignment)
            .await?
            .map(Node::LiaisonAssignment),
        RecordType::Base | RecordType::Home => {
            let row = l.place_by_id.load_one(key_int()?).await.extend()?;
            let is_home = |m: &entity::place::Model| m.kind.is_home();
            match row {
                Some(m) if record == RecordType::Home && is_home(&m) => Some(Node::Home(Home(m))),
                Some(m) if record == RecordType::Base && !is_home(&m) => Some(Node::Base(Base(m))),
                _ => None,
            }
        }
        RecordType::Pairing => lookup(&l.pairing_by_id, key_int()?, Pairing)
            .await?
            .map(Node::Pairing),
        RecordType::Activity => lookup(&l.activity_by_id, key_int()?, Activity)
            .await?
            .map(Node::Activity),
        RecordType::Donation => lookup(&l.donation_by_id, key_int()?, Donation)
            .await?
            .map(Node::Donation),
        RecordType::Suggestion => lookup(&l.suggestion_by_id, key_int()?, Suggestion)
            .await?
            .map(Node::Suggestion),
        RecordType::LivelihoodProject => lookup(&l.project_by_id, key_int()?, LivelihoodProject)
            .await?
            .map(Node::LivelihoodProject),
        RecordType::MediationCase => lookup(&l.mediation_by_id, key_int()?, MediationCase)
            .await?
            .map(Node::MediationCase),
        // Row rules (e.g. PUBLIC sees published works only) are applied by the loaders.
        RecordType::PublicityWork => lookup(&l.work_by_id, key_int()?, PublicityWork)
            .await?
            .map(Node::PublicityWork),
        RecordType::Publication => lookup(&l.publication_by_id, key_int()?, Publication)
            .await?
            .map(Node::Publication),
        RecordType::PlatformAccount => lookup(&l.account_by_id, key_int()?, PlatformAccount)
            .await?
            .map(Node::PlatformAccount),
        RecordType::SalesRecord => lookup(&l.sales_by_id, key_int()?, SalesRecord)
            .await?
            .map(Node::SalesRecord),
        RecordType::Household => lookup(&l.household_by_id, key_int()?, Household)
            .await?
            .map(Node::Household),
        RecordType::IncomeUplift => lookup(&l.uplift_by_id, key_int()?, IncomeUplift)
            .await?
            .map(Node::IncomeUplift),
        RecordType::TermElection => lookup(&l.election_by_id, key_int()?, TermElection)
            .await?
            .map(Node::TermElection),
    })
}

/// [`lookup`], or for a record merged into another one that one: its id and `mergedFrom` tell the
/// client.
async fn or_merged<M, T, L>(
    ctx: &Context<'_>,
    loader: &DataLoader<L>,
    type_name: &str,
    key: i64,
    wrap: fn(M) -> T,
) -> Result<Option<T>>
where
    L: JoinLoader<i64, M>,
{
    if let Some(found) = lookup_joined(ctx, loader, key, wrap).await? {
        return Ok(Some(found));
    }
    match merged_target(ctx, type_name, key).await? {
        Some(kept) if kept != key => lookup_joined(ctx, loader, kept, wrap).await,
        _ => Ok(None),
    }
}

/// The live record a merged-away record was merged into (following later merges): `None`
/// when `key` names no merged record.
async fn merged_target(ctx: &Context<'_>, type_name: &str, key: i64) -> Result<Option<i64>> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = crate::graphql::connection::db(ctx)?;
    let table = if type_name == "Person" {
        "person"
    } else {
        "organization"
    };
    let backend = db.get_database_backend();
    let placeholder = if backend == sea_orm::DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let mut key = key;
    // A merged record's target may itself have been merged since; a few hops at most.
    for _ in 0..8 {
        let sql = format!(
            "SELECT merged_into, deleted_at IS NULL AS live FROM {table} WHERE id = {placeholder}"
        );
        let row = db
            .query_one_raw(Statement::from_sql_and_values(backend, sql, [key.into()]))
            .await
            .map_err(AppError::from)
            .extend()?;
        let Some(row) = row else { return Ok(None) };
        let live: bool = row.try_get_by_index(1).map_err(AppError::from).extend()?;
        if live {
            return Ok(Some(key));
        }
        let next: Option<i64> = row.try_get_by_index(0).map_err(AppError::from).extend()?;
        match next {
            Some(next) => key = next,
            None => return Ok(None),
        }
    }
    Ok(None)
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any entity by its global id. An id that names no live record is a NOT_FOUND error.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as any object's `id` field returns it.")] id: ID,
    ) -> Result<Option<Node>> {
        match resolve(ctx, &id).await? {
            Some(node) => Ok(Some(node)),
            None => Err(AppError::not_found(format!(
                "no record has id {:?}",
                id.as_str()
            )))
            .extend(),
        }
    }

    /// Several entities by global id, in the order asked; null where no live record has the id.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most the server's page size limit of them.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        let limit = crate::graphql::connection::limits(ctx).max;
        if ids.len() > limit {
            return Err(AppError::LimitExceeded(format!(
                "nodes: at most {limit} ids per call"
            )))
            .extend();
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            out.push(resolve(ctx, id).await?);
        }
        Ok(out)
    }
}
