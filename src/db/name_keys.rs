//! The organization name keys SQL cannot compute.

/// Fills `organization.name_key` where it is still empty (rows written before the column
/// existed): the normalisation is the application's, so SQL cannot fill it. Run after
/// migrations; once every live row has its key, one probe of the key index finds nothing (a
/// row merged away or deleted before it had a key gets one at the first start after it is
/// restored). Bookkeeping only: no version or audit
/// entry, the record's data does not change.
pub async fn backfill_name_keys(db: &impl sea_orm::ConnectionTrait) -> Result<u64, sea_orm::DbErr> {
    use entity::organization::{Column, Entity};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let rows: Vec<(i64, String)> = Entity::find()
        .select_only()
        .columns([Column::Id, Column::Name])
        .filter(Column::DeletedAt.is_null())
        .filter(Column::NameKey.eq(""))
        .into_tuple()
        .all(db)
        .await?;
    let mut filled = 0;
    for (id, name) in rows {
        let key = crate::domain::org_name::normalize(&name);
        if key.is_empty() {
            continue;
        }
        Entity::update_many()
            .col_expr(Column::NameKey, Expr::value(key))
            .filter(Column::Id.eq(id))
            .exec(db)
            .await?;
        filled += 1;
    }
    Ok(filled)
}
