//! Opaque keyset cursors: the ordering's name plus the row's sort values, with a check tag so an
//! edited or foreign cursor is refused instead of silently paging somewhere else.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One sort value of a row, as carried in a cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CursorValue {
    Int(i64),
    Text(String),
    Date(NaiveDate),
    Float(f64),
    Time(DateTime<Utc>),
}

impl From<i64> for CursorValue {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<i32> for CursorValue {
    fn from(v: i32) -> Self {
        Self::Int(v.into())
    }
}

impl From<String> for CursorValue {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<NaiveDate> for CursorValue {
    fn from(v: NaiveDate) -> Self {
        Self::Date(v)
    }
}

impl From<DateTime<Utc>> for CursorValue {
    fn from(v: DateTime<Utc>) -> Self {
        Self::Time(v)
    }
}

impl From<CursorValue> for sea_orm::Value {
    fn from(value: CursorValue) -> Self {
        match value {
            CursorValue::Int(v) => v.into(),
            CursorValue::Text(v) => v.into(),
            CursorValue::Date(v) => v.into(),
            CursorValue::Float(v) => v.into(),
            CursorValue::Time(v) => v.into(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Payload {
    /// The ordering the cursor belongs to, e.g. `name:asc,id:asc`.
    o: String,
    v: Vec<CursorValue>,
    t: u64,
}

// Not a secret: the tag catches edits and cursors from another ordering, and access control
// never depends on a cursor.
fn tag(ordering: &str, values: &[CursorValue]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ 0x746f_6e67_7869_6e00;
    let text = serde_json::to_string(values).unwrap_or_default();
    for byte in ordering.bytes().chain([0]).chain(text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub fn encode(ordering: &str, values: Vec<CursorValue>) -> String {
    let payload = Payload {
        o: ordering.to_owned(),
        t: tag(ordering, &values),
        v: values,
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap_or_default())
}

/// Decodes a cursor made by [`encode`] for the same ordering.
pub fn decode(ordering: &str, cursor: &str) -> Result<Vec<CursorValue>, AppError> {
    let payload = payload(cursor)?;
    if payload.o != ordering {
        return Err(invalid(cursor));
    }
    Ok(payload.v)
}

fn invalid(cursor: &str) -> AppError {
    AppError::bad_input(format!(
        "invalid cursor {cursor:?}: use a cursor returned by this list with the same orderBy"
    ))
}

/// The payload of a cursor made by [`encode`], its tag checked.
fn payload(cursor: &str) -> Result<Payload, AppError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor.as_bytes())
        .map_err(|_| invalid(cursor))?;
    let payload: Payload = serde_json::from_slice(&bytes).map_err(|_| invalid(cursor))?;
    if payload.t != tag(&payload.o, &payload.v) {
        return Err(invalid(cursor));
    }
    Ok(payload)
}

/// A row's place in an ordering. It is encoded only when a client reads the cursor: most
/// queries ask for nodes alone, and encoding every row's cursor (JSON, tag, base64) cost more
/// than resolving the row's fields.
#[derive(Debug, Clone)]
pub struct Cursor {
    ordering: Arc<str>,
    values: Vec<CursorValue>,
}

impl Cursor {
    pub fn new(ordering: Arc<str>, values: Vec<CursorValue>) -> Self {
        Self { ordering, values }
    }

    /// The opaque text clients read and pass back as `after`/`before`.
    pub fn encoded(&self) -> String {
        encode(&self.ordering, self.values.clone())
    }

    /// Reads a cursor made by [`Cursor::encoded`] (any ordering; the list checks its own).
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let payload = payload(text)?;
        Ok(Self::new(payload.o.into(), payload.v))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn round_trips_and_rejects_tampering() {
        let values = vec![CursorValue::Text("张三".into()), CursorValue::Int(42)];
        let cursor = encode("name:asc", values.clone());
        assert_eq!(decode("name:asc", &cursor).unwrap(), values);
        assert!(
            decode("name:desc", &cursor).is_err(),
            "cursor of another ordering"
        );
        assert!(decode("name:asc", "not-a-cursor").is_err());
        let lazy = Cursor::new("name:asc".into(), values.clone());
        assert_eq!(lazy.encoded(), cursor, "encoded on demand, the same text");
        assert_eq!(Cursor::parse(&cursor).unwrap().encoded(), cursor);
        let forged = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Payload {
                o: "name:asc".into(),
                v: vec![CursorValue::Int(1)],
                t: 0,
            })
            .unwrap(),
        );
        assert!(
            decode("name:asc", &forged).is_err(),
            "edited values without a valid tag"
        );
    }
}
