//! Donations raised through an activity: cash and goods in fen, not negative, more than
//! nothing in all, from a person, an organization or anonymous. They live in their activity's
//! region.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::donation::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel, NotSet, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::set_opt;
use super::write;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;
use crate::scalars::{Date, Money};

/// A new donation to an existing activity.
#[derive(InputObject, Debug, Clone)]
pub struct CreateDonationInput {
    /// The activity it was raised through (an Activity id).
    pub activity: ID,
    /// The donating person (a Person id); at most one of the two donors, none if anonymous.
    pub donor_person: Option<ID>,
    /// The donating organization (an Organization id).
    pub donor_organization: Option<ID>,
    /// Cash, in yuan; not negative. Cash and goods together must be more than zero.
    pub cash: Option<Money>,
    /// Value of goods, in yuan; not negative.
    pub in_kind: Option<Money>,
    /// Date donated; the activity's date unless given.
    pub donated_on: Option<Date>,
    /// Note, up to 200 characters.
    pub note: Option<String>,
}

/// One donation recorded with its activity (`recordActivity`).
#[derive(InputObject, Debug, Clone)]
pub struct DonationLineInput {
    /// The donating person (a Person id); at most one of the two donors, none if anonymous.
    pub donor_person: Option<ID>,
    /// The donating organization (an Organization id).
    pub donor_organization: Option<ID>,
    /// Cash, in yuan; not negative. Cash and goods together must be more than zero.
    pub cash: Option<Money>,
    /// Value of goods, in yuan; not negative.
    pub in_kind: Option<Money>,
    /// Date donated; the activity's date unless given.
    pub donated_on: Option<Date>,
    /// Note, up to 200 characters.
    pub note: Option<String>,
}

/// Changes to a donation: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateDonationInput {
    /// The donation to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// The donating person; `null` for none.
    pub donor_person: MaybeUndefined<ID>,
    /// The donating organization; `null` for none.
    pub donor_organization: MaybeUndefined<ID>,
    /// Cash, in yuan.
    pub cash: Option<Money>,
    /// Value of goods, in yuan.
    pub in_kind: Option<Money>,
    /// Date donated.
    pub donated_on: Option<Date>,
    /// Note.
    pub note: MaybeUndefined<String>,
}

impl From<CreateDonationInput> for DonationLineInput {
    fn from(input: CreateDonationInput) -> Self {
        Self {
            donor_person: input.donor_person,
            donor_organization: input.donor_organization,
            cash: input.cash,
            in_kind: input.in_kind,
            donated_on: input.donated_on,
            note: input.note,
        }
    }
}

/// The rules of one donation: amounts not negative and more than zero together, one donor
/// at most.
fn check_rules(check: &mut Checker, row: &ActiveModel) {
    let (cash, in_kind) = (*row.cash_fen.as_ref(), *row.in_kind_fen.as_ref());
    check.non_negative("cash", Some(cash));
    check.non_negative("inKind", Some(in_kind));
    if cash >= 0 && in_kind >= 0 && cash.saturating_add(in_kind) == 0 {
        check.fail(
            "cash",
            UserErrorCode::NotPositive,
            "a donation of cash and goods together must be more than zero",
            "现金与物资合计须大于零",
        );
    }
    if row.donor_person_id.as_ref().is_some() && row.donor_org_id.as_ref().is_some() {
        check.fail(
            "donorOrganization",
            UserErrorCode::MutuallyExclusive,
            "a donation comes from a person or an organization, not both",
            "捐赠人只能是个人或组织之一",
        );
    }
}

/// Checks one donation for the activity `activity` held on `held_on`; the row to insert, its
/// activity and bookkeeping still to be set by the caller.
pub async fn check_line(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    line: &DonationLineInput,
    held_on: chrono::NaiveDate,
) -> AppResult<ActiveModel> {
    let donor_person = match &line.donor_person {
        Some(id) => {
            check
                .reference::<entity::person::Entity>(db, "donorPerson", Ref::decode(id))
                .await?
        }
        None => None,
    };
    let donor_org = match &line.donor_organization {
        Some(id) => {
            check
                .reference::<entity::organization::Entity>(db, "donorOrganization", Ref::decode(id))
                .await?
        }
        None => None,
    };
    let row = ActiveModel {
        id: NotSet,
        donor_person_id: Set(donor_person),
        donor_org_id: Set(donor_org),
        cash_fen: Set(line.cash.map_or(0, Money::fen)),
        in_kind_fen: Set(line.in_kind.map_or(0, Money::fen)),
        donated_on: Set(line.donated_on.map_or(held_on, |d| d.0)),
        note: Set(check.text_opt("note", line.note.as_deref(), 200)),
        ..Default::default()
    };
    check_rules(check, &row);
    Ok(row)
}

/// The donation's activity (live or not), whose region the donation is in.
async fn activity_of(
    db: &impl ConnectionTrait,
    donation: &Model,
) -> AppResult<entity::activity::Model> {
    entity::activity::Entity::find_by_id(donation.activity_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal(format!("donation {} has no activity", donation.id)))
}

/// Adds a donation to a live activity.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateDonationInput,
) -> AppResult<Model> {
    let activity_key = crate::ids::key::<entity::activity::Entity>(&input.activity)?;
    let activity = write::get_live::<entity::activity::Entity, _>(db, activity_key).await?;
    actor.may_write(&activity.region_code)?;
    let mut check = Checker::default();
    let mut row = check_line(db, &mut check, &input.into(), activity.held_on).await?;
    check.finish()?;
    row.activity_id = Set(activity.id);
    write::create::<Entity, _>(db, actor, row).await
}

/// Changes a donation; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateDonationInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::donation::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&activity_of(db, &before).await?.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    match &input.donor_person {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.donor_person_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::person::Entity>(db, "donorPerson", Ref::decode(id))
                .await?
            {
                row.donor_person_id = Set(Some(k));
            }
        }
    }
    match &input.donor_organization {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.donor_org_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::organization::Entity>(db, "donorOrganization", Ref::decode(id))
                .await?
            {
                row.donor_org_id = Set(Some(k));
            }
        }
    }
    if let Some(cash) = input.cash {
        row.cash_fen = Set(cash.fen());
    }
    if let Some(in_kind) = input.in_kind {
        row.in_kind_fen = Set(in_kind.fen());
    }
    if let Some(date) = input.donated_on {
        row.donated_on = Set(date.0);
    }
    if let Some(v) = set_opt(input.note, |n| n) {
        row.note = Set(check.text_opt("note", v.as_deref(), 200));
    }
    check_rules(&mut check, &row);
    check.finish()?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a donation.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_by_id::<Entity, _>(db, actor, key, expected_version, async |_, before| {
        actor.may_write(&activity_of(db, before).await?.region_code)
    })
    .await
}

/// Restores a soft-deleted donation whose activity is live.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, key: i64) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, key, async |_, before| {
        let activity = activity_of(db, before).await?;
        actor.may_write(&activity.region_code)?;
        write::parent_not_deleted(
            activity.deleted_at.is_some(),
            "the donation's activity is deleted; restore the activity first",
            "该捐赠所属的活动已删除，请先恢复活动",
        )
    })
    .await
}
