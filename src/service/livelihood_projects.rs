//! Livelihood projects (民生实事): the items suggestions can be adopted into.

use entity::livelihood_project::{ActiveModel, Entity};
use entity::organization;
use sea_orm::ConnectionTrait;

use super::check::Checker;
use super::fields::put;
use super::links::Link;
use super::write::{InOwnRegion, Patch};
use crate::domain::change::Change;
use crate::error::{AppResult, UserErrorCode};
use crate::ids::Ref;

/// Years a livelihood-project list can belong to.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A new livelihood project.
pub struct LivelihoodProjectDraft {
    pub year: i32,
    pub title: String,
    pub responsible_organization: Option<Ref<organization::Entity>>,
    pub region: String,
    /// In fen.
    pub budget: Option<i64>,
}

/// Changes to a livelihood project: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct LivelihoodProjectPatch {
    pub year: Option<i32>,
    pub title: Option<String>,
    pub responsible_organization: Change<Ref<organization::Entity>>,
    pub region: Option<String>,
    /// In fen.
    pub budget: Change<i64>,
}

impl From<LivelihoodProjectDraft> for LivelihoodProjectPatch {
    fn from(draft: LivelihoodProjectDraft) -> Self {
        Self {
            year: Some(draft.year),
            title: Some(draft.title),
            responsible_organization: Change::from_option(draft.responsible_organization),
            region: Some(draft.region),
            budget: Change::from_option(draft.budget),
        }
    }
}

fn check_rules(check: &mut Checker, row: &ActiveModel) {
    if !YEARS.contains(row.year.as_ref()) {
        check.fail(
            "year",
            UserErrorCode::OutOfRange,
            "year must be between 2000 and 2100",
            "年份须在 2000 至 2100 之间",
        );
    }
    check.non_negative("budget", *row.budget_fen.as_ref());
}

impl Patch for LivelihoodProjectPatch {
    type Entity = Entity;

    async fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        check: &mut Checker,
        row: &mut ActiveModel,
        _key: Option<i64>,
    ) -> AppResult<()> {
        put(&mut row.year, self.year);
        check.put_title(&mut row.title, self.title);
        check
            .put_region(db, &mut row.region_code, "region", self.region, None)
            .await?;
        check
            .put_reference(
                db,
                &mut row.responsible_org_id,
                "responsibleOrganization",
                self.responsible_organization,
            )
            .await?;
        put(&mut row.budget_fen, self.budget.into_new());
        check_rules(check, row);
        Ok(())
    }
}

/// Livelihood projects: written in their region; refused deletion while suggestions are
/// adopted into them.
pub struct LivelihoodProjects;

impl InOwnRegion for LivelihoodProjects {
    type Draft = LivelihoodProjectDraft;
    type Patch = LivelihoodProjectPatch;
    const LINKS: &'static [Link] = &[Link::blocking(
        "suggestion",
        "livelihood_project_id",
        "suggestions adopted into it",
        "纳入其中的建言",
    )];
}
