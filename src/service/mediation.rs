//! Mediation cases and the organizations that took part, kept as a set of `mediation_partner`
//! links that each change replaces (every link written or ended is audited).

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::mediation_case::{ActiveModel, Column, Entity, Model};
use entity::mediation_partner as partner;
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::{self, ItemErrors, set_opt};
use super::links::Link;
use super::write;
use crate::db::table::Table;
use crate::domain::enums::{
    DisputeSubtype, DomainEnum, MediationCategory, MediationStatus, decode,
};
use crate::error::{AppResult, UserErrorCode};
use crate::scalars::{Date, Money};

/// A new mediation case.
#[derive(InputObject, Debug, Clone)]
pub struct CreateMediationCaseInput {
    /// Case number, 1–50 characters, unique.
    pub case_no: String,
    /// Category of the dispute.
    pub category: MediationCategory,
    /// Subtype, for commercial disputes only.
    pub subtype: Option<DisputeSubtype>,
    /// Status; ACCEPTED unless given. SETTLED and FAILED need `closedOn`.
    #[graphql(default_with = "MediationStatus::Accepted")]
    pub status: MediationStatus,
    /// Date the case was accepted.
    pub accepted_on: Date,
    /// Date it was closed; not before `acceptedOn`, not for open cases.
    pub closed_on: Option<Date>,
    /// Amount in dispute, in yuan; not negative.
    pub amount_in_dispute: Option<Money>,
    /// Region code where the dispute arose.
    pub region: String,
    /// Summary, up to 5,000 characters (may contain personal data: review before display).
    pub summary: Option<String>,
    /// Confirmed by a court (司法确认); settled cases only.
    pub judicially_confirmed: Option<bool>,
    /// Courts, justice bureaus, chambers and community organizations that took part
    /// (Organization ids), each once.
    #[graphql(default)]
    pub partners: Vec<ID>,
}

/// Changes to a mediation case: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateMediationCaseInput {
    /// The case to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Case number, unique.
    pub case_no: Option<String>,
    /// Category of the dispute.
    pub category: Option<MediationCategory>,
    /// Subtype, for commercial disputes only.
    pub subtype: MaybeUndefined<DisputeSubtype>,
    /// Status.
    pub status: Option<MediationStatus>,
    /// Date the case was accepted.
    pub accepted_on: Option<Date>,
    /// Date it was closed.
    pub closed_on: MaybeUndefined<Date>,
    /// Amount in dispute, in yuan.
    pub amount_in_dispute: MaybeUndefined<Money>,
    /// Region code where the dispute arose.
    pub region: Option<String>,
    /// Summary.
    pub summary: MaybeUndefined<String>,
    /// Confirmed by a court (司法确认).
    pub judicially_confirmed: MaybeUndefined<bool>,
    /// The partner organizations, replacing the current set (`[]` removes them all).
    pub partners: Option<Vec<ID>>,
}

/// Records that point at a case: its partner links end with it on request.
const LINKS: &[Link] = &[Link::ended(
    "mediation_partner",
    "case_id",
    "partner organizations",
)];

/// The rules that span fields: closed cases say when, open ones not; dates in order; amounts
/// not negative; subtypes for commercial disputes; judicial confirmation for settled cases.
fn check_rules(check: &mut Checker, row: &ActiveModel) -> AppResult<()> {
    let status = decode::<MediationStatus>(row.status.as_ref())?;
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
    let commercial = row.category.as_ref() == MediationCategory::Commercial.code();
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

/// Adds a mediation case with its partner organizations.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateMediationCaseInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let case_no = check.text("caseNo", &input.case_no, 1, 50);
    check
        .unique::<Entity>(db, "caseNo", Column::CaseNo, &case_no, None)
        .await?;
    let region = check.region(db, "region", &input.region, None).await?;
    let mut items = ItemErrors::default();
    let partners = fields::references::<entity::organization::Entity>(
        &mut items,
        db,
        "partners",
        &input.partners,
    )
    .await?;
    let row = ActiveModel {
        id: NotSet,
        case_no: Set(case_no),
        category: Set(input.category.code().to_owned()),
        subtype: Set(input.subtype.map(|s| s.code().to_owned())),
        accepted_on: Set(input.accepted_on.0),
        closed_on: Set(input.closed_on.map(|d| d.0)),
        status: Set(input.status.code().to_owned()),
        amount_fen: Set(input.amount_in_dispute.map(Money::fen)),
        region_code: Set(region.unwrap_or_default()),
        summary: Set(check.text_opt("summary", input.summary.as_deref(), 5000)),
        judicially_confirmed: Set(input.judicially_confirmed),
        ..Default::default()
    };
    check_rules(&mut check, &row)?;
    items.finish(check)?;
    actor.may_write(row.region_code.as_ref())?;
    let case = write::create::<Entity, _>(db, actor, row).await?;
    set_partners(db, actor, case.id, &partners).await?;
    Ok(case)
}

/// Changes a mediation case (and replaces its partners when given); refused with
/// VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateMediationCaseInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::mediation_case::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(case_no) = &input.case_no {
        let case_no = check.text("caseNo", case_no, 1, 50);
        check
            .unique::<Entity>(db, "caseNo", Column::CaseNo, &case_no, Some(key))
            .await?;
        row.case_no = Set(case_no);
    }
    if let Some(category) = input.category {
        row.category = Set(category.code().to_owned());
    }
    if let Some(v) = set_opt(input.subtype, |s| s.code().to_owned()) {
        row.subtype = Set(v);
    }
    if let Some(status) = input.status {
        row.status = Set(status.code().to_owned());
    }
    if let Some(date) = input.accepted_on {
        row.accepted_on = Set(date.0);
    }
    if let Some(v) = set_opt(input.closed_on, |d| d.0) {
        row.closed_on = Set(v);
    }
    if let Some(v) = set_opt(input.amount_in_dispute, Money::fen) {
        row.amount_fen = Set(v);
    }
    if let Some(region) = &input.region
        && let Some(code) = check.region(db, "region", region, None).await?
    {
        row.region_code = Set(code);
    }
    if let Some(v) = set_opt(input.summary, |s| s) {
        row.summary = Set(check.text_opt("summary", v.as_deref(), 5000));
    }
    if let Some(v) = set_opt(input.judicially_confirmed, |b| b) {
        row.judicially_confirmed = Set(v);
    }
    let mut items = ItemErrors::default();
    let partners = match &input.partners {
        Some(ids) => Some(
            fields::references::<entity::organization::Entity>(&mut items, db, "partners", ids)
                .await?,
        ),
        None => None,
    };
    check_rules(&mut check, &row)?;
    items.finish(check)?;
    actor.may_write(row.region_code.as_ref())?;
    let case =
        write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row)
            .await?;
    if let Some(partners) = partners {
        set_partners(db, actor, key, &partners).await?;
    }
    Ok(case)
}

/// Soft-deletes a mediation case; refused while it has partners, unless `end_links` ends them.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    write::delete_in_region::<Entity, _>(db, actor, id, expected_version, LINKS, end_links).await
}

/// Restores a soft-deleted mediation case (partner links ended with it stay ended).
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_in_region::<Entity, _>(db, actor, id).await
}
