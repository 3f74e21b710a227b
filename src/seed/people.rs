//! Synthetic people: identity (`person`), personal data (`person_private`) and united-front
//! categories (`person_category`), built from a short spec.

use entity::{person, person_category, person_private};
use rand::Rng;

use super::common::{SEEDED_AT, Seeder, jan1, push};
use super::{ids, names, spell};
use crate::domain::enums::{
    Gender, NetworkFigureKind, PoliticalStatus, UfCategory, UfSubcategory, encode_set,
};
use crate::error::AppError;

/// People grouped by what later steps pick them for; each entry is `(person id, county)`.
#[derive(Default)]
pub struct Pools {
    /// Anyone, by county: participants of activities, authors.
    pub everyone: [Vec<i64>; 5],
    /// Non-CPC intellectuals (teachers, doctors, engineers).
    pub intellectuals: Vec<(i64, usize)>,
    /// New-stratum people (lawyers, accountants, freelancers, new-media staff).
    pub new_stratum: Vec<(i64, usize)>,
    /// Private entrepreneurs (legal representatives).
    pub entrepreneurs: Vec<(i64, usize)>,
    /// Returned overseas Chinese and their relatives.
    pub returnees: Vec<(i64, usize)>,
    /// Ethnic-minority and religious figures.
    pub minorities: Vec<(i64, usize)>,
    /// Democratic-party members: `(person, organization, county)`.
    pub dp_members: Vec<(i64, i64, usize)>,
}

/// What to generate for one person; unset parts are drawn at random.
pub struct PersonSpec {
    pub county: usize,
    /// `(township index, village index)` of the home region; drawn when `None`.
    pub home: Option<(usize, usize)>,
    pub born: (i32, i32),
    pub male: Option<bool>,
    /// GB/T 3304 code; drawn (mostly 汉族 01, some 回族 03) when `None`.
    pub ethnicity: Option<&'static str>,
    pub status: PoliticalStatus,
    pub categories: Vec<(UfCategory, Option<UfSubcategory>)>,
    pub figures: Vec<NetworkFigureKind>,
    pub work_unit: Option<String>,
    pub job_title: Option<&'static str>,
    pub education: Option<&'static str>,
    pub representative: bool,
    pub religion: Option<&'static str>,
}

impl PersonSpec {
    /// A person of county `county` with political status `status` and nothing else fixed.
    pub fn new(county: usize, status: PoliticalStatus) -> Self {
        Self {
            county,
            home: None,
            born: (1965, 1995),
            male: None,
            ethnicity: None,
            status,
            categories: Vec::new(),
            figures: Vec::new(),
            work_unit: None,
            job_title: None,
            education: None,
            representative: false,
            religion: None,
        }
    }

    pub fn category(mut self, category: UfCategory, sub: Option<UfSubcategory>) -> Self {
        self.categories.push((category, sub));
        self
    }

    pub fn figures(mut self, kinds: &[NetworkFigureKind]) -> Self {
        self.figures = kinds.to_vec();
        self
    }

    pub fn work(mut self, unit: impl Into<String>, title: &'static str) -> Self {
        self.work_unit = Some(unit.into());
        self.job_title = Some(title);
        self
    }
}

const EDUCATION: &[&str] = &["研究生", "本科", "本科", "本科", "大专", "大专", "高中"];

impl Seeder {
    /// Adds a person with personal data and categories; returns the person id.
    pub fn add_person(&mut self, spec: PersonSpec) -> Result<i64, AppError> {
        let county = spec.county.min(4);
        let (t, v) = match spec.home {
            Some(home) => home,
            None => {
                let t = self.index(self.geo.counties[county].townships.len());
                let v = self.index(self.geo.counties[county].townships[t].villages.len());
                (t, v)
            }
        };
        let county_ref = &self.geo.counties[county];
        let township = &county_ref.townships[t];
        let village = &township.villages[v];
        let region_code = village.code.clone();
        let address = format!(
            "白银市{}{}{}{}号",
            county_ref.name,
            township.name,
            village.name,
            self.rng.random_range(1..=120)
        );
        let male = spec.male.unwrap_or_else(|| self.rng.random_bool(0.55));
        let ethnicity = spec.ethnicity.unwrap_or_else(|| {
            let roll: u32 = self.rng.random_range(0..100);
            match roll {
                0..=6 => "03",
                7 => "26",
                _ => "01",
            }
        });
        let name = names::person(&mut self.rng, male, ethnicity == "03");
        let (name_pinyin, name_initials) = spell(&name);
        let birth = self.day_between(
            jan1(spec.born.0),
            jan1(spec.born.1 + 1) - chrono::Days::new(1),
        );
        let address6 = &region_code[..6];
        let id_number = ids::id_number(
            &mut self.rng,
            address6,
            birth,
            male,
            &mut self.used_id_numbers,
        )?;
        let education = spec.education.or_else(|| {
            let i = self.index(EDUCATION.len());
            EDUCATION.get(i).copied()
        });
        let gender = if male { Gender::Male } else { Gender::Female };
        let id = push(
            &mut self.ds.people,
            person::Model {
                id: 0,
                name,
                name_pinyin,
                name_initials,
                gender,
                region_code,
                work_unit: spec.work_unit,
                job_title: spec.job_title.map(str::to_owned),
                education: education.map(str::to_owned),
                is_representative: spec.representative,
                figure_kinds: encode_set(&spec.figures),
                is_synthetic: true,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
                merged_into: None,
            },
        );
        let phone = ids::mobile(&mut self.rng);
        self.ds.private.push(person_private::Model {
            person_id: id,
            // Plaintext here; sealed when written (`insert`).
            id_number: Some(id_number),
            id_number_hash: None,
            phone: Some(phone),
            phone_hash: None,
            birth_date: Some(birth),
            address: Some(address),
            ethnicity: Some(ethnicity.to_owned()),
            political_status: Some(spec.status),
            religion: spec.religion.map(str::to_owned),
            created_at: SEEDED_AT,
            updated_at: SEEDED_AT,
            version: 1,
            deleted_at: None,
        });
        for (category, sub) in spec.categories {
            let since = self.day_between(jan1(2012), jan1(2024));
            push(
                &mut self.ds.categories,
                person_category::Model {
                    id: 0,
                    person_id: id,
                    category,
                    subcategory: sub,
                    since: Some(since),
                    created_at: SEEDED_AT,
                    updated_at: SEEDED_AT,
                    version: 1,
                    deleted_at: None,
                },
            );
        }
        self.pool.everyone[county].push(id);
        Ok(id)
    }

    /// A random person of county `county` (any county when it has nobody yet).
    pub fn anyone_in(&mut self, county: usize) -> i64 {
        let list = &self.pool.everyone[county.min(4)];
        if list.is_empty() {
            return 1;
        }
        list[self.rng.random_range(0..list.len())]
    }
}
