//! Duplicates: pairs of records that are likely one person or organization written twice
//! (`candidates`), the warning a write gets when it creates such a pair (`likely`), and merging
//! two records into one and undoing that (`merge`).

pub mod candidates;
pub mod likely;
pub mod merge;
mod sql;

use async_graphql::Enum;

/// The kind of records compared.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "DuplicateType")]
pub enum RecordType {
    /// People.
    Person,
    /// Organizations.
    Organization,
}

/// Why two records look like one, with the weight that reason alone gives the pair.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    SameIdNumber,
    SameCreditCode,
    SameNormalizedName,
    SamePinyinAndBirthDate,
    SameNameAndWorkUnit,
}

impl Reason {
    /// The reason as shown to users.
    pub fn text(self) -> &'static str {
        match self {
            Self::SameIdNumber => "同一公民身份号码",
            Self::SameCreditCode => "同一统一社会信用代码",
            Self::SameNormalizedName => "名称规范化后相同",
            Self::SamePinyinAndBirthDate => "姓名拼音相同且出生日期相同",
            Self::SameNameAndWorkUnit => "同名同单位",
        }
    }

    /// How sure this reason alone makes the pair one record (0–1).
    pub fn weight(self) -> f64 {
        match self {
            Self::SameIdNumber | Self::SameCreditCode => 1.0,
            Self::SameNormalizedName => 0.9,
            Self::SamePinyinAndBirthDate => 0.8,
            Self::SameNameAndWorkUnit => 0.6,
        }
    }
}

/// The pair's score: the chance that at least one of its reasons is right, each taken as
/// independent evidence (1 − Π(1 − wᵢ)), rounded to two decimals.
pub fn score(reasons: &[Reason]) -> f64 {
    let miss: f64 = reasons.iter().map(|r| 1.0 - r.weight()).product();
    ((1.0 - miss) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_reasons_score_higher_and_certain_ones_score_one() {
        assert_eq!(score(&[Reason::SameIdNumber]), 1.0);
        assert_eq!(score(&[Reason::SameNameAndWorkUnit]), 0.6);
        assert_eq!(
            score(&[Reason::SamePinyinAndBirthDate, Reason::SameNameAndWorkUnit]),
            0.92
        );
        assert_eq!(score(&[]), 0.0);
    }
}
