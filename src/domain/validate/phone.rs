//! Mainland mobile numbers: normalise punctuation and country prefixes, then
//! require `1[3-9]` + 9 digits. Operator prefixes are deliberately not listed.

use crate::error::UserErrorCode;

/// Why a mobile number was refused. Messages never echo the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Not an 11-digit mainland mobile number after normalisation.
    #[error("a mobile number has 11 digits starting with 13–19 (an optional +86 is allowed)")]
    Format,
    /// Looks like a landline (leading 0 area code); it belongs in the landline field.
    #[error("this looks like a landline number; put it in the landline field")]
    Landline,
    /// A 13-digit machine-to-machine (IoT) number starting with 14.
    #[error("13-digit IoT (machine-to-machine) numbers are not accepted as mobile numbers")]
    MachineToMachine,
}

impl PhoneError {
    /// Stable machine-readable code for this error.
    pub fn code(&self) -> UserErrorCode {
        match self {
            Self::Format => UserErrorCode::PhoneFormat,
            Self::Landline => UserErrorCode::PhoneLandline,
            Self::MachineToMachine => UserErrorCode::PhoneIot,
        }
    }
}

/// Normalises a mainland mobile number to its bare 11 digits.
///
/// Strips whitespace and hyphens, then a leading `+86` or `0086`, or a bare leading `86` when
/// exactly 11 digits remain after it; the rest must match `^1[3-9]\d{9}$`.
pub fn normalize_mobile(input: &str) -> Result<String, PhoneError> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let national = if let Some(rest) = compact.strip_prefix("+86") {
        rest
    } else if let Some(rest) = compact.strip_prefix("0086") {
        rest
    } else if let Some(rest) = compact.strip_prefix("86").filter(|rest| rest.len() == 11) {
        rest
    } else {
        compact.as_str()
    };
    let bytes = national.as_bytes();
    if !bytes.iter().all(u8::is_ascii_digit) || bytes.is_empty() {
        return Err(PhoneError::Format);
    }
    if bytes[0] == b'0' {
        return Err(PhoneError::Landline);
    }
    if bytes.len() == 13 && bytes.starts_with(b"14") {
        return Err(PhoneError::MachineToMachine);
    }
    if bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]) {
        Ok(national.to_owned())
    } else {
        Err(PhoneError::Format)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_punctuated_numbers() {
        for input in [
            "13812341234",
            "138 1234 1234",
            "138-1234-1234",
            " 138\t1234-1234 ",
            "+8613812341234",
            "+86 138 1234 1234",
            "+86-138-1234-1234",
            "008613812341234",
            "0086 138 1234 1234",
            "8613812341234",
        ] {
            assert_eq!(
                normalize_mobile(input).as_deref(),
                Ok("13812341234"),
                "{input:?}"
            );
        }
    }

    #[test]
    fn every_second_digit_from_3_to_9_is_allowed() {
        for second in 3..=9 {
            let number = format!("1{second}012345678");
            assert_eq!(normalize_mobile(&number), Ok(number.clone()));
        }
    }

    #[test]
    fn bad_second_digit_or_length() {
        for input in [
            "12812341234",
            "10812341234",
            "1381234123",
            "138123412345",
            "",
            "+86",
            "abc",
        ] {
            let err = normalize_mobile(input).unwrap_err();
            assert_eq!(err, PhoneError::Format, "{input:?}");
            assert_eq!(err.code(), UserErrorCode::PhoneFormat);
        }
    }

    #[test]
    fn bare_86_is_only_stripped_when_11_digits_remain() {
        // "86" + 10 digits is 12 digits: not stripped, not valid.
        assert_eq!(normalize_mobile("861381234123"), Err(PhoneError::Format));
        assert_eq!(normalize_mobile("+86 23812341234"), Err(PhoneError::Format));
    }

    #[test]
    fn landlines_are_refused() {
        for input in [
            "0943-8123456",
            "094381234567",
            "+86 943 8123456",
            "+86 0943 8123456",
        ] {
            let err = normalize_mobile(input).unwrap_err();
            assert!(
                matches!(err, PhoneError::Landline | PhoneError::Format),
                "{input:?}"
            );
        }
        let err = normalize_mobile("0943-8123456").unwrap_err();
        assert_eq!(err, PhoneError::Landline);
        assert_eq!(err.code(), UserErrorCode::PhoneLandline);
    }

    #[test]
    fn iot_numbers_are_refused() {
        let err = normalize_mobile("1440123456789").unwrap_err();
        assert_eq!(err, PhoneError::MachineToMachine);
        assert_eq!(err.code(), UserErrorCode::PhoneIot);
        assert_eq!(
            normalize_mobile("+86 1440123456789"),
            Err(PhoneError::MachineToMachine)
        );
    }

    #[test]
    fn other_characters_are_refused() {
        assert_eq!(normalize_mobile("(138)12341234"), Err(PhoneError::Format));
        assert_eq!(
            normalize_mobile("１３８１２３４１２３４"),
            Err(PhoneError::Format)
        );
    }
}
