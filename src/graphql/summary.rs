//! `summary(region:, year:)`: the annual figures of the city's work report, computed from data.

use async_graphql::{Context, Object, Result, ResultExt, SimpleObject};

use crate::db::filters::parse_region;
use crate::graphql::connection::db;
use crate::graphql::object::{loaders, lookup};
use crate::graphql::types::Region;
use crate::scalars::{Date, Money};
use crate::service::summary::{self, AnnualSummary, Coverage as CoverageFigures};

/// A part of a whole, e.g. villages with a liaison officer out of all villages.
#[derive(SimpleObject)]
pub struct Coverage {
    /// How many are covered (e.g. villages with a liaison officer).
    pub covered: i64,
    /// How many there are in all (e.g. all villages).
    pub total: i64,
    /// `covered / total`, null when there is nothing to cover.
    pub ratio: Option<f64>,
}

impl From<CoverageFigures> for Coverage {
    fn from(c: CoverageFigures) -> Self {
        Self {
            covered: c.covered,
            total: c.total,
            ratio: c.ratio(),
        }
    }
}

/// Theory lectures (理论宣讲) held in the year.
#[derive(SimpleObject)]
pub struct LectureFigures {
    /// Sessions held (场次).
    pub count: i64,
    /// Attendances (人次), not distinct people.
    pub audience: i64,
}

/// Activities at new-stratum (新阶层) practice bases in the year and what they raised.
#[derive(SimpleObject)]
pub struct BaseActivityFigures {
    /// Activities held.
    pub count: i64,
    /// Cash plus goods donated, in yuan.
    pub donations: Money,
    /// Cash donated, in yuan.
    pub cash: Money,
    /// Value of goods donated, in yuan.
    pub in_kind: Money,
}

/// Democratic-party suggestions (建言献策) submitted in the year and what became of them.
#[derive(SimpleObject)]
pub struct SuggestionFigures {
    /// Suggestions submitted.
    pub count: i64,
    /// Taken into livelihood projects or turned into concrete measures.
    pub adopted: i64,
    /// Taken into the livelihood-project list (民生实事).
    pub into_livelihood_projects: i64,
    /// Turned into concrete measures by the handling department.
    pub converted_to_measures: i64,
}

/// Farm-help bloggers (助农博主) with a million followers and the sales they drove. Both null
/// for PUBLIC when 1–4 bloggers are counted: no figure is shown about fewer than 5 people, and
/// their sales are income.
#[derive(SimpleObject)]
pub struct InfluencerFigures {
    /// Bloggers counted; null as above.
    pub count: Option<i64>,
    /// Farm-product sales they drove in the year, in yuan; null as above.
    pub sales: Option<Money>,
}

/// Village influencers (乡村网红) and the distinct households they helped. Both null for
/// PUBLIC when 1–4 influencers are counted.
#[derive(SimpleObject)]
pub struct VillageInfluencerFigures {
    /// Influencers counted; null as above.
    pub count: Option<i64>,
    /// Distinct households they helped; null as above.
    pub households: Option<i64>,
}

/// Works of the 铸牢大家谈 series published in the year.
#[derive(SimpleObject)]
pub struct PublicityFigures {
    /// Videos published.
    pub videos: i64,
    /// Articles published.
    pub articles: i64,
}

/// The report's figures for a region's subtree and a calendar year.
pub struct Summary(AnnualSummary);

/// The report's figures for a region's subtree and a calendar year.
#[Object]
impl Summary {
    /// The region summarised (with everything below it).
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        lookup(
            &loaders(ctx)?.region_by_code,
            self.0.region.as_str().to_owned(),
            Region,
        )
        .await
    }
    /// Calendar year (Asia/Shanghai).
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// Theory lectures and their audience.
    async fn lectures(&self) -> LectureFigures {
        LectureFigures {
            count: self.0.lectures.count,
            audience: self.0.lectures.audience,
        }
    }
    /// New-stratum practice innovation bases established in the year.
    async fn new_practice_bases(&self) -> i64 {
        self.0.new_practice_bases
    }
    /// Activities run through practice bases, and donations raised.
    async fn base_activities(&self) -> BaseActivityFigures {
        let b = &self.0.base_activities;
        BaseActivityFigures {
            count: b.count,
            donations: Money(b.donations_fen()),
            cash: Money(b.cash_fen),
            in_kind: Money(b.in_kind_fen),
        }
    }
    /// Suggestions by democratic-party organizations, and how many were adopted.
    async fn suggestions(&self) -> SuggestionFigures {
        let s = &self.0.suggestions;
        SuggestionFigures {
            count: s.count,
            adopted: s.adopted(),
            into_livelihood_projects: s.into_livelihood_projects,
            converted_to_measures: s.converted_to_measures,
        }
    }
    /// The day standing things (liaison officers, members' homes) were counted on.
    async fn as_of(&self) -> Date {
        Date(self.0.as_of)
    }
    /// Villages and communities with an active liaison officer on `asOf` (by default the
    /// year's end).
    async fn liaison_coverage(&self) -> Coverage {
        self.0.liaison_coverage.into()
    }
    /// Publicity and fellowship events at stations, liaison points and homes.
    async fn home_activities(&self) -> i64 {
        self.0.home_activities
    }
    /// Democratic-party grassroots organizations that completed their re-election.
    async fn reelection_coverage(&self) -> Coverage {
        self.0.reelection_coverage.into()
    }
    /// Democratic parties' members' homes (党员之家, 社员之家 …) standing on `asOf`.
    async fn members_homes(&self) -> i64 {
        self.0.members_homes
    }
    /// Farm-help bloggers with at least a million followers, and their sales.
    async fn million_follower_influencers(&self, ctx: &Context<'_>) -> InfluencerFigures {
        let m = &self.0.million_follower_influencers;
        let shown = !withheld(ctx, m.count);
        InfluencerFigures {
            count: shown.then_some(m.count),
            sales: shown.then_some(Money(m.sales_fen)),
        }
    }
    /// Village influencers and the distinct households they helped.
    async fn village_influencers(&self, ctx: &Context<'_>) -> VillageInfluencerFigures {
        let v = &self.0.village_influencers;
        let shown = !withheld(ctx, v.count);
        VillageInfluencerFigures {
            count: shown.then_some(v.count),
            households: shown.then_some(v.households),
        }
    }
    /// Commercial disputes mediated with judicial and community partners.
    async fn mediated_disputes(&self) -> i64 {
        self.0.mediated_disputes
    }
    /// 铸牢大家谈 videos and articles published on converged-media platforms.
    async fn publicity(&self) -> PublicityFigures {
        PublicityFigures {
            videos: self.0.publicity.videos,
            articles: self.0.publicity.articles,
        }
    }
    /// Online writers, streamers and big-V accounts on field trips.
    /// Null for PUBLIC when it counts 1–4 people.
    async fn field_visit_participants(&self, ctx: &Context<'_>) -> Option<i64> {
        let n = self.0.field_visit_participants;
        (!withheld(ctx, n)).then_some(n)
    }
}

#[derive(Default)]
pub struct SummaryQuery;

#[Object]
impl SummaryQuery {
    /// The annual figures for a region (code, 6/9/12 digits) and its subtree in a calendar year.
    async fn summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The region whose subtree is counted: its code (6, 9 or 12 digits) or its `Region` id."
        )]
        region: String,
        #[graphql(
            desc = "Calendar year, e.g. `2025` (activities, suggestions and works dated in it)."
        )]
        year: i32,
        #[graphql(
            desc = "The day standing things (villages with a liaison officer, members' homes) \
                    are counted on: a row is counted when in force that day (first and last day \
                    included; a place is gone on its closing day). Default: 31 December of \
                    `year`."
        )]
        as_of: Option<Date>,
    ) -> Result<Summary> {
        let code = parse_region(&region).extend()?;
        let figures = summary::annual_summary_on(db(ctx)?, &code, year, as_of.map(|d| d.0))
            .await
            .extend()?;
        Ok(Summary(figures))
    }
}

/// Whether a figure counting `people` is withheld from the caller
/// (`policy::withholds_person_count`).
fn withheld(ctx: &Context<'_>, people: i64) -> bool {
    let viewer = ctx
        .data_opt::<crate::auth::Viewer>()
        .cloned()
        .unwrap_or_else(crate::auth::Viewer::public);
    crate::auth::policy::withholds_person_count(&viewer, people)
}
