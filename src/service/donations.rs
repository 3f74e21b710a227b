//! Donations raised through an activity: cash and goods in fen, not negative, more than
//! nothing in all, from a person, an organization or anonymous. They live in their activity's
//! region.

use chrono::NaiveDate;
use entity::donation::{ActiveModel, Entity, Model};
use entity::{organization, person};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::put;
use super::write::{self, Record};
use crate::domain::change::Change;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;

/// One donation's own fields, for an activity named elsewhere (`recordActivity` names it by
/// the activity it writes).
pub struct DonationLine {
    pub donor_person: Option<Ref<person::Entity>>,
    pub donor_organization: Option<Ref<organization::Entity>>,
    /// In fen; 0 unless given.
    pub cash: Option<i64>,
    /// In fen; 0 unless given.
    pub in_kind: Option<i64>,
    /// The activity's date unless given.
    pub donated_on: Option<NaiveDate>,
    pub note: Option<String>,
}

/// A new donation to an existing activity.
pub struct DonationDraft {
    pub activity: i64,
    pub line: DonationLine,
}

/// Changes to a donation (never its activity): `None` and [`Change::Keep`] leave a field as it
/// is.
#[derive(Default)]
pub struct DonationPatch {
    pub donor_person: Change<Ref<person::Entity>>,
    pub donor_organization: Change<Ref<organization::Entity>>,
    /// In fen.
    pub cash: Option<i64>,
    /// In fen.
    pub in_kind: Option<i64>,
    pub donated_on: Option<NaiveDate>,
    pub note: Change<String>,
}

impl DonationLine {
    /// The patch of a new donation to an activity held on `held_on`: amounts 0 and the date
    /// the activity's unless given.
    fn into_patch(self, held_on: NaiveDate) -> DonationPatch {
        DonationPatch {
            donor_person: Change::from_option(self.donor_person),
            donor_organization: Change::from_option(self.donor_organization),
            cash: Some(self.cash.unwrap_or(0)),
            in_kind: Some(self.in_kind.unwrap_or(0)),
            donated_on: Some(self.donated_on.unwrap_or(held_on)),
            note: Change::from_option(self.note),
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

/// Writes the fields `patch` gives into `row`, each checked, and checks the donation as a
/// whole: the one place a donation's fields are written, for a new row as for a stored one.
async fn apply(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    row: &mut ActiveModel,
    patch: DonationPatch,
) -> AppResult<()> {
    check
        .put_reference(
            db,
            &mut row.donor_person_id,
            "donorPerson",
            patch.donor_person,
        )
        .await?;
    check
        .put_reference(
            db,
            &mut row.donor_org_id,
            "donorOrganization",
            patch.donor_organization,
        )
        .await?;
    put(&mut row.cash_fen, patch.cash);
    put(&mut row.in_kind_fen, patch.in_kind);
    put(&mut row.donated_on, patch.donated_on);
    check.put_text_opt(&mut row.note, "note", patch.note, 200);
    check_rules(check, row);
    Ok(())
}

/// Checks one donation for an activity held on `held_on`; the row to insert, its activity
/// and bookkeeping still to be set by the caller.
pub async fn check_line(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    line: DonationLine,
    held_on: NaiveDate,
) -> AppResult<ActiveModel> {
    let mut row = ActiveModel::default();
    apply(db, check, &mut row, line.into_patch(held_on)).await?;
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

/// Donations: written by who may write their activity's region.
pub struct Donations;

impl Record for Donations {
    type Entity = Entity;
    type Draft = DonationDraft;
    type Patch = DonationPatch;
    type Governor = ();
    type Outcome = ();

    async fn may_change<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        actor.may_write(&activity_of(db, row).await?.region_code)
    }

    /// The activity is live, then.
    async fn may_restore<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        let activity = activity_of(db, row).await?;
        actor.may_write(&activity.region_code)?;
        write::parent_not_deleted(
            activity.deleted_at.is_some(),
            "the donation's activity is deleted; restore the activity first",
            "该捐赠所属的活动已删除，请先恢复活动",
        )
    }

    /// To a live activity.
    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: DonationDraft,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<()> {
        let activity = write::get_live::<entity::activity::Entity, _>(db, draft.activity).await?;
        actor.may_write(&activity.region_code)?;
        *row = check_line(db, check, draft.line, activity.held_on).await?;
        row.activity_id = Set(activity.id);
        Ok(())
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: DonationPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        _: &Model,
        (): (),
    ) -> AppResult<()> {
        apply(db, check, row, patch).await
    }
}
