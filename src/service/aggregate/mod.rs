//! Aggregates (`<x>Aggregate(filter:, groupBy:)`): counts and sum/avg/min/max of numeric
//! fields over the rows a list filter selects, optionally grouped by region level, code-valued
//! fields and calendar buckets. One SQL statement per aggregate, grouped in the database: the
//! groups, and the total unless it is their sum, are branches of one `UNION ALL`.

mod dims;
mod directory;
mod fields;
mod people;
mod run;
pub mod sql;
mod statement;
mod suppress;
pub mod table;
mod work;

use async_graphql::resolver_utils::EnumType;
use sea_orm::DbBackend;
use sea_orm::sea_query::SelectStatement;

use crate::auth::Viewer;
use crate::auth::policy::PersonFieldClass;
use crate::error::{AppError, AppResult};

pub use directory::{Bases, Homes, OrganizationGroupBy, Organizations, PlaceGroupBy};
pub use people::{People, PersonGroupBy, SalesRecordFilter, SalesRecordGroupBy, SalesRecords};
pub use run::aggregate;
pub use sql::Bucket;
pub use work::{
    Activities, ActivityGroupBy, MediationCaseGroupBy, MediationCases, PairingGroupBy, Pairings,
    PublicityWorkGroupBy, PublicityWorks, SuggestionGroupBy, Suggestions,
};

/// The most dimensions one aggregate may group by.
pub const MAX_DIMENSIONS: usize = 4;

/// A numeric field aggregated with sum, average, minimum and maximum.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// The GraphQL field name (`participantCount`), also the CSV column stem.
    pub field: &'static str,
    /// The Chinese column header (`参与人数`).
    pub header: &'static str,
    /// SQL of the per-row value; NULL rows are left out of avg/min/max.
    pub sql: &'static str,
    /// Amount in fen, shown as `Money` (yuan).
    pub money: bool,
    /// The per-row figures from another table that `sql` reads, if any.
    pub rollup: Option<Rollup>,
}

/// Figures of the rows of another table that point at the subject: one value per subject row,
/// `value` over the live rows of `table` whose `key` column holds the subject's key. It is
/// computed once per statement for the selected rows only (a `WITH` table named `name`, grouped
/// by `key`), and `LEFT JOIN`ed on `"name"."k"`: a measure reads it as `"name"."v"`, which is
/// NULL for a row that has none. A correlated subquery instead runs once per row and per use
/// (sum, count, min and max of two branches: eight times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rollup {
    /// Name of the `WITH` table; measures reading the same figures give the same rollup.
    pub name: &'static str,
    pub table: &'static str,
    /// The column of `table` holding the subject's key.
    pub key: &'static str,
    /// SQL of the aggregate over those rows, on unqualified columns of `table`.
    pub value: &'static str,
}

/// How a group key part is labelled.
#[derive(Debug, Clone, Copy)]
pub enum Label {
    /// The region's name, joined in the same statement; the key is a code prefix that `pad`
    /// zeros complete.
    Region { pad: usize },
    /// The Chinese label of a stored code.
    Code(fn(&str) -> Option<&'static str>),
    /// A calendar bucket.
    Time(Bucket),
    /// The stored text itself.
    Text,
    /// `是`/`否` of a `true`/`false` key.
    YesNo,
}

/// An extra `LEFT JOIN` a dimension needs (joins with the same alias are made once).
#[derive(Debug, Clone)]
pub struct Join {
    pub table: &'static str,
    pub alias: &'static str,
    pub on: String,
    pub fanout: Fanout,
}

/// How many joined rows one row of the subject can meet, as the schema enforces it (a primary
/// or unique key on the joined table), so that rows can be counted plainly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fanout {
    /// At most one (the join is on the joined table's key): each subject row stays one row,
    /// so the groups still add up to the total.
    AtMostOne,
    /// Several, but at most one per value of the dimension's key (a person holds each live
    /// category once): within a group each subject row is one row, while across groups a row
    /// can count more than once.
    OnePerKey,
}

/// One grouping dimension as SQL.
#[derive(Debug, Clone)]
pub struct Dimension {
    /// The Chinese column header of the key in exports.
    pub header: &'static str,
    /// SQL of the key (text, or NULL when the row has no value); a region's code prefix.
    pub key: String,
    pub joins: Vec<Join>,
    pub label: Label,
    /// What grouping people by it reveals (only people and sales records are not `Public`).
    pub class: PersonFieldClass,
}

/// What a group-by enum value means.
pub trait GroupDimension: EnumType + Copy + Eq + Send + Sync + 'static {
    fn dimension(self, backend: DbBackend) -> Dimension;
}

/// An aggregatable record type: its filter, its dimensions, its measures.
pub trait Subject {
    /// The list query's filter input.
    type Filter: async_graphql::InputType + Clone + Send + Sync;
    type GroupBy: GroupDimension;
    /// The URL name (`activities`).
    const SLUG: &'static str;
    /// The Chinese name (sheet name of exports).
    const LABEL: &'static str;
    /// SQL of the row's key, counted distinctly.
    const KEY: &'static str;
    /// The record type of the rows (`MediationCase`): PUBLIC's aggregates of types it may not
    /// list are under disclosure control (`policy::aggregate_rules`).
    const TYPE: crate::ids::RecordType;
    /// SQL of the person a row is about, whom small-group rules count; `None` when the rows
    /// are not about people (then rows are counted).
    const PERSON: Option<&'static str>;
    const MEASURES: &'static [Measure];
    /// Live rows matching the filter as seen by `viewer` (`FROM` and `WHERE`, no columns).
    fn base(filter: &Option<Self::Filter>, viewer: &Viewer) -> AppResult<SelectStatement>;
    /// SQL of the region column an editor's sensitive aggregate is narrowed to.
    const REGION: &'static str;
}

/// Which statistics of one measure a caller asked for; the others are not computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MeasureParts {
    /// Sum, mean or count of values (the mean needs the other two).
    pub sum: bool,
    /// Minimum or maximum.
    pub extremes: bool,
}

/// The figures an aggregate computes: the row count always (disclosure control needs it), and
/// per measure only what was asked for, so an unasked measure reads no other table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// One entry per [`Subject::MEASURES`].
    pub measures: Vec<MeasureParts>,
}

impl Selection {
    /// Every statistic of every measure of `S` (exports show them all).
    pub fn all<S: Subject>() -> Self {
        let all = MeasureParts {
            sum: true,
            extremes: true,
        };
        Self {
            measures: vec![all; S::MEASURES.len()],
        }
    }

    /// No measure: counts only.
    pub fn counts<S: Subject>() -> Self {
        Self {
            measures: vec![MeasureParts::default(); S::MEASURES.len()],
        }
    }

    /// What is asked of measure `index`.
    pub fn of(&self, index: usize) -> MeasureParts {
        self.measures.get(index).copied().unwrap_or_default()
    }
}

/// Sum, count of values, minimum and maximum of one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub sum: i64,
    /// Rows with a value.
    pub values: i64,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// Withheld under disclosure control (the other fields are then empty).
    pub withheld: bool,
}

impl Stats {
    /// The mean over rows with a value.
    pub fn avg(&self) -> Option<f64> {
        (self.values > 0).then(|| self.sum as f64 / self.values as f64)
    }
}

/// The figures of the whole selection or of one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Rows.
    pub count: i64,
    /// Distinct people the rows are about (rows, for subjects that are not about people).
    pub people: i64,
    /// One entry per [`Subject::MEASURES`].
    pub measures: Vec<Stats>,
}

/// One group: its key parts (NULL where rows have no value) and their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub key: Vec<Option<String>>,
    pub labels: Vec<String>,
    pub figures: Figures,
}

/// An aggregate as the caller may see it.
#[derive(Debug, Clone)]
pub struct Aggregate {
    /// `None` when withheld under disclosure control (1–4 people or records selected).
    pub total: Option<Figures>,
    /// In key order.
    pub groups: Vec<Group>,
    /// Groups withheld under disclosure control.
    pub suppressed_groups: usize,
    /// Export headers of the key parts.
    pub dimension_headers: Vec<&'static str>,
    pub measures: &'static [Measure],
}

/// The label of a key part that has no value.
pub const NO_VALUE: &str = "（未填写）";

/// Reads `"county,year"` (any case) as group-by values, for the export URLs.
pub fn parse_group_by<G: GroupDimension>(text: &str) -> AppResult<Vec<G>> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            G::items()
                .iter()
                .find(|item| item.name.eq_ignore_ascii_case(part))
                .map(|item| item.value)
                .ok_or_else(|| {
                    let names: Vec<&str> = G::items().iter().map(|i| i.name).collect();
                    AppError::bad_input(format!(
                        "groupBy {part:?} is not one of {}",
                        names.join(", ")
                    ))
                })
        })
        .collect()
}
