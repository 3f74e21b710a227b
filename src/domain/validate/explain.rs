//! Why a typed ID number or mobile number is wrong, in words a clerk can act on: which digit,
//! what it should be, what Excel did to it. The messages quote the caller's own cell back to
//! them (they are for the person who typed it, never for logs).

use crate::error::UserErrorCode;
use chrono::{Datelike, NaiveDate};

use super::id_number::{self, IdNumber};
use super::phone::{self, PhoneError};

/// One problem: a stable code and the message in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub code: UserErrorCode,
    pub en: String,
    pub zh: String,
}

fn explained(code: UserErrorCode, en: impl Into<String>, zh: impl Into<String>) -> Explained {
    Explained {
        code,
        en: en.into(),
        zh: zh.into(),
    }
}

/// Whether a cell shows a number the way Excel does when it is too long for a General cell
/// (`6.20403E+17`, `6.20402198506121E+17`): its last digits are gone.
pub fn is_scientific(text: &str) -> bool {
    let upper = text.trim().to_ascii_uppercase();
    let Some((mantissa, exponent)) = upper.split_once('E') else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    !whole.is_empty()
        && !exponent.is_empty()
        && [whole, fraction, exponent]
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()))
}

/// The message for a long number Excel has rounded (scientific notation, or a number cell).
pub fn rounded_number(what: &str) -> Explained {
    explained(
        UserErrorCode::NumberPrecision,
        format!(
            "Excel stored this {what} as a rounded number (scientific notation such as 6.20403E+17): its last digits are lost. Format the column as text and type the full value again"
        ),
        format!(
            "Excel 已把{what}当作数值保存（显示为 6.20403E+17 这样的科学计数法），后几位数字已经丢失：请把该列设为“文本”格式后重新输入完整号码"
        ),
    )
}

/// A resident ID number as typed (spaces and full-width digits already made plain): the valid
/// 18-character number, or what exactly is wrong with it. A 15-digit number is not accepted
/// here (see [`id_number::from_legacy15`]).
pub fn id_number(text: &str, today: NaiveDate) -> Result<IdNumber, Explained> {
    if is_scientific(text) {
        return Err(rounded_number("公民身份号码"));
    }
    let number = text.trim().to_ascii_uppercase();
    let chars: Vec<char> = number.chars().collect();
    if chars.len() != 18 {
        return Err(explained(
            UserErrorCode::IdNumberFormat,
            format!(
                "an ID number has 18 characters; this one has {}",
                chars.len()
            ),
            format!(
                "公民身份号码应为 18 位，这里是 {} 位：请核对是否多输或漏输",
                chars.len()
            ),
        ));
    }
    if let Some((position, c)) = chars
        .iter()
        .enumerate()
        .find(|(i, c)| !(c.is_ascii_digit() || (*i == 17 && **c == 'X')))
    {
        let position = position + 1;
        return Err(explained(
            UserErrorCode::IdNumberFormat,
            format!("character {position} ({c}) is not a digit; only the 18th may be X"),
            format!("第 {position} 位“{c}”不是数字（只有第 18 位可以是 X）"),
        ));
    }
    let province = &number[..2];
    if !province.parse().is_ok_and(id_number::is_province) {
        return Err(explained(
            UserErrorCode::IdNumberProvince,
            format!("the first two digits ({province}) are not a province code"),
            format!("前两位“{province}”不是有效的省级行政区划代码：请核对号码开头"),
        ));
    }
    let digits = &number[6..14];
    let birth = NaiveDate::parse_from_str(digits, "%Y%m%d").ok();
    let Some(birth) = birth else {
        return Err(explained(
            UserErrorCode::IdNumberBirthDate,
            format!("digits 7–14 ({digits}) are not a real date"),
            format!("第 7–14 位“{digits}”不是真实存在的出生日期"),
        ));
    };
    if birth.year() < 1900 || birth > today {
        return Err(explained(
            UserErrorCode::IdNumberBirthDate,
            format!("the birth date {birth} is before 1900 or in the future"),
            format!("号码中的出生日期 {birth} 不合理（早于 1900 年或晚于今天）"),
        ));
    }
    let expected = id_number::check_char(&number[..17]).unwrap_or('?');
    let actual = chars[17];
    if expected != actual {
        return Err(explained(
            UserErrorCode::IdNumberChecksum,
            format!(
                "by the first 17 digits the check digit (18th) should be {expected}, not {actual}; check for a mistyped digit"
            ),
            format!(
                "按前 17 位计算，第 18 位校验码应为“{expected}”，这里是“{actual}”：请核对是否有抄错的数字"
            ),
        ));
    }
    id_number::validate(&number, today)
        .map_err(|e| explained(e.code(), e.to_string(), "公民身份号码无效"))
}

/// A mainland mobile number as typed: its 11 digits, or what exactly is wrong with it.
pub fn mobile(text: &str) -> Result<String, Explained> {
    if is_scientific(text) {
        return Err(rounded_number("手机号码"));
    }
    match phone::normalize_mobile(text) {
        Ok(number) => Ok(number),
        Err(PhoneError::Landline) => Err(explained(
            UserErrorCode::PhoneLandline,
            "this looks like a landline (it starts with an area code 0); give a mobile number",
            "这是固定电话（以区号 0 开头），此列应填写 11 位手机号码",
        )),
        Err(PhoneError::MachineToMachine) => Err(explained(
            UserErrorCode::PhoneIot,
            "13-digit IoT numbers are not mobile numbers",
            "这是 13 位物联网卡号，不是手机号码",
        )),
        Err(PhoneError::Format) => {
            let compact: String = text
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect();
            let national = compact
                .strip_prefix("+86")
                .or_else(|| compact.strip_prefix("0086"))
                .unwrap_or(&compact);
            if let Some(c) = national.chars().find(|c| !c.is_ascii_digit()) {
                return Err(explained(
                    UserErrorCode::PhoneFormat,
                    format!("{c:?} is not a digit; a mobile number has 11 digits"),
                    format!("含有非数字字符“{c}”：手机号码应为 11 位数字"),
                ));
            }
            let count = national.chars().count();
            if count != 11 {
                return Err(explained(
                    UserErrorCode::PhoneFormat,
                    format!("a mobile number has 11 digits; this one has {count}"),
                    format!("手机号码应为 11 位，这里是 {count} 位：请核对是否多输或漏输"),
                ));
            }
            Err(explained(
                UserErrorCode::PhoneFormat,
                "a mobile number starts with 13–19",
                format!(
                    "手机号码应以 13–19 开头，这里以“{}”开头",
                    national.get(..2).unwrap_or(national)
                ),
            ))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 20).unwrap()
    }

    #[test]
    fn id_numbers_say_what_is_wrong() {
        assert!(id_number("620402198506121237", today()).is_ok());
        let wrong_check = id_number("620402198506121238", today()).unwrap_err();
        assert_eq!(wrong_check.code, UserErrorCode::IdNumberChecksum);
        assert!(wrong_check.zh.contains("应为“7”"), "{}", wrong_check.zh);
        let short = id_number("62040219850612123", today()).unwrap_err();
        assert!(short.zh.contains("这里是 17 位"), "{}", short.zh);
        let province = id_number("990402198506121237", today()).unwrap_err();
        assert_eq!(province.code, UserErrorCode::IdNumberProvince);
        assert!(province.zh.contains("“99”"));
        let date = id_number("620402198502301237", today()).unwrap_err();
        assert_eq!(date.code, UserErrorCode::IdNumberBirthDate);
        assert!(date.zh.contains("19850230"));
        let letter = id_number("62040219850612A237", today()).unwrap_err();
        assert!(letter.zh.contains("第 15 位“A”"), "{}", letter.zh);
        for scientific in ["6.20403E+17", "6.20402198506121e17"] {
            let err = id_number(scientific, today()).unwrap_err();
            assert_eq!(err.code, UserErrorCode::NumberPrecision, "{scientific}");
            assert!(err.zh.contains("科学计数法"));
        }
    }

    #[test]
    fn mobiles_say_what_is_wrong() {
        assert_eq!(mobile("138 1234 1234").unwrap(), "13812341234");
        assert!(
            mobile("1381234123")
                .unwrap_err()
                .zh
                .contains("这里是 10 位")
        );
        assert!(mobile("12812341234").unwrap_err().zh.contains("“12”"));
        assert_eq!(
            mobile("0943-8123456").unwrap_err().code,
            UserErrorCode::PhoneLandline
        );
        assert!(mobile("138l2341234").unwrap_err().zh.contains("“l”"));
        assert_eq!(
            mobile("1.38123E+10").unwrap_err().code,
            UserErrorCode::NumberPrecision
        );
    }
}
