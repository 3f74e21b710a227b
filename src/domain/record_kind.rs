//! The kinds of record a spreadsheet import or export holds.

/// The kinds of record a spreadsheet can hold.
#[derive(
    async_graphql::Enum, clap::ValueEnum, Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum RecordKind {
    /// 人员
    People,
    /// 组织
    Organizations,
    /// 活动
    Activities,
    /// 结对（万企兴万村）
    Pairings,
}

impl RecordKind {
    pub const ALL: [Self; 4] = [
        Self::People,
        Self::Organizations,
        Self::Activities,
        Self::Pairings,
    ];

    /// The English plural used in URLs and file names (`organizations`).
    pub fn slug(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Organizations => "organizations",
            Self::Activities => "activities",
            Self::Pairings => "pairings",
        }
    }

    /// The Chinese name, used as the worksheet name.
    pub fn label(self) -> &'static str {
        match self {
            Self::People => "人员",
            Self::Organizations => "组织",
            Self::Activities => "活动",
            Self::Pairings => "结对",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }
}
