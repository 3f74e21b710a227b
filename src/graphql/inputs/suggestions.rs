//! The inputs of suggestions' and livelihood projects' writes.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::{livelihood_project, suggestion};

use super::{change, change_ref, key, opt_ref};
use crate::domain::enums::{SuggestionChannel, SuggestionField, SuggestionStatus};
use crate::error::AppResult;
use crate::scalars::{Date, Money};
use crate::service::livelihood_projects::{LivelihoodProjectDraft, LivelihoodProjectPatch};
use crate::service::suggestions::{SuggestionDraft, SuggestionMove, SuggestionPatch};
use crate::service::write::Update;

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

impl From<CreateSuggestionInput> for SuggestionDraft {
    fn from(input: CreateSuggestionInput) -> Self {
        Self {
            title: input.title,
            summary: input.summary,
            field: input.field,
            channel: input.channel,
            status: input.status,
            submitted_on: input.submitted_on.map(|d| d.0),
            submitting_organization: opt_ref(input.submitting_organization),
            author: opt_ref(input.author),
            region: input.region,
            pressing_concern: input.pressing_concern,
        }
    }
}

impl UpdateSuggestionInput {
    /// The update command; an id that is not a suggestion's is bad input.
    pub fn into_update(self) -> AppResult<Update<SuggestionPatch>> {
        Ok(Update {
            key: key::<suggestion::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: SuggestionPatch {
                title: self.title,
                summary: self.summary.into(),
                field: self.field,
                channel: self.channel,
                submitted_on: self.submitted_on.map(|d| d.0),
                submitting_organization: change_ref(self.submitting_organization),
                author: change_ref(self.author),
                region: self.region,
                pressing_concern: self.pressing_concern,
                livelihood_project: change_ref(self.livelihood_project),
                adopted_on: change(self.adopted_on, |d| d.0),
                replied_on: change(self.replied_on, |d| d.0),
            },
        })
    }
}

impl MoveSuggestionInput {
    /// The move command; an id that is not a suggestion's is bad input.
    pub fn into_move(self) -> AppResult<SuggestionMove> {
        Ok(SuggestionMove {
            key: key::<suggestion::Entity>(&self.id)?,
            expected_version: self.expected_version,
            status: self.status,
            livelihood_project: opt_ref(self.livelihood_project),
            replied_on: self.replied_on.map(|d| d.0),
            adopted_on: self.adopted_on.map(|d| d.0),
            submitted_on: self.submitted_on.map(|d| d.0),
        })
    }
}

/// A new livelihood project.
#[derive(InputObject, Debug, Clone)]
pub struct CreateLivelihoodProjectInput {
    /// The year of the list it is on, 2000–2100.
    pub year: i32,
    /// Title, 1–200 characters.
    pub title: String,
    /// The department responsible (an Organization id).
    pub responsible_organization: Option<ID>,
    /// Region code of the government whose list it is on.
    pub region: String,
    /// Budget, in yuan; not negative.
    pub budget: Option<Money>,
}

/// Changes to a livelihood project: only the fields given change; `null` clears an optional
/// field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateLivelihoodProjectInput {
    /// The project to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// The year of the list it is on.
    pub year: Option<i32>,
    /// Title, 1–200 characters.
    pub title: Option<String>,
    /// The department responsible.
    pub responsible_organization: MaybeUndefined<ID>,
    /// Region code.
    pub region: Option<String>,
    /// Budget, in yuan.
    pub budget: MaybeUndefined<Money>,
}

impl From<CreateLivelihoodProjectInput> for LivelihoodProjectDraft {
    fn from(input: CreateLivelihoodProjectInput) -> Self {
        Self {
            year: input.year,
            title: input.title,
            responsible_organization: opt_ref(input.responsible_organization),
            region: input.region,
            budget: input.budget.map(Money::fen),
        }
    }
}

impl UpdateLivelihoodProjectInput {
    /// The update command; an id that is not a project's is bad input.
    pub fn into_update(self) -> AppResult<Update<LivelihoodProjectPatch>> {
        Ok(Update {
            key: key::<livelihood_project::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: LivelihoodProjectPatch {
                year: self.year,
                title: self.title,
                responsible_organization: change_ref(self.responsible_organization),
                region: self.region,
                budget: change(self.budget, Money::fen),
            },
        })
    }
}
