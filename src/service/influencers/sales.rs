//! Farm-product sales an influencer drove in a period (amounts in fen, never negative).

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::person;
use entity::sales_record::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, IntoActiveModel, NotSet, Set};

use super::{owner_for_restore, owner_may_write};
use crate::domain::enums::{DomainEnum, Platform};
use crate::error::{AppError, AppResult};
use crate::scalars::{Date, Money};
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::people::rules;
use crate::service::write;

/// Sales a person drove in a period.
#[derive(InputObject, Debug, Clone)]
pub struct CreateSalesRecordInput {
    /// The influencer (global id).
    pub person: ID,
    /// First day of the period.
    pub period_start: Date,
    /// Last day of the period, on or after `periodStart`.
    pub period_end: Date,
    /// Sales in yuan (`"12500.00"`); not negative.
    pub amount: Money,
    /// Where the sales were made.
    pub platform: Option<Platform>,
    /// Product category, free text up to 50 characters.
    pub product_category: Option<String>,
}

/// Corrections to a sales record: only the fields given change; `null` clears an optional one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateSalesRecordInput {
    /// The sales record to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New first day of the period, as on create; omitted: unchanged.
    pub period_start: Option<Date>,
    /// New last day of the period, as on create; omitted: unchanged.
    pub period_end: Option<Date>,
    /// New amount (yuan), as on create; omitted: unchanged.
    pub amount: Option<Money>,
    /// New platform, as on create; null clears it; omitted: unchanged.
    pub platform: MaybeUndefined<Platform>,
    /// New product category, as on create; null clears it; omitted: unchanged.
    pub product_category: MaybeUndefined<String>,
}

const PRODUCT_MAX: usize = 50;

fn check_row(check: &mut Checker, row: &Model) {
    check.date_order("periodEnd", Some(row.period_start), Some(row.period_end));
    check.non_negative("amount", Some(row.amount_fen));
}

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateSalesRecordInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let owner = rules::reference::<person::Entity>(&mut check, db, "person", &input.person).await?;
    let product = check.text_opt(
        "productCategory",
        input.product_category.as_deref(),
        PRODUCT_MAX,
    );
    let row = ActiveModel {
        id: NotSet,
        person_id: Set(owner.as_ref().map_or(0, |o| o.id)),
        period_start: Set(input.period_start.0),
        period_end: Set(input.period_end.0),
        amount_fen: Set(input.amount.fen()),
        platform: Set(input.platform.map(|p| p.code().to_owned())),
        product_category: Set(product),
        ..Default::default()
    };
    check.date_order(
        "periodEnd",
        Some(input.period_start.0),
        Some(input.period_end.0),
    );
    check.non_negative("amount", Some(input.amount.fen()));
    check.finish()?;
    let owner = owner.ok_or_else(|| AppError::Internal("checked person vanished".into()))?;
    actor.may_write(&owner.region_code)?;
    write::create::<Entity, _>(db, actor, row).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateSalesRecordInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::sales_record::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    owner_may_write(db, actor, before.person_id).await?;
    let mut check = Checker::default();
    let mut after = before.clone();
    if let Some(day) = input.period_start {
        after.period_start = day.0;
    }
    if let Some(day) = input.period_end {
        after.period_end = day.0;
    }
    if let Some(amount) = input.amount {
        after.amount_fen = amount.fen();
    }
    if let Some(platform) = rules::set_opt(input.platform, |p| p.code().to_owned()) {
        after.platform = platform;
    }
    if let Some(product) = rules::set_opt(input.product_category, |p| p) {
        after.product_category = check.text_opt("productCategory", product.as_deref(), PRODUCT_MAX);
    }
    check_row(&mut check, &after);
    check.finish()?;
    let mut row = before.clone().into_active_model();
    row.period_start = Set(after.period_start);
    row.period_end = Set(after.period_end);
    row.amount_fen = Set(after.amount_fen);
    row.platform = Set(after.platform);
    row.product_category = Set(after.product_category);
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

/// Restores a sales record whose person is live.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, id, async |_, before| {
        owner_for_restore(db, actor, before.person_id).await?;
        Ok(())
    })
    .await
}
