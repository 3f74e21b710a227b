//! Unified social credit code (统一社会信用代码, GB 32100-2015): the outer
//! mod-31 check character and the embedded GB 11714 organisation-code check on positions 9–17.

use crate::error::UserErrorCode;

/// The 31-symbol alphabet: digits and capitals without I, O, S, V, Z; a symbol's value is its
/// index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weight of position *i* (1-based) is 3^(i−1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// GB 11714 weights for the 8 body characters of an organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Why a credit code was refused. Messages never echo the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    /// Not 18 characters long (after trimming).
    #[error("a unified social credit code has 18 characters, found {found}")]
    Length {
        /// Number of characters found.
        found: usize,
    },
    /// A character outside `0-9` and `A-Z` without I, O, S, V, Z.
    #[error(
        "character {position} of the credit code is not allowed (digits and capital letters except I, O, S, V, Z)"
    )]
    Character {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// Positions 3–8 (the registering authority's division code) are not all digits.
    #[error("positions 3–8 of the credit code must be a 6-digit division code")]
    DivisionCode,
    /// The embedded organisation code (positions 9–17) fails its GB 11714 check.
    #[error("the organisation code inside the credit code (positions 9–17) fails its check")]
    OrgCodeChecksum,
    /// The 18th character does not match the check computed over positions 1–17.
    #[error("the credit code's check character (position 18) does not match")]
    Checksum,
}

impl CreditCodeError {
    /// Stable machine-readable code for this error.
    pub fn code(&self) -> UserErrorCode {
        match self {
            Self::Length { .. } | Self::Character { .. } | Self::DivisionCode => {
                UserErrorCode::CreditCodeFormat
            }
            Self::OrgCodeChecksum => UserErrorCode::CreditCodeOrgChecksum,
            Self::Checksum => UserErrorCode::CreditCodeChecksum,
        }
    }
}

/// Value of `c` in the 31-symbol alphabet, or `None` if it is not a symbol of it.
fn value(c: char) -> Option<u32> {
    let byte = u8::try_from(c).ok()?;
    let index = ALPHABET.iter().position(|&b| b == byte)?;
    u32::try_from(index).ok()
}

/// Computes the 18th (check) character from the first 17 characters of a credit code.
///
/// Returns `None` if `first17` is not exactly 17 characters of the 31-symbol alphabet
/// (uppercase only; normalise before calling).
pub fn check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * weight;
    }
    // 31 − (sum mod 31), with 31 wrapping to 0: the remainder-0 case yields '0', not index 31.
    let index = (31 - sum % 31) % 31;
    ALPHABET
        .get(usize::try_from(index).ok()?)
        .map(|&b| char::from(b))
}

/// Computes the GB 11714 check character of an 8-character organisation-code body.
///
/// Letters count A=10 … Z=35 (not the 31-symbol values). Returns `None` unless `body8` is exactly
/// 8 characters of `0-9`/`A-Z`. A result of 10 is `X`, 11 is `0`.
pub fn org_code_check_char(body8: &str) -> Option<char> {
    if body8.chars().count() != ORG_WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in body8.chars().zip(ORG_WEIGHTS) {
        if !(c.is_ascii_digit() || c.is_ascii_uppercase()) {
            return None;
        }
        sum += c.to_digit(36)? * weight;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        digit => char::from_digit(digit, 10),
    }
}

/// Validates a credit code and returns it normalised (trimmed, uppercase).
///
/// Checks, in order: length 18, alphabet, digits in positions 3–8, the outer check character,
/// then the embedded organisation-code check. Position 1 is not restricted (religious venues,
/// social organisations and others appear in UF work).
pub fn validate(input: &str) -> Result<String, CreditCodeError> {
    let code = input.trim().to_uppercase();
    let found = code.chars().count();
    if found != 18 {
        return Err(CreditCodeError::Length { found });
    }
    if let Some(index) = code.chars().position(|c| value(c).is_none()) {
        return Err(CreditCodeError::Character {
            position: index + 1,
        });
    }
    // All 18 characters are ASCII from here on, so byte slicing is safe.
    if !code[2..8].bytes().all(|b| b.is_ascii_digit()) {
        return Err(CreditCodeError::DivisionCode);
    }
    if check_char(&code[..17]) != code[17..].chars().next() {
        return Err(CreditCodeError::Checksum);
    }
    if org_code_check_char(&code[8..16]) != code[16..17].chars().next() {
        return Err(CreditCodeError::OrgCodeChecksum);
    }
    Ok(code)
}

/// Whether a (validated) code was registered in 白银市: positions 3–8 start with `6204`.
///
/// A `false` here is a warning, not an error: firms registered elsewhere pair with Baiyin villages.
pub fn is_registered_in_baiyin(code: &str) -> bool {
    code.get(2..6) == Some("6204")
}

/// Whether a (validated) code belongs to an individual business (个体工商户, `92…`), whose
/// linked owner data is personal information.
pub fn is_individual_business(code: &str) -> bool {
    code.starts_with("92")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_org_check_is_5() {
        assert_eq!(org_code_check_char("MA74BC2D"), Some('5'));
    }

    #[test]
    fn worked_example_outer_check_is_j() {
        assert_eq!(check_char("91620402MA74BC2D5"), Some('J'));
        assert_eq!(
            validate("91620402MA74BC2D5J").unwrap(),
            "91620402MA74BC2D5J"
        );
    }

    #[test]
    fn public_vectors_pass_both_checks() {
        for code in ["914403001922038216", "91440300708461136T"] {
            assert_eq!(validate(code).as_deref(), Ok(code));
            assert_eq!(check_char(&code[..17]), code[17..].chars().next());
            assert_eq!(
                org_code_check_char(&code[8..16]),
                code[16..17].chars().next()
            );
        }
    }

    #[test]
    fn remainder_zero_gives_check_zero() {
        assert_eq!(check_char("91620402MA7000421"), Some('0'));
        assert_eq!(
            validate("91620402MA70004210").unwrap(),
            "91620402MA70004210"
        );
    }

    #[test]
    fn org_check_x_and_outer_check_x() {
        assert_eq!(org_code_check_char("MA700000"), Some('X'));
        assert_eq!(check_char("91620402MA700000X"), Some('X'));
        assert_eq!(
            validate("91620402MA700000XX").unwrap(),
            "91620402MA700000XX"
        );
    }

    #[test]
    fn org_check_eleven_maps_to_zero() {
        // 0000000? : sum 0, 11 − 0 = 11 → '0'.
        assert_eq!(org_code_check_char("00000000"), Some('0'));
    }

    #[test]
    fn lowercase_and_whitespace_are_normalised() {
        assert_eq!(
            validate(" 91620402ma74bc2d5j ").unwrap(),
            "91620402MA74BC2D5J"
        );
    }

    #[test]
    fn forbidden_letters_are_refused_with_position() {
        for (i, letter) in ['I', 'O', 'S', 'V', 'Z'].into_iter().enumerate() {
            let code = format!("91620402MA74BC2D5{letter}");
            let err = validate(&code).unwrap_err();
            assert_eq!(err, CreditCodeError::Character { position: 18 }, "case {i}");
            assert_eq!(err.code(), UserErrorCode::CreditCodeFormat);
        }
        assert_eq!(
            validate("91620402MO74BC2D5J"),
            Err(CreditCodeError::Character { position: 10 })
        );
        assert_eq!(
            validate("91620402MA74BC2D5é"),
            Err(CreditCodeError::Character { position: 18 })
        );
    }

    #[test]
    fn wrong_length_is_refused() {
        assert_eq!(validate(""), Err(CreditCodeError::Length { found: 0 }));
        assert_eq!(
            validate("91620402MA74BC2D5"),
            Err(CreditCodeError::Length { found: 17 })
        );
        assert_eq!(
            validate("91620402MA74BC2D5JJ"),
            Err(CreditCodeError::Length { found: 19 })
        );
        assert_eq!(
            validate("9162040").unwrap_err().code(),
            UserErrorCode::CreditCodeFormat
        );
    }

    #[test]
    fn letter_in_division_code_is_refused() {
        let first17 = "9162A402MA74BC2D5";
        let code = format!("{first17}{}", check_char(first17).unwrap());
        assert_eq!(validate(&code), Err(CreditCodeError::DivisionCode));
    }

    #[test]
    fn wrong_outer_check_is_refused() {
        let err = validate("91620402MA74BC2D5K").unwrap_err();
        assert_eq!(err, CreditCodeError::Checksum);
        assert_eq!(err.code(), UserErrorCode::CreditCodeChecksum);
        assert_eq!(
            validate("91620402MA70004211"),
            Err(CreditCodeError::Checksum)
        );
    }

    #[test]
    fn wrong_embedded_org_check_is_refused_even_if_outer_matches() {
        let first17 = "91620402MA74BC2D6";
        let code = format!("{first17}{}", check_char(first17).unwrap());
        let err = validate(&code).unwrap_err();
        assert_eq!(err, CreditCodeError::OrgCodeChecksum);
        assert_eq!(err.code(), UserErrorCode::CreditCodeOrgChecksum);
    }

    #[test]
    fn other_registration_authorities_are_accepted() {
        for prefix in ["71", "51", "52", "53", "92", "N2", "Y1"] {
            let first17 = format!("{prefix}620402MA74BC2D5");
            let code = format!("{first17}{}", check_char(&first17).unwrap());
            assert_eq!(validate(&code), Ok(code.clone()));
        }
    }

    #[test]
    fn check_char_rejects_bad_input() {
        assert_eq!(check_char("91620402MA74BC2D"), None);
        assert_eq!(check_char("91620402MA74BC2D55"), None);
        assert_eq!(check_char("91620402ma74bc2d5"), None);
        assert_eq!(check_char("91620402MI74BC2D5"), None);
        assert_eq!(org_code_check_char("MA74BC2"), None);
        assert_eq!(org_code_check_char("ma74bc2d"), None);
        assert_eq!(org_code_check_char("MA74BC2-"), None);
    }

    #[test]
    fn baiyin_registration_is_a_warning_helper() {
        assert!(is_registered_in_baiyin("91620402MA74BC2D5J"));
        assert!(!is_registered_in_baiyin("914403001922038216"));
        assert!(!is_registered_in_baiyin("91"));
    }

    #[test]
    fn individual_business_prefix() {
        assert!(is_individual_business("92620402MA74BC2D5X"));
        assert!(!is_individual_business("91620402MA74BC2D5J"));
    }

    #[test]
    fn messages_are_english_and_do_not_echo_input() {
        let err = validate("91620402MA74BC2D5K").unwrap_err();
        assert!(!err.to_string().contains("91620402"));
        assert!(err.to_string().contains("check character"));
    }
}
