//! Small rules the people-domain services share: names, live references, dates and the
//! parents a restore needs.

use chrono::NaiveDate;

use crate::db::table::Table;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::service::check::{Checker, today};
use crate::service::write;

/// Longest personal name.
pub const NAME_MAX: usize = 40;

/// Dots that transliterated names use between their parts; all are stored as `·` (U+00B7).
const DOTS: [char; 5] = ['·', '•', '・', '‧', '･'];

/// A personal name: 1–40 characters of letters of any script (rare Han characters included),
/// single spaces and the middle dot `·` between parts (`阿依古丽·买买提`). Dot variants are
/// stored as `·`.
pub fn name(check: &mut Checker, field: &str, value: &str) -> String {
    let normalized: String = value
        .trim()
        .chars()
        .map(|c| if DOTS.contains(&c) { '·' } else { c })
        .collect();
    let normalized = check.text(field, &normalized, 1, NAME_MAX);
    let letters_only = normalized
        .chars()
        .all(|c| c.is_alphabetic() || c == '·' || c == ' ');
    let separators_inside = !normalized.starts_with('·')
        && !normalized.ends_with('·')
        && !normalized.contains("··")
        && !normalized.contains("  ");
    let well_formed = normalized.is_empty() || (letters_only && separators_inside);
    if !well_formed {
        check.fail(
            field,
            UserErrorCode::NameCharacters,
            "it may hold letters, single spaces and the middle dot · between parts only",
            "只能包含文字、单个空格和用于分隔的间隔号 ·",
        );
    }
    normalized
}

/// A reference to a live row of `E`: the row itself, or a user error on `field`.
pub async fn reference<E: Table>(
    check: &mut Checker,
    db: &impl sea_orm::ConnectionTrait,
    field: &str,
    named: crate::ids::Ref<E>,
) -> AppResult<Option<E::Model>> {
    match check.reference::<E>(db, field, named).await? {
        Some(key) => Ok(Some(write::get_live::<E, _>(db, key).await?)),
        None => Ok(None),
    }
}

/// A date that has already happened (a measurement, a birth): not after today.
pub fn not_future(check: &mut Checker, field: &str, value: Option<NaiveDate>) {
    if value.is_some_and(|d| d > today()) {
        check.fail(field, UserErrorCode::DateInFuture, "", "");
    }
}

/// A restore needs the records the restored one points at to be live.
pub async fn parent_live<E: Table>(
    db: &impl sea_orm::ConnectionTrait,
    key: i64,
    what: &str,
    what_zh: &str,
) -> AppResult<E::Model> {
    match write::get_live::<E, _>(db, key).await {
        Ok(row) => Ok(row),
        Err(AppError::NotFound(_)) => Err(AppError::invalid(
            &["input", "id"],
            UserErrorCode::ReferenceDeleted,
            format!("the {what} this record belongs to is deleted: restore it first"),
            format!("该记录所属的{what_zh}已删除，请先恢复"),
        )),
        Err(other) => Err(other),
    }
}

/// Ending something that has already ended is refused: correct the date with an update.
pub fn still_open(end: Option<NaiveDate>) -> AppResult<()> {
    match end {
        None => Ok(()),
        Some(day) => Err(AppError::invalid(
            &["input", "id"],
            UserErrorCode::AlreadyEnded,
            format!("this already ended on {day}; change the date with an update instead"),
            format!("该记录已于 {day} 结束；如需更正日期请使用更新"),
        )),
    }
}

/// Whether `[a_start, a_end]` and `[b_start, b_end]` share a day (`None` = still open).
pub fn overlaps(
    a_start: NaiveDate,
    a_end: Option<NaiveDate>,
    b_start: NaiveDate,
    b_end: Option<NaiveDate>,
) -> bool {
    a_end.is_none_or(|end| end >= b_start) && b_end.is_none_or(|end| end >= a_start)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    #[test]
    fn names_allow_letters_and_the_middle_dot_only() {
        let mut check = Checker::default();
        assert_eq!(
            name(&mut check, "name", " 阿依古丽•买买提 "),
            "阿依古丽·买买提"
        );
        assert_eq!(name(&mut check, "name", "𠮷祥"), "𠮷祥");
        assert!(check.finish().is_ok());
        for bad in ["张3", "·张", "王··五", "", "李四!"] {
            let mut check = Checker::default();
            name(&mut check, "name", bad);
            assert!(check.finish().is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_overlap_when_they_share_a_day() {
        assert!(overlaps(day(1, 1), None, day(6, 1), None));
        assert!(overlaps(day(1, 1), Some(day(6, 1)), day(6, 1), None));
        assert!(!overlaps(day(1, 1), Some(day(5, 31)), day(6, 1), None));
        assert!(!overlaps(day(7, 1), None, day(1, 1), Some(day(6, 30))));
    }
}
