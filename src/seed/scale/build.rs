//! The bulk's rows, cloned from demo rows of the same kind (so every stored code is one the
//! demo uses) with new ids, names, codes, dates and links.

use std::collections::HashSet;

use chrono::Days;
use entity::{
    activity, donation, membership, organization, pairing, person, person_private, region,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::write::NextIds;
use crate::domain::enums::{Gender, OrganizationKind, RegionLevel};
use crate::error::AppError;
use crate::seed::common::{Dataset, jan1};
use crate::seed::{ids, names, spell};

/// A block of people with their personal data and one membership each.
pub struct PeopleBlock {
    pub people: Vec<person::Model>,
    pub private: Vec<person_private::Model>,
    pub memberships: Vec<membership::Model>,
}

/// The generator: templates from the demo, the bulk villages and enterprises by county.
pub struct Bulk {
    rng: ChaCha8Rng,
    village_template: region::Model,
    townships: Vec<(usize, String, Vec<String>)>,
    person_template: person::Model,
    private_template: person_private::Model,
    membership_template: membership::Model,
    org_template: organization::Model,
    pairings: Vec<pairing::Model>,
    activities: Vec<activity::Model>,
    donation_template: donation::Model,
    villages: [Vec<String>; 5],
    enterprises: [Vec<i64>; 5],
    used_ids: HashSet<String>,
    used_credit: HashSet<String>,
}

const COUNTIES: [&str; 5] = ["620402", "620403", "620421", "620422", "620423"];

fn county_of(code: &str) -> usize {
    COUNTIES
        .iter()
        .position(|c| code.starts_with(c))
        .unwrap_or(0)
}

fn first<T: Clone>(rows: &[T], keep: impl Fn(&T) -> bool) -> Option<T> {
    rows.iter().find(|r| keep(r)).cloned()
}

fn missing(what: &str) -> AppError {
    AppError::Internal(format!(
        "the demo dataset has no {what} to model the bulk on"
    ))
}

impl Bulk {
    /// Templates and used identifiers from the demo dataset `demo`.
    pub fn new(demo: &Dataset, rng: ChaCha8Rng) -> Result<Self, AppError> {
        let village_template = first(&demo.regions, |r| {
            r.level == RegionLevel::Village && r.code.get(9..10) == Some("2")
        })
        .ok_or_else(|| missing("village committee"))?;
        let org_template = first(&demo.organizations, |o| {
            o.kind == OrganizationKind::Enterprise && o.credit_code.is_some()
        })
        .or_else(|| {
            let kind = demo.pairings.first().map(|p| p.enterprise_id)?;
            demo.organizations.iter().find(|o| o.id == kind).cloned()
        })
        .ok_or_else(|| missing("enterprise"))?;
        let mut townships: Vec<(usize, String, Vec<String>)> = demo
            .regions
            .iter()
            .filter(|r| r.level == RegionLevel::Township)
            .map(|r| (county_of(&r.code), r.code[..9].to_owned(), Vec::new()))
            .collect();
        for village in demo
            .regions
            .iter()
            .filter(|r| r.level == RegionLevel::Village)
        {
            if let Some(t) = townships
                .iter_mut()
                .find(|t| village.code.starts_with(&t.1))
            {
                t.2.push(village.name.clone());
            }
        }
        Ok(Self {
            rng,
            village_template,
            townships,
            person_template: demo
                .people
                .first()
                .cloned()
                .ok_or_else(|| missing("person"))?,
            private_template: demo
                .private
                .first()
                .cloned()
                .ok_or_else(|| missing("person"))?,
            membership_template: demo
                .memberships
                .first()
                .cloned()
                .ok_or_else(|| missing("membership"))?,
            org_template,
            pairings: demo.pairings.clone(),
            activities: demo
                .activities
                .iter()
                .filter(|a| a.deleted_at.is_none())
                .cloned()
                .collect(),
            donation_template: demo
                .donations
                .first()
                .cloned()
                .ok_or_else(|| missing("donation"))?,
            villages: Default::default(),
            enterprises: Default::default(),
            used_ids: demo
                .private
                .iter()
                .filter_map(|p| p.id_number.clone())
                .collect(),
            used_credit: demo
                .organizations
                .iter()
                .filter_map(|o| o.credit_code.clone())
                .collect(),
        })
    }

    /// `per_township` new village committees (codes `301`, `302` … after the township's code).
    pub fn villages(&mut self, per_township: u64) -> Vec<region::Model> {
        let mut out = Vec::new();
        for (county, code9, taken) in &mut self.townships {
            for j in 0..per_township.min(199) {
                let name = names::village(&mut self.rng, taken);
                taken.push(name.clone());
                let (name_pinyin, name_initials) = spell(&name);
                let code = format!("{code9}{:03}", 301 + j);
                self.villages[*county].push(code.clone());
                out.push(region::Model {
                    code,
                    name,
                    name_pinyin,
                    name_initials,
                    parent_code: Some(format!("{code9}000")),
                    urban_rural_code: Some("220".to_owned()),
                    ..self.village_template.clone()
                });
            }
        }
        out
    }

    fn village_in(&mut self, county: usize) -> String {
        let list = &self.villages[county];
        list[self
            .rng
            .random_range(0..list.len().max(1))
            .min(list.len().saturating_sub(1))]
        .clone()
    }

    /// `count` enterprises spread over the counties, each paired with a village of its county.
    pub fn enterprises(
        &mut self,
        count: u64,
        ids: &mut NextIds,
    ) -> Result<(Vec<organization::Model>, Vec<pairing::Model>), AppError> {
        let mut orgs = Vec::new();
        let mut pairings = Vec::new();
        for i in 0..count {
            let county = (i % 5) as usize;
            let region_code = self.village_in(county);
            let name = format!(
                "白银{}{}{}有限公司",
                names::firm_word(&mut self.rng),
                names::firm_word(&mut self.rng),
                ["农业", "商贸", "建材", "物流", "科技", "餐饮"][self.rng.random_range(0..6)]
            );
            let (name_pinyin, name_initials) = spell(&name);
            let credit =
                ids::credit_code(&mut self.rng, "91", COUNTIES[county], &mut self.used_credit)?;
            let id = ids.next("organization");
            orgs.push(organization::Model {
                id,
                name_key: crate::domain::org_name::normalize(&name),
                name,
                name_pinyin,
                name_initials,
                region_code,
                credit_code: Some(credit),
                established_on: Some(jan1(2000) + Days::new(self.rng.random_range(0..9000))),
                ..self.org_template.clone()
            });
            self.enterprises[county].push(id);
            if let Some(template) = self.pick_pairing() {
                let village_code = self.village_in(county);
                pairings.push(pairing::Model {
                    id: ids.next("pairing"),
                    enterprise_id: id,
                    village_code,
                    ..template
                });
            }
        }
        Ok((orgs, pairings))
    }

    fn pick_pairing(&mut self) -> Option<pairing::Model> {
        let live: Vec<&pairing::Model> = self
            .pairings
            .iter()
            .filter(|p| p.deleted_at.is_none())
            .collect();
        if live.is_empty() {
            return None;
        }
        Some(live[self.rng.random_range(0..live.len())].clone())
    }

    /// `count` people in the bulk villages, each a member of an enterprise of their county.
    pub fn people(&mut self, count: u64, ids: &mut NextIds) -> Result<PeopleBlock, AppError> {
        let mut block = PeopleBlock {
            people: Vec::new(),
            private: Vec::new(),
            memberships: Vec::new(),
        };
        for _ in 0..count {
            let county = self.rng.random_range(0..5);
            let region_code = self.village_in(county);
            let male = self.rng.random_bool(0.55);
            let hui = self.rng.random_range(0..100) < 7;
            let name = names::person(&mut self.rng, male, hui);
            let (name_pinyin, name_initials) = spell(&name);
            let birth = jan1(1950) + Days::new(self.rng.random_range(0..20_000));
            let id_number = ids::id_number(
                &mut self.rng,
                &region_code[..6],
                birth,
                male,
                &mut self.used_ids,
            )?;
            let id = ids.next("person");
            block.people.push(person::Model {
                id,
                name,
                name_pinyin,
                name_initials,
                gender: if male { Gender::Male } else { Gender::Female },
                region_code,
                work_unit: None,
                job_title: None,
                figure_kinds: String::new(),
                is_representative: false,
                ..self.person_template.clone()
            });
            block.private.push(person_private::Model {
                person_id: id,
                id_number: Some(id_number),
                phone: Some(ids::mobile(&mut self.rng)),
                birth_date: Some(birth),
                address: None,
                ethnicity: Some(if hui { "03" } else { "01" }.to_owned()),
                religion: None,
                ..self.private_template.clone()
            });
            let orgs = &self.enterprises[county];
            if !orgs.is_empty() {
                let organization_id = orgs[self.rng.random_range(0..orgs.len())];
                block.memberships.push(membership::Model {
                    id: ids.next("membership"),
                    person_id: id,
                    organization_id,
                    since: jan1(2015) + Days::new(self.rng.random_range(0..3000)),
                    until: None,
                    ..self.membership_template.clone()
                });
            }
        }
        Ok(block)
    }

    /// `count` activities in the bulk villages, 2021–2025, one in ten with a donation.
    pub fn activities(
        &mut self,
        count: u64,
        ids: &mut NextIds,
    ) -> (Vec<activity::Model>, Vec<donation::Model>) {
        let mut activities = Vec::new();
        let mut donations = Vec::new();
        for _ in 0..count {
            let county = self.rng.random_range(0..5);
            let template = self.activities[self
                .rng
                .random_range(0..self.activities.len().max(1))
                .min(self.activities.len().saturating_sub(1))]
            .clone();
            let held_on =
                jan1(self.rng.random_range(2021..=2025)) + Days::new(self.rng.random_range(0..365));
            let id = ids.next("activity");
            let orgs = &self.enterprises[county];
            let organizer_id =
                (!orgs.is_empty()).then(|| orgs[self.rng.random_range(0..orgs.len())]);
            activities.push(activity::Model {
                id,
                region_code: self.village_in(county),
                held_on,
                ended_on: None,
                organizer_id,
                place_id: None,
                audience_person_times: Some(self.rng.random_range(20..500)),
                participant_count: Some(self.rng.random_range(5..120)),
                ..template
            });
            if self.rng.random_range(0..10) == 0 {
                donations.push(donation::Model {
                    id: ids.next("donation"),
                    activity_id: id,
                    donor_person_id: None,
                    donor_org_id: organizer_id,
                    cash_fen: self.rng.random_range(1..500) * 10_000,
                    in_kind_fen: self.rng.random_range(0..100) * 10_000,
                    donated_on: held_on,
                    deleted_at: None,
                    ..self.donation_template.clone()
                });
            }
        }
        (activities, donations)
    }
}
