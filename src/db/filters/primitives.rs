//! Reusable filter pieces: text, integer, date and region-subtree matching.

use async_graphql::InputObject;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};

use crate::db::page::Ordering;
use crate::db::scope;
use crate::db::table::Keyed;
use crate::domain::enums::RegionLevel;
use crate::domain::region_code::RegionCode;
use crate::error::{AppError, AppResult};
use crate::scalars::Date;

/// Matches a text field. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct StringFilter {
    /// Equal to.
    pub eq: Option<String>,
    /// Equal to one of.
    #[graphql(name = "in")]
    pub one_of: Option<Vec<String>>,
    /// Contains this text.
    pub contains: Option<String>,
    /// Starts with this text.
    pub starts_with: Option<String>,
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

impl StringFilter {
    pub fn condition(&self, column: impl ColumnTrait) -> Condition {
        let mut all = Condition::all();
        if let Some(eq) = &self.eq {
            all = all.add(column.eq(eq.clone()));
        }
        if let Some(values) = &self.one_of {
            all = all.add(column.is_in(values.clone()));
        }
        if let Some(text) = &self.contains {
            let pattern = format!("%{}%", escape_like(text));
            all = all.add(column.like(LikeExpr::new(pattern).escape('\\')));
        }
        if let Some(text) = &self.starts_with {
            let pattern = format!("{}%", escape_like(text));
            all = all.add(column.like(LikeExpr::new(pattern).escape('\\')));
        }
        all
    }
}

/// Matches an integer field. All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct IntFilter {
    /// Equal to.
    pub eq: Option<i64>,
    /// Equal to one of these.
    #[graphql(name = "in")]
    pub one_of: Option<Vec<i64>>,
    /// Greater than.
    pub gt: Option<i64>,
    /// Greater than or equal to.
    pub gte: Option<i64>,
    /// Less than.
    pub lt: Option<i64>,
    /// Less than or equal to.
    pub lte: Option<i64>,
}

impl IntFilter {
    pub fn condition(&self, column: impl ColumnTrait, field: &str) -> AppResult<Condition> {
        let low = match (self.gt, self.gte) {
            (Some(gt), _) => Some(gt.saturating_add(1)),
            (None, gte) => gte,
        };
        let high = match (self.lt, self.lte) {
            (Some(lt), _) => Some(lt.saturating_sub(1)),
            (None, lte) => lte,
        };
        if let (Some(low), Some(high)) = (low, high)
            && low > high
        {
            return Err(impossible(field));
        }
        let mut all = Condition::all();
        if let Some(eq) = self.eq {
            all = all.add(column.eq(eq));
        }
        if let Some(values) = &self.one_of {
            all = all.add(column.is_in(values.clone()));
        }
        if let Some(low) = low {
            all = all.add(column.gte(low));
        }
        if let Some(high) = high {
            all = all.add(column.lte(high));
        }
        Ok(all)
    }
}

/// Matches a date field (inclusive bounds by `gte`/`lte`, exclusive by `gt`/`lt`).
#[derive(InputObject, Debug, Clone, Default)]
pub struct DateFilter {
    /// On this day.
    pub eq: Option<Date>,
    /// After this day.
    pub gt: Option<Date>,
    /// On or after this day.
    pub gte: Option<Date>,
    /// Before this day.
    pub lt: Option<Date>,
    /// On or before this day.
    pub lte: Option<Date>,
}

impl DateFilter {
    pub fn condition(&self, column: impl ColumnTrait, field: &str) -> AppResult<Condition> {
        let lows = [self.gt.map(|d| (d, true)), self.gte.map(|d| (d, false))];
        let highs = [self.lt.map(|d| (d, true)), self.lte.map(|d| (d, false))];
        for (low, low_strict) in lows.iter().flatten() {
            for (high, high_strict) in highs.iter().flatten() {
                if low > high || (low == high && (*low_strict || *high_strict)) {
                    return Err(impossible(field));
                }
            }
        }
        let mut all = Condition::all();
        if let Some(d) = self.eq {
            all = all.add(column.eq(d.0));
        }
        if let Some(d) = self.gt {
            all = all.add(column.gt(d.0));
        }
        if let Some(d) = self.gte {
            all = all.add(column.gte(d.0));
        }
        if let Some(d) = self.lt {
            all = all.add(column.lt(d.0));
        }
        if let Some(d) = self.lte {
            all = all.add(column.lte(d.0));
        }
        Ok(all)
    }
}

fn impossible(field: &str) -> AppError {
    AppError::bad_input(format!(
        "{field}: the range is empty (lower bound above upper bound)"
    ))
}

/// Parses a region argument: a statistical code (6, 9 or 12 digits) or a Region global id.
pub fn parse_region(input: &str) -> AppResult<RegionCode> {
    let code = if input.bytes().all(|b| b.is_ascii_digit()) {
        input.to_owned()
    } else {
        match crate::ids::decode(input) {
            Ok((type_name, key)) if type_name == "Region" => key,
            _ => {
                return Err(AppError::bad_input(format!(
                    "region {input:?} is neither a region code (6, 9 or 12 digits) nor a Region id"
                )));
            }
        }
    };
    RegionCode::parse(&code).map_err(|e| AppError::bad_input(format!("region {input:?}: {e}")))
}

/// Rows whose region column lies in the subtree of `region` (code or Region id).
pub fn within_region(column: impl ColumnTrait, region: &str) -> AppResult<Condition> {
    let code = parse_region(region)?;
    Ok(Condition::all().add(scope::within(column.as_column_ref(), &code)))
}

/// For a county, `substr("<table>"."<column>", 1, 6) = '<county>'`: the expression the
/// county-prefix indexes hold (`idx_<table>_county_*`, written exactly as there: both databases
/// match an expression index only on an identical expression), so a county's list is an index
/// range in every order instead of the county's rows sorted. It repeats what the code range
/// says, so results do not change. Only a county gets it: below one, the code range selects far
/// fewer rows than the whole county the prefix would make the planner read.
fn county_index_hint(column: impl ColumnTrait, region: &str) -> AppResult<Condition> {
    let code = parse_region(region)?;
    let hint = Condition::all();
    Ok(match code.level() {
        RegionLevel::County => {
            let prefix = format!(
                r#"substr("{}"."{}", 1, 6)"#,
                column.entity_name(),
                column.as_str()
            );
            hint.add(Expr::cust(prefix).eq(&code.as_str()[..6]))
        }
        _ => hint,
    })
}

/// Adds [`county_index_hint`] to a page (`ordering` given) for a filter's top-level
/// `withinRegion`, unless the page is ordered by the region column first: the code range is
/// then itself the order's index range, and the prefix would lead the planner to the county's
/// prefix index and a sort of the whole county. Whole-set reads (`totalCount`, aggregates,
/// exports) never get it: they read every row of the county anyway, and through a prefix
/// index each entry costs a row lookup for the code range, where the region index answers
/// from its own entries (a county's people counted in 1.4 s instead of 30 ms at a million).
pub fn county_hint<E: Keyed>(
    select: Select<E>,
    column: E::Column,
    region: Option<&str>,
    ordering: Option<&Ordering<E>>,
) -> AppResult<Select<E>> {
    match (region, ordering) {
        (Some(region), Some(ordering)) if !ordering.leads_with(column) => {
            Ok(select.filter(county_index_hint(column, region)?))
        }
        _ => Ok(select),
    }
}

/// A filter's `and`, `or` and `not` children.
pub type Children<F> = (Option<Vec<F>>, Option<Vec<F>>, Option<Box<F>>);

/// A filter's `and`, `or` and `not` children, each rewritten by `rewrite` (a viewer's rewrite
/// reaches every nested filter).
pub fn rewrite_children<F>(
    (and, or, not): Children<F>,
    rewrite: impl Fn(F) -> AppResult<F>,
) -> AppResult<Children<F>> {
    let list = |list: Option<Vec<F>>| {
        list.map(|l| l.into_iter().map(&rewrite).collect::<AppResult<Vec<_>>>())
            .transpose()
    };
    Ok((
        list(and)?,
        list(or)?,
        not.map(|f| rewrite(*f).map(Box::new)).transpose()?,
    ))
}

/// Combines a filter's own condition with its `and`/`or`/`not` children.
pub fn combine<F>(
    own: Condition,
    and: &Option<Vec<F>>,
    or: &Option<Vec<F>>,
    not: &Option<Box<F>>,
    compile: impl Fn(&F) -> AppResult<Condition>,
) -> AppResult<Condition> {
    let mut all = own;
    if let Some(children) = and {
        for child in children {
            all = all.add(compile(child)?);
        }
    }
    if let Some(children) = or {
        let mut any = Condition::any();
        for child in children {
            any = any.add(compile(child)?);
        }
        all = all.add(any);
    }
    if let Some(child) = not {
        all = all.add(compile(child)?.not());
    }
    Ok(all)
}
