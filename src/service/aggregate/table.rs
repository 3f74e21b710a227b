//! Aggregates as spreadsheet tables for the CSV/XLSX downloads: the same arguments as GraphQL
//! (the filter as its JSON, `groupBy` as `county,year`), Chinese headers, a 合计 row first.

use sea_orm::ConnectionTrait;

use super::{
    Activities, Aggregate, Bases, Figures, Homes, MediationCases, Organizations, Pairings, People,
    PublicityWorks, SalesRecords, Selection, Subject, Suggestions, aggregate, parse_group_by,
};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::scalars::format_fen;
use crate::service::filter_text;

/// A sheet: its name, header row and data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub sheet: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The URL names of the aggregatable record types.
pub const SLUGS: [&str; 10] = [
    People::SLUG,
    Organizations::SLUG,
    Bases::SLUG,
    Homes::SLUG,
    Pairings::SLUG,
    Activities::SLUG,
    Suggestions::SLUG,
    MediationCases::SLUG,
    PublicityWorks::SLUG,
    SalesRecords::SLUG,
];

/// The aggregate of the record type named `slug` as a table; NOT_FOUND for an unknown slug.
pub async fn table(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    slug: &str,
    filter: Option<&str>,
    group_by: Option<&str>,
) -> AppResult<Table> {
    match slug {
        People::SLUG => table_of::<People>(db, viewer, filter, group_by).await,
        Organizations::SLUG => table_of::<Organizations>(db, viewer, filter, group_by).await,
        Bases::SLUG => table_of::<Bases>(db, viewer, filter, group_by).await,
        Homes::SLUG => table_of::<Homes>(db, viewer, filter, group_by).await,
        Pairings::SLUG => table_of::<Pairings>(db, viewer, filter, group_by).await,
        Activities::SLUG => table_of::<Activities>(db, viewer, filter, group_by).await,
        Suggestions::SLUG => table_of::<Suggestions>(db, viewer, filter, group_by).await,
        MediationCases::SLUG => table_of::<MediationCases>(db, viewer, filter, group_by).await,
        PublicityWorks::SLUG => table_of::<PublicityWorks>(db, viewer, filter, group_by).await,
        SalesRecords::SLUG => table_of::<SalesRecords>(db, viewer, filter, group_by).await,
        other => Err(AppError::not_found(format!(
            "no aggregate named {other:?}: use one of {}",
            SLUGS.join(", ")
        ))),
    }
}

async fn table_of<S: Subject>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: Option<&str>,
    group_by: Option<&str>,
) -> AppResult<Table> {
    let filter = filter_text::parse::<S::Filter>(filter)?;
    let group_by = parse_group_by::<S::GroupBy>(group_by.unwrap_or_default())?;
    let result = aggregate::<S>(db, viewer, filter, &group_by, &Selection::all::<S>()).await?;
    Ok(to_table(S::LABEL, &result))
}

fn to_table(sheet: &'static str, result: &Aggregate) -> Table {
    let mut headers = Vec::new();
    for header in &result.dimension_headers {
        headers.push(format!("{header}代码"));
        headers.push((*header).to_owned());
    }
    headers.push("数量".to_owned());
    for m in result.measures {
        for stat in ["合计", "平均", "最小", "最大"] {
            headers.push(format!("{}{stat}", m.header));
        }
    }
    let dims = result.dimension_headers.len();
    let mut rows = Vec::with_capacity(result.groups.len() + 1);
    let mut total = vec![String::new(); dims * 2];
    if let Some(first) = total.get_mut(1) {
        *first = "合计".to_owned();
    }
    match &result.total {
        Some(figures) => total.extend(cells(result, figures)),
        // Withheld under disclosure control (an analyst's count by a sensitive field).
        None => total.push("（不公开）".to_owned()),
    }
    rows.push(total);
    for group in &result.groups {
        let mut row = Vec::with_capacity(headers.len());
        for (key, label) in group.key.iter().zip(&group.labels) {
            row.push(key.clone().unwrap_or_default());
            row.push(label.clone());
        }
        row.extend(cells(result, &group.figures));
        rows.push(row);
    }
    Table {
        sheet,
        headers,
        rows,
    }
}

fn cells(result: &Aggregate, figures: &Figures) -> Vec<String> {
    let mut out = vec![figures.count.to_string()];
    for (m, s) in result.measures.iter().zip(&figures.measures) {
        if s.withheld {
            out.extend([String::new(), String::new(), String::new(), String::new()]);
            continue;
        }
        let fmt = |v: i64| {
            if m.money {
                format_fen(v)
            } else {
                v.to_string()
            }
        };
        out.push(fmt(s.sum));
        out.push(match s.avg() {
            Some(avg) if m.money => format_fen(avg.round() as i64),
            Some(avg) => format!("{avg:.2}"),
            None => String::new(),
        });
        out.push(s.min.map(fmt).unwrap_or_default());
        out.push(s.max.map(fmt).unwrap_or_default());
    }
    out
}
