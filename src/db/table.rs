//! What the generic query code needs to know about each table: its key and soft-delete column.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};

/// A table whose rows are soft-deleted and keyed by one column.
pub trait Table: EntityTrait {
    /// The primary-key column, also the stable tie-breaker of every ordering.
    fn key_column() -> Self::Column;
    /// `deleted_at`: rows with a value are hidden from every query.
    fn deleted_at() -> Self::Column;
    /// All rows that are not soft-deleted.
    fn live() -> Select<Self> {
        Self::find().filter(Self::deleted_at().is_null())
    }
}

macro_rules! tables {
    ($($module:ident => $key:ident),+ $(,)?) => {
        $(
            impl Table for entity::$module::Entity {
                fn key_column() -> Self::Column {
                    entity::$module::Column::$key
                }
                fn deleted_at() -> Self::Column {
                    entity::$module::Column::DeletedAt
                }
            }
        )+
    };
}

tables! {
    region => Code,
    person => Id,
    person_private => PersonId,
    person_category => Id,
    organization => Id,
    membership => Id,
    liaison_assignment => Id,
    place => Id,
    pairing => Id,
    activity => Id,
    activity_participant => Id,
    donation => Id,
    livelihood_project => Id,
    suggestion => Id,
    mediation_case => Id,
    mediation_partner => Id,
    publicity_work => Id,
    publication => Id,
    platform_account => Id,
    sales_record => Id,
    household => Id,
    income_uplift => Id,
    term_election => Id,
}
