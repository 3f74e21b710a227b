//! Resident identity number (公民身份号码, GB 11643-1999): ISO 7064 MOD 11-2
//! check, province prefix, and a real, plausible birth date.

use crate::error::UserErrorCode;
use std::fmt;

use chrono::{Datelike, NaiveDate};

/// ISO 7064 MOD 11-2 weights for the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each remainder 0..=10.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Earliest plausible birth year.
const MIN_YEAR: i32 = 1900;

/// A validated 18-character identity number (last character `0-9` or uppercase `X`).
///
/// `Debug` shows only the first 4 and last 4 characters so that the number does not leak into logs.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    number: String,
    birth_date: NaiveDate,
}

impl IdNumber {
    /// The full number. Personal data: mask it for display.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// Consumes the value and returns the full number.
    pub fn into_string(self) -> String {
        self.number
    }

    /// Birth date encoded in positions 7–14. Derive it only when needed.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Whether the sequence digit (position 17) is odd, which GB 11643 assigns to men.
    pub fn is_male(&self) -> bool {
        self.number
            .as_bytes()
            .get(16)
            .is_some_and(|b| (b - b'0') % 2 == 1)
    }

    /// The 6-digit address code (county at issue time; retired codes are valid).
    pub fn address_code(&self) -> &str {
        &self.number[..6]
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({}…{})", &self.number[..4], &self.number[14..])
    }
}

/// Why an identity number was refused. Messages never echo the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Not 17 digits followed by a digit or `X`.
    #[error("an identity number has 18 characters: 17 digits, then a digit or X")]
    Format,
    /// A 15-digit number from before 1999; it must be converted or kept in a legacy field.
    #[error(
        "this is a legacy 15-digit identity number: convert it to 18 digits or store it as legacy"
    )]
    Legacy15,
    /// The check character does not match the first 17 digits.
    #[error("the identity number's check character (position 18) does not match")]
    Checksum,
    /// The first two digits are not a mainland province, or 81/82/83.
    #[error("the identity number does not start with a known province code")]
    Province,
    /// Positions 7–14 are not a real calendar date.
    #[error("positions 7–14 of the identity number are not a real date")]
    BirthDate,
    /// The birth date is in the future or before 1900.
    #[error("the birth date in the identity number is in the future or before 1900")]
    BirthDateImplausible,
}

impl IdNumberError {
    /// Stable machine-readable code for this error.
    pub fn code(&self) -> UserErrorCode {
        match self {
            Self::Format => UserErrorCode::IdNumberFormat,
            Self::Legacy15 => UserErrorCode::IdNumberLegacy15,
            Self::Checksum => UserErrorCode::IdNumberChecksum,
            Self::Province => UserErrorCode::IdNumberProvince,
            Self::BirthDate | Self::BirthDateImplausible => UserErrorCode::IdNumberBirthDate,
        }
    }
}

/// Computes the check character from the first 17 digits, or `None` unless they are 17 ASCII
/// digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * weight;
    }
    CHECK.get(usize::try_from(sum % 11).ok()?).copied()
}

/// Whether a 2-digit prefix is a mainland province (11–15, 21–23, 31–37, 41–46, 50–54, 61–65)
/// or 81/82/83, used by residence permits for Hong Kong, Macao and Taiwan residents.
pub fn is_province(prefix: u32) -> bool {
    matches!(
        prefix,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 81..=83
    )
}

/// Validates an 18-character identity number against `today` (Asia/Shanghai calendar date).
///
/// Trims whitespace and accepts a lowercase `x`, stored as `X`. Checks, in order: shape, check
/// character, province prefix, a real birth date between 1900-01-01 and `today`. A 15-digit
/// number is refused with [`IdNumberError::Legacy15`]; see [`from_legacy15`].
pub fn validate(input: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
    let number = input.trim().to_ascii_uppercase();
    let bytes = number.as_bytes();
    if bytes.len() == 15 && bytes.iter().all(u8::is_ascii_digit) {
        return Err(IdNumberError::Legacy15);
    }
    let shape_ok = bytes.len() == 18
        && bytes[..17].iter().all(u8::is_ascii_digit)
        && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
    if !shape_ok {
        return Err(IdNumberError::Format);
    }
    if check_char(&number[..17]) != Some(char::from(bytes[17])) {
        return Err(IdNumberError::Checksum);
    }
    let province = number[..2]
        .parse::<u32>()
        .map_err(|_| IdNumberError::Format)?;
    if !is_province(province) {
        return Err(IdNumberError::Province);
    }
    let birth_date = parse_birth_date(&number[6..14]).ok_or(IdNumberError::BirthDate)?;
    if birth_date.year() < MIN_YEAR || birth_date > today {
        return Err(IdNumberError::BirthDateImplausible);
    }
    Ok(IdNumber { number, birth_date })
}

/// Converts a legacy 15-digit number (no century, no check) to 18 characters by inserting `19`
/// after the address code and computing the check character, then validates the result.
pub fn from_legacy15(input: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
    let legacy = input.trim();
    if legacy.len() != 15 || !legacy.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdNumberError::Format);
    }
    let first17 = format!("{}19{}", &legacy[..6], &legacy[6..]);
    let check = check_char(&first17).ok_or(IdNumberError::Format)?;
    validate(&format!("{first17}{check}"), today)
}

/// Parses `YYYYMMDD` (8 ASCII digits, already checked) into a real calendar date.
fn parse_birth_date(yyyymmdd: &str) -> Option<NaiveDate> {
    let year = yyyymmdd.get(..4)?.parse().ok()?;
    let month = yyyymmdd.get(4..6)?.parse().ok()?;
    let day = yyyymmdd.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 20).unwrap()
    }

    /// Builds a number with a correct check character from its first 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    #[test]
    fn worked_example_check_is_7() {
        assert_eq!(check_char("62040219850612123"), Some('7'));
        let id = validate("620402198506121237", today()).unwrap();
        assert_eq!(id.as_str(), "620402198506121237");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1985, 6, 12).unwrap()
        );
        assert!(id.is_male());
        assert_eq!(id.address_code(), "620402");
    }

    #[test]
    fn standard_example_with_x() {
        assert_eq!(check_char("11010519491231002"), Some('X'));
        let id = validate("11010519491231002X", today()).unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert!(!id.is_male());
    }

    #[test]
    fn lowercase_x_is_stored_uppercase() {
        let id = validate(" 11010519491231002x ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn checksum_vector_from_1880_fails_plausibility() {
        assert_eq!(check_char("44052418800101001"), Some('4'));
        let err = validate("440524188001010014", today()).unwrap_err();
        assert_eq!(err, IdNumberError::BirthDateImplausible);
        assert_eq!(err.code(), UserErrorCode::IdNumberBirthDate);
    }

    #[test]
    fn wrong_check_is_refused() {
        let err = validate("620402198506121238", today()).unwrap_err();
        assert_eq!(err, IdNumberError::Checksum);
        assert_eq!(err.code(), UserErrorCode::IdNumberChecksum);
        assert_eq!(
            validate("11010519491231002Y", today()),
            Err(IdNumberError::Format)
        );
        assert_eq!(
            validate("110105194912310021", today()),
            Err(IdNumberError::Checksum)
        );
    }

    #[test]
    fn shape_errors() {
        for bad in [
            "",
            "62040219850612123",
            "6204021985061212377",
            "62040219850612X237",
        ] {
            let err = validate(bad, today()).unwrap_err();
            assert_eq!(err, IdNumberError::Format, "{bad:?}");
            assert_eq!(err.code(), UserErrorCode::IdNumberFormat);
        }
        assert_eq!(
            validate("６20402198506121237", today()),
            Err(IdNumberError::Format)
        );
    }

    #[test]
    fn unreal_dates_are_refused() {
        for first17 in [
            "62040219850230123",
            "62040219851301123",
            "62040219850600123",
        ] {
            let err = validate(&with_check(first17), today()).unwrap_err();
            assert_eq!(err, IdNumberError::BirthDate, "{first17}");
            assert_eq!(err.code(), UserErrorCode::IdNumberBirthDate);
        }
        // 2000 was a leap year, 1900 was not.
        assert!(validate(&with_check("62040220000229123"), today()).is_ok());
        assert_eq!(
            validate(&with_check("62040219000229123"), today()),
            Err(IdNumberError::BirthDate)
        );
    }

    #[test]
    fn birth_date_bounds() {
        assert!(validate(&with_check("62040219000101123"), today()).is_ok());
        assert_eq!(
            validate(&with_check("62040218991231123"), today()),
            Err(IdNumberError::BirthDateImplausible)
        );
        assert!(validate(&with_check("62040220260120123"), today()).is_ok());
        assert_eq!(
            validate(&with_check("62040220260121123"), today()),
            Err(IdNumberError::BirthDateImplausible)
        );
    }

    #[test]
    fn province_prefix_rule() {
        for ok in [
            "11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "81", "82",
            "83",
        ] {
            let number = with_check(&format!("{ok}0402198506121237")[..17]);
            assert!(validate(&number, today()).is_ok(), "{ok}");
        }
        for bad in [
            "00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "71",
            "80", "84", "99",
        ] {
            let number = with_check(&format!("{bad}0402198506121237")[..17]);
            let err = validate(&number, today()).unwrap_err();
            assert_eq!(err, IdNumberError::Province, "{bad}");
            assert_eq!(err.code(), UserErrorCode::IdNumberProvince);
        }
    }

    #[test]
    fn retired_county_codes_are_accepted() {
        // 620401 (市辖区) is not a county but the province rule is all we check.
        assert!(validate(&with_check("62040119850612123"), today()).is_ok());
    }

    #[test]
    fn legacy_15_digits_are_flagged_and_convertible() {
        let err = validate("620402850612123", today()).unwrap_err();
        assert_eq!(err, IdNumberError::Legacy15);
        assert_eq!(err.code(), UserErrorCode::IdNumberLegacy15);
        let id = from_legacy15("620402850612123", today()).unwrap();
        assert_eq!(id.as_str(), "620402198506121237");
        assert_eq!(
            from_legacy15("62040285061212", today()),
            Err(IdNumberError::Format)
        );
    }

    #[test]
    fn check_char_rejects_non_digits() {
        assert_eq!(check_char("6204021985061212"), None);
        assert_eq!(check_char("6204021985061212X"), None);
        assert_eq!(check_char("620402198506121237"), None);
    }

    #[test]
    fn debug_and_errors_do_not_leak_the_number() {
        let id = validate("620402198506121237", today()).unwrap();
        assert_eq!(format!("{id:?}"), "IdNumber(6204…1237)");
        let err = validate("620402198506121238", today()).unwrap_err();
        assert!(!err.to_string().contains("620402"));
    }
}
