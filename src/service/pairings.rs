//! 万企兴万村 pairings: an enterprise or chamber paired with a village, at most one active
//! pairing per pair, ended with `end`.

use chrono::NaiveDate;
use entity::organization;
use entity::pairing::{ActiveModel, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, Set};

use super::audit::Actor;
use super::check::{Checker, today};
use super::fields::{organization_of_kind, put};
use super::links::Link;
use super::write::{self, InOwnRegion, Patch};
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::{
    Campaign, DomainEnum, OrganizationKind, PairingForm, PairingMode, PairingStatus, RegionLevel,
    TargetVillageType, encode_set,
};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;

/// Organizations that may be paired with a village: private firms and chambers of commerce.
/// The federation of industry and commerce runs the campaign rather than pairing itself.
const PARTNER_KINDS: [OrganizationKind; 2] = [
    OrganizationKind::Enterprise,
    OrganizationKind::ChamberOfCommerce,
];

/// A new pairing; amounts in fen.
pub struct PairingDraft {
    pub enterprise: Ref<organization::Entity>,
    /// A VILLAGE-level region code.
    pub village: String,
    pub campaign: Campaign,
    pub focus: Vec<PairingForm>,
    pub mode: Option<PairingMode>,
    pub target_village_type: Option<TargetVillageType>,
    pub status: PairingStatus,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub investment: Option<i64>,
    pub jobs_created: Option<i32>,
    pub purchases: Option<i64>,
    pub donations: Option<i64>,
}

/// Changes to a pairing's fields: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct PairingPatch {
    pub enterprise: Option<Ref<organization::Entity>>,
    pub village: Option<String>,
    pub campaign: Option<Campaign>,
    /// Replaces the stored forms of help.
    pub focus: Option<Vec<PairingForm>>,
    pub mode: Change<PairingMode>,
    pub target_village_type: Change<TargetVillageType>,
    pub status: Option<PairingStatus>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Change<NaiveDate>,
    pub investment: Change<i64>,
    pub jobs_created: Change<i32>,
    pub purchases: Change<i64>,
    pub donations: Change<i64>,
}

impl From<PairingDraft> for PairingPatch {
    fn from(draft: PairingDraft) -> Self {
        Self {
            enterprise: Some(draft.enterprise),
            village: Some(draft.village),
            campaign: Some(draft.campaign),
            focus: Some(draft.focus),
            mode: Change::from_option(draft.mode),
            target_village_type: Change::from_option(draft.target_village_type),
            status: Some(draft.status),
            started_on: Some(draft.started_on),
            ended_on: Change::from_option(draft.ended_on),
            investment: Change::from_option(draft.investment),
            jobs_created: Change::from_option(draft.jobs_created),
            purchases: Change::from_option(draft.purchases),
            donations: Change::from_option(draft.donations),
        }
    }
}

/// Ends an active pairing as COMPLETED or TERMINATED; today unless `ended_on` says otherwise.
pub struct PairingEnd {
    pub key: i64,
    pub expected_version: i32,
    pub ended_on: Option<NaiveDate>,
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
    let active = *row.status.as_ref() == PairingStatus::Active;
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
    // A new row whose enterprise or village failed its check has no pair to compare.
    let (Some(&enterprise), Some(village)) = (
        row.enterprise_id.try_as_ref(),
        row.village_code.try_as_ref(),
    ) else {
        return Ok(());
    };
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

impl Patch for PairingPatch {
    type Entity = Entity;

    async fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        check: &mut Checker,
        row: &mut ActiveModel,
        key: Option<i64>,
    ) -> AppResult<()> {
        if let Some(named) = self.enterprise {
            let enterprise =
                organization_of_kind(check, db, "enterprise", named, &PARTNER_KINDS).await?;
            put(&mut row.enterprise_id, enterprise);
        }
        let village = Some(RegionLevel::Village);
        check
            .put_region(db, &mut row.village_code, "village", self.village, village)
            .await?;
        put(&mut row.campaign, self.campaign);
        put(&mut row.focus, self.focus.map(|f| focus_set(check, &f)));
        put(&mut row.mode, self.mode.into_new());
        put(
            &mut row.target_village_type,
            self.target_village_type.into_new(),
        );
        put(&mut row.status, self.status);
        put(&mut row.started_on, self.started_on);
        put(&mut row.ended_on, self.ended_on.into_new());
        put(&mut row.investment_fen, self.investment.into_new());
        put(&mut row.jobs_created, self.jobs_created.into_new());
        put(&mut row.purchase_fen, self.purchases.into_new());
        put(&mut row.donation_fen, self.donations.into_new());
        check_rules(db, check, row, key).await
    }
}

/// Ends an active pairing as COMPLETED or TERMINATED on `ended_on`.
pub async fn end(db: &impl ConnectionTrait, actor: &Actor, input: PairingEnd) -> AppResult<Model> {
    let before = write::get_live::<Entity, _>(db, input.key).await?;
    actor.may_write(&before.village_code)?;
    // A stale version is a conflict before anything else: "already ended" would describe a
    // pairing the caller has not seen.
    if before.version != input.expected_version {
        return Err(AppError::VersionConflict {
            current: before.version,
        });
    }
    let mut check = Checker::default();
    if before.status != PairingStatus::Active {
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
    let ended_on = input.ended_on.unwrap_or_else(today);
    check.date_order("endedOn", Some(before.started_on), Some(ended_on));
    check.finish()?;
    let mut row = before.clone().into_active_model();
    row.status = Set(input.status);
    row.ended_on = Set(Some(ended_on));
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Pairings in the write path: kept in their village's region; nothing points at them.
pub struct Pairings;

impl InOwnRegion for Pairings {
    type Draft = PairingDraft;
    type Patch = PairingPatch;
    const LINKS: &'static [Link] = &[];

    /// A deleted active pairing comes back only while its pair has no other active pairing.
    async fn may_return<C: ConnectionTrait>(db: &C, row: &Model) -> AppResult<()> {
        if row.status == PairingStatus::Active {
            let mut check = Checker::default();
            let stored = row.clone().into_active_model();
            duplicate_active(db, &mut check, "id", &stored, Some(row.id)).await?;
            check.finish()?;
        }
        Ok(())
    }
}
