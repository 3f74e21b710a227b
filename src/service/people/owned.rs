//! What a person owns and what goes and comes back with them: the personal-data row, the
//! categories, the platform accounts and the sales records. Every row change is audited.

use chrono::{DateTime, Utc};
use entity::{person_category, person_private};
use sea_orm::{ColumnTrait, ConnectionTrait, NotSet, QueryFilter, Set};

use crate::db::table::Table;
use crate::domain::enums::UfCategory;
use crate::error::AppResult;
use crate::service::audit::Actor;
use crate::service::write::{self, Writable};

/// How to read the bookkeeping of one owned table's rows.
struct Owned<E: Table> {
    column: E::Column,
    version: fn(&E::Model) -> i32,
    deleted_at: fn(&E::Model) -> Option<DateTime<Utc>>,
}

async fn delete_rows<E: Writable>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    owned: Owned<E>,
    person: i64,
) -> AppResult<()> {
    for row in E::live().filter(owned.column.eq(person)).all(db).await? {
        write::soft_delete::<E, _>(db, actor, &row, (owned.version)(&row)).await?;
    }
    Ok(())
}

async fn restore_rows<E: Writable>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    owned: Owned<E>,
    person: i64,
    since: DateTime<Utc>,
) -> AppResult<()> {
    let deleted = E::find()
        .filter(owned.column.eq(person))
        .filter(E::deleted_at().is_not_null())
        .all(db)
        .await?;
    for row in deleted {
        if (owned.deleted_at)(&row).is_some_and(|at| at >= since) {
            write::restore::<E, _>(db, actor, &row).await?;
        }
    }
    Ok(())
}

macro_rules! owned {
    ($module:ident, $column:ident) => {
        Owned::<entity::$module::Entity> {
            column: entity::$module::Column::$column,
            version: |m| m.version,
            deleted_at: |m| m.deleted_at,
        }
    };
}

/// Soft-deletes everything person `key` owns (after the person, so a restore can tell these
/// rows from ones deleted earlier on their own).
pub async fn delete(db: &impl ConnectionTrait, actor: &Actor, key: i64) -> AppResult<()> {
    delete_rows(db, actor, owned!(person_private, PersonId), key).await?;
    delete_rows(db, actor, owned!(person_category, PersonId), key).await?;
    delete_rows(db, actor, owned!(platform_account, PersonId), key).await?;
    delete_rows(db, actor, owned!(sales_record, PersonId), key).await
}

/// Restores what person `key` owned when it was deleted at `deleted_at`: the rows deleted with
/// it, not those removed earlier (a replaced category, a withdrawn sales record …).
pub async fn restore(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    deleted_at: DateTime<Utc>,
) -> AppResult<()> {
    restore_rows(db, actor, owned!(person_private, PersonId), key, deleted_at).await?;
    restore_rows(
        db,
        actor,
        owned!(person_category, PersonId),
        key,
        deleted_at,
    )
    .await?;
    restore_rows(
        db,
        actor,
        owned!(platform_account, PersonId),
        key,
        deleted_at,
    )
    .await?;
    restore_rows(db, actor, owned!(sales_record, PersonId), key, deleted_at).await
}

/// The person's live personal-data row, if any.
pub async fn private_row(
    db: &impl ConnectionTrait,
    key: i64,
) -> AppResult<Option<person_private::Model>> {
    Ok(person_private::Entity::live()
        .filter(person_private::Column::PersonId.eq(key))
        .one(db)
        .await?)
}

/// Makes the person's live categories exactly `wanted`: rows of categories no longer wanted
/// are soft-deleted, missing ones inserted; rows that stay are not touched.
pub async fn replace_categories(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    wanted: &[UfCategory],
) -> AppResult<()> {
    let current = person_category::Entity::live()
        .filter(person_category::Column::PersonId.eq(key))
        .all(db)
        .await?;
    let mut kept: Vec<UfCategory> = Vec::new();
    for row in &current {
        if wanted.contains(&row.category) && !kept.contains(&row.category) {
            kept.push(row.category);
        } else {
            write::soft_delete::<person_category::Entity, _>(db, actor, row, row.version).await?;
        }
    }
    for category in wanted {
        if kept.contains(category) {
            continue;
        }
        kept.push(*category);
        let row = person_category::ActiveModel {
            id: NotSet,
            person_id: Set(key),
            category: Set(*category),
            subcategory: Set(None),
            since: Set(None),
            ..Default::default()
        };
        write::create::<person_category::Entity, _>(db, actor, row).await?;
    }
    Ok(())
}
