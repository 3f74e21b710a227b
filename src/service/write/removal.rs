//! What deleting and restoring need beside the generic `delete` and `restore` of
//! `write::record`: the region a record is written in, and the refusal of a restore under a
//! deleted parent.

use sea_orm::ActiveValue;

use super::Writable;
use crate::error::{AppError, AppResult, UserErrorCode};

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
