//! Platform accounts. Each row is one measurement of an account's followers (`measuredOn`):
//! a new measurement is a new row, so earlier years' figures stay as they were measured.

use chrono::NaiveDate;
use entity::person;
use entity::platform_account::{ActiveModel, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Set};

use super::{owner_for_restore, owner_may_write};
use crate::db::table::Table;
use crate::domain::enums::Platform;
use crate::error::{AppResult, UserErrorCode};
use crate::ids::Ref;
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::fields::put;
use crate::service::people::rules;
use crate::service::write::{OwnerRegion, Record};

/// A measurement of a person's account on an online platform.
pub struct PlatformAccountDraft {
    pub person: Ref<person::Entity>,
    pub platform: Platform,
    pub handle: String,
    pub follower_count: i64,
    pub measured_on: NaiveDate,
    pub verified: bool,
}

/// Corrections to a measurement (never its person): `None` leaves a field as it is.
#[derive(Default)]
pub struct PlatformAccountPatch {
    pub platform: Option<Platform>,
    pub handle: Option<String>,
    pub follower_count: Option<i64>,
    pub measured_on: Option<NaiveDate>,
    pub verified: Option<bool>,
}

impl From<PlatformAccountDraft> for PlatformAccountPatch {
    fn from(draft: PlatformAccountDraft) -> Self {
        Self {
            platform: Some(draft.platform),
            handle: Some(draft.handle),
            follower_count: Some(draft.follower_count),
            measured_on: Some(draft.measured_on),
            verified: Some(draft.verified),
        }
    }
}

const HANDLE_MAX: usize = 100;

/// Writes the fields `patch` gives into `row`, each checked: the one place a measurement's
/// fields are written.
fn apply(check: &mut Checker, row: &mut ActiveModel, patch: PlatformAccountPatch) {
    put(&mut row.platform, patch.platform);
    check.put_text(&mut row.handle, "handle", patch.handle, 1, HANDLE_MAX);
    put(&mut row.follower_count, patch.follower_count);
    put(&mut row.measured_on, patch.measured_on);
    put(&mut row.verified, patch.verified);
}

/// One measurement of an account, compared with the others of the same account and day.
struct Measurement<'a> {
    /// The measurement itself (0 for a new one), never its own twin.
    id: i64,
    person: i64,
    platform: Platform,
    handle: &'a str,
    on: NaiveDate,
}

/// The rules of a measurement as it would be written (`key` of a stored one): a count not
/// negative, a date not in the future, one measurement per account and day.
async fn check_row(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    row: &ActiveModel,
    key: Option<i64>,
) -> AppResult<()> {
    check.non_negative("followerCount", Some(*row.follower_count.as_ref()));
    let on = *row.measured_on.as_ref();
    rules::not_future(check, "measuredOn", Some(on));
    let measurement = Measurement {
        id: key.unwrap_or(0),
        person: *row.person_id.as_ref(),
        platform: *row.platform.as_ref(),
        handle: row.handle.as_ref(),
        on,
    };
    no_twin(check, db, "measuredOn", measurement).await
}

async fn no_twin(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    measurement: Measurement<'_>,
) -> AppResult<()> {
    let twin = Entity::live()
        .filter(Column::PersonId.eq(measurement.person))
        .filter(Column::Platform.eq(measurement.platform))
        .filter(Column::Handle.eq(measurement.handle))
        .filter(Column::MeasuredOn.eq(measurement.on))
        .filter(Column::Id.ne(measurement.id))
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

/// Platform accounts: written by who may write their person's region.
pub struct PlatformAccounts;

impl Record for PlatformAccounts {
    type Entity = Entity;
    type Draft = PlatformAccountDraft;
    type Patch = PlatformAccountPatch;
    type Governor = ();
    /// The region of a new measurement's person, settled once every check has passed.
    type Outcome = OwnerRegion;

    async fn may_change<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        owner_may_write(db, actor, row.person_id).await.map(drop)
    }

    /// The person is live, then, and the account has no other measurement that day.
    async fn may_restore<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        owner_for_restore(db, actor, row.person_id).await?;
        let mut check = Checker::default();
        let measurement = Measurement {
            id: row.id,
            person: row.person_id,
            platform: row.platform,
            handle: &row.handle,
            on: row.measured_on,
        };
        no_twin(&mut check, db, "id", measurement).await?;
        check.finish()
    }

    /// Of a live person.
    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: PlatformAccountDraft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<OwnerRegion> {
        let owner = rules::reference::<person::Entity>(check, db, "person", draft.person).await?;
        apply(check, row, draft.into());
        // Whether the person has a twin measurement is asked only of a person that exists.
        if let Some(owner) = &owner {
            row.person_id = Set(owner.id);
            check_row(check, db, row, None).await?;
        }
        Ok(OwnerRegion(owner.map(|owner| owner.region_code)))
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: PlatformAccountPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        (): (),
    ) -> AppResult<OwnerRegion> {
        apply(check, row, patch);
        check_row(check, db, row, Some(before.id)).await?;
        Ok(OwnerRegion(None))
    }
}
