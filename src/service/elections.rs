//! Term elections (换届) of an organization's committee, and `reelect`, which records a
//! completed election and moves the organization to its new term in one step. Elections live
//! in their organization's region.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::organization;
use entity::term_election::{ActiveModel, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::Checker;
use super::write;
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, TermElectionStatus};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::scalars::Date;

/// A new term election, usually a planned one (`reelectOrganization` records completed ones).
#[derive(InputObject, Debug, Clone)]
pub struct CreateTermElectionInput {
    /// The organization whose committee is elected (an Organization id).
    pub organization: ID,
    /// Date held (or planned).
    pub held_on: Date,
    /// Number of the term elected, 1 or more; one election per term.
    pub term_number: i32,
    /// PLANNED unless given.
    #[graphql(default_with = "TermElectionStatus::Planned")]
    pub status: TermElectionStatus,
    /// The chair elected (a Person id).
    pub chair: Option<ID>,
}

/// Changes to a term election: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateTermElectionInput {
    /// The election to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Date held (or planned).
    pub held_on: Option<Date>,
    /// Number of the term elected.
    pub term_number: Option<i32>,
    /// Status.
    pub status: Option<TermElectionStatus>,
    /// The chair elected.
    pub chair: MaybeUndefined<ID>,
}

/// A completed re-election (换届): the election is recorded (a planned one for the same term
/// is completed) and the organization moves to the new term.
#[derive(InputObject, Debug, Clone)]
pub struct ReelectOrganizationInput {
    /// The organization (an Organization id).
    pub organization: ID,
    /// The organization's `version` you read; when given, a newer one is a VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// Date the election was held.
    pub held_on: Date,
    /// Number of the new term; later than the organization's current one.
    pub term_number: i32,
    /// First day of the new term; `heldOn` unless given.
    pub term_start: Option<Date>,
    /// Last day of the new term; not before `termStart`.
    pub term_end: Option<Date>,
    /// The chair elected (a Person id).
    pub chair: Option<ID>,
}

fn check_term_number(check: &mut Checker, term_number: i32) {
    if term_number < 1 {
        check.fail(
            "termNumber",
            UserErrorCode::OutOfRange,
            "termNumber starts at 1",
            "届次须从 1 开始",
        );
    }
}

/// The live election of `organization` for `term_number`, other than `except`.
async fn election_for_term(
    db: &impl ConnectionTrait,
    organization: i64,
    term_number: i32,
    except: Option<i64>,
) -> AppResult<Option<Model>> {
    let mut query = Entity::live()
        .filter(Column::OrganizationId.eq(organization))
        .filter(Column::TermNumber.eq(term_number));
    if let Some(key) = except {
        query = query.filter(Column::Id.ne(key));
    }
    Ok(query.one(db).await?)
}

async fn check_unique_term(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    field: &str,
    row: &ActiveModel,
    except: Option<i64>,
) -> AppResult<()> {
    let (organization, term) = (*row.organization_id.as_ref(), *row.term_number.as_ref());
    if organization != 0
        && election_for_term(db, organization, term, except)
            .await?
            .is_some()
    {
        check.fail(
            field,
            UserErrorCode::Duplicate,
            format!("the organization already has an election for term {term}"),
            format!("该组织第 {term} 届换届已有记录"),
        );
    }
    Ok(())
}

async fn organization_of(db: &impl ConnectionTrait, row: &Model) -> AppResult<organization::Model> {
    use sea_orm::EntityTrait;
    organization::Entity::find_by_id(row.organization_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal(format!("election {} has no organization", row.id)))
}

/// Adds a term election.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateTermElectionInput,
) -> AppResult<Model> {
    let org_key = crate::ids::key::<entity::organization::Entity>(&input.organization)?;
    let org = write::get_live::<organization::Entity, _>(db, org_key).await?;
    actor.may_write(&org.region_code)?;
    let mut check = Checker::default();
    check_term_number(&mut check, input.term_number);
    let chair = match &input.chair {
        Some(id) => {
            check
                .reference::<entity::person::Entity>(db, "chair", id)
                .await?
        }
        None => None,
    };
    let row = ActiveModel {
        id: NotSet,
        organization_id: Set(org.id),
        held_on: Set(input.held_on.0),
        term_number: Set(input.term_number),
        status: Set(input.status.code().to_owned()),
        chair_id: Set(chair),
        ..Default::default()
    };
    check_unique_term(db, &mut check, "termNumber", &row, None).await?;
    check.finish()?;
    write::create::<Entity, _>(db, actor, row).await
}

/// Changes a term election; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateTermElectionInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::term_election::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&organization_of(db, &before).await?.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(date) = input.held_on {
        row.held_on = Set(date.0);
    }
    if let Some(term) = input.term_number {
        check_term_number(&mut check, term);
        row.term_number = Set(term);
        check_unique_term(db, &mut check, "termNumber", &row, Some(key)).await?;
    }
    if let Some(status) = input.status {
        row.status = Set(status.code().to_owned());
    }
    match &input.chair {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.chair_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::person::Entity>(db, "chair", id)
                .await?
            {
                row.chair_id = Set(Some(k));
            }
        }
    }
    check.finish()?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Records a completed re-election and moves the organization to the new term, in the
/// caller's transaction.
pub async fn reelect(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: ReelectOrganizationInput,
) -> AppResult<Model> {
    let org_key = crate::ids::key::<entity::organization::Entity>(&input.organization)?;
    let org = write::get_live::<organization::Entity, _>(db, org_key).await?;
    actor.may_write(&org.region_code)?;
    // The term the caller thinks the organization is in must be the one it is in.
    if input.expected_version.is_some_and(|v| v != org.version) {
        return Err(AppError::VersionConflict {
            current: org.version,
        });
    }
    let mut check = Checker::default();
    check_term_number(&mut check, input.term_number);
    if let Some(current) = org.term_number
        && input.term_number <= current
    {
        check.fail(
            "termNumber",
            UserErrorCode::TermNotNewer,
            format!(
                "the organization is in term {current} already; a re-election starts a later one"
            ),
            format!("该组织已是第 {current} 届，换届须为更新的届次"),
        );
    }
    let term_start = input.term_start.map_or(input.held_on.0, |d| d.0);
    check.date_order("termEnd", Some(term_start), input.term_end.map(|d| d.0));
    let chair = match &input.chair {
        Some(id) => {
            check
                .reference::<entity::person::Entity>(db, "chair", id)
                .await?
        }
        None => None,
    };
    let existing = election_for_term(db, org.id, input.term_number, None).await?;
    if existing
        .as_ref()
        .is_some_and(|e| e.status == TermElectionStatus::Completed.code())
    {
        check.fail(
            "termNumber",
            UserErrorCode::Duplicate,
            format!("term {} was elected already", input.term_number),
            format!("第 {} 届已完成换届", input.term_number),
        );
    }
    check.finish()?;
    let completed = TermElectionStatus::Completed.code().to_owned();
    let election = match existing {
        Some(planned) => {
            let mut row = planned.clone().into_active_model();
            row.status = Set(completed);
            row.held_on = Set(input.held_on.0);
            row.chair_id = Set(chair.or(planned.chair_id));
            write::update::<Entity, _>(db, actor, "UPDATE", &planned, planned.version, row).await?
        }
        None => {
            let row = ActiveModel {
                id: NotSet,
                organization_id: Set(org.id),
                held_on: Set(input.held_on.0),
                term_number: Set(input.term_number),
                status: Set(completed),
                chair_id: Set(chair),
                ..Default::default()
            };
            write::create::<Entity, _>(db, actor, row).await?
        }
    };
    let mut changes = org.clone().into_active_model();
    changes.term_number = Set(Some(input.term_number));
    changes.term_start = Set(Some(term_start));
    changes.term_end = Set(input.term_end.map(|d| d.0));
    let version = input.expected_version.unwrap_or(org.version);
    write::update::<organization::Entity, _>(db, actor, "UPDATE", &org, version, changes).await?;
    Ok(election)
}

/// Soft-deletes a term election (the organization's term fields stay as they are).
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_by_id::<Entity, _>(db, actor, id, expected_version, async |_, before| {
        actor.may_write(&organization_of(db, before).await?.region_code)
    })
    .await
}

/// Restores a soft-deleted term election, unless its term has another election now.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, id, async |key, before: &Model| {
        actor.may_write(&organization_of(db, before).await?.region_code)?;
        let mut check = Checker::default();
        let row = before.clone().into_active_model();
        check_unique_term(db, &mut check, "id", &row, Some(key)).await?;
        check.finish()
    })
    .await
}
