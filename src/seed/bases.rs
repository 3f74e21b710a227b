//! Activities at practice innovation bases (figure 4) and the cash and goods donated through them
//! (figure 5), per county, with the decoys: other years, other venues, soft-deleted rows.

use chrono::NaiveDate;
use entity::donation;

use super::activities::NewActivity;
use super::common::{SEEDED_AT, Seeder, delete_last, push, ymd};
use super::places::Site;
use super::shares::SHARES;
use crate::domain::enums::ActivityKind as Kind;
use crate::error::AppError;

/// Kinds of base activity that collect donations, and those that do not.
const RELIEF: [Kind; 2] = [Kind::HardshipRelief, Kind::CharitableAid];
const SERVICE: [Kind; 3] = [
    Kind::RegularDialogue,
    Kind::EmploymentService,
    Kind::SkillsTraining,
];

impl Seeder {
    fn base_activity(&mut self, kind: Kind, site: &Site, held_on: NaiveDate) -> i64 {
        let headcount = 15 + i32::try_from(self.index(60)).unwrap_or(0);
        let id = self.add_activity(NewActivity {
            kind,
            title: format!("新阶层人士{}", kind_title(kind)),
            held_on,
            region: &site.region,
            organizer: Some(self.idx.nss_association),
            place: Some(site.id),
            audience: None,
            headcount: Some(headcount),
        });
        let mut people: Vec<i64> = Vec::new();
        for _ in 0..4 {
            let i = self.index(self.pool.new_stratum.len());
            let (id, _) = self.pool.new_stratum[i];
            if !people.contains(&id) {
                people.push(id);
            }
        }
        self.add_participants(id, &people, "PARTICIPANT");
        id
    }

    /// Adds a donation; the donor is a local firm, an entrepreneur or anonymous.
    fn donate(
        &mut self,
        activity: i64,
        county: usize,
        on: NaiveDate,
        cash_fen: i64,
        in_kind_fen: i64,
    ) {
        let firms: Vec<i64> = self
            .idx
            .enterprises
            .iter()
            .filter(|(_, c)| *c == county)
            .map(|(id, _)| *id)
            .collect();
        let bosses: Vec<i64> = self
            .pool
            .entrepreneurs
            .iter()
            .filter(|(_, c)| *c == county)
            .map(|(id, _)| *id)
            .collect();
        let (person, org) = match self.index(5) {
            0 => (None, None),
            1 => (self.pick(&bosses), None),
            _ => (None, self.pick(&firms)),
        };
        let note = if in_kind_fen > 0 {
            "米面油、冬衣等物资折价"
        } else {
            "现金捐助"
        };
        push(
            &mut self.ds.donations,
            donation::Model {
                id: 0,
                activity_id: activity,
                donor_person_id: person,
                donor_org_id: org,
                cash_fen,
                in_kind_fen,
                donated_on: on,
                note: Some(note.to_owned()),
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
    }

    /// One county's activities at its bases in `year`, with `cash`/`goods` donated through them.
    fn base_year(&mut self, c: usize, year: i32, count: usize, cash: i64, goods: i64) {
        let bases: Vec<Site> = self
            .sites
            .bases
            .iter()
            .filter(|s| s.county == c)
            .cloned()
            .collect();
        let open: Vec<Site> = bases
            .iter()
            .filter(|s| s.opened < ymd(year, 12, 1))
            .cloned()
            .collect();
        if open.is_empty() {
            return;
        }
        let relief = (count / 3).max(2);
        let mut relief_ids = Vec::new();
        for i in 0..count {
            let site = open[self.index(open.len())].clone();
            let from = site.opened.max(ymd(year, 1, 1));
            let day = self.day_between(from, ymd(year, 12, 31));
            let kind = if i < relief {
                RELIEF[i % 2]
            } else {
                SERVICE[self.index(3)]
            };
            let id = self.base_activity(kind, &site, day);
            if i < relief {
                relief_ids.push((id, day));
            }
        }
        // Two donation rows per relief activity: one in cash, one in goods.
        let cash_parts = self.split_money(cash, relief_ids.len());
        let goods_parts = self.split_money(goods, relief_ids.len());
        for (i, (id, day)) in relief_ids.into_iter().enumerate() {
            self.donate(id, c, day, cash_parts[i], 0);
            self.donate(id, c, day, 0, goods_parts[i]);
        }
    }

    /// Figures 4 and 5 and decoys.
    pub fn seed_base_activities(&mut self) -> Result<(), AppError> {
        for (c, share) in SHARES.iter().enumerate() {
            self.base_year(
                c,
                2025,
                share.base_activities,
                share.cash_fen,
                share.in_kind_fen,
            );
            self.base_year(c, 2024, 4, 3_000_000, 1_500_000);
        }
        // Relief outside a base (a community service station) in 2025.
        if let Some(station) = self.sites.service_stations.first().cloned() {
            let id = self.base_activity(Kind::HardshipRelief, &station, ymd(2025, 12, 20));
            self.donate(id, station.county, ymd(2025, 12, 20), 5_000_000, 2_000_000);
        }
        // At the soft-deleted duplicate base.
        if let Some(base) = self.sites.deleted_base.clone() {
            let id = self.base_activity(Kind::CharitableAid, &base, ymd(2025, 7, 7));
            self.donate(id, 0, ymd(2025, 7, 7), 1_000_000, 0);
        }
        if let Some(base) = self.sites.bases.first().cloned() {
            // A soft-deleted activity, a soft-deleted donation, and one on New Year's Day 2026.
            let id = self.base_activity(Kind::HardshipRelief, &base, ymd(2025, 8, 8));
            self.donate(id, 0, ymd(2025, 8, 8), 800_000, 0);
            delete_last(&mut self.ds.activities);
            let counted = self
                .ds
                .donations
                .iter()
                .find(|d| d.cash_fen > 0)
                .map(|d| (d.activity_id, d.donated_on));
            if let Some((activity, on)) = counted {
                self.donate(activity, 0, on, 2_000_000, 0);
                delete_last(&mut self.ds.donations);
            }
            let id = self.base_activity(Kind::CharitableAid, &base, ymd(2026, 1, 1));
            self.donate(id, 0, ymd(2026, 1, 1), 600_000, 300_000);
        }
        Ok(())
    }
}

fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::HardshipRelief => "扶危济困活动",
        Kind::CharitableAid => "捐资助困活动",
        Kind::RegularDialogue => "定期恳谈会",
        Kind::EmploymentService => "就业服务活动",
        _ => "就业技能培训",
    }
}
