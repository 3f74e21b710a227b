//! Suggestions (建言) and their state machine: created as drafts or submitted,
//! then moved only along the allowed transitions by `move_to`.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::suggestion::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, IntoActiveModel, NotSet, Set};

use super::audit::Actor;
use super::check::{Checker, today};
use super::fields::set_opt;
use super::write;
use crate::domain::enums::{
    DomainEnum, SuggestionChannel, SuggestionField, SuggestionStatus, decode,
};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::scalars::Date;

/// The statuses a suggestion in `from` may move to; empty for final ones.
pub fn next_statuses(from: SuggestionStatus) -> &'static [SuggestionStatus] {
    use SuggestionStatus::*;
    match from {
        Draft => &[Submitted, Withdrawn],
        Submitted => &[Accepted, Withdrawn],
        Accepted => &[Adopted, RepliedNotAdopted, Withdrawn],
        Adopted => &[AdoptedIntoLivelihoodProject, ConvertedToMeasure, Withdrawn],
        AdoptedIntoLivelihoodProject | ConvertedToMeasure | RepliedNotAdopted | Withdrawn => &[],
    }
}

/// Statuses of a suggestion that was adopted (采纳), which carry `adoptedOn`.
fn is_adopted(status: SuggestionStatus) -> bool {
    matches!(
        status,
        SuggestionStatus::Adopted
            | SuggestionStatus::AdoptedIntoLivelihoodProject
            | SuggestionStatus::ConvertedToMeasure
    )
}

/// A new suggestion, as a draft or submitted.
#[derive(InputObject, Debug, Clone)]
pub struct CreateSuggestionInput {
    /// Title, 1–200 characters.
    pub title: String,
    /// Summary, up to 5,000 characters.
    pub summary: Option<String>,
    /// Field it addresses.
    pub field: SuggestionField,
    /// Channel it came through.
    pub channel: SuggestionChannel,
    /// DRAFT or SUBMITTED (the default); later statuses are reached with `moveSuggestion`.
    #[graphql(default_with = "SuggestionStatus::Submitted")]
    pub status: SuggestionStatus,
    /// Date submitted (for a draft: written); today unless given.
    pub submitted_on: Option<Date>,
    /// The submitting organization (an Organization id), e.g. a democratic party's.
    pub submitting_organization: Option<ID>,
    /// The main author (a Person id).
    pub author: Option<ID>,
    /// Region code of the region it concerns.
    pub region: String,
    /// A pressing everyday concern (急难愁盼).
    #[graphql(default)]
    pub pressing_concern: bool,
}

/// Changes to a suggestion: only the fields given change; `null` clears an optional field.
/// Its status changes only through `moveSuggestion`.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateSuggestionInput {
    /// The suggestion to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Title, 1–200 characters.
    pub title: Option<String>,
    /// Summary.
    pub summary: MaybeUndefined<String>,
    /// Field it addresses.
    pub field: Option<SuggestionField>,
    /// Channel it came through.
    pub channel: Option<SuggestionChannel>,
    /// Date submitted.
    pub submitted_on: Option<Date>,
    /// The submitting organization.
    pub submitting_organization: MaybeUndefined<ID>,
    /// The main author.
    pub author: MaybeUndefined<ID>,
    /// Region code of the region it concerns.
    pub region: Option<String>,
    /// A pressing everyday concern.
    pub pressing_concern: Option<bool>,
    /// The livelihood project it was taken into (ADOPTED_INTO_LIVELIHOOD_PROJECT only).
    pub livelihood_project: MaybeUndefined<ID>,
    /// Date adopted (adopted suggestions only).
    pub adopted_on: MaybeUndefined<Date>,
    /// Date the handling department replied.
    pub replied_on: MaybeUndefined<Date>,
}

/// Moves a suggestion to its next status (DRAFT → SUBMITTED → ACCEPTED → ADOPTED →
/// ADOPTED_INTO_LIVELIHOOD_PROJECT or CONVERTED_TO_MEASURE; ACCEPTED → REPLIED_NOT_ADOPTED;
/// any status that is not final → WITHDRAWN).
#[derive(InputObject, Debug, Clone)]
pub struct MoveSuggestionInput {
    /// The suggestion to move.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// The status to move to; must be one of the suggestion's `nextStatuses`.
    pub status: SuggestionStatus,
    /// Required for ADOPTED_INTO_LIVELIHOOD_PROJECT (a LivelihoodProject id), only for it.
    pub livelihood_project: Option<ID>,
    /// For REPLIED_NOT_ADOPTED (today unless given) and the adopted statuses: the reply date.
    pub replied_on: Option<Date>,
    /// For the adopted statuses: the date adopted; today unless given or already known.
    pub adopted_on: Option<Date>,
    /// For SUBMITTED: the date submitted; today unless given.
    pub submitted_on: Option<Date>,
}

fn not_applicable(check: &mut Checker, field: &str, status: SuggestionStatus) {
    check.fail(
        field,
        UserErrorCode::NotApplicable,
        format!("not to a {} suggestion", status.code()),
        format!("{}的建言不填写此项", status.label()),
    );
}

/// The rules that span fields: a livelihood project exactly for ADOPTED_INTO_LIVELIHOOD_PROJECT,
/// an adoption date exactly for adopted suggestions (kept when withdrawn), dates in order.
fn check_rules(check: &mut Checker, row: &ActiveModel) -> AppResult<()> {
    let status = decode::<SuggestionStatus>(row.status.as_ref())?;
    let into_project = status == SuggestionStatus::AdoptedIntoLivelihoodProject;
    match (into_project, row.livelihood_project_id.as_ref().is_some()) {
        (true, false) => check.fail(
            "livelihoodProject",
            UserErrorCode::Required,
            "a suggestion adopted into a livelihood project names the project",
            "纳入民生实事的建言须填写民生实事项目",
        ),
        (false, true) => not_applicable(check, "livelihoodProject", status),
        _ => {}
    }
    let adopted_on = *row.adopted_on.as_ref();
    if is_adopted(status) && adopted_on.is_none() {
        check.fail(
            "adoptedOn",
            UserErrorCode::Required,
            "an adopted suggestion needs the date it was adopted",
            "已采纳的建言须填写采纳日期",
        );
    }
    if !is_adopted(status) && status != SuggestionStatus::Withdrawn && adopted_on.is_some() {
        not_applicable(check, "adoptedOn", status);
    }
    let submitted_on = Some(*row.submitted_on.as_ref());
    check.date_order("adoptedOn", submitted_on, adopted_on);
    check.date_order("repliedOn", submitted_on, *row.replied_on.as_ref());
    Ok(())
}

/// Adds a suggestion as a draft or submitted.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateSuggestionInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    if !matches!(
        input.status,
        SuggestionStatus::Draft | SuggestionStatus::Submitted
    ) {
        check.fail(
            "status",
            UserErrorCode::InvalidTransition,
            "a new suggestion is DRAFT or SUBMITTED; moveSuggestion takes it further",
            "新建言的状态须为草稿或已提交，其后请用“流转建言”",
        );
    }
    let title = check.text("title", &input.title, 1, 200);
    let region = check.region(db, "region", &input.region, None).await?;
    let submitting_org = match &input.submitting_organization {
        Some(id) => {
            check
                .reference::<entity::organization::Entity>(db, "submittingOrganization", id)
                .await?
        }
        None => None,
    };
    let author = match &input.author {
        Some(id) => {
            check
                .reference::<entity::person::Entity>(db, "author", id)
                .await?
        }
        None => None,
    };
    let row = ActiveModel {
        id: NotSet,
        title: Set(title),
        summary: Set(check.text_opt("summary", input.summary.as_deref(), 5000)),
        field: Set(input.field.code().to_owned()),
        channel: Set(input.channel.code().to_owned()),
        status: Set(input.status.code().to_owned()),
        submitted_on: Set(input.submitted_on.map_or_else(today, |d| d.0)),
        adopted_on: Set(None),
        replied_on: Set(None),
        submitting_org_id: Set(submitting_org),
        author_id: Set(author),
        region_code: Set(region.unwrap_or_default()),
        pressing_concern: Set(input.pressing_concern),
        livelihood_project_id: Set(None),
        ..Default::default()
    };
    check_rules(&mut check, &row)?;
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::create::<Entity, _>(db, actor, row).await
}

/// Changes a suggestion's fields (not its status); refused with VERSION_CONFLICT if it
/// changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateSuggestionInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::suggestion::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(title) = &input.title {
        row.title = Set(check.text("title", title, 1, 200));
    }
    if let Some(v) = set_opt(input.summary, |s| s) {
        row.summary = Set(check.text_opt("summary", v.as_deref(), 5000));
    }
    if let Some(field) = input.field {
        row.field = Set(field.code().to_owned());
    }
    if let Some(channel) = input.channel {
        row.channel = Set(channel.code().to_owned());
    }
    if let Some(date) = input.submitted_on {
        row.submitted_on = Set(date.0);
    }
    match &input.submitting_organization {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.submitting_org_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::organization::Entity>(db, "submittingOrganization", id)
                .await?
            {
                row.submitting_org_id = Set(Some(k));
            }
        }
    }
    match &input.author {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.author_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::person::Entity>(db, "author", id)
                .await?
            {
                row.author_id = Set(Some(k));
            }
        }
    }
    if let Some(region) = &input.region
        && let Some(code) = check.region(db, "region", region, None).await?
    {
        row.region_code = Set(code);
    }
    if let Some(v) = input.pressing_concern {
        row.pressing_concern = Set(v);
    }
    match &input.livelihood_project {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.livelihood_project_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::livelihood_project::Entity>(db, "livelihoodProject", id)
                .await?
            {
                row.livelihood_project_id = Set(Some(k));
            }
        }
    }
    if let Some(v) = set_opt(input.adopted_on, |d| d.0) {
        row.adopted_on = Set(v);
    }
    if let Some(v) = set_opt(input.replied_on, |d| d.0) {
        row.replied_on = Set(v);
    }
    check_rules(&mut check, &row)?;
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Moves a suggestion to one of its next statuses; any other target is refused with
/// INVALID_TRANSITION naming the allowed ones.
pub async fn move_to(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: MoveSuggestionInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::suggestion::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    // A stale version is a conflict before anything else: the status the move starts from
    // is the one the caller read.
    if before.version != input.expected_version {
        return Err(AppError::VersionConflict {
            current: before.version,
        });
    }
    let from = decode::<SuggestionStatus>(&before.status)?;
    let to = input.status;
    let allowed = next_statuses(from);
    if !allowed.contains(&to) {
        let codes: Vec<&str> = allowed.iter().map(|s| s.code()).collect();
        let labels: Vec<&str> = allowed.iter().map(|s| s.label()).collect();
        let (en, zh) = if allowed.is_empty() {
            (
                format!("a {} suggestion is final and cannot move", from.code()),
                format!("{}的建言已办结，不能再变更状态", from.label()),
            )
        } else {
            (
                format!(
                    "a {} suggestion cannot move to {}; allowed: {}",
                    from.code(),
                    to.code(),
                    codes.join(", ")
                ),
                format!(
                    "{}的建言不能改为{}，可改为：{}",
                    from.label(),
                    to.label(),
                    labels.join("、")
                ),
            )
        };
        return Err(AppError::invalid(
            &["input", "status"],
            UserErrorCode::InvalidTransition,
            en,
            zh,
        ));
    }
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    row.status = Set(to.code().to_owned());
    match &input.livelihood_project {
        Some(_) if to != SuggestionStatus::AdoptedIntoLivelihoodProject => {
            not_applicable(&mut check, "livelihoodProject", to)
        }
        Some(id) => {
            if let Some(k) = check
                .reference::<entity::livelihood_project::Entity>(db, "livelihoodProject", id)
                .await?
            {
                row.livelihood_project_id = Set(Some(k));
            }
        }
        None => {}
    }
    match (is_adopted(to), input.adopted_on) {
        (true, Some(date)) => row.adopted_on = Set(Some(date.0)),
        (true, None) if to == SuggestionStatus::Adopted || before.adopted_on.is_none() => {
            row.adopted_on = Set(Some(today()))
        }
        (false, Some(_)) => not_applicable(&mut check, "adoptedOn", to),
        _ => {}
    }
    let replies = is_adopted(to) || to == SuggestionStatus::RepliedNotAdopted;
    match (replies, input.replied_on) {
        (true, Some(date)) => row.replied_on = Set(Some(date.0)),
        (true, None) if to == SuggestionStatus::RepliedNotAdopted => {
            row.replied_on = Set(Some(today()))
        }
        (false, Some(_)) => not_applicable(&mut check, "repliedOn", to),
        _ => {}
    }
    match (to == SuggestionStatus::Submitted, input.submitted_on) {
        (true, date) => row.submitted_on = Set(date.map_or_else(today, |d| d.0)),
        (false, Some(_)) => not_applicable(&mut check, "submittedOn", to),
        (false, None) => {}
    }
    check_rules(&mut check, &row)?;
    check.finish()?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a suggestion (nothing points at suggestions).
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_in_region::<Entity, _>(db, actor, id, expected_version, &[], false).await
}

/// Restores a soft-deleted suggestion.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_in_region::<Entity, _>(db, actor, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_machine_follows_domain_3_8() {
        use SuggestionStatus::*;
        for from in SuggestionStatus::ALL {
            let next = next_statuses(*from);
            let is_final = matches!(
                from,
                AdoptedIntoLivelihoodProject | ConvertedToMeasure | RepliedNotAdopted | Withdrawn
            );
            assert_eq!(next.is_empty(), is_final, "{from:?}");
            assert_eq!(next.contains(&Withdrawn), !is_final, "{from:?}");
            assert!(!next.contains(from), "no move to itself: {from:?}");
        }
        assert_eq!(
            next_statuses(Accepted),
            [Adopted, RepliedNotAdopted, Withdrawn]
        );
        assert!(
            !next_statuses(Submitted).contains(&Adopted),
            "受理 comes before 采纳"
        );
        assert!(!next_statuses(Accepted).contains(&ConvertedToMeasure));
    }
}
