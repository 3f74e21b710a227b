//! Platform accounts. Each row is one measurement of an account's followers (`measuredOn`):
//! a new measurement is a new row, so earlier years' figures stay as they were measured.

use async_graphql::{ID, InputObject};
use entity::person;
use entity::platform_account::{ActiveModel, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use super::{owner_for_restore, owner_may_write};
use crate::db::table::Table;
use crate::domain::enums::{DomainEnum, Platform};
use crate::error::{AppResult, UserErrorCode};
use crate::scalars::{BigInt, Date};
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::people::rules;
use crate::service::write;

/// A measurement of a person's account on an online platform.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePlatformAccountInput {
    /// The account holder (global id).
    pub person: ID,
    /// The platform the account is on.
    pub platform: Platform,
    /// Public handle on the platform, 1–100 characters.
    pub handle: String,
    /// Followers on `measuredOn`; not negative.
    pub follower_count: BigInt,
    /// Date of the measurement; not in the future.
    pub measured_on: Date,
    /// Verified by the platform.
    #[graphql(default)]
    pub verified: bool,
}

/// Corrections to a measurement: only the fields given change. Record a new measurement with
/// `createPlatformAccount` instead of overwriting an old one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePlatformAccountInput {
    /// The account to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New platform, as on create; omitted: unchanged.
    pub platform: Option<Platform>,
    /// New handle, as on create; omitted: unchanged.
    pub handle: Option<String>,
    /// New follower count, as on create; omitted: unchanged.
    pub follower_count: Option<BigInt>,
    /// New measurement date, as on create; omitted: unchanged.
    pub measured_on: Option<Date>,
    /// New verified flag, as on create; omitted: unchanged.
    pub verified: Option<bool>,
}

const HANDLE_MAX: usize = 100;

/// Field rules, and one measurement per account and day.
async fn check_row(check: &mut Checker, db: &impl ConnectionTrait, row: &Model) -> AppResult<()> {
    check.non_negative("followerCount", Some(row.follower_count));
    rules::not_future(check, "measuredOn", Some(row.measured_on));
    no_twin(check, db, "measuredOn", row).await
}

async fn no_twin(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    row: &Model,
) -> AppResult<()> {
    let twin = Entity::live()
        .filter(Column::PersonId.eq(row.person_id))
        .filter(Column::Platform.eq(row.platform.as_str()))
        .filter(Column::Handle.eq(row.handle.as_str()))
        .filter(Column::MeasuredOn.eq(row.measured_on))
        .filter(Column::Id.ne(row.id))
        .one(db)
        .await?;
    if twin.is_some() {
        check.fail(
            field,
            UserErrorCode::DuplicateMeasurement,
            "this account already has a measurement on that date; correct that one instead",
            "该账号在该日期已有粉丝数记录，请更正原记录",
        );
    }
    Ok(())
}

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreatePlatformAccountInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let owner = rules::reference::<person::Entity>(&mut check, db, "person", &input.person).await?;
    let handle = check.text("handle", &input.handle, 1, HANDLE_MAX);
    if let Some(owner) = &owner {
        let probe = Model {
            id: 0,
            person_id: owner.id,
            platform: input.platform.code().to_owned(),
            handle: handle.clone(),
            follower_count: input.follower_count.0,
            measured_on: input.measured_on.0,
            verified: input.verified,
            created_at: owner.created_at,
            updated_at: owner.updated_at,
            version: 0,
            deleted_at: None,
        };
        check_row(&mut check, db, &probe).await?;
    }
    check.finish()?;
    let Some(owner) = owner else {
        return Err(crate::error::AppError::Internal(
            "checked person vanished".into(),
        ));
    };
    actor.may_write(&owner.region_code)?;
    let row = ActiveModel {
        id: NotSet,
        person_id: Set(owner.id),
        platform: Set(input.platform.code().to_owned()),
        handle: Set(handle),
        follower_count: Set(input.follower_count.0),
        measured_on: Set(input.measured_on.0),
        verified: Set(input.verified),
        ..Default::default()
    };
    write::create::<Entity, _>(db, actor, row).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdatePlatformAccountInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::platform_account::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    owner_may_write(db, actor, before.person_id).await?;
    let mut check = Checker::default();
    let mut after = before.clone();
    if let Some(platform) = input.platform {
        after.platform = platform.code().to_owned();
    }
    if let Some(handle) = &input.handle {
        after.handle = check.text("handle", handle, 1, HANDLE_MAX);
    }
    if let Some(count) = input.follower_count {
        after.follower_count = count.0;
    }
    if let Some(day) = input.measured_on {
        after.measured_on = day.0;
    }
    if let Some(verified) = input.verified {
        after.verified = verified;
    }
    check_row(&mut check, db, &after).await?;
    check.finish()?;
    let mut row = before.clone().into_active_model();
    row.platform = Set(after.platform);
    row.handle = Set(after.handle);
    row.follower_count = Set(after.follower_count);
    row.measured_on = Set(after.measured_on);
    row.verified = Set(after.verified);
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_by_id::<Entity, _>(db, actor, id, expected_version, async |_, before| {
        owner_may_write(db, actor, before.person_id).await?;
        Ok(())
    })
    .await
}

/// Restores a measurement whose person is live (one deleted with its person comes back with
/// `restorePerson`).
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, id, async |_, before| {
        owner_for_restore(db, actor, before.person_id).await?;
        let mut check = Checker::default();
        no_twin(&mut check, db, "id", before).await?;
        check.finish()
    })
    .await
}
