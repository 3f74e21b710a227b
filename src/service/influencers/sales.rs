//! Farm-product sales an influencer drove in a period (amounts in fen, never negative).

use chrono::NaiveDate;
use entity::person;
use entity::sales_record::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, Set};

use super::{owner_for_restore, owner_may_write};
use crate::domain::change::Change;
use crate::domain::enums::{DomainEnum, Platform};
use crate::error::{AppError, AppResult};
use crate::ids::Ref;
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::fields::put;
use crate::service::people::rules;
use crate::service::write::{self, Update};

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
    if let Some(product) = patch.product_category.into_new() {
        let product = check.text_opt("productCategory", product.as_deref(), PRODUCT_MAX);
        row.product_category = Set(product);
    }
    put(&mut row.period_start, patch.period_start);
    put(&mut row.period_end, patch.period_end);
    put(&mut row.amount_fen, patch.amount);
    put(
        &mut row.platform,
        patch.platform.map(|p| p.code().to_owned()).into_new(),
    );
    let (start, end) = (*row.period_start.as_ref(), *row.period_end.as_ref());
    check.date_order("periodEnd", Some(start), Some(end));
    check.non_negative("amount", Some(*row.amount_fen.as_ref()));
}

/// Records sales of a live person.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    draft: SalesRecordDraft,
) -> AppResult<Model> {
    let person = draft.person;
    let created = write::create_with::<Entity, _, _>(
        db,
        actor,
        ActiveModel::default(),
        async |check, row| {
            let owner = rules::reference::<person::Entity>(check, db, "person", person).await?;
            row.person_id = Set(owner.as_ref().map_or(0, |o| o.id));
            apply(check, row, draft.into());
            Ok(owner)
        },
        |_, owner| match owner {
            Some(owner) => actor.may_write(&owner.region_code),
            None => Err(AppError::Internal("checked person vanished".into())),
        },
    );
    Ok(created.await?.0)
}

/// Corrects a sales record; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    update: Update<SalesRecordPatch>,
) -> AppResult<Model> {
    let Update {
        key,
        expected_version,
        patch,
    } = update;
    let updated = write::update_with::<Entity, _, _>(
        db,
        actor,
        key,
        expected_version,
        async |before| owner_may_write(db, actor, before.person_id).await.map(drop),
        async |check, row| {
            apply(check, row, patch);
            Ok(())
        },
        |_| Ok(()),
    );
    Ok(updated.await?.0)
}

pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_by_id::<Entity, _>(db, actor, key, expected_version, async |_, before| {
        owner_may_write(db, actor, before.person_id).await?;
        Ok(())
    })
    .await
}

/// Restores a sales record whose person is live.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, key: i64) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, key, async |_, before| {
        owner_for_restore(db, actor, before.person_id).await?;
        Ok(())
    })
    .await
}
