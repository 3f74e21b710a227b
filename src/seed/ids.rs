//! Fake but well-formed identifiers: resident ID numbers with Baiyin address codes, mobile
//! numbers and unified social credit codes, all passing their checksums.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::domain::validate::{credit_code, id_number};
use crate::error::AppError;

/// The 31 symbols a credit code is written in.
const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Mobile prefixes in use (second digit 3–9).
const MOBILE_PREFIXES: &[&str] = &[
    "133", "135", "136", "138", "139", "150", "151", "152", "155", "157", "158", "173", "177",
    "180", "181", "183", "185", "187", "189", "191", "193", "198", "199",
];

/// An 18-character ID number: address code, birth date, a sequence whose parity matches the
/// gender (odd = male), and the MOD 11-2 check character. Never repeats one in `used`.
pub fn id_number(
    rng: &mut ChaCha8Rng,
    address6: &str,
    birth: NaiveDate,
    male: bool,
    used: &mut HashSet<String>,
) -> Result<String, AppError> {
    loop {
        let mut sequence: u32 = rng.random_range(1..=999);
        if (sequence % 2 == 1) != male {
            sequence = if sequence == 999 { 998 } else { sequence + 1 };
        }
        let first17 = format!(
            "{address6}{:04}{:02}{:02}{sequence:03}",
            birth.year(),
            birth.month(),
            birth.day()
        );
        let check = id_number::check_char(&first17)
            .ok_or_else(|| AppError::Internal(format!("no ID check digit for {first17}")))?;
        let full = format!("{first17}{check}");
        if used.insert(full.clone()) {
            return Ok(full);
        }
    }
}

/// An 11-digit mainland mobile number matching `^1[3-9]\d{9}$`.
pub fn mobile(rng: &mut ChaCha8Rng) -> String {
    let prefix = MOBILE_PREFIXES[rng.random_range(0..MOBILE_PREFIXES.len())];
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}

/// A unified social credit code: `kind2` (authority and category, e.g. `91`), the 6-digit
/// division code, an organisation-code body `MA…` with its GB 11714 check, then the mod-31 check.
pub fn credit_code(
    rng: &mut ChaCha8Rng,
    kind2: &str,
    division6: &str,
    used: &mut HashSet<String>,
) -> Result<String, AppError> {
    loop {
        let mut body = String::from("MA");
        for _ in 0..6 {
            body.push(char::from(
                CREDIT_ALPHABET[rng.random_range(0..CREDIT_ALPHABET.len())],
            ));
        }
        let org_check = credit_code::org_code_check_char(&body)
            .ok_or_else(|| AppError::Internal(format!("no organisation check for {body}")))?;
        let first17 = format!("{kind2}{division6}{body}{org_check}");
        let check = credit_code::check_char(&first17)
            .ok_or_else(|| AppError::Internal(format!("no credit-code check for {first17}")))?;
        let full = format!("{first17}{check}");
        if used.insert(full.clone()) {
            return Ok(full);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::seed::common::ymd;

    #[test]
    fn generated_identifiers_pass_their_checks() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut used = HashSet::new();
        for i in 0..500 {
            let male = i % 2 == 0;
            let id = id_number(&mut rng, "620422", ymd(1980, 2, 29), male, &mut used).unwrap();
            assert_eq!(id_number::check_char(&id[..17]), id.chars().nth(17));
            let sequence: u32 = id[14..17].parse().unwrap();
            assert_eq!(sequence % 2 == 1, male);
            let code = credit_code(&mut rng, "91", "620402", &mut used).unwrap();
            assert_eq!(credit_code::validate(&code).as_deref(), Ok(code.as_str()));
            let phone = mobile(&mut rng);
            assert_eq!(phone.len(), 11);
            assert!(phone.starts_with('1') && (b'3'..=b'9').contains(&phone.as_bytes()[1]));
        }
    }
}
