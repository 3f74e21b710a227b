//! Suggestions (建言) and their state machine: created as drafts or submitted,
//! then moved only along the allowed transitions by `move_to`.

use chrono::NaiveDate;
use entity::suggestion::{ActiveModel, Entity, Model};
use entity::{livelihood_project, organization, person};
use sea_orm::{ConnectionTrait, IntoActiveModel, Set};

use super::audit::Actor;
use super::check::{Checker, today};
use super::fields::put;
use super::write::{self, InRegion, Patch, Record};
use crate::domain::change::Change;
use crate::domain::enums::{DomainEnum, SuggestionChannel, SuggestionField, SuggestionStatus};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;

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
pub struct SuggestionDraft {
    pub title: String,
    pub summary: Option<String>,
    pub field: SuggestionField,
    pub channel: SuggestionChannel,
    pub status: SuggestionStatus,
    /// Today unless given.
    pub submitted_on: Option<NaiveDate>,
    pub submitting_organization: Option<Ref<organization::Entity>>,
    pub author: Option<Ref<person::Entity>>,
    pub region: String,
    pub pressing_concern: bool,
}

/// Changes to a suggestion's fields (its status moves only through [`move_to`]): `None` and
/// [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct SuggestionPatch {
    pub title: Option<String>,
    pub summary: Change<String>,
    pub field: Option<SuggestionField>,
    pub channel: Option<SuggestionChannel>,
    pub submitted_on: Option<NaiveDate>,
    pub submitting_organization: Change<Ref<organization::Entity>>,
    pub author: Change<Ref<person::Entity>>,
    pub region: Option<String>,
    pub pressing_concern: Option<bool>,
    pub livelihood_project: Change<Ref<livelihood_project::Entity>>,
    pub adopted_on: Change<NaiveDate>,
    pub replied_on: Change<NaiveDate>,
}

impl From<SuggestionDraft> for SuggestionPatch {
    fn from(draft: SuggestionDraft) -> Self {
        Self {
            title: Some(draft.title),
            summary: Change::from_option(draft.summary),
            field: Some(draft.field),
            channel: Some(draft.channel),
            submitted_on: Some(draft.submitted_on.unwrap_or_else(today)),
            submitting_organization: Change::from_option(draft.submitting_organization),
            author: Change::from_option(draft.author),
            region: Some(draft.region),
            pressing_concern: Some(draft.pressing_concern),
            livelihood_project: Change::Clear,
            adopted_on: Change::Clear,
            replied_on: Change::Clear,
        }
    }
}

/// Moves a suggestion to its next status, with the dates and project that move records.
pub struct SuggestionMove {
    pub key: i64,
    pub expected_version: i32,
    pub status: SuggestionStatus,
    pub livelihood_project: Option<Ref<livelihood_project::Entity>>,
    pub replied_on: Option<NaiveDate>,
    pub adopted_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
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
    let status = *row.status.as_ref();
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

impl Patch for SuggestionPatch {
    type Entity = Entity;

    async fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        check: &mut Checker,
        row: &mut ActiveModel,
        _key: Option<i64>,
    ) -> AppResult<()> {
        check.put_title(&mut row.title, self.title);
        check
            .put_region(db, &mut row.region_code, "region", self.region, None)
            .await?;
        check
            .put_reference(
                db,
                &mut row.submitting_org_id,
                "submittingOrganization",
                self.submitting_organization,
            )
            .await?;
        check
            .put_reference(db, &mut row.author_id, "author", self.author)
            .await?;
        check.put_text_opt(&mut row.summary, "summary", self.summary, 5000);
        put(&mut row.field, self.field);
        put(&mut row.channel, self.channel);
        put(&mut row.submitted_on, self.submitted_on);
        put(&mut row.pressing_concern, self.pressing_concern);
        check
            .put_reference(
                db,
                &mut row.livelihood_project_id,
                "livelihoodProject",
                self.livelihood_project,
            )
            .await?;
        put(&mut row.adopted_on, self.adopted_on.into_new());
        put(&mut row.replied_on, self.replied_on.into_new());
        check_rules(check, row)
    }
}

/// Suggestions: written in their region, created as drafts or submitted.
pub struct Suggestions;

impl Record for Suggestions {
    type Entity = Entity;
    type Draft = SuggestionDraft;
    type Patch = SuggestionPatch;
    type Governor = ();
    type Outcome = ();

    async fn may_change<C: ConnectionTrait>(_: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        actor.may_write(&row.region_code)
    }

    /// As a draft or submitted; `move_to` takes it further.
    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: SuggestionDraft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<()> {
        let status = draft.status;
        if !matches!(
            status,
            SuggestionStatus::Draft | SuggestionStatus::Submitted
        ) {
            check.fail(
                "status",
                UserErrorCode::InvalidTransition,
                "a new suggestion is DRAFT or SUBMITTED; moveSuggestion takes it further",
                "新建言的状态须为草稿或已提交，其后请用“流转建言”",
            );
        }
        row.status = Set(status);
        SuggestionPatch::from(draft)
            .apply(db, check, row, None)
            .await
    }

    /// Its fields, not its status.
    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: SuggestionPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        (): (),
    ) -> AppResult<()> {
        patch.apply(db, check, row, Some(before.id)).await
    }

    async fn settle<C: ConnectionTrait>(
        _: &C,
        actor: &Actor,
        row: &ActiveModel,
        (): &(),
    ) -> AppResult<()> {
        actor.may_write(Entity::written_region(row))
    }
}

/// Moves a suggestion to one of its next statuses; any other target is refused with
/// INVALID_TRANSITION naming the allowed ones.
pub async fn move_to(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: SuggestionMove,
) -> AppResult<Model> {
    let before = write::get_live::<Entity, _>(db, input.key).await?;
    actor.may_write(&before.region_code)?;
    // A stale version is a conflict before anything else: the status the move starts from
    // is the one the caller read.
    if before.version != input.expected_version {
        return Err(AppError::VersionConflict {
            current: before.version,
        });
    }
    let from = before.status;
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
    row.status = Set(to);
    match input.livelihood_project {
        Some(_) if to != SuggestionStatus::AdoptedIntoLivelihoodProject => {
            not_applicable(&mut check, "livelihoodProject", to)
        }
        Some(named) => {
            if let Some(k) = check
                .reference::<livelihood_project::Entity>(db, "livelihoodProject", named)
                .await?
            {
                row.livelihood_project_id = Set(Some(k));
            }
        }
        None => {}
    }
    match (is_adopted(to), input.adopted_on) {
        (true, Some(date)) => row.adopted_on = Set(Some(date)),
        (true, None) if to == SuggestionStatus::Adopted || before.adopted_on.is_none() => {
            row.adopted_on = Set(Some(today()))
        }
        (false, Some(_)) => not_applicable(&mut check, "adoptedOn", to),
        _ => {}
    }
    let replies = is_adopted(to) || to == SuggestionStatus::RepliedNotAdopted;
    match (replies, input.replied_on) {
        (true, Some(date)) => row.replied_on = Set(Some(date)),
        (true, None) if to == SuggestionStatus::RepliedNotAdopted => {
            row.replied_on = Set(Some(today()))
        }
        (false, Some(_)) => not_applicable(&mut check, "repliedOn", to),
        _ => {}
    }
    match (to == SuggestionStatus::Submitted, input.submitted_on) {
        (true, date) => row.submitted_on = Set(date.unwrap_or_else(today)),
        (false, Some(_)) => not_applicable(&mut check, "submittedOn", to),
        (false, None) => {}
    }
    check_rules(&mut check, &row)?;
    check.finish()?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
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
