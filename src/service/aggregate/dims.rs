//! Builders of the common dimensions: region levels, stored codes, calendar buckets.

use sea_orm::DbBackend;

use super::sql::{Bucket, col, level_digits, time_key};
use super::{Dimension, Label};
use crate::auth::policy::PersonFieldClass;
use crate::domain::enums::{DomainEnum, RegionLevel};

/// The Chinese label of a stored code of `E`.
pub fn code_label<E: DomainEnum>(code: &str) -> Option<&'static str> {
    E::from_code(code).map(E::label)
}

/// The region at `level` containing `table.column`, labelled with its name. Rows are grouped
/// on the code's first digits (the expression a prefix index holds) and the key is padded to
/// the region's 12-digit code per group: a row registered above `level` keeps its own region
/// (a county-level organization grouped by township lands in the county's group).
pub fn region(table: &str, column: &str, level: RegionLevel) -> Dimension {
    let digits = level_digits(level);
    let column = col(table, column);
    Dimension {
        header: match level {
            RegionLevel::City => "市",
            RegionLevel::County => "县区",
            RegionLevel::Township => "乡镇街道",
            RegionLevel::Village => "村社区",
        },
        key: if digits >= 12 {
            column
        } else {
            format!("substr({column}, 1, {digits})")
        },
        joins: Vec::new(),
        label: Label::Region {
            pad: 12usize.saturating_sub(digits),
        },
        class: PersonFieldClass::Public,
    }
}

/// A stored code of `E` in `table.column`, labelled in Chinese.
pub fn code<E: DomainEnum>(header: &'static str, table: &str, column: &str) -> Dimension {
    Dimension {
        header,
        key: col(table, column),
        joins: Vec::new(),
        label: Label::Code(code_label::<E>),
        class: PersonFieldClass::Public,
    }
}

/// Free text in `table.column`, grouped as stored.
pub fn text(header: &'static str, table: &str, column: &str) -> Dimension {
    Dimension {
        header,
        key: col(table, column),
        joins: Vec::new(),
        label: Label::Text,
        class: PersonFieldClass::Public,
    }
}

/// A boolean `table.column` as `true`/`false`, labelled 是/否.
pub fn yes_no(header: &'static str, table: &str, column: &str) -> Dimension {
    Dimension {
        header,
        key: format!(
            "CASE WHEN {} THEN 'true' ELSE 'false' END",
            col(table, column)
        ),
        joins: Vec::new(),
        label: Label::YesNo,
        class: PersonFieldClass::Public,
    }
}

/// The year, quarter or month of the date in `table.column`.
pub fn time(table: &str, column: &str, bucket: Bucket, backend: DbBackend) -> Dimension {
    Dimension {
        header: match bucket {
            Bucket::Year => "年度",
            Bucket::Quarter => "季度",
            Bucket::Month => "月份",
        },
        key: time_key(&col(table, column), bucket, backend),
        joins: Vec::new(),
        label: Label::Time(bucket),
        class: PersonFieldClass::Public,
    }
}
