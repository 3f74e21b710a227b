//! Likely duplicates (`duplicateCandidates`) and merging them (`mergePeople`,
//! `mergeOrganizations`, `unmerge`).

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, InputObject, Object, Result, ResultExt, SimpleObject};

use crate::db::cursor::{self, CursorValue};
use crate::db::filters::primitives::parse_region;
use crate::error::AppError;
use crate::graphql::connection::limits;
use crate::graphql::mutation::{UserError, actor, payload, transact};
use crate::graphql::node::Node;
use crate::graphql::object::{loaders, viewer};
use crate::graphql::types::{Organization, Person};
use crate::service::duplicates::RecordType;
use crate::service::duplicates::candidates::{self, Position};
use crate::service::duplicates::merge::{self, Request};
use crate::service::write::Writable;

/// Two records that likely are one.
#[derive(SimpleObject)]
pub struct DuplicatePair {
    /// The record with the smaller id.
    pub a: Node,
    /// The record with the larger id.
    pub b: Node,
    /// How sure the reasons make it (0–1): 1 for the same ID number or credit code.
    pub score: f64,
    /// Why, in Chinese: 同一公民身份号码, 同一统一社会信用代码, 名称规范化后相同,
    /// 姓名拼音相同且出生日期相同, 同名同单位.
    pub reasons: Vec<String>,
}

const ORDERING: &str = "duplicates";

/// A listed record of `kind`, loaded through the request's loaders.
async fn record(ctx: &Context<'_>, kind: RecordType, id: i64) -> Result<Option<Node>> {
    let l = loaders(ctx)?;
    Ok(match kind {
        RecordType::Person => l
            .person_by_id
            .load_one(id)
            .await
            .extend()?
            .map(|m| Node::Person(Person(m))),
        RecordType::Organization => l
            .organization_by_id
            .load_one(id)
            .await
            .extend()?
            .map(|m| Node::Organization(Organization(m))),
    })
}

#[derive(Default)]
pub struct DuplicatesQuery;

#[Object]
impl DuplicatesQuery {
    /// Pairs of likely duplicate people or organizations, both records inside `withinRegion`
    /// (by default the caller's whole reach): the strongest reason first (same name pinyin and
    /// birth date, then same name and work unit), then by the compared value and the ids; each
    /// pair once, with all its reasons. EDITOR inside their region, ADMIN everywhere.
    async fn duplicate_candidates(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "type", desc = "People or organizations.")] kind: RecordType,
        #[graphql(
            desc = "A region code or Region id: both records must be inside it (default: the caller's whole reach)."
        )]
        within_region: Option<String>,
        #[graphql(
            desc = "Page forward: at most this many items (after `after`). Default 20, at most the server's page size limit (100 unless configured); not with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` from the same list and order)."
        )]
        after: Option<String>,
    ) -> Result<Connection<String, DuplicatePair>> {
        let within = within_region
            .as_deref()
            .map(|code| parse_region(code.trim()))
            .transpose()
            .extend()?;
        let scope = crate::auth::policy::duplicates_scope(&viewer(ctx), within.as_ref())
            .ok_or_else(|| {
                AppError::Forbidden(
                    "listing duplicates needs the EDITOR role in that region, or ADMIN".into(),
                )
            })
            .extend()?;
        let page = limits(ctx);
        let limit = match first {
            Some(n) if n < 0 => {
                return Err(AppError::bad_input("first must not be negative")).extend();
            }
            Some(n) => usize::try_from(n).unwrap_or(0),
            None => page.default,
        };
        if limit > page.max {
            return Err(AppError::LimitExceeded(format!(
                "first is at most {}",
                page.max
            )))
            .extend();
        }
        let after_key = match after.as_deref() {
            Some(c) => match cursor::decode(ORDERING, c).extend()?.as_slice() {
                [
                    CursorValue::Int(rule),
                    CursorValue::Text(key),
                    CursorValue::Int(a),
                    CursorValue::Int(b),
                ] => Some(Position {
                    rule: usize::try_from(*rule).unwrap_or(usize::MAX),
                    key: key.clone(),
                    a: *a,
                    b: *b,
                }),
                _ => return Err(AppError::bad_input("invalid cursor")).extend(),
            },
            None => None,
        };
        let db = crate::graphql::connection::db(ctx)?;
        let (pairs, more) = candidates::page(db, kind, scope.as_ref(), after_key.as_ref(), limit)
            .await
            .extend()?;
        let mut connection = Connection::new(after_key.is_some(), more);
        for pair in pairs {
            let (Some(a), Some(b)) = (
                record(ctx, kind, pair.a).await?,
                record(ctx, kind, pair.b).await?,
            ) else {
                continue;
            };
            let Position {
                rule,
                key,
                a: pa,
                b: pb,
            } = pair.position;
            let cursor = cursor::encode(
                ORDERING,
                vec![
                    CursorValue::Int(i64::try_from(rule).unwrap_or(i64::MAX)),
                    CursorValue::Text(key),
                    CursorValue::Int(pa),
                    CursorValue::Int(pb),
                ],
            );
            connection.edges.push(Edge::new(
                cursor,
                DuplicatePair {
                    a,
                    b,
                    score: pair.score,
                    reasons: pair.reasons.iter().map(|r| r.text().to_owned()).collect(),
                },
            ));
        }
        Ok(connection)
    }
}

/// The versions the caller read of both records.
#[derive(InputObject, Debug, Clone)]
pub struct MergeVersions {
    /// The `version` of the record that stays.
    pub keep: i32,
    /// The `version` of the record merged away.
    pub remove: i32,
}

/// Which record a merged field's value comes from.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum MergeSide {
    /// The record that stays.
    Keep,
    /// The record merged away.
    Remove,
}

/// The value to keep for one field (the kept record's unless chosen otherwise).
#[derive(InputObject, Debug, Clone)]
pub struct FieldChoice {
    /// The field's API name, e.g. `workUnit`.
    pub field: String,
    /// Which record the value comes from.
    pub take: MergeSide,
}

/// Two records of one person or organization to make one.
#[derive(InputObject, Debug, Clone)]
pub struct MergeInput {
    /// The record that stays.
    pub keep: ID,
    /// The record merged into it: soft-deleted, with `mergedInto` pointing at `keep`.
    pub remove: ID,
    /// The `version` of each record you read; a newer one is a VERSION_CONFLICT.
    pub expected_versions: MergeVersions,
    /// Fields whose value the kept record takes from the removed one.
    #[graphql(default)]
    pub field_choices: Vec<FieldChoice>,
}

/// Undoes a merge.
#[derive(InputObject, Debug, Clone)]
pub struct UnmergeInput {
    /// The id of the record that was merged away.
    pub id: ID,
}

/// The result of `mergePeople`.
#[derive(SimpleObject)]
pub struct MergePeoplePayload {
    /// The kept person as written; null when refused.
    pub person: Option<Person>,
    /// Why the merge was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `mergeOrganizations`.
#[derive(SimpleObject)]
pub struct MergeOrganizationsPayload {
    /// The kept organization as written; null when refused.
    pub organization: Option<Organization>,
    /// Why the merge was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The result of `unmerge`.
#[derive(SimpleObject)]
pub struct UnmergePayload {
    /// The record merged away, restored.
    pub restored: Option<Node>,
    /// The record it had been merged into, with the values it took back.
    pub kept: Option<Node>,
    /// Why the unmerge was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Merges the two records of `E` that `input` names, in one transaction.
async fn merged<E: Writable>(
    ctx: &Context<'_>,
    input: MergeInput,
    kind: RecordType,
    region_of: fn(&E::Model) -> &str,
) -> crate::error::AppResult<E::Model> {
    let actor = actor(ctx);
    transact(ctx, |txn| {
        Box::pin(async move {
            let request = request::<E>(&input)?;
            merge::merge::<E>(txn, &actor, kind, region_of, request).await
        })
    })
    .await
}

fn request<E: crate::ids::Typed>(input: &MergeInput) -> crate::error::AppResult<Request> {
    Ok(Request {
        keep: crate::ids::key::<E>(&input.keep)?,
        remove: crate::ids::key::<E>(&input.remove)?,
        keep_version: input.expected_versions.keep,
        remove_version: input.expected_versions.remove,
        take_from_removed: input
            .field_choices
            .iter()
            .filter(|c| c.take == MergeSide::Remove)
            .map(|c| c.field.clone())
            .collect(),
    })
}

#[derive(Default)]
pub struct DuplicatesMutation;

#[Object]
impl DuplicatesMutation {
    /// Merges two records of one person: everything pointing at `remove` (memberships,
    /// liaison assignments, participations, income-uplift links, donations, suggestions,
    /// publicity works, term elections, platform accounts, sales records, categories) then
    /// points at `keep`; two links of the same thing become one. Needs the right to change
    /// both; `unmerge` undoes it.
    async fn merge_people(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The two records, the versions read and the fields to take from the removed one."
        )]
        input: MergeInput,
    ) -> Result<MergePeoplePayload> {
        let kind = RecordType::Person;
        let outcome = merged::<entity::person::Entity>(ctx, input, kind, |m| &m.region_code);
        let outcome = outcome.await;
        payload(ctx, outcome, Person, |person, user_errors| {
            MergePeoplePayload {
                person,
                user_errors,
            }
        })
    }

    /// Merges two records of one organization: memberships, liaison assignments,
    /// sub-organizations, pairings, hosted places, organized activities, donations,
    /// suggestions, publications, mediation partnerships, term elections and livelihood
    /// projects of `remove` then belong to `keep`. As `mergePeople` otherwise.
    async fn merge_organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The two records, the versions read and the fields to take from the removed one."
        )]
        input: MergeInput,
    ) -> Result<MergeOrganizationsPayload> {
        let kind = RecordType::Organization;
        let outcome = merged::<entity::organization::Entity>(ctx, input, kind, |m| &m.region_code);
        let outcome = outcome.await;
        payload(ctx, outcome, Organization, |organization, user_errors| {
            MergeOrganizationsPayload {
                organization,
                user_errors,
            }
        })
    }

    /// Undoes the merge of the record `id` (a person or organization merged away): it comes
    /// back as it was with every row the merge moved or folded, and the kept record gets back
    /// the values it took from it (unless changed since).
    async fn unmerge(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record that was merged away.")] input: UnmergeInput,
    ) -> Result<UnmergePayload> {
        let actor = actor(ctx);
        let outcome = transact(ctx, |txn| {
            Box::pin(async move {
                let (type_name, _) = crate::ids::decode(&input.id)?;
                match crate::ids::RecordType::from_name(&type_name) {
                    Some(crate::ids::RecordType::Person) => {
                        let key = crate::ids::key::<entity::person::Entity>(&input.id)?;
                        let (restored, kept) = merge::unmerge::<entity::person::Entity>(
                            txn,
                            &actor,
                            RecordType::Person,
                            |m| &m.region_code,
                            key,
                        )
                        .await?;
                        Ok((Node::Person(Person(restored)), Node::Person(Person(kept))))
                    }
                    Some(crate::ids::RecordType::Organization) => {
                        let key = crate::ids::key::<entity::organization::Entity>(&input.id)?;
                        let (restored, kept) = merge::unmerge::<entity::organization::Entity>(
                            txn,
                            &actor,
                            RecordType::Organization,
                            |m| &m.region_code,
                            key,
                        )
                        .await?;
                        Ok((
                            Node::Organization(Organization(restored)),
                            Node::Organization(Organization(kept)),
                        ))
                    }
                    _ => Err(AppError::bad_input(
                        "only people and organizations are merged",
                    )),
                }
            })
        })
        .await;
        match outcome {
            Ok((restored, kept)) => Ok(UnmergePayload {
                restored: Some(restored),
                kept: Some(kept),
                user_errors: Vec::new(),
            }),
            Err(e) => payload(
                ctx,
                Err::<(), _>(e),
                |()| (),
                |_, user_errors| UnmergePayload {
                    restored: None,
                    kept: None,
                    user_errors,
                },
            ),
        }
    }
}
