//! Warnings for a record just written that likely duplicates another one: the write goes
//! through (two people may share a name, birthday and county), but the form names the other
//! record so the user can check and merge. Exact duplicates are refused by the write itself.

use entity::{organization, person, person_private};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

use super::Reason;
use crate::db::table::Table;
use crate::error::{AppResult, FieldError, UserErrorCode};

/// The code of every such warning.
pub const CODE: UserErrorCode = UserErrorCode::LikelyDuplicate;

/// At most this many other records are named.
const NAMED: u64 = 5;

fn warning(field: &str, reason: Reason, type_name: &str, id: i64, name: &str) -> FieldError {
    let gid = crate::ids::encode(type_name, id);
    FieldError::new(
        &["input", field],
        CODE,
        format!(
            "may be the same as {name} ({}): {}; check, and merge if it is",
            gid.as_str(),
            reason.text()
        ),
        format!(
            "可能与“{name}”（{}）重复：{}。请核实，确为同一记录的请合并",
            gid.as_str(),
            reason.text()
        ),
    )
}

/// Organizations of other regions whose name reads the same (the same region's are refused).
pub async fn organization(
    db: &impl ConnectionTrait,
    row: &organization::Model,
) -> AppResult<Vec<FieldError>> {
    use organization::{Column, Entity};
    if row.name_key.is_empty() {
        return Ok(Vec::new());
    }
    let others = Entity::live()
        .filter(Column::NameKey.eq(&row.name_key))
        .filter(Column::Id.ne(row.id))
        .order_by_asc(Column::Id)
        .limit(NAMED)
        .all(db)
        .await?;
    Ok(others
        .iter()
        .map(|o| {
            warning(
                "name",
                Reason::SameNormalizedName,
                "Organization",
                o.id,
                &o.name,
            )
        })
        .collect())
}

/// People of the same county with the same name pinyin and birth date, and people with the
/// same name and work unit.
pub async fn person(db: &impl ConnectionTrait, row: &person::Model) -> AppResult<Vec<FieldError>> {
    use person::{Column, Entity};
    let mut warnings = Vec::new();
    let birth = person_private::Entity::live()
        .filter(person_private::Column::PersonId.eq(row.id))
        .one(db)
        .await?
        .and_then(|p| p.birth_date);
    if let Some(birth) = birth {
        let county = row.region_code.get(..6).unwrap_or_default();
        let (low, high) = (format!("{county:0<12}"), format!("{county:9<12}"));
        let twins = person_private::Entity::live()
            .filter(person_private::Column::BirthDate.eq(birth))
            .filter(person_private::Column::PersonId.ne(row.id))
            .select_only()
            .column(person_private::Column::PersonId)
            .into_query();
        let others = Entity::live()
            .filter(Column::NamePinyin.eq(&row.name_pinyin))
            .filter(Column::RegionCode.between(low, high))
            .filter(Column::Id.in_subquery(twins))
            .order_by_asc(Column::Id)
            .limit(NAMED)
            .all(db)
            .await?;
        for p in &others {
            warnings.push(warning(
                "name",
                Reason::SamePinyinAndBirthDate,
                "Person",
                p.id,
                &p.name,
            ));
        }
    }
    if let Some(unit) = &row.work_unit {
        let others = Entity::live()
            .filter(Column::Name.eq(&row.name))
            .filter(Column::WorkUnit.eq(unit))
            .filter(Column::Id.ne(row.id))
            .order_by_asc(Column::Id)
            .limit(NAMED)
            .all(db)
            .await?;
        for p in &others {
            warnings.push(warning(
                "workUnit",
                Reason::SameNameAndWorkUnit,
                "Person",
                p.id,
                &p.name,
            ));
        }
    }
    Ok(warnings)
}
