//! Multi-row inserts on PostgreSQL with the rows as one JSON parameter, which
//! `json_populate_recordset` turns back into rows of the table. A `VALUES` list of a thousand
//! rows binds tens of thousands of parameters, each parsed, bound and planned again on every
//! execution; the JSON statement is short and its one parameter is parsed once, which makes a
//! bulk write's statements about a third cheaper for the server. SQLite keeps its `VALUES`
//! lists: its statements run in-process and cost no round trips or planning of that kind.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sea_orm::sea_query::{OptionEnum, Value};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, IdenStatic, Iterable, Statement,
};
use serde_json::{Map, Value as Json};

/// Whether `db` takes [`statement`]'s inserts.
pub fn applies(db: &impl ConnectionTrait) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}

/// `INSERT INTO <table> (<columns>) SELECT <columns> FROM json_populate_recordset(…)`, then
/// `tail` (e.g. ` RETURNING *`), for `rows` of `E`. The columns are those the first row gives;
/// `None` when another row gives a different set or holds a value JSON cannot carry exactly,
/// so the caller writes a `VALUES` list instead.
pub fn statement<E>(rows: &[E::ActiveModel], tail: &str) -> Option<Statement>
where
    E: EntityTrait,
{
    let first = rows.first()?;
    let columns: Vec<E::Column> = E::Column::iter()
        .filter(|column| first.get(*column).into_value().is_some())
        .collect();
    let mut array = Vec::with_capacity(rows.len());
    for row in rows {
        let given = E::Column::iter()
            .filter(|column| row.get(*column).into_value().is_some())
            .count();
        if given != columns.len() {
            return None;
        }
        let mut object = Map::with_capacity(columns.len());
        for column in &columns {
            let value = row.get(*column).into_value()?;
            object.insert(column.as_str().to_owned(), cell(&value)?);
        }
        array.push(Json::Object(object));
    }
    let table = E::default().table_name().to_owned();
    let names: Vec<String> = columns
        .iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect();
    let names = names.join(", ");
    let sql = format!(
        "INSERT INTO \"{table}\" ({names}) SELECT {names} \
         FROM json_populate_recordset(NULL::\"{table}\", $1::text::json){tail}"
    );
    let json = Json::Array(array).to_string();
    Some(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        [Value::from(json)],
    ))
}

/// A column's value as PostgreSQL reads it back from JSON text: numbers and booleans as such,
/// dates and times in ISO form to the microsecond (what the server stores), bytes in `bytea`'s
/// hex form. `None` for what JSON would not carry exactly.
fn cell(value: &Value) -> Option<Json> {
    Some(match value {
        Value::Bool(v) => v.map_or(Json::Null, Json::Bool),
        Value::TinyInt(v) => v.map_or(Json::Null, Json::from),
        Value::SmallInt(v) => v.map_or(Json::Null, Json::from),
        Value::Int(v) => v.map_or(Json::Null, Json::from),
        Value::BigInt(v) => v.map_or(Json::Null, Json::from),
        Value::TinyUnsigned(v) => v.map_or(Json::Null, Json::from),
        Value::SmallUnsigned(v) => v.map_or(Json::Null, Json::from),
        Value::Unsigned(v) => v.map_or(Json::Null, Json::from),
        Value::BigUnsigned(v) => v.map_or(Json::Null, Json::from),
        Value::Float(v) => match v {
            None => Json::Null,
            Some(v) => Json::from(serde_json::Number::from_f64(f64::from(*v))?),
        },
        Value::Double(v) => match v {
            None => Json::Null,
            Some(v) => Json::from(serde_json::Number::from_f64(*v)?),
        },
        Value::String(v) => v.as_ref().map_or(Json::Null, |s| Json::String(s.clone())),
        Value::Char(v) => v.map_or(Json::Null, |c| Json::String(c.to_string())),
        Value::Enum(OptionEnum::Some(v)) => Json::String(v.value.to_string()),
        Value::Enum(OptionEnum::None(_)) => Json::Null,
        Value::Bytes(v) => v.as_ref().map_or(Json::Null, |b| Json::String(bytea(b))),
        Value::Json(v) => v.as_deref().cloned().unwrap_or(Json::Null),
        Value::ChronoDate(v) => text(v.as_ref(), |d: &NaiveDate| d.format("%Y-%m-%d")),
        Value::ChronoTime(v) => text(v.as_ref(), |t: &NaiveTime| t.format("%H:%M:%S%.6f")),
        Value::ChronoDateTime(v) => text(v.as_ref(), |t: &NaiveDateTime| {
            t.format("%Y-%m-%dT%H:%M:%S%.6f")
        }),
        Value::ChronoDateTimeUtc(v) => text(v.as_ref(), |t: &DateTime<Utc>| {
            t.format("%Y-%m-%dT%H:%M:%S%.6fZ")
        }),
        Value::ChronoDateTimeWithTimeZone(v) => text(v.as_ref(), |t: &DateTime<FixedOffset>| {
            t.format("%Y-%m-%dT%H:%M:%S%.6f%:z")
        }),
        _ => return None,
    })
}

fn text<T, D: std::fmt::Display>(value: Option<&T>, format: impl Fn(&T) -> D) -> Json {
    value.map_or(Json::Null, |v| Json::String(format(v).to_string()))
}

/// `bytea`'s hex input form: `\x` and two hex digits a byte.
fn bytea(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("\\x");
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use sea_orm::Set;

    #[test]
    fn rows_become_one_json_parameter_naming_the_given_columns() {
        let rows = vec![
            entity::search_term::ActiveModel {
                record_type: Set("Person".into()),
                record_key: Set("7".into()),
                type_rank: Set(4),
                term: Set("wang".into()),
                is_suffix: Set(false),
                ..Default::default()
            };
            2
        ];
        let statement = statement::<entity::search_term::Entity>(&rows, " RETURNING id")
            .expect("rows of one shape");
        assert!(statement.sql.starts_with(
            "INSERT INTO \"search_term\" (\"record_type\", \"record_key\", \"type_rank\", \"term\", \"is_suffix\") SELECT"
        ));
        assert!(statement.sql.ends_with("$1::text::json) RETURNING id"));
        let values = statement.values.expect("one parameter").0;
        let Value::String(Some(json)) = &values[0] else {
            panic!("the rows travel as JSON text")
        };
        let parsed: Json = serde_json::from_str(json).expect("valid JSON");
        assert_eq!(parsed[1]["record_key"], "7");
        assert_eq!(parsed[1]["type_rank"], 4);
        assert_eq!(parsed[1]["is_suffix"], false);
    }

    #[test]
    fn rows_of_different_shapes_fall_back_to_values() {
        let full = entity::search_term::ActiveModel {
            term: Set("wang".into()),
            ..Default::default()
        };
        let more = entity::search_term::ActiveModel {
            term: Set("li".into()),
            kind: Set("FULL".into()),
            ..Default::default()
        };
        assert!(statement::<entity::search_term::Entity>(&[full, more], "").is_none());
    }

    #[test]
    fn times_keep_microseconds_and_bytes_take_the_hex_form() {
        let at = DateTime::parse_from_rfc3339("2026-03-05T08:09:10.123456789Z")
            .expect("a time")
            .with_timezone(&Utc);
        assert_eq!(
            cell(&Value::ChronoDateTimeUtc(Some(at))),
            Some(Json::String("2026-03-05T08:09:10.123456Z".into()))
        );
        assert_eq!(
            cell(&Value::Bytes(Some(vec![0, 171, 255]))),
            Some(Json::String("\\x00abff".into()))
        );
        assert_eq!(cell(&Value::Double(Some(f64::NAN))), None);
    }
}
