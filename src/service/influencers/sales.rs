//! Farm-product sales an influencer drove in a period (amounts in fen, never negative).

use chrono::NaiveDate;
use entity::person;
use entity::sales_record::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, Set};

use super::{owner_for_restore, owner_may_write};
use crate::domain::change::Change;
use crate::domain::enums::Platform;
use crate::error::AppResult;
use crate::ids::Ref;
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::fields::put;
use crate::service::people::rules;
use crate::service::write::{OwnerRegion, Record};

/// Sales a person drove in a period.
pub struct SalesRecordDraft {
    pub person: Ref<person::Entity>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// In fen.
    pub amount: i64,
    pub platform: Option<Platform>,
    pub product_category: Option<String>,
}

/// Corrections to a sales record (never its person): `None` and [`Change::Keep`] leave a
/// field as it is.
#[derive(Default)]
pub struct SalesRecordPatch {
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    /// In fen.
    pub amount: Option<i64>,
    pub platform: Change<Platform>,
    pub product_category: Change<String>,
}

impl From<SalesRecordDraft> for SalesRecordPatch {
    fn from(draft: SalesRecordDraft) -> Self {
        Self {
            period_start: Some(draft.period_start),
            period_end: Some(draft.period_end),
            amount: Some(draft.amount),
            platform: Change::from_option(draft.platform),
            product_category: Change::from_option(draft.product_category),
        }
    }
}

const PRODUCT_MAX: usize = 50;

/// Writes the fields `patch` gives into `row`, each checked, and checks the record as a whole:
/// the one place a sales record's fields are written.
fn apply(check: &mut Checker, row: &mut ActiveModel, patch: SalesRecordPatch) {
    let product = patch.product_category;
    check.put_text_opt(
        &mut row.product_category,
        "productCategory",
        product,
        PRODUCT_MAX,
    );
    put(&mut row.period_start, patch.period_start);
    put(&mut row.period_end, patch.period_end);
    put(&mut row.amount_fen, patch.amount);
    put(&mut row.platform, patch.platform.into_new());
    let (start, end) = (*row.period_start.as_ref(), *row.period_end.as_ref());
    check.date_order("periodEnd", Some(start), Some(end));
    check.non_negative("amount", Some(*row.amount_fen.as_ref()));
}

/// Sales records: written by who may write their person's region.
pub struct SalesRecords;

impl Record for SalesRecords {
    type Entity = Entity;
    type Draft = SalesRecordDraft;
    type Patch = SalesRecordPatch;
    type Governor = ();
    /// The region of a new record's person, settled once every check has passed.
    type Outcome = OwnerRegion;

    async fn may_change<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        owner_may_write(db, actor, row.person_id).await.map(drop)
    }

    /// The person is live, then.
    async fn may_restore<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        owner_for_restore(db, actor, row.person_id).await.map(drop)
    }

    /// Of a live person.
    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: SalesRecordDraft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<OwnerRegion> {
        let owner = rules::reference::<person::Entity>(check, db, "person", draft.person).await?;
        row.person_id = Set(owner.as_ref().map_or(0, |o| o.id));
        apply(check, row, draft.into());
        Ok(OwnerRegion(owner.map(|owner| owner.region_code)))
    }

    async fn change<C: ConnectionTrait>(
        _: &C,
        patch: SalesRecordPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        _: &Model,
        (): (),
    ) -> AppResult<OwnerRegion> {
        apply(check, row, patch);
        Ok(OwnerRegion(None))
    }
}
