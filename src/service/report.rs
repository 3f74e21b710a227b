//! The printable annual report (`GET /reports/{region}/{year}`): the annual summary and the
//! coverage table of a region gathered in one value, with PUBLIC's small-group rule applied.

use chrono::NaiveDate;
use entity::region;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::auth::Viewer;
use crate::auth::policy::withholds_person_count;
use crate::domain::enums::RegionLevel;
use crate::domain::region_code::RegionCode;
use crate::error::{AppError, AppResult};
use crate::service::coverage::{self, Coverage};
use crate::service::summary::{self, AnnualSummary};

/// Figures about people the viewer may not see (`auth::policy::withholds_person_count`, as in
/// `summary`). `true` means withheld.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Withheld {
    /// Figures 15, 16: the million-follower bloggers and their sales.
    pub bloggers: bool,
    /// Figures 17, 18: the village influencers and the households they helped.
    pub village_influencers: bool,
    /// Figure 22: the field-trip participants.
    pub field_visit_participants: bool,
}

/// Everything the report page shows.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    /// The region's name, e.g. 白银市.
    pub region_name: String,
    /// Its level (a village has no coverage table).
    pub level: RegionLevel,
    /// The report's figures for the region's subtree and the year.
    pub summary: AnnualSummary,
    /// Coverage by child region on `coverage.as_of`; `None` for a village.
    pub coverage: Option<Coverage>,
    /// Figures withheld from this viewer.
    pub withheld: Withheld,
    /// The day the report was generated (Asia/Shanghai).
    pub generated_on: NaiveDate,
}

/// Gathers the report of `region` for `year` as `viewer` sees it. Coverage is counted on the
/// year's last day, or on `today` while the year is still running.
///
/// BAD_USER_INPUT for a year outside 1900–2100, NOT_FOUND for an unknown region. Open to every
/// role, as `summary` and `coverage` are; PUBLIC gets figures about 1–4 people withheld.
pub async fn annual_report(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    region: &RegionCode,
    year: i32,
    today: NaiveDate,
) -> AppResult<AnnualReport> {
    let mut summary = summary::annual_summary(db, region, year).await?;
    let row = region::Entity::find_by_id(region.as_str().to_owned())
        .filter(region::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no region {region}")))?;
    let level = region.level();
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let coverage = match level {
        RegionLevel::Village => None,
        _ => Some(coverage::coverage(db, region, None, year_end.min(today)).await?),
    };
    let small = |people: i64| withholds_person_count(viewer, people);
    let withheld = Withheld {
        bloggers: small(summary.million_follower_influencers.count),
        village_influencers: small(summary.village_influencers.count),
        field_visit_participants: small(summary.field_visit_participants),
    };
    // Withheld figures leave the value too, so no page can show them by mistake.
    if withheld.bloggers {
        summary.million_follower_influencers = summary::Bloggers {
            count: 0,
            sales_fen: 0,
        };
    }
    if withheld.village_influencers {
        summary.village_influencers = summary::VillageInfluencers {
            count: 0,
            households: 0,
        };
    }
    if withheld.field_visit_participants {
        summary.field_visit_participants = 0;
    }
    Ok(AnnualReport {
        region_name: row.name,
        level,
        summary,
        coverage,
        withheld,
        generated_on: today,
    })
}
