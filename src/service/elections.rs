//! Term elections (换届) of an organization's committee, and `reelect`, which records a
//! completed election and moves the organization to its new term in one step. Elections live
//! in their organization's region.

use chrono::NaiveDate;
use entity::term_election::{ActiveModel, Column, Entity, Model};
use entity::{organization, person};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::put;
use super::write::{self, Record};
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::TermElectionStatus;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;

/// A new term election, usually a planned one ([`reelect`] records completed ones).
pub struct TermElectionDraft {
    pub organization: i64,
    pub held_on: NaiveDate,
    pub term_number: i32,
    pub status: TermElectionStatus,
    pub chair: Option<Ref<person::Entity>>,
}

/// Changes to a term election: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct TermElectionPatch {
    pub held_on: Option<NaiveDate>,
    pub term_number: Option<i32>,
    pub status: Option<TermElectionStatus>,
    pub chair: Change<Ref<person::Entity>>,
}

/// A completed re-election (换届) of an organization, moving it to the new term.
pub struct Reelection {
    pub organization: i64,
    /// The organization's version the caller read, when they say.
    pub expected_version: Option<i32>,
    pub held_on: NaiveDate,
    pub term_number: i32,
    /// `held_on` unless given.
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub chair: Option<Ref<person::Entity>>,
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

/// Writes the fields `patch` gives into `row`, each checked, and checks that the term has no
/// other election: the one place an election's fields are written (`key` of a stored one).
async fn apply(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    row: &mut ActiveModel,
    key: Option<i64>,
    patch: TermElectionPatch,
) -> AppResult<()> {
    put(&mut row.held_on, patch.held_on);
    if let Some(term) = patch.term_number {
        check.at_least_one("termNumber", "届次", term);
        row.term_number = Set(term);
        check_unique_term(db, check, "termNumber", row, key).await?;
    }
    put(&mut row.status, patch.status);
    check
        .put_reference(db, &mut row.chair_id, "chair", patch.chair)
        .await?;
    Ok(())
}

/// Term elections: written by who may write their organization's region.
pub struct Elections;

impl Record for Elections {
    type Entity = Entity;
    type Draft = TermElectionDraft;
    type Patch = TermElectionPatch;
    type Governor = ();
    type Outcome = ();

    async fn may_change<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        actor.may_write(&organization_of(db, row).await?.region_code)
    }

    /// Unless its term has another election now.
    async fn may_restore<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        Self::may_change(db, actor, row).await?;
        let mut check = Checker::default();
        let stored = row.clone().into_active_model();
        check_unique_term(db, &mut check, "id", &stored, Some(row.id)).await?;
        check.finish()
    }

    /// For a live organization.
    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: TermElectionDraft,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<()> {
        let org = write::get_live::<organization::Entity, _>(db, draft.organization).await?;
        actor.may_write(&org.region_code)?;
        row.organization_id = Set(org.id);
        let patch = TermElectionPatch {
            held_on: Some(draft.held_on),
            term_number: Some(draft.term_number),
            status: Some(draft.status),
            chair: Change::from_option(draft.chair),
        };
        apply(db, check, row, None, patch).await
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: TermElectionPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        (): (),
    ) -> AppResult<()> {
        apply(db, check, row, Some(before.id), patch).await
    }
}

/// Records a completed re-election and moves the organization to the new term, in the
/// caller's transaction.
pub async fn reelect(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: Reelection,
) -> AppResult<Model> {
    let org = write::get_live::<organization::Entity, _>(db, input.organization).await?;
    actor.may_write(&org.region_code)?;
    // The term the caller thinks the organization is in must be the one it is in.
    if input.expected_version.is_some_and(|v| v != org.version) {
        return Err(AppError::VersionConflict {
            current: org.version,
        });
    }
    let mut check = Checker::default();
    check.at_least_one("termNumber", "届次", input.term_number);
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
    let term_start = input.term_start.unwrap_or(input.held_on);
    check.date_order("termEnd", Some(term_start), input.term_end);
    let chair = match input.chair {
        Some(named) => {
            check
                .reference::<person::Entity>(db, "chair", named)
                .await?
        }
        None => None,
    };
    let existing = election_for_term(db, org.id, input.term_number, None).await?;
    if existing
        .as_ref()
        .is_some_and(|e| e.status == TermElectionStatus::Completed)
    {
        check.fail(
            "termNumber",
            UserErrorCode::Duplicate,
            format!("term {} was elected already", input.term_number),
            format!("第 {} 届已完成换届", input.term_number),
        );
    }
    check.finish()?;
    let completed = TermElectionStatus::Completed;
    let election = match existing {
        Some(planned) => {
            let mut row = planned.clone().into_active_model();
            row.status = Set(completed);
            row.held_on = Set(input.held_on);
            row.chair_id = Set(chair.or(planned.chair_id));
            write::update::<Entity, _>(db, actor, "UPDATE", &planned, planned.version, row).await?
        }
        None => {
            let row = ActiveModel {
                id: NotSet,
                organization_id: Set(org.id),
                held_on: Set(input.held_on),
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
    changes.term_end = Set(input.term_end);
    let version = input.expected_version.unwrap_or(org.version);
    write::update::<organization::Entity, _>(db, actor, "UPDATE", &org, version, changes).await?;
    Ok(election)
}
