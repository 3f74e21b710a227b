//! 万企兴万村 pairings: an enterprise or chamber paired with a village, at most one active
//! pairing per pair, ended with `end`.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::pairing::{ActiveModel, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::{Checker, today};
use super::fields::{organization_of_kind, set_opt};
use super::write;
use crate::db::table::Table;
use crate::domain::enums::{
    Campaign, DomainEnum, OrganizationKind, PairingForm, PairingMode, PairingStatus, RegionLevel,
    TargetVillageType, encode_set,
};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;
use crate::scalars::{Date, Money};

/// Organizations that may be paired with a village: private firms and chambers of commerce.
/// The federation of industry and commerce runs the campaign rather than pairing itself.
const PARTNER_KINDS: [OrganizationKind; 2] = [
    OrganizationKind::Enterprise,
    OrganizationKind::ChamberOfCommerce,
];

/// A new pairing.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePairingInput {
    /// The enterprise or chamber of commerce (an Organization id).
    pub enterprise: ID,
    /// The village or community: a VILLAGE-level region code.
    pub village: String,
    /// The campaign; 万企兴万村 unless said otherwise.
    #[graphql(default_with = "Campaign::WanqiXingcun")]
    pub campaign: Campaign,
    /// Forms of help, at least one.
    pub focus: Vec<PairingForm>,
    /// How partners and villages are paired.
    pub mode: Option<PairingMode>,
    /// The kind of village targeted.
    pub target_village_type: Option<TargetVillageType>,
    /// ACTIVE unless recording a pairing that already ended (then `endedOn` is required).
    #[graphql(default_with = "PairingStatus::Active")]
    pub status: PairingStatus,
    /// Date the pairing was signed.
    pub started_on: Date,
    /// Date it ended; only for ended pairings, not before `startedOn`.
    pub ended_on: Option<Date>,
    /// Investment committed, in yuan (not negative).
    pub investment: Option<Money>,
    /// Jobs created for villagers (not negative).
    pub jobs_created: Option<i32>,
    /// Village products purchased, in yuan (not negative).
    pub purchases: Option<Money>,
    /// Donations made, in yuan (not negative).
    pub donations: Option<Money>,
}

/// Changes to a pairing: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePairingInput {
    /// The pairing to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// The enterprise or chamber of commerce.
    pub enterprise: Option<ID>,
    /// The village: a VILLAGE-level region code.
    pub village: Option<String>,
    /// The campaign.
    pub campaign: Option<Campaign>,
    /// Forms of help, replacing the ones stored; at least one.
    pub focus: Option<Vec<PairingForm>>,
    /// How partners and villages are paired.
    pub mode: MaybeUndefined<PairingMode>,
    /// The kind of village targeted.
    pub target_village_type: MaybeUndefined<TargetVillageType>,
    /// Status; to end an active pairing, `endPairing` says it more plainly.
    pub status: Option<PairingStatus>,
    /// Date the pairing was signed.
    pub started_on: Option<Date>,
    /// Date it ended.
    pub ended_on: MaybeUndefined<Date>,
    /// Investment committed, in yuan.
    pub investment: MaybeUndefined<Money>,
    /// Jobs created for villagers.
    pub jobs_created: MaybeUndefined<i32>,
    /// Village products purchased, in yuan.
    pub purchases: MaybeUndefined<Money>,
    /// Donations made, in yuan.
    pub donations: MaybeUndefined<Money>,
}

/// Ends an active pairing.
#[derive(InputObject, Debug, Clone)]
pub struct EndPairingInput {
    /// The pairing to end.
    pub id: ID,
    /// The `version` you read.
    pub expected_version: i32,
    /// Date it ended: today (Asia/Shanghai) unless given; not before `startedOn`.
    pub ended_on: Option<Date>,
    /// COMPLETED (the default) or TERMINATED.
    #[graphql(default_with = "PairingStatus::Completed")]
    pub status: PairingStatus,
}

fn focus_set(check: &mut Checker, focus: &[PairingForm]) -> String {
    if focus.is_empty() {
        check.fail(
            "focus",
            UserErrorCode::Required,
            "name at least one form of help",
            "须至少填写一种兴村形式",
        );
    }
    let mut unique: Vec<PairingForm> = Vec::with_capacity(focus.len());
    for form in focus {
        if !unique.contains(form) {
            unique.push(*form);
        }
    }
    encode_set(&unique)
}

/// The rules that span fields: dates in order, ended pairings say when, amounts not negative,
/// and no second active pairing of the same enterprise and village.
async fn check_rules(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    row: &ActiveModel,
    except: Option<i64>,
) -> AppResult<()> {
    let active = row.status.as_ref() == PairingStatus::Active.code();
    let ended_on = *row.ended_on.as_ref();
    if active && ended_on.is_some() {
        check.fail(
            "endedOn",
            UserErrorCode::NotApplicable,
            "an active pairing has not ended; use endPairing to end it",
            "结对进行中，不能填写结束日期；结束请使用“结束结对”",
        );
    }
    if !active && ended_on.is_none() {
        check.fail(
            "endedOn",
            UserErrorCode::Required,
            "an ended pairing needs the date it ended",
            "已结束的结对须填写结束日期",
        );
    }
    check.date_order("endedOn", Some(*row.started_on.as_ref()), ended_on);
    check.non_negative("investment", *row.investment_fen.as_ref());
    check.non_negative("jobsCreated", row.jobs_created.as_ref().map(i64::from));
    check.non_negative("purchases", *row.purchase_fen.as_ref());
    check.non_negative("donations", *row.donation_fen.as_ref());
    if active {
        duplicate_active(db, check, "village", row, except).await?;
    }
    Ok(())
}

/// Refuses a second live ACTIVE pairing of the same enterprise and village.
async fn duplicate_active(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    field: &str,
    row: &ActiveModel,
    except: Option<i64>,
) -> AppResult<()> {
    let (enterprise, village) = (*row.enterprise_id.as_ref(), row.village_code.as_ref());
    if enterprise == 0 || village.is_empty() {
        return Ok(());
    }
    let mut query = Entity::live()
        .filter(Column::EnterpriseId.eq(enterprise))
        .filter(Column::VillageCode.eq(village.as_str()))
        .filter(Column::Status.eq(PairingStatus::Active.code()));
    if let Some(key) = except {
        query = query.filter(Column::Id.ne(key));
    }
    if query.one(db).await?.is_some() {
        check.fail(
            field,
            UserErrorCode::Duplicate,
            "this enterprise already has an active pairing with this village",
            "该企业与该村已有进行中的结对",
        );
    }
    Ok(())
}

/// Adds a pairing.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreatePairingInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let enterprise = organization_of_kind(
        &mut check,
        db,
        "enterprise",
        Ref::decode(&input.enterprise),
        &PARTNER_KINDS,
    )
    .await?;
    let village = check
        .region(db, "village", &input.village, Some(RegionLevel::Village))
        .await?;
    let focus = focus_set(&mut check, &input.focus);
    let row = ActiveModel {
        id: NotSet,
        enterprise_id: Set(enterprise.unwrap_or_default()),
        village_code: Set(village.unwrap_or_default()),
        campaign: Set(input.campaign.code().to_owned()),
        focus: Set(focus),
        mode: Set(input.mode.map(|m| m.code().to_owned())),
        target_village_type: Set(input.target_village_type.map(|t| t.code().to_owned())),
        status: Set(input.status.code().to_owned()),
        started_on: Set(input.started_on.0),
        ended_on: Set(input.ended_on.map(|d| d.0)),
        investment_fen: Set(input.investment.map(Money::fen)),
        jobs_created: Set(input.jobs_created),
        purchase_fen: Set(input.purchases.map(Money::fen)),
        donation_fen: Set(input.donations.map(Money::fen)),
        ..Default::default()
    };
    check_rules(db, &mut check, &row, None).await?;
    check.finish()?;
    actor.may_write(row.village_code.as_ref())?;
    write::create::<Entity, _>(db, actor, row).await
}

/// Changes a pairing; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdatePairingInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::pairing::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.village_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(id) = &input.enterprise
        && let Some(k) = organization_of_kind(
            &mut check,
            db,
            "enterprise",
            Ref::decode(id),
            &PARTNER_KINDS,
        )
        .await?
    {
        row.enterprise_id = Set(k);
    }
    if let Some(code) = &input.village
        && let Some(code) = check
            .region(db, "village", code, Some(RegionLevel::Village))
            .await?
    {
        row.village_code = Set(code);
    }
    if let Some(campaign) = input.campaign {
        row.campaign = Set(campaign.code().to_owned());
    }
    if let Some(focus) = &input.focus {
        row.focus = Set(focus_set(&mut check, focus));
    }
    if let Some(v) = set_opt(input.mode, |m| m.code().to_owned()) {
        row.mode = Set(v);
    }
    if let Some(v) = set_opt(input.target_village_type, |t| t.code().to_owned()) {
        row.target_village_type = Set(v);
    }
    if let Some(status) = input.status {
        row.status = Set(status.code().to_owned());
    }
    if let Some(date) = input.started_on {
        row.started_on = Set(date.0);
    }
    if let Some(v) = set_opt(input.ended_on, |d| d.0) {
        row.ended_on = Set(v);
    }
    if let Some(v) = set_opt(input.investment, Money::fen) {
        row.investment_fen = Set(v);
    }
    if let Some(v) = set_opt(input.jobs_created, |n| n) {
        row.jobs_created = Set(v);
    }
    if let Some(v) = set_opt(input.purchases, Money::fen) {
        row.purchase_fen = Set(v);
    }
    if let Some(v) = set_opt(input.donations, Money::fen) {
        row.donation_fen = Set(v);
    }
    check_rules(db, &mut check, &row, Some(key)).await?;
    check.finish()?;
    actor.may_write(row.village_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Ends an active pairing as COMPLETED or TERMINATED on `ended_on`.
pub async fn end(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: EndPairingInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::pairing::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.village_code)?;
    // A stale version is a conflict before anything else: "already ended" would describe a
    // pairing the caller has not seen.
    if before.version != input.expected_version {
        return Err(AppError::VersionConflict {
            current: before.version,
        });
    }
    let mut check = Checker::default();
    if before.status != PairingStatus::Active.code() {
        check.fail(
            "id",
            UserErrorCode::AlreadyEnded,
            format!(
                "the pairing is {} already; only an ACTIVE one can end (correct its dates with updatePairing)",
                before.status
            ),
            "该结对已结束，如需更正日期请使用“修改结对”",
        );
    }
    if input.status == PairingStatus::Active {
        check.fail(
            "status",
            UserErrorCode::InvalidTransition,
            "an ended pairing is COMPLETED or TERMINATED",
            "结束状态须为已完成或已终止",
        );
    }
    let ended_on = input.ended_on.map_or_else(today, |d| d.0);
    check.date_order("endedOn", Some(before.started_on), Some(ended_on));
    check.finish()?;
    let mut row = before.clone().into_active_model();
    row.status = Set(input.status.code().to_owned());
    row.ended_on = Set(Some(ended_on));
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a pairing (nothing points at pairings).
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
) -> AppResult<Model> {
    let key = crate::ids::key::<Entity>(id)?;
    write::delete_in_region::<Entity, _>(db, actor, key, expected_version, &[], false).await
}

/// Restores a soft-deleted pairing, unless an active pairing of the same pair exists now.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    let key = crate::ids::key::<Entity>(id)?;
    write::restore_by_id::<Entity, _>(db, actor, key, async |key, before: &Model| {
        actor.may_write(&before.village_code)?;
        if before.status == PairingStatus::Active.code() {
            let mut check = Checker::default();
            let row = before.clone().into_active_model();
            duplicate_active(db, &mut check, "id", &row, Some(key)).await?;
            check.finish()?;
        }
        Ok(())
    })
    .await
}
