//! `<x>Aggregate(filter:, groupBy:)`: counts and numeric statistics over what a list filter
//! selects, grouped in the database (`service::aggregate`). One object type per record type,
//! so each measure is a named, documented field.

mod query;

use std::borrow::Cow;
use std::marker::PhantomData;

use async_graphql::{Description, Object, ObjectType, SimpleObject, TypeName};

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

/// What one record type's aggregate adds to the shared fields: the GraphQL names and
/// descriptions of its aggregate and group objects, and its measures (flattened into the
/// aggregate and into each group).
pub trait Measured: 'static {
    const AGGREGATE: &'static str;
    const AGGREGATE_DESCRIPTION: &'static str;
    const GROUP: &'static str;
    const GROUP_DESCRIPTION: &'static str;
    /// The measures over some figures; null where withheld.
    type Measures<'a>: ObjectType + 'a;
    fn measures(figures: Option<&Figures>) -> Self::Measures<'_>;
}

/// Figures over the records of type `K` a filter selects: `<X>Aggregate`.
pub struct AggregateOf<K>(Aggregate, PhantomData<fn() -> K>);

impl<K> AggregateOf<K> {
    pub fn new(aggregate: Aggregate) -> Self {
        Self(aggregate, PhantomData)
    }
}

impl<K: Measured> TypeName for AggregateOf<K> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(K::AGGREGATE)
    }
}

impl<K: Measured> Description for AggregateOf<K> {
    fn description() -> &'static str {
        K::AGGREGATE_DESCRIPTION
    }
}

#[Object(name_type, use_type_description)]
impl<K: Measured> AggregateOf<K> {
    #[graphql(flatten)]
    async fn totals(&self) -> Totals<'_> {
        Totals(&self.0)
    }

    #[graphql(flatten)]
    async fn measures(&self) -> K::Measures<'_> {
        K::measures(self.0.total.as_ref())
    }

    /// One entry per distinct combination of the `groupBy` values, ordered by `key`.
    /// Empty without `groupBy`. Groups withheld under disclosure control are left out.
    async fn groups(&self) -> Vec<GroupOf<K>> {
        groups(&self.0, |group| GroupOf(group, PhantomData))
    }
}

/// One group of an `AggregateOf<K>`: `<X>AggregateGroup`.
pub struct GroupOf<K>(Group, PhantomData<fn() -> K>);

impl<K: Measured> TypeName for GroupOf<K> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(K::GROUP)
    }
}

impl<K: Measured> Description for GroupOf<K> {
    fn description() -> &'static str {
        K::GROUP_DESCRIPTION
    }
}

#[Object(name_type, use_type_description)]
impl<K: Measured> GroupOf<K> {
    #[graphql(flatten)]
    async fn group(&self) -> GroupFields<'_> {
        GroupFields(&self.0)
    }

    /// Rows in the group.
    async fn count(&self) -> i64 {
        self.0.figures.count
    }

    #[graphql(flatten)]
    async fn measures(&self) -> K::Measures<'_> {
        K::measures(Some(&self.0.figures))
    }
}

/// The record type of `PersonAggregate`.
pub enum People {}

pub type PersonAggregate = AggregateOf<People>;

impl Measured for People {
    const AGGREGATE: &'static str = "PersonAggregate";
    const AGGREGATE_DESCRIPTION: &'static str = "Figures over people (`peopleAggregate`).";
    const GROUP: &'static str = "PersonAggregateGroup";
    const GROUP_DESCRIPTION: &'static str =
        "One group of a `PersonAggregate`: the rows sharing one `groupBy` combination.";
    type Measures<'a> = PersonMeasures<'a>;
    fn measures(figures: Option<&Figures>) -> PersonMeasures<'_> {
        PersonMeasures(figures)
    }
}

/// The record type of `PlaceAggregate`.
pub enum Places {}

pub type PlaceAggregate = AggregateOf<Places>;

impl Measured for Places {
    const AGGREGATE: &'static str = "PlaceAggregate";
    const AGGREGATE_DESCRIPTION: &'static str =
        "Figures over bases or homes (`basesAggregate`, `homesAggregate`).";
    const GROUP: &'static str = "PlaceAggregateGroup";
    const GROUP_DESCRIPTION: &'static str =
        "One group of a `PlaceAggregate`: the rows sharing one `groupBy` combination.";
    type Measures<'a> = PlaceMeasures<'a>;
    fn measures(figures: Option<&Figures>) -> PlaceMeasures<'_> {
        PlaceMeasures(figures)
    }
}

/// The record type of `PairingAggregate`.
pub enum Pairings {}

pub type PairingAggregate = AggregateOf<Pairings>;

impl Measured for Pairings {
    const AGGREGATE: &'static str = "PairingAggregate";
    const AGGREGATE_DESCRIPTION: &'static str =
        "Figures over enterprise–village pairings (`pairingsAggregate`).";
    const GROUP: &'static str = "PairingAggregateGroup";
    const GROUP_DESCRIPTION: &'static str =
        "One group of a `PairingAggregate`: the rows sharing one `groupBy` combination.";
    type Measures<'a> = PairingMeasures<'a>;
    fn measures(figures: Option<&Figures>) -> PairingMeasures<'_> {
        PairingMeasures(figures)
    }
}

/// The record type of `ActivityAggregate`.
pub enum Activities {}

pub type ActivityAggregate = AggregateOf<Activities>;

impl Measured for Activities {
    const AGGREGATE: &'static str = "ActivityAggregate";
    const AGGREGATE_DESCRIPTION: &'static str = "Figures over activities (`activitiesAggregate`).";
    const GROUP: &'static str = "ActivityAggregateGroup";
    const GROUP_DESCRIPTION: &'static str =
        "One group of an `ActivityAggregate`: the rows sharing one `groupBy` combination.";
    type Measures<'a> = ActivityMeasures<'a>;
    fn measures(figures: Option<&Figures>) -> ActivityMeasures<'_> {
        ActivityMeasures(figures)
    }
}

/// The record type of `MediationCaseAggregate`.
pub enum MediationCases {}

pub type MediationCaseAggregate = AggregateOf<MediationCases>;

impl Measured for MediationCases {
    const AGGREGATE: &'static str = "MediationCaseAggregate";
    const AGGREGATE_DESCRIPTION: &'static str =
        "Figures over mediation cases (`mediationCasesAggregate`).";
    const GROUP: &'static str = "MediationCaseAggregateGroup";
    const GROUP_DESCRIPTION: &'static str =
        "One group of a `MediationCaseAggregate`: the rows sharing one `groupBy` combination.";
    type Measures<'a> = MediationCaseMeasures<'a>;
    fn measures(figures: Option<&Figures>) -> MediationCaseMeasures<'_> {
        MediationCaseMeasures(figures)
    }
}

/// The record type of `PublicityWorkAggregate`.
pub enum PublicityWorks {}

pub type PublicityWorkAggregate = AggregateOf<PublicityWorks>;

impl Measured for PublicityWorks {
    const AGGREGATE: &'static str = "PublicityWorkAggregate";
    const AGGREGATE_DESCRIPTION: &'static str =
        "Figures over publicity works (`publicityWorksAggregate`).";
    const GROUP: &'static str = "PublicityWorkAggregateGroup";
    const GROUP_DESCRIPTION: &'static str =
        "One group of a `PublicityWorkAggregate`: the rows sharing one `groupBy` combination.";
    type Measures<'a> = PublicityWorkMeasures<'a>;
    fn measures(figures: Option<&Figures>) -> PublicityWorkMeasures<'_> {
        PublicityWorkMeasures(figures)
    }
}

/// The record type of `SalesRecordAggregate`.
pub enum SalesRecords {}

pub type SalesRecordAggregate = AggregateOf<SalesRecords>;

impl Measured for SalesRecords {
    const AGGREGATE: &'static str = "SalesRecordAggregate";
    const AGGREGATE_DESCRIPTION: &'static str =
        "Figures over farm-product sales records (`salesRecordsAggregate`).";
    const GROUP: &'static str = "SalesRecordAggregateGroup";
    const GROUP_DESCRIPTION: &'static str =
        "One group of a `SalesRecordAggregate`: the rows sharing one `groupBy` combination.";
    type Measures<'a> = SalesRecordMeasures<'a>;
    fn measures(figures: Option<&Figures>) -> SalesRecordMeasures<'_> {
        SalesRecordMeasures(figures)
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

/// One group of an `OrganizationAggregate`.
pub struct OrganizationAggregateGroup(pub Group);

/// One group of an `OrganizationAggregate`: the rows sharing one `groupBy` combination.
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

/// One group of a `SuggestionAggregate`: the rows sharing one `groupBy` combination.
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
