//! Livelihood projects (民生实事): the items suggestions can be adopted into.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::livelihood_project::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, IntoActiveModel, NotSet, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::set_opt;
use super::links::Link;
use super::write;
use crate::error::{AppResult, UserErrorCode};
use crate::scalars::Money;

/// Years a livelihood-project list can belong to.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

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

/// Adds a livelihood project.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateLivelihoodProjectInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let title = check.text("title", &input.title, 1, 200);
    let region = check.region(db, "region", &input.region, None).await?;
    let responsible = match &input.responsible_organization {
        Some(id) => {
            check
                .reference::<entity::organization::Entity>(db, "responsibleOrganization", id)
                .await?
        }
        None => None,
    };
    let row = ActiveModel {
        id: NotSet,
        year: Set(input.year),
        title: Set(title),
        responsible_org_id: Set(responsible),
        region_code: Set(region.unwrap_or_default()),
        budget_fen: Set(input.budget.map(Money::fen)),
        ..Default::default()
    };
    check_rules(&mut check, &row);
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::create::<Entity, _>(db, actor, row).await
}

/// Changes a livelihood project; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateLivelihoodProjectInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::livelihood_project::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(year) = input.year {
        row.year = Set(year);
    }
    if let Some(title) = &input.title {
        row.title = Set(check.text("title", title, 1, 200));
    }
    match &input.responsible_organization {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.responsible_org_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::organization::Entity>(db, "responsibleOrganization", id)
                .await?
            {
                row.responsible_org_id = Set(Some(k));
            }
        }
    }
    if let Some(region) = &input.region
        && let Some(code) = check.region(db, "region", region, None).await?
    {
        row.region_code = Set(code);
    }
    if let Some(v) = set_opt(input.budget, Money::fen) {
        row.budget_fen = Set(v);
    }
    check_rules(&mut check, &row);
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a livelihood project; refused while suggestions are adopted into it.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    write::delete_in_region::<Entity, _>(db, actor, id, expected_version, LINKS, end_links).await
}

/// Restores a soft-deleted livelihood project.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_in_region::<Entity, _>(db, actor, id).await
}
