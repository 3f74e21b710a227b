//! `coverage(region:, level:, asOf:)`: how far the network reaches into villages and
//! communities, per child region (`service::coverage`).

use async_graphql::{Context, Object, Result, ResultExt};

use crate::db::filters::parse_region;
use crate::domain::enums::RegionLevel;
use crate::error::AppError;
use crate::graphql::connection::{db, limits};
use crate::graphql::object::{loaders, lookup};
use crate::graphql::types::Region;
use crate::scalars::Date;
use crate::service::check::today;
use crate::service::coverage::{self, Coverage, CoverageMeasure, CoverageRow};

/// Coverage of one region: its villages and communities (村社区) and how many are covered.
pub struct CoverageFigures(CoverageRow);

impl CoverageFigures {
    fn percent(&self, measure: CoverageMeasure) -> Option<f64> {
        let covered = self.0.covered_by(measure) as f64;
        (self.0.villages > 0).then(|| (covered * 1000.0 / self.0.villages as f64).round() / 10.0)
    }
}

/// Coverage of one region: its villages and communities (村社区) and how many are covered.
#[Object]
impl CoverageFigures {
    /// The region (a child region, or for `total` the region asked about).
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(&loaders(ctx)?.region_by_code, self.0.code.clone(), Region).await
    }
    /// Its 12-digit statistical code.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Villages and communities (村社区) in it.
    async fn villages(&self) -> i64 {
        self.0.villages
    }
    /// Of which with an active liaison officer (统战联络员).
    async fn with_liaison_officer(&self) -> i64 {
        self.0.covered_by(CoverageMeasure::LiaisonOfficer)
    }
    /// Of which with an open work station or liaison point (统战工作站/联络点).
    async fn with_station(&self) -> i64 {
        self.0.covered_by(CoverageMeasure::Station)
    }
    /// Of which with an open home (红石榴家园, 石榴籽议事室, 侨胞之家, members' home).
    async fn with_home(&self) -> i64 {
        self.0.covered_by(CoverageMeasure::Home)
    }
    /// Of which with an active enterprise pairing (万企兴万村).
    async fn with_active_pairing(&self) -> i64 {
        self.0.covered_by(CoverageMeasure::Pairing)
    }
    /// `withLiaisonOfficer` as a percentage of `villages` (one decimal); null without villages.
    async fn liaison_officer_percent(&self) -> Option<f64> {
        self.percent(CoverageMeasure::LiaisonOfficer)
    }
    /// `withStation` as a percentage of `villages`.
    async fn station_percent(&self) -> Option<f64> {
        self.percent(CoverageMeasure::Station)
    }
    /// `withHome` as a percentage of `villages`.
    async fn home_percent(&self) -> Option<f64> {
        self.percent(CoverageMeasure::Home)
    }
    /// `withActivePairing` as a percentage of `villages`.
    async fn active_pairing_percent(&self) -> Option<f64> {
        self.percent(CoverageMeasure::Pairing)
    }
}

/// Coverage of a region's children at one level, on one day.
pub struct CoverageReport(Coverage);

/// Coverage of a region's children at one level, on one day.
#[Object]
impl CoverageReport {
    /// The level of the rows.
    async fn level(&self) -> RegionLevel {
        self.0.level
    }
    /// The day assignments, places and pairings were counted on (Asia/Shanghai).
    async fn as_of(&self) -> Date {
        Date(self.0.as_of)
    }
    /// The whole region: the sum of the rows.
    async fn total(&self) -> CoverageFigures {
        CoverageFigures(self.0.total.clone())
    }
    /// One row per child region at `level`, by code (children without villages included).
    async fn rows(&self) -> Vec<CoverageFigures> {
        self.0.rows.iter().cloned().map(CoverageFigures).collect()
    }
    /// Villages and communities of the region lacking `lacking`, by code: computed only when
    /// selected (one statement). At most `first` (default and maximum: the page size limit).
    async fn uncovered_villages(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "CoverageMeasure::LiaisonOfficer",
            desc = "What the villages lack; default: an active liaison officer."
        )]
        lacking: CoverageMeasure,
        #[graphql(
            desc = "At most this many villages (default and maximum: the server's page size limit)."
        )]
        first: Option<i32>,
    ) -> Result<Vec<Region>> {
        let max = limits(ctx).max;
        let first = match first {
            None => max,
            Some(n) if n < 0 => {
                return Err(AppError::bad_input("first must not be negative")).extend();
            }
            Some(n) if n as usize > max => {
                return Err(AppError::LimitExceeded(format!(
                    "first may be at most {max}"
                )))
                .extend();
            }
            Some(n) => n as usize,
        };
        let rows = coverage::uncovered(
            db(ctx)?,
            &self.0.region,
            lacking,
            self.0.as_of,
            first as u64,
        )
        .await
        .extend()?;
        Ok(rows.into_iter().map(Region).collect())
    }
}

#[derive(Default)]
pub struct CoverageQuery;

#[Object]
impl CoverageQuery {
    /// Per child region of `region` (code, 6/9/12 digits) at `level` (default: the next level
    /// down): villages and communities, and how many have an active liaison officer, a work
    /// station or liaison point, a home, an active enterprise pairing, with percentages, on
    /// `asOf` (default: today in Asia/Shanghai). Open to every role: it counts villages.
    async fn coverage(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The region to report on: its code (6, 9 or 12 digits) or its `Region` id."
        )]
        region: String,
        #[graphql(
            desc = "Level of the child regions to report a row for; omitted: the level just below `region`."
        )]
        level: Option<RegionLevel>,
        #[graphql(
            desc = "The day to count on (assignments, places and pairings active then); omitted: today in Asia/Shanghai."
        )]
        as_of: Option<Date>,
    ) -> Result<CoverageReport> {
        let code = parse_region(&region).extend()?;
        let as_of = as_of.map_or_else(today, |d| d.0);
        let report = coverage::coverage(db(ctx)?, &code, level, as_of)
            .await
            .extend()?;
        Ok(CoverageReport(report))
    }
}
