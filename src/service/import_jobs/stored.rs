//! Reading a stored report in parts. A 50,000-row file's report holds tens of thousands of
//! row plans; a caller asking for its counts or one page of rows should not parse and hold
//! them all. Both readers walk the stored JSON once and skip what they do not keep.

use std::fmt;

use serde::Deserializer;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::service::bulk::{ImportReport, RowPlan};

/// The field of the stored report that holds the row plans.
const ROWS: &str = "rows";

/// The report without its rows; `None` when the text is not a report.
pub fn without_rows(json: &str) -> Option<ImportReport> {
    let mut reader = serde_json::Deserializer::from_str(json);
    let fields = reader.deserialize_map(AllBut(ROWS)).ok()?;
    serde_json::from_value(serde_json::Value::Object(fields)).ok()
}

/// Rows `offset..offset + limit` of the report; `None` when the text is not a report.
pub fn rows(json: &str, offset: usize, limit: Option<usize>) -> Option<Vec<RowPlan>> {
    let mut reader = serde_json::Deserializer::from_str(json);
    reader
        .deserialize_map(OnlyRows(Window { offset, limit }))
        .ok()
}

/// Every field of an object but one, as JSON values.
struct AllBut(&'static str);

impl<'de> Visitor<'de> for AllBut {
    type Value = serde_json::Map<String, serde_json::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an import report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0 {
                map.next_value::<IgnoredAny>()?;
            } else {
                fields.insert(key, map.next_value()?);
            }
        }
        Ok(fields)
    }
}

/// The window of the `rows` field of an object, every other field skipped.
struct OnlyRows(Window);

impl<'de> Visitor<'de> for OnlyRows {
    type Value = Vec<RowPlan>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an import report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut rows = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == ROWS {
                rows = map.next_value_seed(self.0)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(rows)
    }
}

/// Which elements of a sequence to keep.
#[derive(Clone, Copy)]
struct Window {
    offset: usize,
    limit: Option<usize>,
}

impl<'de> DeserializeSeed<'de> for Window {
    type Value = Vec<RowPlan>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Window {
    type Value = Vec<RowPlan>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of row plans")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut kept = Vec::new();
        let mut index = 0;
        loop {
            let wanted = index >= self.offset && self.limit.is_none_or(|limit| kept.len() < limit);
            if wanted {
                match seq.next_element::<RowPlan>()? {
                    Some(row) => kept.push(row),
                    None => break,
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
            index += 1;
        }
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::bulk::Action;

    fn report(rows: u32) -> String {
        let report = ImportReport {
            total: rows as usize,
            created: rows as usize,
            rows: (1..=rows)
                .map(|row| RowPlan {
                    row,
                    action: Action::Create,
                    record: None,
                    label: format!("第{row}行"),
                    changes: Vec::new(),
                    conflict: None,
                })
                .collect(),
            plan_digest: "digest".into(),
            ..ImportReport::default()
        };
        serde_json::to_string(&report).unwrap_or_default()
    }

    #[test]
    fn a_page_of_rows_is_read_alone() {
        let json = report(10);
        let page = rows(&json, 3, Some(4)).unwrap_or_default();
        let numbers: Vec<u32> = page.iter().map(|r| r.row).collect();
        assert_eq!(numbers, vec![4, 5, 6, 7]);
        let rest = rows(&json, 8, None).unwrap_or_default();
        assert_eq!(rest.iter().map(|r| r.row).collect::<Vec<_>>(), vec![9, 10]);
        assert!(rows(&json, 20, Some(5)).unwrap_or_default().is_empty());
    }

    #[test]
    fn the_report_without_rows_keeps_everything_else() {
        let json = report(5);
        let summary = without_rows(&json).unwrap_or_default();
        assert!(summary.rows.is_empty());
        assert_eq!((summary.total, summary.created), (5, 5));
        assert_eq!(summary.plan_digest, "digest");
        assert!(without_rows("not a report").is_none());
    }
}
