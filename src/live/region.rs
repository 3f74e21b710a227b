//! Which region a changed record belongs to, for `withinRegion` filters.

use entity::{activity, organization, person, publicity_work};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde_json::{Map, Value};

/// The region code of a record from its audit snapshot: its own region column, or, for records
/// that hang off another (a membership, a donation, a sales record …), the region of that one.
pub async fn region_of(
    db: &impl ConnectionTrait,
    record: Option<crate::ids::RecordType>,
    fields: &Map<String, Value>,
) -> Result<Option<String>, DbErr> {
    let text = |name: &str| fields.get(name).and_then(Value::as_str).map(str::to_owned);
    let int = |name: &str| fields.get(name).and_then(Value::as_i64);
    if record == Some(crate::ids::RecordType::Region) {
        return Ok(text("code"));
    }
    if let Some(code) = text("region_code").or_else(|| text("village_code")) {
        return Ok(Some(code));
    }
    if let Some(id) = int("person_id").or_else(|| int("influencer_id")) {
        return Ok(person::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.region_code));
    }
    if let Some(id) = int("organization_id") {
        return Ok(organization::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.region_code));
    }
    if let Some(id) = int("activity_id") {
        return Ok(activity::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.region_code));
    }
    if let Some(id) = int("work_id") {
        return Ok(publicity_work::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|w| w.region_code));
    }
    Ok(None)
}
