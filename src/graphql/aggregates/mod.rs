//! `<x>Aggregate(filter:, groupBy:)`: counts and numeric statistics over what a list filter
//! selects, grouped in the database (`service::aggregate`). One object type per record type,
//! so each measure is a named, documented field.

mod query;

use async_graphql::SimpleObject;

use crate::scalars::{BigInt, Money};
use crate::service::aggregate::{Figures, Stats};

pub use query::AggregatesQuery;

/// Statistics of an integer field over the rows that have a value.
#[derive(SimpleObject)]
pub struct IntStats {
    /// Sum over the rows (0 when none has a value).
    pub sum: BigInt,
    /// Mean over the rows that have a value; null when none has.
    pub avg: Option<f64>,
    /// Smallest value; null when none has one, and under disclosure control (one record's
    /// value).
    pub min: Option<BigInt>,
    /// Largest value; null as `min`.
    pub max: Option<BigInt>,
    /// Rows that have a value.
    pub count: i64,
}

impl From<&Stats> for IntStats {
    fn from(s: &Stats) -> Self {
        Self {
            sum: BigInt(s.sum),
            avg: s.avg(),
            min: s.min.map(BigInt),
            max: s.max.map(BigInt),
            count: s.values,
        }
    }
}

/// Statistics of an amount of money over the rows that have a value.
#[derive(SimpleObject)]
pub struct MoneyStats {
    /// Sum over the rows (0.00 when none has a value).
    pub sum: Money,
    /// Mean over the rows that have a value, rounded to the fen; null when none has.
    pub avg: Option<Money>,
    /// Smallest amount; null when none has one, and under disclosure control (one record's
    /// amount).
    pub min: Option<Money>,
    /// Largest amount; null as `min`.
    pub max: Option<Money>,
    /// Rows that have a value.
    pub count: i64,
}

impl From<&Stats> for MoneyStats {
    fn from(s: &Stats) -> Self {
        Self {
            sum: Money(s.sum),
            avg: s.avg().map(|a| Money(a.round() as i64)),
            min: s.min.map(Money),
            max: s.max.map(Money),
            count: s.values,
        }
    }
}

fn stats<T: for<'a> From<&'a Stats>>(figures: Option<&Figures>, index: usize) -> Option<T> {
    figures
        .and_then(|f| f.measures.get(index))
        .filter(|s| !s.withheld)
        .map(T::from)
}

/// Declares `<X>Aggregate` and `<X>AggregateGroup` with one statistics field per measure
/// (`index` into `Subject::MEASURES`); a measure's statistics are null where withheld under
/// disclosure control (fewer than 5 rows with a value, or so that such a figure cannot be
/// recomputed).
macro_rules! aggregate_object {
    (
        $(#[doc = $doc:literal])* $agg:ident / $group:ident {
            $($(#[doc = $fdoc:literal])* $field:ident: $stats:ident = $index:literal),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $agg(pub crate::service::aggregate::Aggregate);

        // The schema takes an object's description from its `impl` block.
        $(#[doc = $doc])*
        #[async_graphql::Object]
        impl $agg {
            /// Rows the filter selects; null when withheld: under disclosure control (PUBLIC on
            /// records it cannot list, ANALYST counting people by a sensitive field) a selection
            /// of 1–4 people (records, for records not about people) is not shown.
            async fn count(&self) -> Option<i64> {
                self.0.total.as_ref().map(|t| t.count)
            }
            $(
                $(#[doc = $fdoc])*
                ///
                /// Null where withheld under disclosure control: fewer than 5 rows with a
                /// value, or so that such a figure cannot be recomputed from the others.
                async fn $field(&self) -> Option<$stats> {
                    $crate::graphql::aggregates::stats(self.0.total.as_ref(), $index)
                }
            )*
            /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
            /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
            async fn groups(&self) -> Vec<$group> {
                self.0.groups.iter().cloned().map($group).collect()
            }
            /// How many groups were withheld under disclosure control because they (or, so that
            /// they cannot be recomputed from the total, a small group beside them) count fewer
            /// than 5 people (records, for records not about people). 0 without disclosure
            /// control, and when the whole selection is withheld (`count` null).
            async fn suppressed_groups(&self) -> i64 {
                self.0.suppressed_groups as i64
            }
        }

        #[doc = concat!("One group of a `", stringify!($agg), "`.")]
        pub struct $group(pub crate::service::aggregate::Group);

        #[doc = concat!("One group of a `", stringify!($agg), "`: the rows sharing one combination of `groupBy` values.")]
        #[async_graphql::Object]
        impl $group {
            /// The group's value of each `groupBy` dimension, in `groupBy` order: a 12-digit
            /// region code, a stored code (`THEORY_LECTURE`), a period (`2025`, `2025-Q1`,
            /// `2025-03`), `true`/`false`, or text; null where the rows have no value.
            async fn key(&self) -> &[Option<String>] {
                &self.0.key
            }
            /// The Chinese label of each key part: region name, enum label, `2025年第1季度`.
            async fn labels(&self) -> &[String] {
                &self.0.labels
            }
            /// The labels joined with ` / `.
            async fn label(&self) -> String {
                self.0.labels.join(" / ")
            }
            /// Rows in the group.
            async fn count(&self) -> i64 {
                self.0.figures.count
            }
            $(
                $(#[doc = $fdoc])*
                ///
                /// Null where withheld under disclosure control: fewer than 5 rows with a
                /// value, or so that such a figure cannot be recomputed from the others.
                async fn $field(&self) -> Option<$stats> {
                    $crate::graphql::aggregates::stats(Some(&self.0.figures), $index)
                }
            )*
        }
    };
}

aggregate_object! {
    /// Figures over people (`peopleAggregate`).
    PersonAggregate / PersonAggregateGroup {
        /// Followers of each person's largest platform account (people without one are left
        /// out of avg/min/max).
        followers: IntStats = 0,
    }
}

aggregate_object! {
    /// Figures over organizations (`organizationsAggregate`).
    OrganizationAggregate / OrganizationAggregateGroup {}
}

aggregate_object! {
    /// Figures over bases or homes (`basesAggregate`, `homesAggregate`).
    PlaceAggregate / PlaceAggregateGroup {
        /// Live activities held at each place (all years; filter activities for a period).
        activities: IntStats = 0,
    }
}

aggregate_object! {
    /// Figures over enterprise–village pairings (`pairingsAggregate`).
    PairingAggregate / PairingAggregateGroup {
        /// Investment (投资) per pairing.
        investment: MoneyStats = 0,
        /// Purchases of village products (消费帮扶) per pairing.
        purchases: MoneyStats = 1,
        /// Donations (捐赠) per pairing.
        donations: MoneyStats = 2,
        /// Jobs created (带动就业) per pairing.
        jobs_created: IntStats = 3,
    }
}

aggregate_object! {
    /// Figures over activities (`activitiesAggregate`).
    ActivityAggregate / ActivityAggregateGroup {
        /// Participants per activity.
        participant_count: IntStats = 0,
        /// Audience in person-times (人次) per activity; set for lectures.
        audience_person_times: IntStats = 1,
        /// Cash and goods donated through each activity (0 for activities without donations).
        donations: MoneyStats = 2,
    }
}

aggregate_object! {
    /// Figures over suggestions (`suggestionsAggregate`).
    SuggestionAggregate / SuggestionAggregateGroup {}
}

aggregate_object! {
    /// Figures over mediation cases (`mediationCasesAggregate`).
    MediationCaseAggregate / MediationCaseAggregateGroup {
        /// Amount in dispute per case.
        amount_in_dispute: MoneyStats = 0,
    }
}

aggregate_object! {
    /// Figures over publicity works (`publicityWorksAggregate`).
    PublicityWorkAggregate / PublicityWorkAggregateGroup {
        /// Views (阅读/播放量) per work, summed over its publications.
        views: IntStats = 0,
    }
}

aggregate_object! {
    /// Figures over farm-product sales records (`salesRecordsAggregate`).
    SalesRecordAggregate / SalesRecordAggregateGroup {
        /// Amount sold per record.
        amount: MoneyStats = 0,
    }
}
