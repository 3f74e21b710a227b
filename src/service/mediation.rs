//! Mediation cases and the organizations that took part, kept as a set of `mediation_partner`
//! links that each change replaces (every link written or ended is audited).

use chrono::NaiveDate;
use entity::mediation_case::{ActiveModel, Column, Entity, Model};
use entity::{mediation_partner as partner, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::{self, ItemErrors, put};
use super::links::Link;
use super::write::{self, Filled, InRegion, Record};
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::{DisputeSubtype, DomainEnum, MediationCategory, MediationStatus};
use crate::error::{AppResult, UserErrorCode};
use crate::ids::Ref;

/// A new mediation case.
pub struct MediationCaseDraft {
    pub case_no: String,
    pub category: MediationCategory,
    pub subtype: Option<DisputeSubtype>,
    pub status: MediationStatus,
    pub accepted_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// In fen.
    pub amount_in_dispute: Option<i64>,
    pub region: String,
    pub summary: Option<String>,
    pub judicially_confirmed: Option<bool>,
    pub partners: Vec<Ref<organization::Entity>>,
}

/// Changes to a mediation case: `None` and [`Change::Keep`] leave a field as it is;
/// `partners` replaces the set.
#[derive(Default)]
pub struct MediationCasePatch {
    pub case_no: Option<String>,
    pub category: Option<MediationCategory>,
    pub subtype: Change<DisputeSubtype>,
    pub status: Option<MediationStatus>,
    pub accepted_on: Option<NaiveDate>,
    pub closed_on: Change<NaiveDate>,
    /// In fen.
    pub amount_in_dispute: Change<i64>,
    pub region: Option<String>,
    pub summary: Change<String>,
    pub judicially_confirmed: Change<bool>,
    pub partners: Option<Vec<Ref<organization::Entity>>>,
}

impl From<MediationCaseDraft> for MediationCasePatch {
    fn from(draft: MediationCaseDraft) -> Self {
        Self {
            case_no: Some(draft.case_no),
            category: Some(draft.category),
            subtype: Change::from_option(draft.subtype),
            status: Some(draft.status),
            accepted_on: Some(draft.accepted_on),
            closed_on: Change::from_option(draft.closed_on),
            amount_in_dispute: Change::from_option(draft.amount_in_dispute),
            region: Some(draft.region),
            summary: Change::from_option(draft.summary),
            judicially_confirmed: Change::from_option(draft.judicially_confirmed),
            partners: Some(draft.partners),
        }
    }
}

/// The rules that span fields: closed cases say when, open ones not; dates in order; amounts
/// not negative; subtypes for commercial disputes; judicial confirmation for settled cases.
fn check_rules(check: &mut Checker, row: &ActiveModel) -> AppResult<()> {
    let status = *row.status.as_ref();
    let closed_on = *row.closed_on.as_ref();
    match status {
        MediationStatus::Settled | MediationStatus::Failed if closed_on.is_none() => check.fail(
            "closedOn",
            UserErrorCode::Required,
            format!("a {} case needs the date it closed", status.code()),
            format!("{}的案件须填写结案日期", status.label()),
        ),
        MediationStatus::Accepted | MediationStatus::InProgress if closed_on.is_some() => check
            .fail(
                "closedOn",
                UserErrorCode::NotApplicable,
                format!("a {} case is still open", status.code()),
                format!("{}的案件尚未结案", status.label()),
            ),
        _ => {}
    }
    check.date_order("closedOn", Some(*row.accepted_on.as_ref()), closed_on);
    check.non_negative("amountInDispute", *row.amount_fen.as_ref());
    let commercial = *row.category.as_ref() == MediationCategory::Commercial;
    if !commercial && row.subtype.as_ref().is_some() {
        check.fail(
            "subtype",
            UserErrorCode::NotApplicable,
            "only commercial disputes have a subtype",
            "仅商事纠纷填写纠纷类型",
        );
    }
    if status != MediationStatus::Settled && row.judicially_confirmed.as_ref().is_some() {
        check.fail(
            "judiciallyConfirmed",
            UserErrorCode::NotApplicable,
            "only settled cases can be judicially confirmed",
            "仅调解成功的案件可司法确认",
        );
    }
    Ok(())
}

/// Makes the case's live partner links exactly `organizations`: ends the others, adds the
/// missing ones.
async fn set_partners(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i64,
    organizations: &[i64],
) -> AppResult<()> {
    let current = partner::Entity::live()
        .filter(partner::Column::CaseId.eq(case_id))
        .all(db)
        .await?;
    for link in &current {
        if !organizations.contains(&link.organization_id) {
            write::soft_delete::<partner::Entity, _>(db, actor, link, link.version).await?;
        }
    }
    for organization in organizations {
        if current.iter().any(|l| l.organization_id == *organization) {
            continue;
        }
        let link = partner::ActiveModel {
            id: NotSet,
            case_id: Set(case_id),
            organization_id: Set(*organization),
            ..Default::default()
        };
        write::create::<partner::Entity, _>(db, actor, link).await?;
    }
    Ok(())
}

/// Writes the fields `patch` gives into `row`, each checked, and checks the case as a whole:
/// the one place a case's fields are written, for a new row as for a stored one (`key`).
/// Returns the partners to set, when the patch names them.
async fn apply(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    row: &mut ActiveModel,
    key: Option<i64>,
    patch: MediationCasePatch,
) -> AppResult<Option<Vec<i64>>> {
    if let Some(case_no) = patch.case_no {
        let case_no = check.text("caseNo", &case_no, 1, 50);
        check
            .unique::<Entity>(db, "caseNo", Column::CaseNo, &case_no, key)
            .await?;
        row.case_no = Set(case_no);
    }
    put(&mut row.category, patch.category);
    put(&mut row.subtype, patch.subtype.into_new());
    put(&mut row.status, patch.status);
    put(&mut row.accepted_on, patch.accepted_on);
    put(&mut row.closed_on, patch.closed_on.into_new());
    put(&mut row.amount_fen, patch.amount_in_dispute.into_new());
    check
        .put_region(db, &mut row.region_code, "region", patch.region, None)
        .await?;
    check.put_text_opt(&mut row.summary, "summary", patch.summary, 5000);
    put(
        &mut row.judicially_confirmed,
        patch.judicially_confirmed.into_new(),
    );
    let mut items = ItemErrors::default();
    let partners = match &patch.partners {
        Some(named) => Some(
            fields::references::<organization::Entity>(&mut items, db, "partners", named).await?,
        ),
        None => None,
    };
    check_rules(check, row)?;
    items.report(check);
    Ok(partners)
}

/// The partners a write names go with the case; they name no region of their own.
impl Filled for Option<Vec<i64>> {}

/// Mediation cases: written in their region, with their partner organizations; refused
/// deletion while partners remain.
pub struct MediationCases;

impl Record for MediationCases {
    type Entity = Entity;
    type Draft = MediationCaseDraft;
    type Patch = MediationCasePatch;
    type Governor = ();
    /// The partners to set, when the draft or patch names them.
    type Outcome = Option<Vec<i64>>;
    const LINKS: &'static [Link] = &[Link::ended(
        "mediation_partner",
        "case_id",
        "partner organizations",
        "协作组织",
    )];

    async fn may_change<C: ConnectionTrait>(_: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        actor.may_write(&row.region_code)
    }

    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: MediationCaseDraft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<Option<Vec<i64>>> {
        apply(db, check, row, None, draft.into()).await
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: MediationCasePatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        (): (),
    ) -> AppResult<Option<Vec<i64>>> {
        apply(db, check, row, Some(before.id), patch).await
    }

    async fn settle<C: ConnectionTrait>(
        _: &C,
        actor: &Actor,
        row: &ActiveModel,
        _: &Option<Vec<i64>>,
    ) -> AppResult<()> {
        actor.may_write(Entity::written_region(row))
    }

    /// Its partners replaced when given (always for a new case).
    async fn written<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        case: &Model,
        partners: Option<Vec<i64>>,
    ) -> AppResult<()> {
        match partners {
            Some(partners) => set_partners(db, actor, case.id, &partners).await,
            None => Ok(()),
        }
    }
}
