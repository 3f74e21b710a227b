//! Baiyin's 12-digit statistical region codes: parsing the 6/9/12-digit
//! forms the API accepts, the level a code names, its parent and its subtree.

use std::fmt;

use super::enums::RegionLevel;

/// A well-formed statistical code inside Baiyin (`6204…`). Whether it exists is a database
/// question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

/// Why a region code was refused; the message is meant for a front-end developer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    #[error("a region code has 6, 9 or 12 digits")]
    Format,
    #[error("region codes in this directory start with 6204 (白银市)")]
    OutOfScope,
    #[error(
        "county part must be 02, 03, 21, 22 or 23 (620401 市辖区 is a grouping row, not a county)"
    )]
    UnknownCounty,
    #[error("township part must lie in 001–599")]
    TownshipRange,
    #[error("village part must lie in 001–599")]
    VillageRange,
}

const COUNTIES: [&str; 5] = ["02", "03", "21", "22", "23"];

impl RegionCode {
    /// Parses a code in its 6-, 9- or 12-digit form, right-padding the short forms with zeros.
    pub fn parse(input: &str) -> Result<Self, RegionCodeError> {
        let trimmed = input.trim();
        if !matches!(trimmed.len(), 6 | 9 | 12) || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionCodeError::Format);
        }
        let mut code = trimmed.to_owned();
        while code.len() < 12 {
            code.push('0');
        }
        if !code.starts_with("6204") {
            return Err(RegionCodeError::OutOfScope);
        }
        let county = &code[4..6];
        let township = &code[6..9];
        let village = &code[9..12];
        if county != "00" && !COUNTIES.contains(&county) {
            return Err(RegionCodeError::UnknownCounty);
        }
        if county == "00" && (township != "000" || village != "000") {
            return Err(RegionCodeError::UnknownCounty);
        }
        if township != "000" && !in_range(township) {
            return Err(RegionCodeError::TownshipRange);
        }
        if township == "000" && village != "000" {
            return Err(RegionCodeError::TownshipRange);
        }
        if village != "000" && !in_range(village) {
            return Err(RegionCodeError::VillageRange);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level follows from the trailing zeros.
    pub fn level(&self) -> RegionLevel {
        let c = &self.0;
        if &c[4..] == "00000000" {
            RegionLevel::City
        } else if &c[6..] == "000000" {
            RegionLevel::County
        } else if &c[9..] == "000" {
            RegionLevel::Township
        } else {
            RegionLevel::Village
        }
    }

    /// The significant prefix: `6204`, `620422`, `620422118` or the whole code.
    pub fn prefix(&self) -> &str {
        match self.level() {
            RegionLevel::City => &self.0[..4],
            RegionLevel::County => &self.0[..6],
            RegionLevel::Township => &self.0[..9],
            RegionLevel::Village => &self.0,
        }
    }

    /// The parent's code: the code truncated to the level above, or `None` for the city.
    pub fn parent(&self) -> Option<RegionCode> {
        let keep = match self.level() {
            RegionLevel::City => return None,
            RegionLevel::County => 4,
            RegionLevel::Township => 6,
            RegionLevel::Village => 9,
        };
        Some(Self(format!("{:0<12}", &self.0[..keep])))
    }

    /// Codes of this region's subtree lie in `[low, high]` (string order equals numeric order).
    pub fn subtree_range(&self) -> (String, String) {
        let prefix = self.prefix();
        (format!("{prefix:0<12}"), format!("{prefix:9<12}"))
    }

    /// Whether `other` is this region or lies below it.
    pub fn contains(&self, other: &str) -> bool {
        other.starts_with(self.prefix())
    }
}

fn in_range(part: &str) -> bool {
    matches!(part.parse::<u16>(), Ok(1..=599))
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn short_forms_are_padded_and_levels_follow_trailing_zeros() {
        let cases = [
            ("620400", "620400000000", RegionLevel::City),
            ("620422", "620422000000", RegionLevel::County),
            ("620422118", "620422118000", RegionLevel::Township),
            ("620422118201", "620422118201", RegionLevel::Village),
        ];
        for (input, full, level) in cases {
            let code = RegionCode::parse(input).unwrap();
            assert_eq!(code.as_str(), full);
            assert_eq!(code.level(), level);
        }
    }

    #[test]
    fn refuses_malformed_and_out_of_scope_codes() {
        assert_eq!(RegionCode::parse("62042"), Err(RegionCodeError::Format));
        assert_eq!(
            RegionCode::parse("62042211800a"),
            Err(RegionCodeError::Format)
        );
        assert_eq!(
            RegionCode::parse("620100"),
            Err(RegionCodeError::OutOfScope)
        );
        assert_eq!(
            RegionCode::parse("620401"),
            Err(RegionCodeError::UnknownCounty)
        );
        assert_eq!(
            RegionCode::parse("620422600"),
            Err(RegionCodeError::TownshipRange)
        );
        assert_eq!(
            RegionCode::parse("620422118600"),
            Err(RegionCodeError::VillageRange)
        );
        assert_eq!(
            RegionCode::parse("620422000201"),
            Err(RegionCodeError::TownshipRange)
        );
    }

    #[test]
    fn parent_and_subtree() {
        let village = RegionCode::parse("620422118201").unwrap();
        assert_eq!(village.parent().unwrap().as_str(), "620422118000");
        let county = RegionCode::parse("620422").unwrap();
        assert_eq!(county.parent().unwrap().as_str(), "620400000000");
        assert_eq!(
            county.subtree_range(),
            ("620422000000".to_owned(), "620422999999".to_owned())
        );
        assert!(county.contains("620422118201"));
        assert!(!county.contains("620421101000"));
        assert!(RegionCode::parse("620400").unwrap().parent().is_none());
    }
}
