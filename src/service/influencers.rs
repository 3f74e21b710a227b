//! Network figures' records: platform accounts (follower measurements), farm-product sales,
//! the households village influencers help, and the links between influencers and households.

pub mod accounts;
pub mod households;
pub mod sales;
pub mod uplifts;

use entity::person;
use sea_orm::ConnectionTrait;

use super::audit::Actor;
use super::people::rules;
use super::write;
use crate::error::AppResult;

/// The person a record belongs to, live: their region scopes writes of the record.
async fn owner_may_write(
    db: &impl ConnectionTrait,
    actor: &Actor,
    person_id: i64,
) -> AppResult<person::Model> {
    let owner = write::get_live::<person::Entity, _>(db, person_id).await?;
    actor.may_write(&owner.region_code)?;
    Ok(owner)
}

/// Like [`owner_may_write`] for a restore: a deleted owner is a user error, not NOT_FOUND.
async fn owner_for_restore(
    db: &impl ConnectionTrait,
    actor: &Actor,
    person_id: i64,
) -> AppResult<person::Model> {
    let owner = rules::parent_live::<person::Entity>(db, person_id, "person", "人员").await?;
    actor.may_write(&owner.region_code)?;
    Ok(owner)
}
