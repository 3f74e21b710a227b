//! Farm-help bloggers (figures 15, 16): platform accounts measured over time and quarterly sales,
//! with the near misses the million-follower threshold must leave out.

use chrono::NaiveDate;
use entity::{platform_account, sales_record};

use super::common::{SEEDED_AT, Seeder, delete_last, push, ymd};
use super::people::PersonSpec;
use super::shares::SHARES;
use crate::domain::enums::{
    DomainEnum, MembershipRole, NetworkFigureKind as Figure, Platform, PoliticalStatus, UfCategory,
    UfSubcategory,
};
use crate::error::AppError;

const PRODUCTS: &[&str] = &[
    "小杂粮",
    "枸杞",
    "羊羔肉",
    "苹果",
    "百合",
    "黄河蜜瓜",
    "土豆粉条",
    "软儿梨",
];
const MAIN_PLATFORMS: [Platform; 3] = [
    Platform::Douyin,
    Platform::Kuaishou,
    Platform::WechatChannels,
];

/// Quarter starts and ends of a year.
fn quarters(year: i32) -> [(NaiveDate, NaiveDate); 4] {
    [
        (ymd_rt(year, 1, 1), ymd_rt(year, 3, 31)),
        (ymd_rt(year, 4, 1), ymd_rt(year, 6, 30)),
        (ymd_rt(year, 7, 1), ymd_rt(year, 9, 30)),
        (ymd_rt(year, 10, 1), ymd_rt(year, 12, 31)),
    ]
}

fn ymd_rt(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

impl Seeder {
    /// A new-media person of county `c` with the given figure kinds.
    pub fn figure_person(&mut self, c: usize, kinds: &[Figure]) -> Result<i64, AppError> {
        let spec = PersonSpec::new(c, PoliticalStatus::Masses)
            .category(
                UfCategory::NewSocialStratum,
                Some(UfSubcategory::NewMediaPractitioner),
            )
            .figures(kinds)
            .work("自媒体", "内容创作者");
        let id = self.add_person(PersonSpec {
            born: (1982, 2000),
            ..spec
        })?;
        let since = self.day_between(ymd(2020, 1, 1), ymd(2024, 12, 31));
        self.member(
            id,
            self.idx.nss_association,
            MembershipRole::Member,
            since,
            None,
        );
        Ok(id)
    }

    /// One measurement of an account's followers.
    pub fn account(
        &mut self,
        person: i64,
        platform: Platform,
        followers: i64,
        measured_on: NaiveDate,
    ) {
        push(
            &mut self.ds.accounts,
            platform_account::Model {
                id: 0,
                person_id: person,
                platform,
                handle: format!("tongcheng_{person}_{}", platform.code().to_lowercase()),
                follower_count: followers,
                measured_on,
                verified: followers >= 100_000,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
    }

    fn sale(&mut self, person: i64, period: (NaiveDate, NaiveDate), amount_fen: i64) {
        let product = PRODUCTS[self.index(PRODUCTS.len())];
        let platform = MAIN_PLATFORMS[self.index(3)];
        push(
            &mut self.ds.sales,
            sales_record::Model {
                id: 0,
                person_id: person,
                period_start: period.0,
                period_end: period.1,
                amount_fen,
                platform: Some(platform),
                product_category: Some(product.to_owned()),
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
    }

    fn sales_in(&mut self, person: i64, year: i32, total_fen: i64) {
        let parts = self.split_money(total_fen, 4);
        for (quarter, amount) in quarters(year).into_iter().zip(parts) {
            self.sale(person, quarter, amount);
        }
    }

    /// Figures 15 and 16 per county, then the decoys.
    pub fn seed_bloggers(&mut self) -> Result<(), AppError> {
        for (c, share) in SHARES.iter().enumerate() {
            let totals = self.split_money(share.sales_fen, share.bloggers);
            for (i, total) in totals.into_iter().enumerate() {
                let id = self.figure_person(c, &[Figure::AgriAssistBlogger])?;
                let main = MAIN_PLATFORMS[i % 3];
                // Half of them crossed a million only in 2025: 2024's count is lower.
                let grew = i % 2 == 0;
                let mid2024 = if grew { 600_000 } else { 1_050_000 }
                    + 10_000 * i64::try_from(self.index(30)).unwrap_or(0);
                self.account(id, main, mid2024, ymd(2024, 6, 30));
                let mid2025 = 1_000_000 + 50_000 * i64::try_from(self.index(40)).unwrap_or(0);
                self.account(id, main, mid2025.max(mid2024), ymd(2025, 6, 30));
                self.account(id, main, mid2025.max(mid2024) + 120_000, ymd(2025, 12, 31));
                if self.rng_bool(0.6) {
                    let other = MAIN_PLATFORMS[(i + 1) % 3];
                    let small = 20_000 + 5_000 * i64::try_from(self.index(60)).unwrap_or(0);
                    self.account(id, other, small, ymd(2025, 12, 31));
                }
                self.sales_in(id, 2025, total);
                self.sales_in(id, 2024, total / 3);
                self.sale(id, (ymd(2026, 1, 1), ymd(2026, 3, 31)), 12_000_000);
            }
        }
        self.seed_blogger_decoys()
    }

    fn seed_blogger_decoys(&mut self) -> Result<(), AppError> {
        // Just under the threshold.
        let near = self.figure_person(0, &[Figure::AgriAssistBlogger])?;
        self.account(near, Platform::Douyin, 999_999, ymd(2025, 12, 31));
        self.sales_in(near, 2025, 300_000_000);
        // Over a million only when measured after the period.
        let late = self.figure_person(3, &[Figure::AgriAssistBlogger])?;
        self.account(late, Platform::Kuaishou, 800_000, ymd(2025, 12, 31));
        self.account(late, Platform::Kuaishou, 1_200_000, ymd(2026, 1, 15));
        self.sales_in(late, 2025, 250_000_000);
        // A million only when two accounts are summed.
        let split = self.figure_person(2, &[Figure::AgriAssistBlogger])?;
        self.account(split, Platform::Douyin, 600_000, ymd(2025, 11, 30));
        self.account(split, Platform::Xiaohongshu, 550_000, ymd(2025, 11, 30));
        self.sales_in(split, 2025, 200_000_000);
        // The million-follower account was entered by mistake and soft-deleted.
        let wrong = self.figure_person(4, &[Figure::AgriAssistBlogger])?;
        self.account(wrong, Platform::Douyin, 1_500_000, ymd(2025, 10, 1));
        delete_last(&mut self.ds.accounts);
        self.account(wrong, Platform::Douyin, 300_000, ymd(2025, 10, 1));
        self.sales_in(wrong, 2025, 150_000_000);
        // A soft-deleted person.
        let gone = self.figure_person(1, &[Figure::AgriAssistBlogger])?;
        self.account(gone, Platform::Douyin, 2_000_000, ymd(2025, 6, 30));
        self.sales_in(gone, 2025, 400_000_000);
        delete_last(&mut self.ds.people);
        if let Some(private) = self.ds.private.last_mut() {
            private.deleted_at = Some(SEEDED_AT);
        }
        // A streamer, not a farm-help blogger, with millions of followers and sales.
        let streamer = self.figure_person(0, &[Figure::Streamer])?;
        self.account(streamer, Platform::Douyin, 3_000_000, ymd(2025, 6, 30));
        self.sales_in(streamer, 2025, 500_000_000);
        // A counted blogger's soft-deleted sales record, and one spanning the new year (2024's).
        let first = self.ds.sales.first().map(|s| s.person_id).unwrap_or(1);
        self.sale(first, (ymd(2025, 5, 1), ymd(2025, 5, 31)), 90_000_000);
        delete_last(&mut self.ds.sales);
        self.sale(first, (ymd(2024, 12, 1), ymd(2025, 1, 31)), 45_000_000);
        Ok(())
    }
}
