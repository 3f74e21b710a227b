//! `tongxin seed --scale N`: the demo dataset plus a deterministic synthetic bulk of
//! about `N − 1` times 50,000 people, 50,000 activities and 5,000 enterprises, with the villages
//! they need under the real townships. Written in blocks, each a transaction of multi-row
//! `INSERT`s sized to the backend's bind limit, with the search terms of the new rows.
//!
//! The report's figures (decision 0004) hold for scale 1 only: the bulk adds
//! activities, donations and pairings that the figures count.

pub(crate) mod build;
pub(crate) mod write;

use std::time::Instant;

use indicatif::ProgressBar;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};

use super::SeedReport;
use crate::db::sealed::DataKeys;
use crate::error::AppError;

/// Largest accepted scale (a township holds at most 199 bulk villages, codes 301–499).
pub const MAX_SCALE: u32 = 99;
/// People added per step of scale above 1.
pub const PEOPLE_PER_STEP: u64 = 50_000;
/// Enterprises (each with one pairing) added per step.
pub const ORGS_PER_STEP: u64 = 5_000;
/// Activities added per step (one in ten with a donation).
pub const ACTIVITIES_PER_STEP: u64 = 50_000;
/// Villages added under every real township per step.
pub const VILLAGES_PER_TOWNSHIP_PER_STEP: u64 = 2;
/// People or activities written per transaction.
const BLOCK: u64 = 10_000;
/// The bulk's own RNG seed (the demo keeps its own).
const BULK_SEED: u64 = super::common::RNG_SEED ^ 0x5CA1_E000;

/// What a seed run wrote and how fast.
#[derive(Debug, Clone)]
pub struct ScaleReport {
    pub rows: SeedReport,
    /// Search terms written for the bulk (the demo's are in `rows` under `search_term`).
    pub terms: u64,
    pub seconds: f64,
}

impl ScaleReport {
    /// Rows (search terms included) per second.
    pub fn rows_per_second(&self) -> f64 {
        (self.rows.total() + self.terms) as f64 / self.seconds.max(1e-9)
    }
}

/// People a database seeded at `scale` holds: the bench's marker of a finished seed.
pub fn expected_people(scale: u32) -> Result<u64, AppError> {
    let demo = super::build()?.people.len() as u64;
    Ok(demo + u64::from(scale.saturating_sub(1)) * PEOPLE_PER_STEP)
}

/// Seeds an empty database at `scale`: the demo dataset, then (above 1) the bulk. `progress`
/// counts rows (hidden when not on a terminal).
pub async fn seed_scaled(
    db: &DatabaseConnection,
    keys: &DataKeys,
    scale: u32,
    progress: &ProgressBar,
) -> Result<ScaleReport, AppError> {
    if !(1..=MAX_SCALE).contains(&scale) {
        return Err(AppError::bad_input(format!(
            "the scale must be between 1 and {MAX_SCALE}"
        )));
    }
    let started = Instant::now();
    let steps = u64::from(scale - 1);
    let bulk_rows =
        steps * (3 * PEOPLE_PER_STEP + 2 * ORGS_PER_STEP + ACTIVITIES_PER_STEP * 11 / 10);
    progress.set_length(18_000 + bulk_rows);
    let mut rows = super::seed_demo(db, keys).await?;
    progress.inc(rows.total());
    let mut terms = 0;
    if steps > 0 {
        let demo = super::build()?;
        let mut bulk = build::Bulk::new(&demo, ChaCha8Rng::seed_from_u64(BULK_SEED))?;
        let mut ids = write::NextIds::after(&demo);
        let txn = db.begin().await?;
        let villages = bulk.villages(steps * VILLAGES_PER_TOWNSHIP_PER_STEP);
        terms += write::searchable::<entity::region::Entity>(&txn, &villages).await?;
        write::rows::<entity::region::Entity>(&txn, villages, &mut rows, progress).await?;
        let (orgs, pairings) = bulk.enterprises(steps * ORGS_PER_STEP, &mut ids)?;
        terms += write::searchable::<entity::organization::Entity>(&txn, &orgs).await?;
        write::rows::<entity::organization::Entity>(&txn, orgs, &mut rows, progress).await?;
        write::rows::<entity::pairing::Entity>(&txn, pairings, &mut rows, progress).await?;
        txn.commit().await?;
        let mut left = steps * PEOPLE_PER_STEP;
        while left > 0 {
            let n = left.min(BLOCK);
            left -= n;
            let block = bulk.people(n, &mut ids)?;
            let private = keys.seal_rows(block.private)?;
            let txn = db.begin().await?;
            terms += write::searchable::<entity::person::Entity>(&txn, &block.people).await?;
            write::rows::<entity::person::Entity>(&txn, block.people, &mut rows, progress).await?;
            write::rows::<entity::person_private::Entity>(&txn, private, &mut rows, progress)
                .await?;
            write::rows::<entity::membership::Entity>(&txn, block.memberships, &mut rows, progress)
                .await?;
            txn.commit().await?;
        }
        let mut left = steps * ACTIVITIES_PER_STEP;
        while left > 0 {
            let n = left.min(BLOCK);
            left -= n;
            let (activities, donations) = bulk.activities(n, &mut ids);
            let txn = db.begin().await?;
            write::rows::<entity::activity::Entity>(&txn, activities, &mut rows, progress).await?;
            write::rows::<entity::donation::Entity>(&txn, donations, &mut rows, progress).await?;
            txn.commit().await?;
        }
        write::advance_sequences(db).await?;
    }
    progress.finish_and_clear();
    let report = ScaleReport {
        rows,
        terms,
        seconds: started.elapsed().as_secs_f64(),
    };
    tracing::info!(
        scale,
        rows = report.rows.total(),
        terms = report.terms,
        seconds = report.seconds,
        "scaled dataset written"
    );
    Ok(report)
}

/// Whether `db` holds a finished seed at `scale` (its people count matches).
pub async fn is_seeded_at(db: &DatabaseConnection, scale: u32) -> Result<bool, AppError> {
    let people = entity::person::Entity::find().count(db).await?;
    Ok(people == expected_people(scale)?)
}

#[cfg(test)]
mod tests;
