//! Households that village influencers help: each lives in a village, and its head's name is
//! personal data. Writes are scoped to the household's village.

use async_graphql::{ID, InputObject};
use entity::household::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, IntoActiveModel, NotSet, Set};

use crate::domain::enums::RegionLevel;
use crate::error::{AppResult, UserErrorCode};
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::links::Link;
use crate::service::people::rules;
use crate::service::write;

/// A rural household.
#[derive(InputObject, Debug, Clone)]
pub struct CreateHouseholdInput {
    /// Code of the village or community it lives in (village level).
    pub village: String,
    /// Name of the head of household, 1–40 characters (same rules as a person's name).
    pub head_name: String,
    /// People in the household, at least 1.
    pub member_count: i32,
}

/// Corrections to a household: only the fields given change.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateHouseholdInput {
    /// The household to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Village code (village level).
    pub village: Option<String>,
    /// New name of the head of household, as on create; omitted: unchanged.
    pub head_name: Option<String>,
    /// New number of people in the household, as on create; omitted: unchanged.
    pub member_count: Option<i32>,
}

/// Records that point at a household: the influencers' links, ended on request.
const LINKS: &[Link] = &[Link::ended(
    "income_uplift",
    "household_id",
    "income-uplift links",
)];

fn member_count(check: &mut Checker, value: i32) {
    if value < 1 {
        check.fail(
            "memberCount",
            UserErrorCode::OutOfRange,
            "memberCount must be at least 1",
            "家庭人口数至少为 1",
        );
    }
}

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateHouseholdInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let village = check
        .region(db, "village", &input.village, Some(RegionLevel::Village))
        .await?;
    let head_name = rules::name(&mut check, "headName", &input.head_name);
    member_count(&mut check, input.member_count);
    check.finish()?;
    let village = village.unwrap_or_default();
    actor.may_write(&village)?;
    let row = ActiveModel {
        id: NotSet,
        village_code: Set(village),
        head_name: Set(head_name),
        member_count: Set(input.member_count),
        is_synthetic: Set(false),
        ..Default::default()
    };
    write::create::<Entity, _>(db, actor, row).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateHouseholdInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::household::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.village_code)?;
    let mut check = Checker::default();
    let mut row = before.clone().into_active_model();
    if let Some(code) = &input.village
        && let Some(village) = check
            .region(db, "village", code, Some(RegionLevel::Village))
            .await?
    {
        row.village_code = Set(village);
    }
    if let Some(name) = &input.head_name {
        row.head_name = Set(rules::name(&mut check, "headName", name));
    }
    if let Some(count) = input.member_count {
        member_count(&mut check, count);
        row.member_count = Set(count);
    }
    check.finish()?;
    actor.may_write(row.village_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a household; refused while influencers are linked to it, unless `end_links`
/// ends those links.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    write::delete_in_region::<Entity, _>(db, actor, id, expected_version, LINKS, end_links).await
}

/// Restores a soft-deleted household (links ended by its deletion stay ended).
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_in_region::<Entity, _>(db, actor, id).await
}
