//! SQL text of group keys: region prefixes and calendar buckets, per backend. Every piece is
//! built from identifiers and constants of this crate, never from input, so it is inlined
//! (GROUP BY then matches SELECT on PostgreSQL, which it would not with bound parameters).

use sea_orm::DbBackend;

use crate::domain::enums::RegionLevel;

/// `"table"."column"`, quoted the same way on SQLite and PostgreSQL.
pub fn col(table: &str, column: &str) -> String {
    format!("\"{table}\".\"{column}\"")
}

/// How many leading digits of a 12-digit code identify a region of `level`.
pub fn level_digits(level: RegionLevel) -> usize {
    match level {
        RegionLevel::City => 4,
        RegionLevel::County => 6,
        RegionLevel::Township => 9,
        RegionLevel::Village => 12,
    }
}

/// The 12-digit code of the region at `level` containing the code in `column`: its first digits
/// padded with zeros. A row registered above `level` keeps its own region (a county-level
/// organization grouped by township lands in the county's group).
pub fn region_key(column: &str, level: RegionLevel) -> String {
    let digits = level_digits(level);
    if digits >= 12 {
        return column.to_owned();
    }
    format!(
        "substr({column}, 1, {digits}) || '{}'",
        "0".repeat(12 - digits)
    )
}

/// A calendar bucket of a date column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// `2025`.
    Year,
    /// `2025-Q1`.
    Quarter,
    /// `2025-03`.
    Month,
}

/// The bucket key of the DATE in `column`: SQLite stores dates as `YYYY-MM-DD` text,
/// PostgreSQL as `date`. NULL stays NULL on both.
pub fn time_key(column: &str, bucket: Bucket, backend: DbBackend) -> String {
    match (backend, bucket) {
        (DbBackend::Postgres, Bucket::Year) => format!("to_char({column}, 'YYYY')"),
        (DbBackend::Postgres, Bucket::Quarter) => format!("to_char({column}, 'YYYY-\"Q\"Q')"),
        (DbBackend::Postgres, Bucket::Month) => format!("to_char({column}, 'YYYY-MM')"),
        (_, Bucket::Year) => format!("substr({column}, 1, 4)"),
        (_, Bucket::Quarter) => format!(
            "substr({column}, 1, 4) || '-Q' || ((CAST(substr({column}, 6, 2) AS INTEGER) + 2) / 3)"
        ),
        (_, Bucket::Month) => format!("substr({column}, 1, 7)"),
    }
}

/// The Chinese label of a bucket key: `2025年`, `2025年第1季度`, `2025年3月`.
pub fn time_label(key: &str, bucket: Bucket) -> String {
    let year = key.get(..4).unwrap_or(key);
    match bucket {
        Bucket::Year => format!("{year}年"),
        Bucket::Quarter => match key.get(6..) {
            Some(q) => format!("{year}年第{q}季度"),
            None => key.to_owned(),
        },
        Bucket::Month => match key.get(5..).and_then(|m| m.parse::<u32>().ok()) {
            Some(month) => format!("{year}年{month}月"),
            None => key.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_keys_pad_the_prefix_and_labels_read_as_chinese_periods() {
        assert_eq!(
            region_key("\"p\".\"region_code\"", RegionLevel::County),
            "substr(\"p\".\"region_code\", 1, 6) || '000000'"
        );
        assert_eq!(region_key("c", RegionLevel::Village), "c");
        assert_eq!(time_label("2025", Bucket::Year), "2025年");
        assert_eq!(time_label("2025-Q3", Bucket::Quarter), "2025年第3季度");
        assert_eq!(time_label("2025-03", Bucket::Month), "2025年3月");
    }
}
