//! Private enterprises with valid credit codes, their legal representatives and managers, their
//! chamber and federation memberships, and 万企兴万村 pairings with villages.

use entity::pairing;
use rand::Rng;

use super::common::{SEEDED_AT, Seeder, jan1, push, ymd};
use super::names::{self, FIRM_TRADES};
use super::organizations::org;
use super::people::PersonSpec;
use crate::domain::enums::{
    Campaign, DomainEnum, EnterpriseOwnership, MembershipRole, OrganizationKind, PairingForm,
    PairingMode, PairingStatus, PoliticalStatus, RegionKind, TargetVillageType, UfCategory,
    UfSubcategory, encode_set,
};
use crate::error::AppError;

/// Enterprises per county (白银区, 平川区, 靖远县, 会宁县, 景泰县).
const ENTERPRISES: [usize; 5] = [30, 20, 22, 24, 18];

impl Seeder {
    /// Enterprises, their people and memberships, then the pairings.
    pub fn seed_enterprises(&mut self) -> Result<(), AppError> {
        for (c, &count) in ENTERPRISES.iter().enumerate() {
            for _ in 0..count {
                self.seed_enterprise(c)?;
            }
        }
        self.seed_pairings()
    }

    fn seed_enterprise(&mut self, c: usize) -> Result<(), AppError> {
        let county = self.geo.counties[c].name;
        let roll = self.index(20);
        let (ownership, kind2, form) = match roll {
            0 | 1 => (EnterpriseOwnership::FarmerCooperative, "93", "专业合作社"),
            2 => (EnterpriseOwnership::IndividualBusiness, "92", "经营部"),
            3 => (EnterpriseOwnership::ForeignInvested, "91", "有限公司"),
            _ => (EnterpriseOwnership::Private, "91", "有限公司"),
        };
        let (trade, industry) = FIRM_TRADES[self.index(FIRM_TRADES.len())];
        let word = names::firm_word(&mut self.rng);
        let name = format!("{county}{word}{trade}{form}");
        if self.ds.organizations.iter().any(|o| o.name == name) {
            return Ok(());
        }
        let mut row = org(
            OrganizationKind::Enterprise,
            &name,
            &self.geo.counties[c].code,
        );
        row.ownership = Some(ownership);
        row.industry_code = Some(industry.to_owned());
        row.is_key_enterprise = self.rng_bool(0.15);
        let founded = self.day_between(jan1(2003), ymd(2023, 12, 31));
        let id = self.add_org(row, Some(kind2), Some(founded))?;
        self.idx.enterprises.push((id, c));

        let spec = PersonSpec::new(c, PoliticalStatus::Masses)
            .category(UfCategory::NonPublicEconomyFigure, None)
            .work(name.clone(), "董事长、总经理");
        let representative = self.rng_bool(0.25);
        let boss = self.add_person(PersonSpec {
            born: (1963, 1988),
            representative,
            ..spec
        })?;
        self.pool.entrepreneurs.push((boss, c));
        self.member(boss, id, MembershipRole::LegalRepresentative, founded, None);
        let spec = PersonSpec::new(c, PoliticalStatus::Masses)
            .category(
                UfCategory::NewSocialStratum,
                Some(UfSubcategory::PrivateForeignFirmManagerTech),
            )
            .work(name, "副总经理");
        let manager = self.add_person(PersonSpec {
            born: (1975, 1996),
            ..spec
        })?;
        self.pool.new_stratum.push((manager, c));
        let hired = self.day_between(founded, ymd(2024, 12, 31));
        self.member(manager, id, MembershipRole::Manager, hired, None);
        if self.rng_bool(0.5) {
            let since = self.day_between(founded, ymd(2024, 12, 31));
            self.member(
                boss,
                self.idx.fic_county[c],
                MembershipRole::Member,
                since,
                None,
            );
        }
        let chambers: Vec<i64> = self
            .idx
            .chambers
            .iter()
            .filter(|(_, cc)| *cc == c)
            .map(|(id, _)| *id)
            .collect();
        if let Some(chamber) = self.pick(&chambers)
            && self.rng_bool(0.6)
        {
            let first = !self
                .ds
                .memberships
                .iter()
                .any(|m| m.organization_id == chamber);
            let role = if first {
                MembershipRole::Chair
            } else {
                MembershipRole::Member
            };
            let since = self.day_between(founded, ymd(2024, 12, 31));
            self.member(boss, chamber, role, since, None);
        }
        Ok(())
    }

    fn pair(&mut self, partner: i64, village: String, mode: PairingMode) {
        let started = self.day_between(ymd(2021, 7, 1), ymd(2025, 10, 31));
        let roll = self.index(20);
        let (status, ended_on) = match roll {
            0..=3 => {
                let end = self.day_between(started, ymd(2025, 12, 31));
                (PairingStatus::Completed, Some(end))
            }
            4 => (
                PairingStatus::Terminated,
                Some(self.day_between(started, ymd(2025, 12, 31))),
            ),
            _ => (PairingStatus::Active, None),
        };
        let mut forms = vec![PairingForm::ALL[self.index(5)]];
        if self.rng_bool(0.5) {
            let extra = PairingForm::ALL[self.index(5)];
            if !forms.contains(&extra) {
                forms.push(extra);
            }
        }
        let target = TargetVillageType::ALL[self.index(TargetVillageType::ALL.len())];
        let investment = forms
            .contains(&PairingForm::Industry)
            .then(|| self.rng.random_range(50..5_000) * 100_000);
        let purchase = forms
            .contains(&PairingForm::Consumption)
            .then(|| self.rng.random_range(10..800) * 100_000);
        let donation = forms
            .contains(&PairingForm::PublicWelfare)
            .then(|| self.rng.random_range(2..200) * 100_000);
        let jobs = forms
            .contains(&PairingForm::Employment)
            .then(|| self.rng.random_range(3..60));
        push(
            &mut self.ds.pairings,
            pairing::Model {
                id: 0,
                enterprise_id: partner,
                village_code: village,
                campaign: Campaign::WanqiXingcun,
                focus: encode_set(&forms),
                mode: Some(mode),
                target_village_type: Some(target),
                status,
                started_on: started,
                ended_on,
                investment_fen: investment,
                jobs_created: jobs,
                purchase_fen: purchase,
                donation_fen: donation,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
    }

    /// A random village committee (not a community) of county `c`.
    pub fn rural_village(&mut self, c: usize) -> String {
        let villages: Vec<String> = self
            .geo
            .villages_of(c)
            .into_iter()
            .filter(|(_, v)| v.kind == RegionKind::VillageCommittee)
            .map(|(_, v)| v.code.clone())
            .collect();
        let i = self.index(villages.len());
        villages
            .get(i)
            .cloned()
            .unwrap_or_else(|| self.geo.counties[c].code.clone())
    }

    fn seed_pairings(&mut self) -> Result<(), AppError> {
        let enterprises = self.idx.enterprises.clone();
        for (id, c) in enterprises {
            let villages = match self.index(10) {
                0 => 0,
                1..=5 => 1,
                6..=8 => 2,
                _ => 3,
            };
            let mode = if villages > 1 {
                PairingMode::OneToMany
            } else {
                PairingMode::OneToOne
            };
            for _ in 0..villages {
                // Most firms help villages of their own county; some reach across the city.
                let target = if self.rng_bool(0.85) {
                    c
                } else {
                    self.index(5)
                };
                let village = self.rural_village(target);
                self.pair(id, village, mode);
            }
        }
        let chambers = self.idx.chambers.clone();
        for (id, c) in chambers.into_iter().step_by(2) {
            let village = self.rural_village(c);
            self.pair(id, village, PairingMode::ManyToOne);
        }
        Ok(())
    }
}
