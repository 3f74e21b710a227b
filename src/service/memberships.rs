//! Memberships of organizations: adding, ending, correcting; one person holds at most one
//! membership of an organization at a time. Writes are scoped to the organization's region.

use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::NaiveDate;
use entity::membership::{ActiveModel, Column, Entity, Model};
use entity::{organization, person};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::{Checker, today};
use super::people::rules;
use super::write;
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, MembershipRole};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::scalars::Date;

/// A person joins an organization (or takes a role in it).
#[derive(InputObject, Debug, Clone)]
pub struct AddMembershipInput {
    /// The person (global id).
    pub person: ID,
    /// The organization (global id).
    pub organization: ID,
    /// The member's role in the organization.
    pub role: MembershipRole,
    /// First day of the membership.
    pub since: Date,
}

/// A membership, current or past.
#[derive(InputObject, Debug, Clone)]
pub struct CreateMembershipInput {
    /// The person (global id).
    pub person: ID,
    /// The organization (global id).
    pub organization: ID,
    /// The member's role in the organization.
    pub role: MembershipRole,
    /// First day of the membership.
    pub since: Date,
    /// Last day, for a membership that has ended; on or after `since`.
    pub until: Option<Date>,
}

impl From<AddMembershipInput> for CreateMembershipInput {
    fn from(input: AddMembershipInput) -> Self {
        Self {
            person: input.person,
            organization: input.organization,
            role: input.role,
            since: input.since,
            until: None,
        }
    }
}

/// Corrections to a membership: only the fields given change. To move a membership to another
/// person or organization, end it and add a new one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateMembershipInput {
    /// The membership to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New role; omitted: unchanged.
    pub role: Option<MembershipRole>,
    /// New first day; omitted: unchanged.
    pub since: Option<Date>,
    /// Last day; `null` reopens the membership.
    pub until: MaybeUndefined<Date>,
}

/// Ends a current membership.
#[derive(InputObject, Debug, Clone)]
pub struct EndMembershipInput {
    /// The membership to end (global id).
    pub id: ID,
    /// The `version` you read.
    pub expected_version: i32,
    /// Last day of the membership, on or after its start; today (Asia/Shanghai) if omitted.
    pub until: Option<Date>,
}

/// One membership's pair and period, as a change would leave it.
struct Span {
    /// The membership itself (0 for a new one), never its own rival.
    id: i64,
    person: i64,
    organization: i64,
    since: NaiveDate,
    until: Option<NaiveDate>,
}

impl Span {
    fn of(row: &Model) -> Self {
        Self {
            id: row.id,
            person: row.person_id,
            organization: row.organization_id,
            since: row.since,
            until: row.until,
        }
    }
}

/// Refuses a second membership of the person in the organization whose period overlaps this
/// one: an open membership overlaps everything after its start.
async fn no_overlap(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    span: Span,
) -> AppResult<()> {
    let others = Entity::live()
        .filter(Column::PersonId.eq(span.person))
        .filter(Column::OrganizationId.eq(span.organization))
        .filter(Column::Id.ne(span.id))
        .all(db)
        .await?;
    if let Some(other) = others
        .iter()
        .find(|o| rules::overlaps(o.since, o.until, span.since, span.until))
    {
        let period = match other.until {
            Some(until) => format!("{} – {until}", other.since),
            None => format!("since {}", other.since),
        };
        check.fail(
            field,
            UserErrorCode::DuplicateMembership,
            format!(
                "the person already has a membership of this organization ({period}); end or correct it first"
            ),
            format!("此人在该组织已有成员关系（{period}），请先结束或更正"),
        );
    }
    Ok(())
}

/// The organization the membership belongs to.
async fn organization_of(db: &impl ConnectionTrait, row: &Model) -> AppResult<organization::Model> {
    write::get_live::<organization::Entity, _>(db, row.organization_id).await
}

/// A membership ties a person to an organization: it is written by who may write both.
async fn may_write(db: &impl ConnectionTrait, actor: &Actor, row: &Model) -> AppResult<()> {
    let organization = organization_of(db, row).await?;
    let person = write::get_live::<person::Entity, _>(db, row.person_id).await?;
    actor.may_link([
        organization.region_code.as_str(),
        person.region_code.as_str(),
    ])
}

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateMembershipInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let person =
        rules::reference::<person::Entity>(&mut check, db, "person", &input.person).await?;
    let organization = rules::reference::<organization::Entity>(
        &mut check,
        db,
        "organization",
        &input.organization,
    )
    .await?;
    let (Some(person), Some(organization)) = (person, organization) else {
        return check.finish().and(Err(AppError::Internal(
            "a reference was not checked".into(),
        )));
    };
    // Whether the person already belongs is only looked at once the caller may link both.
    actor.may_link([
        person.region_code.as_str(),
        organization.region_code.as_str(),
    ])?;
    let until = input.until.map(|d| d.0);
    check.date_order("until", Some(input.since.0), until);
    let span = Span {
        id: 0,
        person: person.id,
        organization: organization.id,
        since: input.since.0,
        until,
    };
    no_overlap(&mut check, db, "organization", span).await?;
    check.finish()?;
    let row = ActiveModel {
        id: NotSet,
        person_id: Set(person.id),
        organization_id: Set(organization.id),
        role: Set(input.role.code().to_owned()),
        since: Set(input.since.0),
        until: Set(until),
        ..Default::default()
    };
    write::create::<Entity, _>(db, actor, row).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateMembershipInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::membership::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    may_write(db, actor, &before).await?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(role) = input.role {
        row.role = Set(role.code().to_owned());
    }
    let since = input.since.map_or(before.since, |d| d.0);
    let until = match input.until {
        MaybeUndefined::Undefined => before.until,
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(d) => Some(d.0),
    };
    check.date_order("until", Some(since), until);
    let span = Span {
        since,
        until,
        ..Span::of(&before)
    };
    no_overlap(&mut check, db, "since", span).await?;
    check.finish()?;
    row.since = Set(since);
    row.until = Set(until);
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Ends a current membership on `until` (today if not given).
pub async fn end(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: EndMembershipInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::membership::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    may_write(db, actor, &before).await?;
    rules::still_open(before.until)?;
    let until = input.until.map_or_else(today, |d| d.0);
    let mut check = Checker::default();
    check.date_order("until", Some(before.since), Some(until));
    check.finish()?;
    let mut row = before.clone().into_active_model();
    row.until = Set(Some(until));
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a membership (for one entered by mistake; `endMembership` records its end).
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_by_id::<Entity, _>(db, actor, id, expected_version, async |_, before| {
        may_write(db, actor, before).await
    })
    .await
}

/// Restores a soft-deleted membership, if its person and organization are live and it does not
/// overlap another membership of the pair.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, id, async |_, before: &Model| {
        let organization = rules::parent_live::<organization::Entity>(
            db,
            before.organization_id,
            "organization",
            "组织",
        )
        .await?;
        let person =
            rules::parent_live::<person::Entity>(db, before.person_id, "person", "人员").await?;
        actor.may_link([
            organization.region_code.as_str(),
            person.region_code.as_str(),
        ])?;
        let mut check = Checker::default();
        no_overlap(&mut check, db, "id", Span::of(before)).await?;
        check.finish()
    })
    .await
}
