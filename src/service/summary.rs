//! The annual summary (`summary`): the report's figures for a region's
//! subtree and a calendar year, each computed by one aggregate query in the database.
//!
//! Shared rules: a year is `[Y-01-01, Y-12-31]` on DATE columns (Asia/Shanghai calendar days);
//! soft-deleted rows (`deleted_at IS NOT NULL`) never count, nor do rows that only reach a counted
//! row through a soft-deleted one; "as of period end" means on 31 December of the year unless
//! another day is asked for (`asOf`). The region column each figure filters on
//! (`db::scope::within`, the region and everything below it):
//!
//! | figure | region column |
//! | --- | --- |
//! | figures 1–2 lectures, figure 4 base activities, figure 12 home activities | `activity.region_code` |
//! | figure 5 donations | `activity.region_code` of the activity they were given through |
//! | figure 3 new bases, figure 14 members' homes | `place.region_code` |
//! | figures 6–7 suggestions | `suggestion.region_code` (the region the suggestion is about) |
//! | figure 9 liaison coverage | `region.code` of the village or community |
//! | figure 13 re-election coverage | `organization.region_code` of the DP organization |
//! | figures 15–18 influencers, sales, households | the influencer's `person.region_code` |
//! | figure 19 mediation | `mediation_case.region_code` |
//! | figures 20–21 publicity | `publicity_work.region_code` |
//! | figure 22 field-trip participants | the participant's `person.region_code` |
//!
//! Counting people by their own region (not by where an activity or household is) keeps every
//! figure additive: a county's people are counted once, in that county.

use chrono::NaiveDate;
use entity::region;
use sea_orm::sea_query::SelectStatement;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::domain::region_code::RegionCode;
use crate::error::AppError;

/// The publicity series figures 20 and 21 count.
pub const ZHULAO_SERIES: &str = "铸牢大家谈";

/// Followers an account needs for figure 15: a million, measured on or before the period's end.
pub const MILLION_FOLLOWERS: i64 = 1_000_000;

/// A part of a whole, e.g. villages with a liaison officer out of all villages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// Units that meet the condition.
    pub covered: i64,
    /// All units.
    pub total: i64,
}

impl Coverage {
    /// `covered / total`, or `None` when there is nothing to cover.
    pub fn ratio(&self) -> Option<f64> {
        (self.total > 0).then(|| self.covered as f64 / self.total as f64)
    }
}

/// Figures 1, 2: theory lectures and their attendances (person-times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lectures {
    /// Figure 1: sessions held in the year.
    pub count: i64,
    /// Figure 2: attendances at them, in person-times.
    pub audience: i64,
}

/// Figures 4, 5: activities at practice innovation bases and what was donated through them (fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseActivities {
    /// Figure 4: activities held at practice innovation bases in the year.
    pub count: i64,
    /// Figure 5: cash donated through them, in fen.
    pub cash_fen: i64,
    /// Figure 5: goods donated through them, valued in fen.
    pub in_kind_fen: i64,
}

impl BaseActivities {
    /// Cash and goods together (figure 5).
    pub fn donations_fen(&self) -> i64 {
        self.cash_fen + self.in_kind_fen
    }
}

/// Figures 6, 7: democratic-party suggestions and the adopted ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestions {
    /// Figure 6: suggestions DP organizations submitted in the year (drafts excluded).
    pub count: i64,
    /// Figure 7: of which taken into livelihood projects.
    pub into_livelihood_projects: i64,
    /// Figure 7: of which converted into concrete measures.
    pub converted_to_measures: i64,
}

impl Suggestions {
    /// Taken into livelihood projects or converted into measures (figure 7).
    pub fn adopted(&self) -> i64 {
        self.into_livelihood_projects + self.converted_to_measures
    }
}

/// Figures 15, 16: million-follower farm-help bloggers and the sales they drove (fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bloggers {
    /// Figure 15: farm-help bloggers with an account of a million followers or more by 31 December.
    pub count: i64,
    /// Figure 16: their farm-product sales in periods starting in the year, in fen.
    pub sales_fen: i64,
}

/// Figures 17, 18: village influencers and the distinct households they helped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VillageInfluencers {
    /// Figure 17: village influencers who helped at least one household by 31 December.
    pub count: i64,
    /// Figure 18: distinct households they helped.
    pub households: i64,
}

/// Figures 20, 21: works of the "铸牢大家谈" series published in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publicity {
    /// Figure 20: videos.
    pub videos: i64,
    /// Figure 21: articles.
    pub articles: i64,
}

/// The report's figures for one region's subtree and one calendar year.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualSummary {
    /// The region whose subtree was counted.
    pub region: RegionCode,
    /// The calendar year counted.
    pub year: i32,
    /// The day standing things (liaison officers, members' homes) were counted on.
    pub as_of: NaiveDate,
    /// Figures 1, 2.
    pub lectures: Lectures,
    /// Figure 3: practice innovation bases opened in the year.
    pub new_practice_bases: i64,
    /// Figures 4, 5.
    pub base_activities: BaseActivities,
    /// Figures 6, 7.
    pub suggestions: Suggestions,
    /// Figure 9: villages and communities with an active liaison officer on `as_of`.
    pub liaison_coverage: Coverage,
    /// Figure 12: publicity and fellowship events at work stations, liaison points and homes.
    pub home_activities: i64,
    /// Figure 13: DP grassroots organizations with a completed re-election in the year.
    pub reelection_coverage: Coverage,
    /// Figure 14: DP members' homes standing on `as_of`.
    pub members_homes: i64,
    /// Figures 15, 16.
    pub million_follower_influencers: Bloggers,
    /// Figures 17, 18.
    pub village_influencers: VillageInfluencers,
    /// Figure 19: commercial disputes mediated with a judicial or community partner.
    pub mediated_disputes: i64,
    /// Figures 20, 21.
    pub publicity: Publicity,
    /// Figure 22: distinct online writers, streamers and big-V accounts on field trips.
    pub field_visit_participants: i64,
}

/// Computes every figure for `region`'s subtree and calendar `year`, one query per figure group,
/// counting standing things on 31 December of the year.
///
/// Fails with `BadInput` for a year outside 1900–2100 and `NotFound` for an unknown region.
pub async fn annual_summary(
    db: &impl ConnectionTrait,
    region: &RegionCode,
    year: i32,
) -> Result<AnnualSummary, AppError> {
    annual_summary_on(db, region, year, None).await
}

/// [`annual_summary`], counting standing things (villages with a liaison officer, members'
/// homes) on `as_of` (default: 31 December of the year) by the rule of `db::in_force`.
///
/// Fails with `BadInput` for a year outside 1900–2100 and `NotFound` for an unknown region.
pub async fn annual_summary_on(
    db: &impl ConnectionTrait,
    region: &RegionCode,
    year: i32,
    as_of: Option<NaiveDate>,
) -> Result<AnnualSummary, AppError> {
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(year, 1, 1).filter(|_| (1900..=2100).contains(&year)),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(AppError::bad_input("year must lie between 1900 and 2100"));
    };
    let exists = region::Entity::find_by_id(region.as_str().to_owned())
        .filter(region::Column::DeletedAt.is_null())
        .one(db)
        .await?;
    if exists.is_none() {
        return Err(AppError::not_found(format!("no region {region}")));
    }
    let as_of = as_of.unwrap_or(end);
    let q = sql::Scope {
        region,
        start,
        end,
        as_of,
    };
    let [count, audience] = ints(db, q.lectures()).await?;
    let [base_count] = ints(db, q.base_activity_count()).await?;
    let [cash_fen, in_kind_fen] = ints(db, q.base_donations()).await?;
    let [suggestions, into_projects, into_measures] = ints(db, q.suggestions()).await?;
    let [liaison_covered, villages] = ints(db, q.liaison_coverage()).await?;
    let [reelected, dp_orgs] = ints(db, q.reelection_coverage()).await?;
    let [bloggers] = ints(db, q.bloggers()).await?;
    let [sales_fen] = ints(db, q.blogger_sales()).await?;
    let [influencers] = ints(db, q.village_influencers()).await?;
    let [households] = ints(db, q.helped_households()).await?;
    let [videos, articles] = ints(db, q.publicity()).await?;
    let [new_bases] = ints(db, q.new_bases()).await?;
    let [home_activities] = ints(db, q.home_activities()).await?;
    let [members_homes] = ints(db, q.members_homes()).await?;
    let [mediated] = ints(db, q.mediated_disputes()).await?;
    let [trippers] = ints(db, q.field_visit_participants()).await?;
    Ok(AnnualSummary {
        region: region.clone(),
        year,
        as_of,
        lectures: Lectures { count, audience },
        new_practice_bases: new_bases,
        base_activities: BaseActivities {
            count: base_count,
            cash_fen,
            in_kind_fen,
        },
        suggestions: Suggestions {
            count: suggestions,
            into_livelihood_projects: into_projects,
            converted_to_measures: into_measures,
        },
        liaison_coverage: Coverage {
            covered: liaison_covered,
            total: villages,
        },
        home_activities,
        reelection_coverage: Coverage {
            covered: reelected,
            total: dp_orgs,
        },
        members_homes,
        million_follower_influencers: Bloggers {
            count: bloggers,
            sales_fen,
        },
        village_influencers: VillageInfluencers {
            count: influencers,
            households,
        },
        mediated_disputes: mediated,
        publicity: Publicity { videos, articles },
        field_visit_participants: trippers,
    })
}

/// Runs an aggregate statement and reads its first `N` columns, named `a`, `b`, `c`, as 64-bit
/// integers (NULL as 0). A column of another type is an error, never a silent 0.
async fn ints<const N: usize>(
    db: &impl ConnectionTrait,
    stmt: SelectStatement,
) -> Result<[i64; N], AppError> {
    let mut out = [0; N];
    let Some(row) = db.query_one(&stmt).await? else {
        return Ok(out);
    };
    for (value, col) in out.iter_mut().zip(["a", "b", "c"]) {
        *value = row.try_get::<Option<i64>>("", col)?.unwrap_or_default();
    }
    Ok(out)
}

mod activities;
mod people;
mod records;
mod sql;
