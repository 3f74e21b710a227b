//! The report's figures split top-down by county (docs/decisions/0004-demo-dataset.md): each
//! county's share is fixed here first, the rows are generated from it, so the counties add up
//! to the city for every additive figure of the report.

/// One county's share of every additive 2025 figure. Money is in fen.
pub struct CountyShare {
    /// Figure 1 theory lectures held in 2025.
    pub lectures: usize,
    /// Figure 2 attendances (person-times) at those lectures.
    pub audience: i64,
    /// Figure 3 practice innovation bases opened in 2025.
    pub new_bases: usize,
    /// Figure 4 activities held at practice innovation bases in 2025.
    pub base_activities: usize,
    /// Figure 5 cash donated through those activities (fen).
    pub cash_fen: i64,
    /// Figure 5 goods donated through those activities, valued in fen.
    pub in_kind_fen: i64,
    /// Figure 6 suggestions submitted by democratic-party organizations in 2025.
    pub suggestions: usize,
    /// Figure 7 of which taken into livelihood projects.
    pub into_projects: usize,
    /// Figure 7 of which converted into concrete measures.
    pub into_measures: usize,
    /// Figure 12 publicity and fellowship events at stations, points and homes.
    pub home_events: usize,
    /// Figure 14 democratic-party members' homes standing at the end of 2025.
    pub members_homes: usize,
    /// Figure 15 farm-help bloggers with a million followers.
    pub bloggers: usize,
    /// Figure 16 farm-product sales those bloggers drove in 2025 (fen).
    pub sales_fen: i64,
    /// Figure 17 village influencers who helped households.
    pub influencers: usize,
    /// Figure 18 distinct households they helped.
    pub households: usize,
    /// Figure 19 mediated commercial disputes that ended in settlement.
    pub settled: usize,
    /// Figure 19 mediated commercial disputes where mediation failed.
    pub failed: usize,
    /// Figure 20 "铸牢大家谈" videos published.
    pub videos: usize,
    /// Figure 21 "铸牢大家谈" articles published.
    pub articles: usize,
    /// Figure 22 online writers, streamers and big-V accounts on field trips.
    pub field_trippers: usize,
}

const fn yuan(amount: i64) -> i64 {
    amount * 100
}

/// Shares in the order of `regions_data::COUNTIES`: 白银区, 平川区, 靖远县, 会宁县, 景泰县.
pub const SHARES: [CountyShare; 5] = [
    CountyShare {
        lectures: 24,
        audience: 24_400,
        new_bases: 4,
        base_activities: 12,
        cash_fen: yuan(120_000),
        in_kind_fen: yuan(56_250),
        suggestions: 30,
        into_projects: 2,
        into_measures: 3,
        home_events: 28,
        members_homes: 2,
        bloggers: 3,
        sales_fen: yuan(52_000_000),
        influencers: 1,
        households: 220,
        settled: 9,
        failed: 1,
        videos: 5,
        articles: 11,
        field_trippers: 30,
    },
    CountyShare {
        lectures: 18,
        audience: 17_150,
        new_bases: 2,
        base_activities: 7,
        cash_fen: yuan(68_600),
        in_kind_fen: yuan(31_500),
        suggestions: 15,
        into_projects: 1,
        into_measures: 2,
        home_events: 18,
        members_homes: 1,
        bloggers: 2,
        sales_fen: yuan(31_500_000),
        influencers: 1,
        households: 250,
        settled: 6,
        failed: 1,
        videos: 3,
        articles: 7,
        field_trippers: 18,
    },
    CountyShare {
        lectures: 22,
        audience: 21_230,
        new_bases: 3,
        base_activities: 9,
        cash_fen: yuan(90_000),
        in_kind_fen: yuan(40_000),
        suggestions: 17,
        into_projects: 2,
        into_measures: 1,
        home_events: 22,
        members_homes: 1,
        bloggers: 3,
        sales_fen: yuan(45_300_000),
        influencers: 1,
        households: 300,
        settled: 7,
        failed: 1,
        videos: 4,
        articles: 9,
        field_trippers: 20,
    },
    CountyShare {
        lectures: 26,
        audience: 25_900,
        new_bases: 3,
        base_activities: 9,
        cash_fen: yuan(85_000),
        in_kind_fen: yuan(38_000),
        suggestions: 19,
        into_projects: 1,
        into_measures: 2,
        home_events: 25,
        members_homes: 1,
        bloggers: 3,
        sales_fen: yuan(48_000_000),
        influencers: 2,
        households: 480,
        settled: 8,
        failed: 1,
        videos: 4,
        articles: 9,
        field_trippers: 20,
    },
    CountyShare {
        lectures: 16,
        audience: 14_800,
        new_bases: 2,
        base_activities: 6,
        cash_fen: yuan(55_000),
        in_kind_fen: yuan(28_000),
        suggestions: 12,
        into_projects: 1,
        into_measures: 1,
        home_events: 15,
        members_homes: 0,
        bloggers: 2,
        sales_fen: yuan(30_000_000),
        influencers: 1,
        households: 310,
        settled: 6,
        failed: 1,
        videos: 3,
        articles: 7,
        field_trippers: 16,
    },
];

/// Households linked to both of 会宁县's two village influencers.
pub const SHARED_HOUSEHOLDS: usize = 40;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn total(f: impl Fn(&CountyShare) -> i64) -> i64 {
        SHARES.iter().map(f).sum()
    }

    #[test]
    fn county_shares_add_up_to_the_report() {
        assert_eq!(total(|s| s.lectures as i64), 106);
        assert_eq!(total(|s| s.audience), 103_480);
        assert_eq!(total(|s| s.new_bases as i64), 14);
        assert_eq!(total(|s| s.base_activities as i64), 43);
        assert_eq!(total(|s| s.cash_fen), 41_860_000);
        assert_eq!(total(|s| s.in_kind_fen), 19_375_000);
        assert_eq!(total(|s| s.suggestions as i64), 93);
        assert_eq!(total(|s| s.into_projects as i64), 7);
        assert_eq!(total(|s| s.into_measures as i64), 9);
        assert_eq!(total(|s| s.home_events as i64), 108);
        assert_eq!(total(|s| s.members_homes as i64), 5);
        assert_eq!(total(|s| s.bloggers as i64), 13);
        assert_eq!(total(|s| s.sales_fen), 20_680_000_000);
        assert_eq!(total(|s| s.influencers as i64), 6);
        assert_eq!(total(|s| s.households as i64), 1_560);
        assert_eq!(total(|s| s.settled as i64), 36);
        assert_eq!(total(|s| s.failed as i64), 5);
        assert_eq!(total(|s| s.videos as i64), 19);
        assert_eq!(total(|s| s.articles as i64), 43);
        assert_eq!(total(|s| s.field_trippers as i64), 104);
    }
}
