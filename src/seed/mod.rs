//! The Baiyin demo dataset : real regions, synthetic people and
//! organizations, and rows that reproduce every figure of the 2025 report, county by county.
//! Deterministic: a fixed RNG seed and a fixed clock give the same rows on every run.

mod activities;
mod bases;
mod bloggers;
mod civic;
mod common;
mod enterprises;
mod households;
mod ids;
mod insert;
mod mediation;
mod names;
mod network;
mod objects;
mod organizations;
mod parties;
mod people;
mod places;
mod publicity;
mod regions;
pub mod regions_data;
pub mod scale;
pub mod shares;
mod suggestions;
mod trips;
mod visits;

use std::collections::BTreeMap;
use std::fmt;

use entity::region;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};

use crate::db::sealed::DataKeys;
use crate::error::AppError;

/// Rows written per table by [`seed_demo`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Table name → rows inserted.
    pub rows: BTreeMap<&'static str, u64>,
}

impl SeedReport {
    /// Rows inserted into `table` (0 for an unknown table).
    pub fn count(&self, table: &str) -> u64 {
        self.rows.get(table).copied().unwrap_or(0)
    }

    /// Rows inserted in all.
    pub fn total(&self) -> u64 {
        self.rows.values().sum()
    }
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.rows.iter().map(|(t, n)| format!("{t}={n}")).collect();
        write!(f, "{} rows ({})", self.total(), parts.join(", "))
    }
}

/// Whether the database holds no region rows (the demo has not been loaded, nor anything else).
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, AppError> {
    Ok(region::Entity::find().count(db).await? == 0)
}

/// Loads the demo dataset into an empty database in one transaction, ID numbers and phones
/// sealed with `keys`.
///
/// Refuses with [`AppError::BadInput`] when the database already holds regions. Seeding the same
/// schema twice gives identical rows (sealed values aside: each has its own random nonce).
pub async fn seed_demo(db: &DatabaseConnection, keys: &DataKeys) -> Result<SeedReport, AppError> {
    if !is_empty(db).await? {
        return Err(AppError::bad_input(
            "the database already holds data; the demo dataset only loads into an empty database",
        ));
    }
    let dataset = build()?;
    let txn = db.begin().await?;
    let report = insert::insert_all(&txn, keys, dataset).await?;
    // The rows above bypass the services, so the search index is built from them in one go.
    crate::service::search::reindex(&txn).await?;
    txn.commit().await?;
    tracing::info!(rows = report.total(), "demo dataset written");
    Ok(report)
}

/// Generates every row in memory, in dependency order.
fn build() -> Result<common::Dataset, AppError> {
    let mut s = common::Seeder::new();
    s.seed_spine_orgs()?;
    s.seed_civic_orgs()?;
    s.seed_network()?;
    s.seed_parties()?;
    s.seed_enterprises()?;
    s.seed_objects()?;
    s.seed_places()?;
    s.seed_lectures();
    s.seed_venue_events()?;
    s.seed_base_activities()?;
    s.seed_suggestions()?;
    s.seed_visits();
    s.seed_bloggers()?;
    s.seed_households()?;
    s.seed_trips()?;
    s.seed_mediation();
    s.seed_publicity();
    Ok(s.ds)
}

/// `(name_pinyin, name_initials)` as the search columns store them.
pub(crate) fn spell(name: &str) -> (String, String) {
    (
        crate::domain::pinyin::full(name),
        crate::domain::pinyin::initials(name),
    )
}

#[cfg(test)]
mod tests;
