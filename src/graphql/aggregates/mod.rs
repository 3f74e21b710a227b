//! `<x>Aggregate(filter:, groupBy:)`: counts and numeric statistics over what a list filter
//! selects, grouped in the database (`service::aggregate`). One object type per record type,
//! so each measure is a named, documented field.

mod query;

use async_graphql::{Object, SimpleObject};

use crate::scalars::{BigInt, Money};
use crate::service::aggregate::{Aggregate, Figures, Group, Stats};

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

/// The fields of every `<X>Aggregate` but its groups and measures: flattened into each.
pub struct Totals<'a>(&'a Aggregate);

#[Object]
impl Totals<'_> {
    /// Rows the filter selects; null when withheld: under disclosure control (PUBLIC on
    /// records it cannot list, ANALYST counting people by a sensitive field) a selection
    /// of 1–4 people (records, for records not about people) is not shown.
    async fn count(&self) -> Option<i64> {
        self.0.total.as_ref().map(|t| t.count)
    }

    /// How many groups were withheld under disclosure control because they (or, so that
    /// they cannot be recomputed from the total, a small group beside them) count fewer
    /// than 5 people (records, for records not about people). 0 without disclosure
    /// control, and when the whole selection is withheld (`count` null).
    async fn suppressed_groups(&self) -> i64 {
        self.0.suppressed_groups as i64
    }
}

/// The fields of every `<X>AggregateGroup` but its count and measures: flattened into each (an
/// object needs one field of its own).
pub struct GroupFields<'a>(&'a Group);

#[Object]
impl GroupFields<'_> {
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
}

/// An aggregate's groups, each wrapped as its record type's group object.
fn groups<G>(aggregate: &Aggregate, wrap: fn(Group) -> G) -> Vec<G> {
    aggregate.groups.iter().cloned().map(wrap).collect()
}

/// Figures over people (`peopleAggregate`).
pub struct PersonAggregate(pub Aggregate);

/// Figures over people (`peopleAggregate`).
#[Object]
impl PersonAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PersonMeasures<'_> {
        PersonMeasures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<PersonAggregateGroup> {
        groups(&self.0, PersonAggregateGroup)
    }
}

/// One group of a `PersonAggregate`.
pub struct PersonAggregateGroup(pub Group);

/// One group of a `PersonAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl PersonAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PersonMeasures<'_> {
        PersonMeasures(Some(&self.0.figures))
    }
}

/// The measures of a `PersonAggregate` and of each of its groups; null where withheld.
pub struct PersonMeasures<'a>(Option<&'a Figures>);

#[Object]
impl PersonMeasures<'_> {
    /// Followers of each person's largest platform account (people without one are left
    /// out of avg/min/max).
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn followers(&self) -> Option<IntStats> {
        stats(self.0, 0)
    }
}

/// Figures over organizations (`organizationsAggregate`).
pub struct OrganizationAggregate(pub Aggregate);

/// Figures over organizations (`organizationsAggregate`).
#[Object]
impl OrganizationAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<OrganizationAggregateGroup> {
        groups(&self.0, OrganizationAggregateGroup)
    }
}

/// One group of a `OrganizationAggregate`.
pub struct OrganizationAggregateGroup(pub Group);

/// One group of a `OrganizationAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl OrganizationAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }
}

/// Figures over bases or homes (`basesAggregate`, `homesAggregate`).
pub struct PlaceAggregate(pub Aggregate);

/// Figures over bases or homes (`basesAggregate`, `homesAggregate`).
#[Object]
impl PlaceAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PlaceMeasures<'_> {
        PlaceMeasures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<PlaceAggregateGroup> {
        groups(&self.0, PlaceAggregateGroup)
    }
}

/// One group of a `PlaceAggregate`.
pub struct PlaceAggregateGroup(pub Group);

/// One group of a `PlaceAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl PlaceAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PlaceMeasures<'_> {
        PlaceMeasures(Some(&self.0.figures))
    }
}

/// The measures of a `PlaceAggregate` and of each of its groups; null where withheld.
pub struct PlaceMeasures<'a>(Option<&'a Figures>);

#[Object]
impl PlaceMeasures<'_> {
    /// Live activities held at each place (all years; filter activities for a period).
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn activities(&self) -> Option<IntStats> {
        stats(self.0, 0)
    }
}

/// Figures over enterprise–village pairings (`pairingsAggregate`).
pub struct PairingAggregate(pub Aggregate);

/// Figures over enterprise–village pairings (`pairingsAggregate`).
#[Object]
impl PairingAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PairingMeasures<'_> {
        PairingMeasures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<PairingAggregateGroup> {
        groups(&self.0, PairingAggregateGroup)
    }
}

/// One group of a `PairingAggregate`.
pub struct PairingAggregateGroup(pub Group);

/// One group of a `PairingAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl PairingAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PairingMeasures<'_> {
        PairingMeasures(Some(&self.0.figures))
    }
}

/// The measures of a `PairingAggregate` and of each of its groups; null where withheld.
pub struct PairingMeasures<'a>(Option<&'a Figures>);

#[Object]
impl PairingMeasures<'_> {
    /// Investment (投资) per pairing.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn investment(&self) -> Option<MoneyStats> {
        stats(self.0, 0)
    }

    /// Purchases of village products (消费帮扶) per pairing.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn purchases(&self) -> Option<MoneyStats> {
        stats(self.0, 1)
    }

    /// Donations (捐赠) per pairing.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn donations(&self) -> Option<MoneyStats> {
        stats(self.0, 2)
    }

    /// Jobs created (带动就业) per pairing.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn jobs_created(&self) -> Option<IntStats> {
        stats(self.0, 3)
    }
}

/// Figures over activities (`activitiesAggregate`).
pub struct ActivityAggregate(pub Aggregate);

/// Figures over activities (`activitiesAggregate`).
#[Object]
impl ActivityAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> ActivityMeasures<'_> {
        ActivityMeasures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<ActivityAggregateGroup> {
        groups(&self.0, ActivityAggregateGroup)
    }
}

/// One group of a `ActivityAggregate`.
pub struct ActivityAggregateGroup(pub Group);

/// One group of a `ActivityAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl ActivityAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> ActivityMeasures<'_> {
        ActivityMeasures(Some(&self.0.figures))
    }
}

/// The measures of a `ActivityAggregate` and of each of its groups; null where withheld.
pub struct ActivityMeasures<'a>(Option<&'a Figures>);

#[Object]
impl ActivityMeasures<'_> {
    /// Participants per activity.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn participant_count(&self) -> Option<IntStats> {
        stats(self.0, 0)
    }

    /// Audience in person-times (人次) per activity; set for lectures.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn audience_person_times(&self) -> Option<IntStats> {
        stats(self.0, 1)
    }

    /// Cash and goods donated through each activity (0 for activities without donations).
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn donations(&self) -> Option<MoneyStats> {
        stats(self.0, 2)
    }
}

/// Figures over suggestions (`suggestionsAggregate`).
pub struct SuggestionAggregate(pub Aggregate);

/// Figures over suggestions (`suggestionsAggregate`).
#[Object]
impl SuggestionAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<SuggestionAggregateGroup> {
        groups(&self.0, SuggestionAggregateGroup)
    }
}

/// One group of a `SuggestionAggregate`.
pub struct SuggestionAggregateGroup(pub Group);

/// One group of a `SuggestionAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl SuggestionAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }
}

/// Figures over mediation cases (`mediationCasesAggregate`).
pub struct MediationCaseAggregate(pub Aggregate);

/// Figures over mediation cases (`mediationCasesAggregate`).
#[Object]
impl MediationCaseAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> MediationCaseMeasures<'_> {
        MediationCaseMeasures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<MediationCaseAggregateGroup> {
        groups(&self.0, MediationCaseAggregateGroup)
    }
}

/// One group of a `MediationCaseAggregate`.
pub struct MediationCaseAggregateGroup(pub Group);

/// One group of a `MediationCaseAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl MediationCaseAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> MediationCaseMeasures<'_> {
        MediationCaseMeasures(Some(&self.0.figures))
    }
}

/// The measures of a `MediationCaseAggregate` and of each of its groups; null where withheld.
pub struct MediationCaseMeasures<'a>(Option<&'a Figures>);

#[Object]
impl MediationCaseMeasures<'_> {
    /// Amount in dispute per case.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn amount_in_dispute(&self) -> Option<MoneyStats> {
        stats(self.0, 0)
    }
}

/// Figures over publicity works (`publicityWorksAggregate`).
pub struct PublicityWorkAggregate(pub Aggregate);

/// Figures over publicity works (`publicityWorksAggregate`).
#[Object]
impl PublicityWorkAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PublicityWorkMeasures<'_> {
        PublicityWorkMeasures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<PublicityWorkAggregateGroup> {
        groups(&self.0, PublicityWorkAggregateGroup)
    }
}

/// One group of a `PublicityWorkAggregate`.
pub struct PublicityWorkAggregateGroup(pub Group);

/// One group of a `PublicityWorkAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl PublicityWorkAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> PublicityWorkMeasures<'_> {
        PublicityWorkMeasures(Some(&self.0.figures))
    }
}

/// The measures of a `PublicityWorkAggregate` and of each of its groups; null where withheld.
pub struct PublicityWorkMeasures<'a>(Option<&'a Figures>);

#[Object]
impl PublicityWorkMeasures<'_> {
    /// Views (阅读/播放量) per work, summed over its publications.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn views(&self) -> Option<IntStats> {
        stats(self.0, 0)
    }
}

/// Figures over farm-product sales records (`salesRecordsAggregate`).
pub struct SalesRecordAggregate(pub Aggregate);

/// Figures over farm-product sales records (`salesRecordsAggregate`).
#[Object]
impl SalesRecordAggregate {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> SalesRecordMeasures<'_> {
        SalesRecordMeasures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<SalesRecordAggregateGroup> {
        groups(&self.0, SalesRecordAggregateGroup)
    }
}

/// One group of a `SalesRecordAggregate`.
pub struct SalesRecordAggregateGroup(pub Group);

/// One group of a `SalesRecordAggregate`: the rows sharing one combination of `groupBy` values.
#[Object]
impl SalesRecordAggregateGroup {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> SalesRecordMeasures<'_> {
        SalesRecordMeasures(Some(&self.0.figures))
    }
}

/// The measures of a `SalesRecordAggregate` and of each of its groups; null where withheld.
pub struct SalesRecordMeasures<'a>(Option<&'a Figures>);

#[Object]
impl SalesRecordMeasures<'_> {
    /// Amount sold per record.
    ///
    /// Null where withheld under disclosure control: fewer than 5 rows with a
    /// value, or so that such a figure cannot be recomputed from the others.
    async fn amount(&self) -> Option<MoneyStats> {
        stats(self.0, 0)
    }
}
