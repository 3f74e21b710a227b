//! Village influencers (figure 17) and the households whose income they helped raise (figure 18):
//! 1,560 distinct households, 40 of them linked to both of 会宁县's influencers.

use chrono::NaiveDate;
use entity::{household, income_uplift};

use super::common::{SEEDED_AT, Seeder, delete_last, push, ymd};
use super::names;
use super::shares::{SHARED_HOUSEHOLDS, SHARES};
use crate::domain::enums::{NetworkFigureKind as Figure, Platform, RegionKind};
use crate::error::AppError;

impl Seeder {
    /// `n` households in the rural villages of county `c`.
    fn households(&mut self, c: usize, n: usize) -> Vec<i64> {
        let villages: Vec<String> = self
            .geo
            .villages_of(c)
            .into_iter()
            .filter(|(_, v)| v.kind == RegionKind::VillageCommittee)
            .map(|(_, v)| v.code.clone())
            .take(12)
            .collect();
        let mut ids = Vec::new();
        for i in 0..n {
            let male = self.rng_bool(0.8);
            let head = names::person(&mut self.rng, male, c == 3 && i % 7 == 0);
            let members = 2 + i32::try_from(self.index(6)).unwrap_or(0);
            let id = push(
                &mut self.ds.households,
                household::Model {
                    id: 0,
                    village_code: villages[i % villages.len()].clone(),
                    head_name: head,
                    member_count: members,
                    is_synthetic: true,
                    created_at: SEEDED_AT,
                    updated_at: SEEDED_AT,
                    version: 1,
                    deleted_at: None,
                },
            );
            ids.push(id);
        }
        ids
    }

    fn uplift(&mut self, influencer: i64, household: i64, since: NaiveDate) {
        let increase = 300_000 + i64::try_from(self.index(40)).unwrap_or(0) * 50_000;
        push(
            &mut self.ds.uplifts,
            income_uplift::Model {
                id: 0,
                influencer_id: influencer,
                household_id: household,
                since,
                annual_increase_fen: Some(increase),
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
    }

    /// Links `influencer` to `households`; about two thirds of the links date from before 2025,
    /// unless the influencer only started in 2025 (`new`).
    fn help(&mut self, influencer: i64, households: &[i64], new: bool) {
        for &household in households {
            let since = if !new && self.rng_bool(0.65) {
                self.day_between(ymd(2022, 3, 1), ymd(2024, 12, 31))
            } else {
                self.day_between(ymd(2025, 1, 1), ymd(2025, 12, 31))
            };
            self.uplift(influencer, household, since);
        }
    }

    fn influencer(&mut self, c: usize) -> Result<i64, AppError> {
        let id = self.figure_person(c, &[Figure::VillageInfluencer])?;
        let followers = 30_000 + 1_000 * i64::try_from(self.index(400)).unwrap_or(0);
        self.account(id, Platform::Douyin, followers, ymd(2025, 12, 31));
        Ok(id)
    }

    /// Figures 17 and 18 per county, then the decoys.
    pub fn seed_households(&mut self) -> Result<(), AppError> {
        for (c, share) in SHARES.iter().enumerate() {
            let households = self.households(c, share.households);
            if share.influencers == 2 {
                // Two influencers whose circles overlap by SHARED_HOUSEHOLDS households.
                let half = (share.households + SHARED_HOUSEHOLDS) / 2;
                let a = self.influencer(c)?;
                let b = self.influencer(c)?;
                self.help(a, &households[..half], false);
                self.help(b, &households[share.households - half..], false);
            } else {
                for part in households.chunks(share.households.div_ceil(share.influencers.max(1))) {
                    let id = self.influencer(c)?;
                    // 景泰县's influencer started in 2025: 2024 has one influencer fewer.
                    self.help(id, part, c == 4);
                }
            }
        }
        // An influencer who has not helped anyone yet.
        self.influencer(1)?;
        // One whose help starts in 2026.
        let later = self.influencer(4)?;
        let households = self.households(4, 20);
        for household in households {
            self.uplift(later, household, ymd(2026, 2, 1));
        }
        // A counted influencer's link entered by mistake, and a household deleted as a duplicate.
        let counted = self.ds.uplifts.first().map_or(1, |u| u.influencer_id);
        let extra = self.households(0, 1);
        self.uplift(counted, extra[0], ymd(2024, 5, 1));
        delete_last(&mut self.ds.uplifts);
        let dup = self.households(0, 1);
        self.uplift(counted, dup[0], ymd(2024, 5, 1));
        delete_last(&mut self.ds.households);
        // A farm-help blogger (not a village influencer) who also helps households.
        let blogger = self.figure_person(3, &[Figure::AgriAssistBlogger])?;
        let helped = self.households(3, 30);
        self.help(blogger, &helped, false);
        Ok(())
    }
}
