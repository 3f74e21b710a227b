//! Aggregates of work records: activities, pairings, suggestions, mediation cases, publicity.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{DbBackend, QueryTrait};

use super::sql::Bucket;
use super::{Dimension, GroupDimension, Measure, Rollup, Subject, dims};
use crate::auth::{Role, Viewer};
use crate::db::filters::activities::{self, ActivityFilter};
use crate::db::filters::mediation::{self, MediationCaseFilter};
use crate::db::filters::pairings::{self, PairingFilter};
use crate::db::filters::publicity::{self, PublicityWorkFilter};
use crate::db::filters::suggestions::{self, SuggestionFilter};
use crate::domain::enums::{
    ActivityKind, DisputeSubtype, MediationCategory, MediationStatus, PairingMode, PairingStatus,
    PublicityWorkKind, RegionLevel, SuggestionChannel, SuggestionField, SuggestionStatus,
    TargetVillageType,
};
use crate::error::AppResult;

/// Declares a group-by enum whose first six values are the region levels and the calendar
/// buckets of one region column and one date column, followed by entity-specific values.
macro_rules! group_by {
    (
        $(#[doc = $doc:literal])* $name:ident on $table:literal . $region:literal,
        $date:literal ($what:literal) {
            $($(#[doc = $vdoc:literal])* $variant:ident => $dim:expr),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            #[doc = concat!("County or district (县区) of ", $what, ".")]
            County,
            #[doc = concat!("Township or subdistrict (乡镇街道) of ", $what, ".")]
            Township,
            #[doc = concat!("Village or community (村社区) of ", $what, ".")]
            Village,
            #[doc = concat!("Calendar year of `", $date, "`.")]
            Year,
            #[doc = concat!("Quarter of `", $date, "` (`2025-Q1`).")]
            Quarter,
            #[doc = concat!("Month of `", $date, "` (`2025-03`).")]
            Month,
            $($(#[doc = $vdoc])* $variant),*
        }

        impl GroupDimension for $name {
            fn dimension(self, backend: DbBackend) -> Dimension {
                match self {
                    Self::County => dims::region($table, $region, RegionLevel::County),
                    Self::Township => dims::region($table, $region, RegionLevel::Township),
                    Self::Village => dims::region($table, $region, RegionLevel::Village),
                    Self::Year => dims::time($table, $date, Bucket::Year, backend),
                    Self::Quarter => dims::time($table, $date, Bucket::Quarter, backend),
                    Self::Month => dims::time($table, $date, Bucket::Month, backend),
                    $(Self::$variant => $dim),*
                }
            }
        }
    };
}
pub(super) use group_by;

group_by! {
    /// Dimensions activities can be grouped by.
    ActivityGroupBy on "activity"."region_code", "held_on" ("the region the activity was held in") {
        /// Activity kind (活动类型).
        Kind => dims::code::<ActivityKind>("活动类型", "activity", "kind"),
    }
}

/// `activitiesAggregate`.
pub struct Activities;

impl Subject for Activities {
    type Filter = ActivityFilter;
    type GroupBy = ActivityGroupBy;
    const SLUG: &'static str = "activities";
    const LABEL: &'static str = "活动";
    const KEY: &'static str = "\"activity\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::Activity;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"activity\".\"region_code\"";
    const MEASURES: &'static [Measure] = &[
        Measure {
            field: "participantCount",
            header: "参与人数",
            sql: "\"activity\".\"participant_count\"",
            money: false,
            rollup: None,
        },
        Measure {
            field: "audiencePersonTimes",
            header: "受众人次",
            sql: "\"activity\".\"audience_person_times\"",
            money: false,
            rollup: None,
        },
        Measure {
            field: "donations",
            header: "捐赠（元）",
            // An activity without donations counts as 0 (in the average and the minimum).
            sql: "COALESCE(\"activity_donations\".\"v\", 0)",
            money: true,
            rollup: Some(Rollup {
                name: "activity_donations",
                table: "donation",
                key: "activity_id",
                value: "SUM(\"cash_fen\" + \"in_kind_fen\")",
            }),
        },
    ];

    fn base(filter: &Option<ActivityFilter>, _viewer: &Viewer) -> AppResult<SelectStatement> {
        Ok(activities::select(filter, None)?.into_query())
    }
}

group_by! {
    /// Dimensions enterprise–village pairings can be grouped by.
    PairingGroupBy on "pairing"."village_code", "started_on" ("the paired village") {
        /// Status (结对状态).
        Status => dims::code::<PairingStatus>("结对状态", "pairing", "status"),
        /// Pairing mode (结对模式).
        Mode => dims::code::<PairingMode>("结对模式", "pairing", "mode"),
        /// Type of the target village (村类型).
        TargetVillageType => dims::code::<TargetVillageType>("村类型", "pairing", "target_village_type"),
    }
}

/// `pairingsAggregate`.
pub struct Pairings;

impl Subject for Pairings {
    type Filter = PairingFilter;
    type GroupBy = PairingGroupBy;
    const SLUG: &'static str = "pairings";
    const LABEL: &'static str = "结对";
    const KEY: &'static str = "\"pairing\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::Pairing;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"pairing\".\"village_code\"";
    const MEASURES: &'static [Measure] = &[
        Measure {
            field: "investment",
            header: "投资额（元）",
            sql: "\"pairing\".\"investment_fen\"",
            money: true,
            rollup: None,
        },
        Measure {
            field: "purchases",
            header: "消费帮扶额（元）",
            sql: "\"pairing\".\"purchase_fen\"",
            money: true,
            rollup: None,
        },
        Measure {
            field: "donations",
            header: "捐赠额（元）",
            sql: "\"pairing\".\"donation_fen\"",
            money: true,
            rollup: None,
        },
        Measure {
            field: "jobsCreated",
            header: "带动就业（人）",
            sql: "\"pairing\".\"jobs_created\"",
            money: false,
            rollup: None,
        },
    ];

    fn base(filter: &Option<PairingFilter>, _viewer: &Viewer) -> AppResult<SelectStatement> {
        Ok(pairings::select(filter, None)?.into_query())
    }
}

group_by! {
    /// Dimensions suggestions can be grouped by.
    SuggestionGroupBy on "suggestion"."region_code", "submitted_on" ("the region the suggestion concerns") {
        /// Field (领域).
        Field => dims::code::<SuggestionField>("领域", "suggestion", "field"),
        /// Channel (渠道).
        Channel => dims::code::<SuggestionChannel>("渠道", "suggestion", "channel"),
        /// Status (状态).
        Status => dims::code::<SuggestionStatus>("状态", "suggestion", "status"),
    }
}

/// `suggestionsAggregate`.
pub struct Suggestions;

impl Subject for Suggestions {
    type Filter = SuggestionFilter;
    type GroupBy = SuggestionGroupBy;
    const SLUG: &'static str = "suggestions";
    const LABEL: &'static str = "建言";
    const KEY: &'static str = "\"suggestion\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::Suggestion;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"suggestion\".\"region_code\"";
    const MEASURES: &'static [Measure] = &[];

    fn base(filter: &Option<SuggestionFilter>, viewer: &Viewer) -> AppResult<SelectStatement> {
        let filter = &filter.clone().map(|f| f.for_viewer(viewer)).transpose()?;
        Ok(suggestions::select(filter)?.into_query())
    }
}

group_by! {
    /// Dimensions mediation cases can be grouped by.
    MediationCaseGroupBy on "mediation_case"."region_code", "accepted_on" ("the case") {
        /// Category (纠纷类别).
        Category => dims::code::<MediationCategory>("纠纷类别", "mediation_case", "category"),
        /// Dispute subtype (纠纷子类).
        Subtype => dims::code::<DisputeSubtype>("纠纷子类", "mediation_case", "subtype"),
        /// Status (调解状态).
        Status => dims::code::<MediationStatus>("调解状态", "mediation_case", "status"),
    }
}

/// `mediationCasesAggregate`.
pub struct MediationCases;

impl Subject for MediationCases {
    type Filter = MediationCaseFilter;
    type GroupBy = MediationCaseGroupBy;
    const SLUG: &'static str = "mediation-cases";
    const LABEL: &'static str = "调解案件";
    const KEY: &'static str = "\"mediation_case\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::MediationCase;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"mediation_case\".\"region_code\"";
    const MEASURES: &'static [Measure] = &[Measure {
        field: "amountInDispute",
        header: "争议金额（元）",
        sql: "\"mediation_case\".\"amount_fen\"",
        money: true,
        rollup: None,
    }];

    fn base(filter: &Option<MediationCaseFilter>, _viewer: &Viewer) -> AppResult<SelectStatement> {
        Ok(mediation::select(filter)?.into_query())
    }
}

group_by! {
    /// Dimensions publicity works can be grouped by.
    PublicityWorkGroupBy on "publicity_work"."region_code", "produced_on" ("the producing region") {
        /// Kind of work (作品类型).
        Kind => dims::code::<PublicityWorkKind>("作品类型", "publicity_work", "kind"),
        /// Series (栏目), as recorded.
        Series => dims::text("栏目", "publicity_work", "series"),
    }
}

/// `publicityWorksAggregate`; PUBLIC counts published works only, as in the list.
pub struct PublicityWorks;

impl Subject for PublicityWorks {
    type Filter = PublicityWorkFilter;
    type GroupBy = PublicityWorkGroupBy;
    const SLUG: &'static str = "publicity-works";
    const LABEL: &'static str = "宣传作品";
    const KEY: &'static str = "\"publicity_work\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::PublicityWork;
    const PERSON: Option<&'static str> = None;
    const REGION: &'static str = "\"publicity_work\".\"region_code\"";
    const MEASURES: &'static [Measure] = &[Measure {
        field: "views",
        header: "阅读播放量",
        // A work without publications has no value (left out of the average).
        sql: "\"work_views\".\"v\"",
        money: false,
        rollup: Some(Rollup {
            name: "work_views",
            table: "publication",
            key: "work_id",
            value: "SUM(\"views\")",
        }),
    }];

    fn base(filter: &Option<PublicityWorkFilter>, viewer: &Viewer) -> AppResult<SelectStatement> {
        let filter = if viewer.role == Role::Public {
            Some(PublicityWorkFilter {
                is_published: Some(true),
                and: filter.clone().map(|f| vec![f]),
                ..Default::default()
            })
        } else {
            filter.clone()
        };
        Ok(publicity::select(&filter)?.into_query())
    }
}
