//! The one SQL statement of an aggregate: a branch for the groups and, unless they add up to
//! it, one for the total (`UNION ALL`), with the `WITH` tables of the measures read from other
//! tables ([`Rollup`]). Only the statistics the caller selected are computed ([`Selection`]);
//! the groups are formed first and labelled afterwards, so a region's name is looked up once
//! per group rather than once per row.

use std::collections::HashSet;

use sea_orm::sea_query::{
    Alias, CommonTableExpression, Expr, ExprTrait, JoinType, Query, SelectStatement, UnionType,
    WithClause,
};
use sea_orm::{DbBackend, Statement};

use super::{Dimension, Fanout, Label, Rollup, Selection, Subject};

/// Whether every row the filter selects is in exactly one group and counts one person at most
/// once overall, so that the total is the sum of the groups (counts and sums added, the least
/// minimum, the greatest maximum) and needs no branch of its own. A dimension whose join can
/// meet several rows (a person's categories) can put a row in several groups; people who are
/// not the rows themselves (a seller's sales records) can be in several groups.
pub fn groups_add_up<S: Subject>(dims: &[Dimension]) -> bool {
    !dims.is_empty()
        && dims
            .iter()
            .flat_map(|d| &d.joins)
            .all(|j| j.fanout == Fanout::AtMostOne)
        && S::PERSON.is_none_or(|person| person == S::KEY)
}

/// The statement over the rows `base` selects: the total (`g = 0`) unless the groups add up
/// to it, then the groups (`g = 1`) if there are dimensions.
pub fn statement<S: Subject>(
    base: &SelectStatement,
    dims: &[Dimension],
    selection: &Selection,
    backend: DbBackend,
) -> Statement {
    let statement = if groups_add_up::<S>(dims) {
        groups::<S>(base, dims, selection)
    } else {
        let mut total = figures::<S>(base, dims, selection, false);
        for (i, _) in dims.iter().enumerate() {
            total.expr_as(Expr::cust("CAST(NULL AS TEXT)"), format!("k{i}"));
            total.expr_as(Expr::cust("CAST(NULL AS TEXT)"), format!("l{i}"));
        }
        if !dims.is_empty() {
            total.union(UnionType::All, groups::<S>(base, dims, selection));
        }
        total
    };
    match rollups::<S>(base, selection) {
        Some(with) => backend.build(&statement.with(with)),
        None => backend.build(&statement),
    }
}

/// The figure columns every branch has, in this order, after `g`.
fn figure_columns<S: Subject>() -> Vec<String> {
    let mut out = vec!["cnt".to_owned(), "np".to_owned()];
    for i in 0..S::MEASURES.len() {
        for part in ["s", "n", "a", "b"] {
            out.push(format!("m{i}{part}"));
        }
    }
    out
}

/// The figures over the rows `base` selects (`g`, then [`figure_columns`]), ungrouped or, with
/// `grouped`, with each dimension's raw key `k<i>` (a region's code prefix) grouped on.
fn figures<S: Subject>(
    base: &SelectStatement,
    dims: &[Dimension],
    selection: &Selection,
    grouped: bool,
) -> SelectStatement {
    let mut q = base.clone();
    q.clear_selects();
    q.expr_as(
        Expr::cust(format!("CAST({} AS BIGINT)", u8::from(grouped))),
        "g",
    );
    for rollup in selected_rollups::<S>(selection) {
        q.left_join(
            Alias::new(rollup.name),
            Expr::cust(format!("\"{}\".\"k\" = {}", rollup.name, S::KEY)),
        );
    }
    let mut joined: HashSet<&str> = HashSet::new();
    if grouped {
        for join in dims.iter().flat_map(|d| &d.joins) {
            if joined.insert(join.alias) {
                q.join_as(
                    JoinType::LeftJoin,
                    Alias::new(join.table),
                    Alias::new(join.alias),
                    Expr::cust(join.on.clone()),
                );
            }
        }
    }
    // Each join meets at most one row per group (its `Fanout`), so within a group each
    // selected row is one row: a plain count, with no set of keys to keep.
    let rows = "COUNT(*)".to_owned();
    q.expr_as(Expr::cust(rows.clone()), "cnt");
    let people = match S::PERSON {
        Some(person) if person != S::KEY => format!("COUNT(DISTINCT {person})"),
        _ => rows,
    };
    q.expr_as(Expr::cust(people), "np");
    let none = "CAST(NULL AS BIGINT)";
    for (i, m) in S::MEASURES.iter().enumerate() {
        let v = m.sql;
        let parts = selection.of(i);
        let (sum, values) = if parts.sum {
            (
                format!("CAST(SUM({v}) AS BIGINT)"),
                format!("CAST(COUNT({v}) AS BIGINT)"),
            )
        } else {
            (none.to_owned(), "CAST(0 AS BIGINT)".to_owned())
        };
        let (min, max) = if parts.extremes {
            (
                format!("CAST(MIN({v}) AS BIGINT)"),
                format!("CAST(MAX({v}) AS BIGINT)"),
            )
        } else {
            (none.to_owned(), none.to_owned())
        };
        q.expr_as(Expr::cust(sum), format!("m{i}s"));
        q.expr_as(Expr::cust(values), format!("m{i}n"));
        q.expr_as(Expr::cust(min), format!("m{i}a"));
        q.expr_as(Expr::cust(max), format!("m{i}b"));
    }
    if grouped {
        for (i, dim) in dims.iter().enumerate() {
            q.expr_as(Expr::cust(dim.key.clone()), format!("k{i}"));
            q.group_by_col(Alias::new(format!("k{i}")));
        }
    }
    q
}

/// The groups (`g = 1`): [`figures`] grouped by the raw keys, then each key completed (a
/// region prefix padded to its 12-digit code) and labelled (the region's name joined).
fn groups<S: Subject>(
    base: &SelectStatement,
    dims: &[Dimension],
    selection: &Selection,
) -> SelectStatement {
    let inner = figures::<S>(base, dims, selection, true);
    let mut q = Query::select();
    q.from_subquery(inner, Alias::new("grp"));
    q.expr_as(Expr::cust("\"grp\".\"g\""), "g");
    for column in figure_columns::<S>() {
        q.expr_as(Expr::cust(format!("\"grp\".\"{column}\"")), column);
    }
    for (i, dim) in dims.iter().enumerate() {
        let raw = format!("\"grp\".\"k{i}\"");
        let (key, name) = match dim.label {
            Label::Region { pad } => {
                let key = if pad == 0 {
                    raw
                } else {
                    format!("{raw} || '{}'", "0".repeat(pad))
                };
                let alias = format!("rg{i}");
                q.join_as(
                    JoinType::LeftJoin,
                    entity::region::Entity,
                    Alias::new(&alias),
                    Expr::cust(format!("\"{alias}\".\"code\" = {key}")),
                );
                (key, format!("\"{alias}\".\"name\""))
            }
            _ => (raw, "CAST(NULL AS TEXT)".to_owned()),
        };
        q.expr_as(Expr::cust(key), format!("k{i}"));
        q.expr_as(Expr::cust(name), format!("l{i}"));
    }
    q
}

/// The rollups of the measures `selection` asks for, each once.
fn selected_rollups<S: Subject>(selection: &Selection) -> Vec<Rollup> {
    let mut out: Vec<Rollup> = Vec::new();
    for (i, m) in S::MEASURES.iter().enumerate() {
        let parts = selection.of(i);
        let Some(rollup) = m.rollup.filter(|_| parts.sum || parts.extremes) else {
            continue;
        };
        if !out.iter().any(|r| r.name == rollup.name) {
            out.push(rollup);
        }
    }
    out
}

/// The `WITH` tables of the selected measures' rollups (`None` without any): each groups the
/// live rows of its table that point at the rows `base` selects, so the work follows the
/// filter rather than the table's size, and each branch of the statement reads it.
fn rollups<S: Subject>(base: &SelectStatement, selection: &Selection) -> Option<WithClause> {
    let rollups = selected_rollups::<S>(selection);
    if rollups.is_empty() {
        return None;
    }
    let mut selected = base.clone();
    selected.clear_selects();
    selected.expr(Expr::cust(S::KEY));
    let mut with = WithClause::new();
    for rollup in rollups {
        let key = Expr::col(("src", rollup.key));
        let mut q = Query::select();
        q.expr_as(key.clone(), "k")
            .expr_as(Expr::cust(rollup.value), "v")
            .from_as(Alias::new(rollup.table), "src")
            .and_where(Expr::col(("src", "deleted_at")).is_null())
            .and_where(key.in_subquery(selected.clone()))
            .group_by_col(("src", rollup.key));
        let mut cte = CommonTableExpression::from_select(q);
        cte.table_name(rollup.name);
        with.cte(cte);
    }
    Some(with)
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a test")]
mod tests {
    use super::*;
    use crate::auth::Viewer;
    use crate::service::aggregate::{
        Activities, ActivityGroupBy, GroupDimension, People, PersonGroupBy, SalesRecordGroupBy,
        SalesRecords, Suggestions,
    };

    fn sql_of<S: Subject>(group_by: &[S::GroupBy], backend: DbBackend) -> String {
        let base = S::base(&None, &Viewer::public()).unwrap();
        let dims: Vec<Dimension> = group_by.iter().map(|g| g.dimension(backend)).collect();
        statement::<S>(&base, &dims, &Selection::all::<S>(), backend).sql
    }

    #[test]
    fn a_rollup_is_grouped_once_over_the_selected_rows_and_joined_by_each_branch() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let sql = sql_of::<People>(&[PersonGroupBy::Category], backend);
            assert!(sql.starts_with("WITH \"person_followers\""), "{sql}");
            assert_eq!(sql.matches("FROM \"platform_account\"").count(), 1, "{sql}");
            assert_eq!(
                sql.matches("LEFT JOIN \"person_followers\" ON").count(),
                2,
                "{sql}"
            );
            assert!(
                sql.contains("IN (SELECT \"person\".\"id\" FROM \"person\" WHERE"),
                "{sql}"
            );
            let sql = sql_of::<Activities>(&[ActivityGroupBy::County], backend);
            assert!(sql.starts_with("WITH \"activity_donations\""), "{sql}");
            assert_eq!(sql.matches("FROM \"donation\"").count(), 1, "{sql}");
        }
        assert!(!sql_of::<Suggestions>(&[], DbBackend::Sqlite).contains("WITH"));
    }

    #[test]
    fn only_the_selected_statistics_are_computed_and_unasked_rollups_are_not_read() {
        use crate::service::aggregate::MeasureParts;
        let base = Activities::base(&None, &Viewer::public()).unwrap();
        let dims = [ActivityGroupBy::County.dimension(DbBackend::Sqlite)];
        let sql = |selection: &Selection| {
            statement::<Activities>(&base, &dims, selection, DbBackend::Sqlite).sql
        };
        let counts = sql(&Selection::counts::<Activities>());
        assert!(!counts.contains("donation"), "{counts}");
        assert!(!counts.contains("SUM("), "{counts}");
        assert!(
            !counts.contains("DISTINCT"),
            "rows are counted plainly: {counts}"
        );
        let participants = Selection {
            measures: vec![
                MeasureParts {
                    sum: true,
                    extremes: false,
                },
                MeasureParts::default(),
                MeasureParts::default(),
            ],
        };
        let one = sql(&participants);
        assert!(
            one.contains("SUM(\"activity\".\"participant_count\")"),
            "{one}"
        );
        assert!(!one.contains("MIN("), "{one}");
        assert!(!one.contains("audience_person_times"), "{one}");
        assert!(!one.contains("donation"), "{one}");
        let all = sql(&Selection::all::<Activities>());
        assert!(all.contains("FROM \"donation\""), "{all}");
        assert!(all.contains("MAX(COALESCE(\"activity_donations\""), "{all}");
    }

    #[test]
    fn groups_are_labelled_after_grouping_on_the_code_prefix() {
        let sql = sql_of::<People>(&[PersonGroupBy::County], DbBackend::Sqlite);
        assert!(
            sql.contains("GROUP BY \"k0\""),
            "grouped on the prefix: {sql}"
        );
        assert!(
            sql.contains("substr(\"person\".\"region_code\", 1, 6) AS \"k0\""),
            "{sql}"
        );
        assert!(
            sql.contains("\"rg0\".\"code\" = \"grp\".\"k0\" || '000000'"),
            "the region is joined to each group: {sql}"
        );
    }

    #[test]
    fn the_total_has_a_branch_of_its_own_only_where_the_groups_do_not_add_up_to_it() {
        use ActivityGroupBy::{County, Kind};
        let branches = |sql: String| sql.matches("AS BIGINT) AS \"g\"").count();
        let sqlite = DbBackend::Sqlite;
        assert_eq!(branches(sql_of::<Activities>(&[], sqlite)), 1);
        assert_eq!(branches(sql_of::<Activities>(&[County, Kind], sqlite)), 1);
        assert_eq!(
            branches(sql_of::<People>(&[PersonGroupBy::County], sqlite)),
            1
        );
        let categories = sql_of::<People>(&[PersonGroupBy::Category], sqlite);
        assert!(
            !categories.contains("DISTINCT"),
            "a person holds each live category once: rows are counted plainly: {categories}"
        );
        assert_eq!(
            branches(categories),
            2,
            "a person is in each of their categories"
        );
        assert_eq!(
            branches(sql_of::<People>(&[PersonGroupBy::Ethnicity], sqlite)),
            1,
            "a person has one personal-data row at most: the groups add up"
        );
        let platforms = sql_of::<SalesRecords>(&[SalesRecordGroupBy::Platform], sqlite);
        assert_eq!(
            branches(platforms),
            2,
            "a seller sells on several platforms"
        );
    }
}
