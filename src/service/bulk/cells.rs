//! Cell values: reading a cell's text by its column type into one canonical value, and writing
//! that value back as the text an export shows. Equal values mean an unchanged record.

use chrono::NaiveDate;

use super::template::{Column, Ty};
use crate::domain::ethnicity;
use crate::domain::validate::{credit_code, phone};
use crate::scalars::{format_fen, parse_yuan};

/// One cell's canonical value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Blank,
    Text(String),
    /// An enum value by its stored code.
    Enum(&'static str),
    /// Enum values by stored code, in the order given.
    Set(Vec<&'static str>),
    Date(NaiveDate),
    Bool(bool),
    Int(i64),
    /// Money in fen.
    Money(i64),
    /// A resolved reference. Before resolution an import holds the reference as `Text`.
    Ref(Reference),
}

/// A record another record points to. Two references are equal when they name the same
/// record, however they were written.
#[derive(Clone, Debug, Eq)]
pub struct Reference {
    pub key: i64,
    /// The GraphQL type its global id names (`Organization`, `Base`, `Home`).
    pub type_name: &'static str,
    /// What an export shows for it (a credit code, a name).
    pub text: String,
}

impl Cell {
    pub fn text(value: Option<&str>) -> Self {
        match value {
            Some(v) if !v.trim().is_empty() => Self::Text(v.to_owned()),
            _ => Self::Blank,
        }
    }

    pub fn date(value: Option<NaiveDate>) -> Self {
        value.map_or(Self::Blank, Self::Date)
    }

    pub fn int(value: Option<impl Into<i64>>) -> Self {
        value.map_or(Self::Blank, |v| Self::Int(v.into()))
    }

    /// Stored enum codes as a set, in the order an import reads them (sorted).
    pub fn set(codes: impl IntoIterator<Item = &'static str>) -> Self {
        let mut codes: Vec<&'static str> = codes.into_iter().collect();
        codes.sort_unstable();
        codes.dedup();
        if codes.is_empty() {
            Self::Blank
        } else {
            Self::Set(codes)
        }
    }

    pub fn money(value: Option<i64>) -> Self {
        value.map_or(Self::Blank, Self::Money)
    }

    pub fn code(value: Option<&str>, ty: Ty) -> Self {
        match (value, ty) {
            (Some(code), Ty::Enum(def)) => match (def.lookup)(code) {
                Some((code, _)) => Self::Enum(code),
                None => Self::Text(code.to_owned()),
            },
            (Some(code), _) => Self::Text(code.to_owned()),
            (None, _) => Self::Blank,
        }
    }
}

impl PartialEq for Reference {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && self.type_name == other.type_name
    }
}

/// A problem with one cell: code and messages.
pub struct CellError {
    pub code: &'static str,
    pub en: String,
    pub zh: String,
}

fn cell_error(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> CellError {
    CellError {
        code,
        en: en.into(),
        zh: zh.into(),
    }
}

/// What a cell holds to clear the stored value on import: a blank cell leaves it as it is.
pub const CLEAR_MARKER: &str = "（清空）";

/// Whether a cell's text is the clear marker (full- or half-width brackets).
pub fn is_clear_marker(raw: &str) -> bool {
    matches!(raw.trim(), "（清空）" | "(清空)")
}

/// Reads a cell's trimmed text by the column's type. References stay `Text` until resolved.
pub fn parse(column: &Column, raw: &str) -> Result<Cell, CellError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(match (column.ty, column.default) {
            (Ty::Bool, _) => Cell::Bool(false),
            (Ty::Enum(def), Some(code)) => {
                (def.lookup)(code).map_or(Cell::Blank, |(c, _)| Cell::Enum(c))
            }
            _ => Cell::Blank,
        });
    }
    if (column.personal || matches!(column.ty, Ty::IdNumber | Ty::Mobile)) && text.contains('*') {
        return Err(cell_error(
            "MASKED_VALUE",
            "the value is masked (it came from an export for a caller who may not see it); enter the full value",
            "该值已脱敏（来自无权查看者的导出），请填写完整值",
        ));
    }
    match column.ty {
        Ty::Text | Ty::Ref(_) => Ok(Cell::Text(text.to_owned())),
        Ty::Enum(def) => (def.lookup)(text)
            .map(|(code, _)| Cell::Enum(code))
            .ok_or_else(|| bad_enum(column, text)),
        Ty::EnumSet(def) => {
            let mut codes = Vec::new();
            for part in text.split([';', '；', ',', '，']).map(str::trim) {
                if part.is_empty() {
                    continue;
                }
                let (code, _) = (def.lookup)(part).ok_or_else(|| bad_enum(column, part))?;
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            codes.sort_unstable();
            Ok(if codes.is_empty() {
                Cell::Blank
            } else {
                Cell::Set(codes)
            })
        }
        Ty::Date => parse_date(text).map(Cell::Date).ok_or_else(|| {
            cell_error(
                "INVALID_DATE",
                format!("{text:?} is not a date; write YYYY-MM-DD"),
                format!("“{text}”不是有效日期，请按 YYYY-MM-DD 填写"),
            )
        }),
        Ty::Bool => parse_bool(text).map(Cell::Bool).ok_or_else(|| {
            cell_error(
                "INVALID_BOOLEAN",
                format!("{text:?} is not yes or no; write 是 or 否"),
                format!("“{text}”应填写“是”或“否”"),
            )
        }),
        Ty::Int => text.parse::<i64>().map(Cell::Int).map_err(|_| {
            cell_error(
                "INVALID_NUMBER",
                format!("{text:?} is not a whole number"),
                format!("“{text}”不是整数"),
            )
        }),
        Ty::Money => parse_yuan(&text.replace([',', '，', '¥', '￥'], ""))
            .map(Cell::Money)
            .ok_or_else(|| {
                cell_error(
                    "INVALID_AMOUNT",
                    format!("{text:?} is not an amount in yuan with at most two decimals"),
                    format!("“{text}”不是有效金额（元，最多两位小数）"),
                )
            }),
        Ty::Region => Ok(Cell::Text(
            crate::db::filters::parse_region(text)
                .map_or_else(|_| text.to_owned(), |c| c.as_str().to_owned()),
        )),
        Ty::CreditCode => Ok(Cell::Text(
            credit_code::validate(text).unwrap_or_else(|_| text.to_uppercase()),
        )),
        Ty::IdNumber => Ok(Cell::Text(text.to_uppercase())),
        Ty::Ethnicity => ethnicity::by_name(text)
            .or_else(|| ethnicity::by_code(text))
            .or_else(|| ethnicity::by_alpha(&text.to_uppercase()))
            .map(|e| Cell::Text(e.code.to_owned()))
            .ok_or_else(|| {
                cell_error(
                    "INVALID_ENUM",
                    format!("{text:?} is not an ethnic group (GB/T 3304 name or code)"),
                    format!("“{text}”不是有效的民族名称或代码（GB/T 3304）"),
                )
            }),
        Ty::Mobile => Ok(Cell::Text(
            phone::normalize_mobile(text).unwrap_or_else(|_| text.to_owned()),
        )),
    }
}

fn bad_enum(column: &Column, text: &str) -> CellError {
    let allowed = column.allowed().unwrap_or_default().join("、");
    cell_error(
        "INVALID_ENUM",
        format!(
            "{text:?} is not a value of {}; allowed: {allowed}",
            column.header
        ),
        format!("“{text}”不是“{}”的有效取值，可选：{allowed}", column.header),
    )
}

/// Dates as people type them: `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日`, or with a
/// time after them (Excel writes `2024-03-01 00:00:00`).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let day = text.split([' ', 'T']).next().unwrap_or(text);
    let day = day.trim_end_matches('日');
    let parts: Vec<&str> = day.split(['-', '/', '.', '年', '月']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "是" | "true" | "1" | "y" | "yes" | "√" | "✓" => Some(true),
        "否" | "false" | "0" | "n" | "no" | "×" => Some(false),
        _ => None,
    }
}

/// The text an export writes for a value.
pub fn format(column: &Column, cell: &Cell) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Text(code) if matches!(column.ty, Ty::Ethnicity) => {
            ethnicity::by_code(code).map_or_else(|| code.clone(), |e| e.name.to_owned())
        }
        Cell::Text(text) => text.clone(),
        Cell::Enum(code) => enum_label(column, code),
        Cell::Set(codes) => codes
            .iter()
            .map(|code| enum_label(column, code))
            .collect::<Vec<_>>()
            .join("；"),
        Cell::Date(date) => date.format("%Y-%m-%d").to_string(),
        Cell::Bool(flag) => if *flag { "是" } else { "否" }.to_owned(),
        Cell::Int(n) => n.to_string(),
        Cell::Money(fen) => format_fen(*fen),
        Cell::Ref(reference) => reference.text.clone(),
    }
}

fn enum_label(column: &Column, code: &str) -> String {
    match column.ty {
        Ty::Enum(def) | Ty::EnumSet(def) => (def.label)(code).unwrap_or(code).to_owned(),
        _ => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::enums::OrganizationKind;

    const KIND: Column = Column::new("类型", "kind", Ty::enumeration::<OrganizationKind>());

    #[test]
    fn enums_accept_labels_and_codes() {
        assert_eq!(parse(&KIND, "企业").ok(), Some(Cell::Enum("ENTERPRISE")));
        assert_eq!(
            parse(&KIND, " enterprise ").ok(),
            Some(Cell::Enum("ENTERPRISE"))
        );
        assert_eq!(
            parse(&KIND, "乡镇（街道）党委").ok(),
            Some(Cell::Enum("TOWNSHIP_PARTY_COMMITTEE"))
        );
        assert_eq!(parse(&KIND, "公司").err().unwrap().code, "INVALID_ENUM");
        assert_eq!(format(&KIND, &Cell::Enum("ENTERPRISE")), "企业");
    }

    #[test]
    fn dates_in_the_usual_spellings() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 1);
        for text in [
            "2024-03-01",
            "2024/3/1",
            "2024.3.1",
            "2024年3月1日",
            "2024-03-01 00:00:00",
        ] {
            assert_eq!(parse_date(text), d, "{text}");
        }
        assert_eq!(parse_date("24-3-1"), None);
        assert_eq!(parse_date("2024-02-30"), None);
    }

    #[test]
    fn masked_values_are_refused() {
        let id = Column::new("公民身份号码", "idNumber", Ty::IdNumber);
        assert_eq!(
            parse(&id, "6204**********1237").err().unwrap().code,
            "MASKED_VALUE"
        );
    }
}
