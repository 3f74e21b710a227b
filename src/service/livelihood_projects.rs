//! Livelihood projects (民生实事): the items suggestions can be adopted into.

use entity::livelihood_project::{ActiveModel, Entity, Model};
use entity::organization;
use sea_orm::{ConnectionTrait, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::put;
use super::links::Link;
use super::write::{self, Update};
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

/// Records that point at a livelihood project.
const LINKS: &[Link] = &[Link::blocking(
    "suggestion",
    "livelihood_project_id",
    "suggestions adopted into it",
)];

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

/// Writes the fields `patch` gives into `row`, each checked, and checks the project as a
/// whole: the one place a project's fields are written, for a new row as for a stored one.
async fn apply(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    row: &mut ActiveModel,
    patch: LivelihoodProjectPatch,
) -> AppResult<()> {
    put(&mut row.year, patch.year);
    put(
        &mut row.title,
        patch.title.map(|t| check.text("title", &t, 1, 200)),
    );
    if let Some(region) = patch.region {
        put(
            &mut row.region_code,
            check.region(db, "region", &region, None).await?,
        );
    }
    // A reference that fails leaves the column empty: the write is refused anyway.
    if let Some(named) = patch.responsible_organization.into_new() {
        row.responsible_org_id = Set(match named {
            Some(named) => {
                check
                    .reference::<organization::Entity>(db, "responsibleOrganization", named)
                    .await?
            }
            None => None,
        });
    }
    put(&mut row.budget_fen, patch.budget.into_new());
    check_rules(check, row);
    Ok(())
}

/// Adds a livelihood project.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    draft: LivelihoodProjectDraft,
) -> AppResult<Model> {
    let patch = draft.into();
    let created = write::create_in_region::<Entity, _, _>(db, actor, async |check, row| {
        apply(db, check, row, patch).await
    });
    Ok(created.await?.0)
}

/// Changes a livelihood project; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    update: Update<LivelihoodProjectPatch>,
) -> AppResult<Model> {
    let Update {
        key,
        expected_version,
        patch,
    } = update;
    let updated = write::update_in_region::<Entity, _, _>(
        db,
        actor,
        key,
        expected_version,
        async |check, row| apply(db, check, row, patch).await,
    );
    Ok(updated.await?.0)
}

/// Soft-deletes a livelihood project; refused while suggestions are adopted into it.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    write::delete_in_region::<Entity, _>(db, actor, key, expected_version, LINKS, end_links).await
}

/// Restores a soft-deleted livelihood project.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, key: i64) -> AppResult<Model> {
    write::restore_in_region::<Entity, _>(db, actor, key).await
}
