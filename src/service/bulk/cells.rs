//! Cell values: reading a cell's text by its column type into one canonical value, and writing
//! that value back as the text an export shows. Equal values mean an unchanged record.

use crate::error::UserErrorCode;
use chrono::NaiveDate;

use super::template::{Column, Ty};
use crate::domain::enums::DomainEnum;
use crate::domain::validate::{credit_code, explain, id_number};
use crate::domain::{aliases, ethnicity};
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

    /// A stored enum's cell: its code.
    pub fn of<E: DomainEnum>(value: Option<E>) -> Self {
        value.map_or(Self::Blank, |v| Self::Enum(v.code()))
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
    pub code: UserErrorCode,
    pub en: String,
    pub zh: String,
}

fn cell_error(code: UserErrorCode, en: impl Into<String>, zh: impl Into<String>) -> CellError {
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

/// A cell read by its column's type, with a note when the reader changed what was typed in a
/// way the clerk should know about (a 15-digit ID number made 18 digits).
pub struct Read {
    pub cell: Cell,
    pub warning: Option<CellError>,
}

/// Reads a cell's trimmed text by the column's type. References stay `Text` until resolved.
pub fn parse(column: &Column, raw: &str) -> Result<Cell, CellError> {
    read(column, raw).map(|read| read.cell)
}

/// As [`parse`], keeping the reader's warning.
pub fn read(column: &Column, raw: &str) -> Result<Read, CellError> {
    // Codes, numbers, dates and values are read in half-width: `２０２５年３月５日`, `ＡＢ`.
    let plain;
    let text = if matches!(column.ty, Ty::Text | Ty::Ref(_)) {
        raw.trim()
    } else {
        plain = aliases::half_width(raw);
        plain.trim()
    };
    if matches!(column.ty, Ty::IdNumber) && !text.contains('*') {
        return read_id_number(text);
    }
    parse_plain(column, text).map(|cell| Read {
        cell,
        warning: None,
    })
}

fn parse_plain(column: &Column, text: &str) -> Result<Cell, CellError> {
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
            UserErrorCode::MaskedValue,
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
            // Some labels contain a separator themselves (华侨、归侨及侨眷): the longest run of
            // pieces that names a value wins.
            let pieces: Vec<&str> = text
                .split(aliases::LIST_SEPARATORS)
                .filter(|p| !p.trim().is_empty())
                .collect();
            let span = |from: usize, to: usize| {
                let start = pieces[from].as_ptr() as usize - text.as_ptr() as usize;
                let end = pieces[to].as_ptr() as usize - text.as_ptr() as usize + pieces[to].len();
                text[start..end].trim()
            };
            let mut from = 0;
            while from < pieces.len() {
                let found = (from..pieces.len())
                    .rev()
                    .find_map(|to| (def.lookup)(span(from, to)).map(|(code, _)| (code, to)));
                let Some((code, to)) = found else {
                    return Err(bad_enum(column, pieces[from].trim()));
                };
                if !codes.contains(&code) {
                    codes.push(code);
                }
                from = to + 1;
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
                UserErrorCode::InvalidDate,
                format!("{text:?} is not a date; write YYYY-MM-DD"),
                format!("“{text}”不是有效日期，请按 YYYY-MM-DD（如 2025-03-05）填写"),
            )
        }),
        Ty::Bool => aliases::yes_no(text).map(Cell::Bool).ok_or_else(|| {
            cell_error(
                UserErrorCode::InvalidBoolean,
                format!("{text:?} is not yes or no; write 是 or 否"),
                format!("“{text}”应填写“是”或“否”（也可写 有/无、√/×）"),
            )
        }),
        Ty::Int => text.parse::<i64>().map(Cell::Int).map_err(|_| {
            cell_error(
                UserErrorCode::InvalidNumber,
                format!("{text:?} is not a whole number"),
                format!("“{text}”不是整数"),
            )
        }),
        Ty::Money => parse_yuan(&text.replace([',', '，', '¥', '￥'], ""))
            .map(Cell::Money)
            .ok_or_else(|| {
                cell_error(
                    UserErrorCode::InvalidAmount,
                    format!("{text:?} is not an amount in yuan with at most two decimals"),
                    format!("“{text}”不是有效金额（元，最多两位小数）"),
                )
            }),
        Ty::Region => {
            // A template's drop-down writes `620403101000 水泉镇`: the code is what counts.
            let code = text
                .split_whitespace()
                .next()
                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or(text);
            Ok(Cell::Text(
                crate::db::filters::parse_region(code)
                    .map_or_else(|_| text.to_owned(), |c| c.as_str().to_owned()),
            ))
        }
        Ty::CreditCode => Ok(Cell::Text(
            credit_code::validate(text).unwrap_or_else(|_| text.to_uppercase()),
        )),
        Ty::IdNumber => Ok(Cell::Text(text.to_uppercase())),
        Ty::Ethnicity => ethnicity::by_name(text)
            .or_else(|| aliases::ethnicity_name(text).and_then(ethnicity::by_name))
            .or_else(|| ethnicity::by_code(text))
            .or_else(|| ethnicity::by_alpha(&text.to_uppercase()))
            .map(|e| Cell::Text(e.code.to_owned()))
            .ok_or_else(|| {
                cell_error(
                    UserErrorCode::InvalidEnum,
                    format!("{text:?} is not an ethnic group (GB/T 3304 name or code)"),
                    format!("“{text}”不是有效的民族名称或代码（GB/T 3304，如 汉族、回族 或 01）"),
                )
            }),
        Ty::Mobile => explain::mobile(text)
            .map(Cell::Text)
            .map_err(from_explained),
    }
}

fn from_explained(e: explain::Explained) -> CellError {
    CellError {
        code: e.code,
        en: e.en,
        zh: e.zh,
    }
}

/// An ID number with spaces taken out; a 15-digit legacy number is converted to its 18 digits
/// with a warning, anything else wrong is said precisely.
fn read_id_number(text: &str) -> Result<Read, CellError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(Read {
            cell: Cell::Blank,
            warning: None,
        });
    }
    let today = crate::service::check::today();
    if compact.len() == 15 && compact.bytes().all(|b| b.is_ascii_digit()) {
        let converted = id_number::from_legacy15(&compact, today).map_err(|e| {
            cell_error(
                e.code(),
                format!("this 15-digit ID number cannot be converted: {e}"),
                "这是 15 位旧身份证号，但无法转换为 18 位（出生日期或地区码无效）：请填写 18 位号码",
            )
        })?;
        let number = converted.into_string();
        return Ok(Read {
            warning: Some(cell_error(
                UserErrorCode::IdNumberLegacy15,
                format!("the 15-digit ID number was converted to 18 digits: {number}"),
                format!("15 位旧身份证号已转换为 18 位：{number}，请核对"),
            )),
            cell: Cell::Text(number),
        });
    }
    explain::id_number(&compact, today)
        .map(|id| Read {
            cell: Cell::Text(id.into_string()),
            warning: None,
        })
        .map_err(from_explained)
}

fn bad_enum(column: &Column, text: &str) -> CellError {
    let allowed = column.allowed().unwrap_or_default().join("、");
    cell_error(
        UserErrorCode::InvalidEnum,
        format!(
            "{text:?} is not a value of {}; allowed: {allowed}",
            column.header
        ),
        format!("“{text}”不是“{}”的有效取值，可选：{allowed}", column.header),
    )
}

/// Dates as people type them: `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日`, `20240301`,
/// an Excel serial day number (`45352`), or with a time after them (`2024-03-01 00:00:00`).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let day = text.split([' ', 'T']).next().unwrap_or(text);
    if day.bytes().all(|b| b.is_ascii_digit()) {
        return match day.len() {
            8 => NaiveDate::parse_from_str(day, "%Y%m%d").ok(),
            5 => excel_serial(day.parse().ok()?),
            _ => None,
        };
    }
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

/// An Excel day number (1900 date system, day 1 = 1900-01-01 with Excel's phantom 1900-02-29):
/// five digits cover 1927–2173, the only range a typed serial plausibly means.
fn excel_serial(days: i64) -> Option<NaiveDate> {
    if !(10_000..=99_999).contains(&days) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days))
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
        assert_eq!(
            parse(&KIND, "公司").err().unwrap().code,
            UserErrorCode::InvalidEnum
        );
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
            UserErrorCode::MaskedValue
        );
    }
}

#[cfg(test)]
mod spellings {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::enums::{Gender, PoliticalStatus, UfCategory};

    #[test]
    fn common_spellings_are_read() {
        let gender = Column::new("性别", "gender", Ty::enumeration::<Gender>());
        let status = Column::new("政治面貌", "s", Ty::enumeration::<PoliticalStatus>());
        let categories = Column::new("类别", "c", Ty::enum_set::<UfCategory>());
        let ethnicity = Column::new("民族", "e", Ty::Ethnicity);
        let flag = Column::new("代表人士", "r", Ty::Bool);
        for (text, code) in [("男性", "MALE"), ("F", "FEMALE"), ("女", "FEMALE")] {
            assert_eq!(parse(&gender, text).ok(), Some(Cell::Enum(code)), "{text}");
        }
        for (text, code) in [
            ("党员", "CPC_MEMBER"),
            ("预备党员", "CPC_PROBATIONARY"),
            ("团员", "CYL_MEMBER"),
            ("民盟", "CDL_MEMBER"),
            ("九三学社", "JIUSAN_MEMBER"),
            ("无党派人士", "NON_PARTY_PERSONAGE"),
        ] {
            assert_eq!(parse(&status, text).ok(), Some(Cell::Enum(code)), "{text}");
        }
        assert_eq!(
            parse(&categories, "无党派人士、党外知识分子").ok(),
            Some(Cell::set(["NON_PARTY_PERSONAGE", "NON_CPC_INTELLECTUAL"]))
        );
        assert_eq!(
            parse(
                &categories,
                "华侨、归侨及侨眷、香港同胞、澳门同胞；党外知识分子"
            )
            .ok(),
            Some(Cell::set([
                "OVERSEAS_CHINESE_RETURNEE_OR_RELATIVE",
                "HK_MACAO_COMPATRIOT",
                "NON_CPC_INTELLECTUAL"
            ]))
        );
        assert_eq!(parse(&ethnicity, "回").ok(), Some(Cell::Text("03".into())));
        assert_eq!(parse(&flag, "√").ok(), Some(Cell::Bool(true)));
        assert_eq!(parse(&flag, "无").ok(), Some(Cell::Bool(false)));
    }

    #[test]
    fn dates_serials_and_full_width() {
        let date = Column::new("日期", "d", Ty::Date);
        let d = NaiveDate::from_ymd_opt(2025, 3, 5).map(Cell::Date);
        for text in [
            "20250305",
            "2025.3.5",
            "2025年3月5日",
            "45721",
            "２０２５－０３－０５",
        ] {
            assert_eq!(parse(&date, text).ok(), d, "{text}");
        }
        assert_eq!(
            parse(&date, "2025").err().unwrap().code,
            UserErrorCode::InvalidDate
        );
    }

    #[test]
    fn id_numbers_and_phones_are_explained() {
        let id = Column::new("公民身份号码", "idNumber", Ty::IdNumber);
        let read = read(&id, "620402850612123").ok().unwrap();
        assert_eq!(read.cell, Cell::Text("620402198506121237".into()));
        assert_eq!(read.warning.unwrap().code, UserErrorCode::IdNumberLegacy15);
        assert_eq!(
            parse(&id, "６２０４０２１９８５０６１２１２３７").ok(),
            Some(Cell::Text("620402198506121237".into()))
        );
        let err = parse(&id, "620402198506121238").err().unwrap();
        assert!(err.zh.contains("应为“7”"), "{}", err.zh);
        assert_eq!(
            parse(&id, "6.20403E+17").err().unwrap().code,
            UserErrorCode::NumberPrecision
        );
        let phone = Column::new("手机号码", "phone", Ty::Mobile);
        assert!(
            parse(&phone, "1381234123")
                .err()
                .unwrap()
                .zh
                .contains("10 位")
        );
    }
}
