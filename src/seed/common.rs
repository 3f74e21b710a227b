//! The generator's working state: the fixed clock, the deterministic RNG, the rows built so far
//! and the indexes later steps pick from.

use std::collections::HashSet;

use chrono::{DateTime, Days, NaiveDate, Utc};
use entity::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::regions::Geo;
use crate::db::table::IdRow;

/// The RNG seed: the same dataset on every run (the source article's date).
pub const RNG_SEED: u64 = 20_260_120;

/// `created_at`/`updated_at` of every seeded row: 2026-01-01T00:00:00Z.
pub const SEEDED_AT: DateTime<Utc> = DateTime::from_timestamp_nanos(1_767_225_600_000_000_000);

/// A calendar date from literal parts; only ever called with constant, valid dates.
pub const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("not a calendar date"),
    }
}

/// 1 January of `year` (the demo only uses years 1950–2030).
pub fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_yo_opt(year, 1).unwrap_or(NaiveDate::MIN)
}

/// Every table's rows, in insertion order; ids are the 1-based position.
#[derive(Default)]
pub struct Dataset {
    pub regions: Vec<region::Model>,
    pub people: Vec<person::Model>,
    pub private: Vec<person_private::Model>,
    pub categories: Vec<person_category::Model>,
    pub organizations: Vec<organization::Model>,
    pub memberships: Vec<membership::Model>,
    pub liaisons: Vec<liaison_assignment::Model>,
    pub places: Vec<place::Model>,
    pub pairings: Vec<pairing::Model>,
    pub activities: Vec<activity::Model>,
    pub participants: Vec<activity_participant::Model>,
    pub donations: Vec<donation::Model>,
    pub projects: Vec<livelihood_project::Model>,
    pub suggestions: Vec<suggestion::Model>,
    pub cases: Vec<mediation_case::Model>,
    pub partners: Vec<mediation_partner::Model>,
    pub works: Vec<publicity_work::Model>,
    pub publications: Vec<publication::Model>,
    pub accounts: Vec<platform_account::Model>,
    pub sales: Vec<sales_record::Model>,
    pub households: Vec<household::Model>,
    pub uplifts: Vec<income_uplift::Model>,
    pub elections: Vec<term_election::Model>,
}

/// Appends `row` with the next id and returns that id.
pub fn push<T: IdRow>(rows: &mut Vec<T>, mut row: T) -> i64 {
    let id = i64::try_from(rows.len()).unwrap_or(i64::MAX - 1) + 1;
    row.set_id(id);
    rows.push(row);
    id
}

/// Marks the most recently pushed row as soft-deleted (a decoy the figures must skip).
pub fn delete_last<T: IdRow>(rows: &mut [T]) {
    if let Some(row) = rows.last_mut() {
        row.set_deleted_at(SEEDED_AT);
    }
}

/// The generator: RNG, rows, the region tree and the ids later steps refer to.
pub struct Seeder {
    pub rng: ChaCha8Rng,
    pub ds: Dataset,
    pub geo: Geo,
    pub idx: super::organizations::OrgIndex,
    pub pool: super::people::Pools,
    pub sites: super::places::Sites,
    pub used_id_numbers: HashSet<String>,
    pub used_credit_codes: HashSet<String>,
}

impl Seeder {
    /// A fresh generator with the fixed seed.
    pub fn new() -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(RNG_SEED);
        let mut ds = Dataset::default();
        let geo = Geo::build(&mut rng, &mut ds.regions);
        Self {
            rng,
            ds,
            geo,
            idx: Default::default(),
            pool: Default::default(),
            sites: Default::default(),
            used_id_numbers: HashSet::new(),
            used_credit_codes: HashSet::new(),
        }
    }

    /// A uniformly drawn day of `year`.
    pub fn day_in(&mut self, year: i32) -> NaiveDate {
        jan1(year) + Days::new(self.rng.random_range(0..365))
    }

    /// A day between `from` and `to`, both included.
    pub fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = u64::try_from((to - from).num_days()).unwrap_or(0);
        from + Days::new(self.rng.random_range(0..=span))
    }

    /// Index into a list of `len` items.
    pub fn index(&mut self, len: usize) -> usize {
        if len == 0 {
            0
        } else {
            self.rng.random_range(0..len)
        }
    }

    /// One item of `items`, or `None` when it is empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() {
            None
        } else {
            Some(items[self.rng.random_range(0..items.len())])
        }
    }

    /// Splits `total` into `parts` positive amounts that add up exactly, each at least `min`.
    pub fn split(&mut self, total: i64, parts: usize, min: i64) -> Vec<i64> {
        if parts == 0 {
            return Vec::new();
        }
        let n = i64::try_from(parts).unwrap_or(1);
        let spare = (total - min * n).max(0);
        let weights: Vec<i64> = (0..parts).map(|_| self.rng.random_range(1..=100)).collect();
        let weight_sum: i64 = weights.iter().sum();
        let mut out: Vec<i64> = weights
            .iter()
            .map(|w| min + spare * w / weight_sum)
            .collect();
        let short = total - out.iter().sum::<i64>();
        if let Some(first) = out.first_mut() {
            *first += short;
        }
        out
    }

    /// Rounds `fen` down to whole hundreds of yuan, keeping amounts plausible in a ledger.
    pub fn split_money(&mut self, total_fen: i64, parts: usize) -> Vec<i64> {
        let units = self.split(total_fen / 10_000, parts, 1);
        let mut out: Vec<i64> = units.iter().map(|u| u * 10_000).collect();
        let short = total_fen - out.iter().sum::<i64>();
        if let Some(first) = out.first_mut() {
            *first += short;
        }
        out
    }

    /// A point inside county `county`'s drawing box (DOMAIN-compatible: 36.0–37.6 N, 103.6–105.6 E).
    pub fn coordinates(&mut self, county: usize) -> (f64, f64) {
        let def = &super::regions_data::COUNTIES[county.min(4)];
        let lat = self.rng.random_range(def.lat.0..def.lat.1);
        let lon = self.rng.random_range(def.lon.0..def.lon.1);
        ((lat * 1e5).round() / 1e5, (lon * 1e5).round() / 1e5)
    }
}
