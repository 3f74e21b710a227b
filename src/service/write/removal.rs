//! Deleting and restoring by key, the one path every entity's `delete` and `restore` take:
//! load the row, let the entity check it, then write through `soft_delete` or `restore`. What differs per entity (authorisation, blocking links, parent rules) is the check.

use sea_orm::{ActiveValue, ConnectionTrait};

use super::{Writable, get_deleted, get_live, restore, soft_delete};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::service::audit::Actor;
use crate::service::links::{self, Link};

/// Soft-deletes the live row keyed `key` once `check` has passed it; `check` gets the row's key
/// and the row, and answers for authorisation and whatever blocks or goes with the deletion.
pub async fn delete_by_id<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    check: impl AsyncFnOnce(i64, &E::Model) -> AppResult<()>,
) -> AppResult<E::Model> {
    let before = get_live::<E, _>(db, key).await?;
    check(key, &before).await?;
    soft_delete::<E, C>(db, actor, &before, expected_version).await
}

/// Restores the soft-deleted row keyed `key` once `check` has passed it (authorisation, live
/// parents, no clash with rows written meanwhile).
pub async fn restore_by_id<E: Writable, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    key: i64,
    check: impl AsyncFnOnce(i64, &E::Model) -> AppResult<()>,
) -> AppResult<E::Model> {
    let before = get_deleted::<E, _>(db, key).await?;
    check(key, &before).await?;
    restore::<E, C>(db, actor, &before).await
}

/// A restore under a parent that is itself deleted is refused (PARENT_DELETED): `en`/`zh` say
/// which parent to restore first.
pub fn parent_not_deleted(parent_deleted: bool, en: &str, zh: &str) -> AppResult<()> {
    if parent_deleted {
        return Err(AppError::invalid(
            &["input", "id"],
            UserErrorCode::ParentDeleted,
            en,
            zh,
        ));
    }
    Ok(())
}

/// A record that names the region whose writers may change it.
pub trait InRegion: Writable {
    /// The region code write access is checked against.
    fn region(model: &Self::Model) -> &str;
    /// The region a row about to be written names (empty while none is set).
    fn written_region(row: &Self::ActiveModel) -> &str;
}

macro_rules! in_region {
    ($($module:ident => $field:ident),+ $(,)?) => {
        $(
            impl InRegion for entity::$module::Entity {
                fn region(model: &Self::Model) -> &str {
                    &model.$field
                }

                fn written_region(row: &Self::ActiveModel) -> &str {
                    match &row.$field {
                        ActiveValue::Set(code) | ActiveValue::Unchanged(code) => code,
                        ActiveValue::NotSet => "",
                    }
                }
            }
        )+
    };
}

in_region! {
    activity => region_code,
    household => village_code,
    liaison_assignment => region_code,
    livelihood_project => region_code,
    mediation_case => region_code,
    organization => region_code,
    pairing => village_code,
    person => region_code,
    publicity_work => region_code,
    suggestion => region_code,
}

/// Soft-deletes a record of a region the actor may write, after `links` are released: ended
/// when `end_links` asks for it and they can be, refusing the deletion otherwise.
pub async fn delete_in_region<E: InRegion, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    links: &[Link],
    end_links: bool,
) -> AppResult<E::Model> {
    delete_by_id::<E, C>(db, actor, key, expected_version, async |key, before| {
        actor.may_write(E::region(before))?;
        links::release(db, actor, links, key, end_links).await
    })
    .await
}
