//! Warnings for a record just written that likely duplicates another one: the write goes
//! through (two people may share a name, birthday and county), but the form names the other
//! record so the user can check and merge. Exact duplicates are refused by the write itself.

use entity::{organization, person};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

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

fn named<'a>(
    people: &'a [person::Model],
    field: &'a str,
    reason: Reason,
) -> impl Iterator<Item = FieldError> + 'a {
    people
        .iter()
        .map(move |p| warning(field, reason, "Person", p.id, &p.name))
}

/// People of the same county with the same name pinyin and birth date, and people with the
/// same name and work unit.
pub async fn person(db: &impl ConnectionTrait, row: &person::Model) -> AppResult<Vec<FieldError>> {
    use person::{Column, Entity};
    let mut warnings = Vec::new();
    // The same match key: county, name pinyin and birth date (kept by the database).
    let twins = super::sql::id_pairs(
        db,
        "SELECT pb.person_id, pb.person_id FROM person_private pa \
         JOIN person_private pb ON pb.match_key = pa.match_key AND pb.person_id <> pa.person_id \
           AND pb.deleted_at IS NULL AND pb.match_key IS NOT NULL \
         WHERE pa.person_id = ? AND pa.deleted_at IS NULL AND pa.match_key IS NOT NULL \
         ORDER BY pb.person_id",
        vec![row.id.into()],
    )
    .await?;
    if !twins.is_empty() {
        let others = Entity::live()
            .filter(Column::Id.is_in(twins.into_iter().map(|(id, _)| id)))
            .order_by_asc(Column::Id)
            .limit(NAMED)
            .all(db)
            .await?;
        warnings.extend(named(&others, "name", Reason::SamePinyinAndBirthDate));
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
        warnings.extend(named(&others, "workUnit", Reason::SameNameAndWorkUnit));
    }
    Ok(warnings)
}
