//! Running an aggregate: access checks, the one `UNION ALL` statement, reading its rows.

use std::collections::HashSet;

use sea_orm::sea_query::{
    Alias, CommonTableExpression, Expr, ExprTrait, JoinType, Query, SelectStatement, UnionType,
    WithClause,
};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement};

use super::{
    Aggregate, Dimension, Figures, Group, GroupDimension as _, Label, MAX_DIMENSIONS, NO_VALUE,
    Rollup, Stats, Subject, suppress,
};
use crate::auth::Viewer;
use crate::auth::policy::{self, PersonFieldClass};
use crate::error::{AppError, AppResult};

/// The aggregate of `S`'s rows that `filter` selects, grouped by `group_by` (in that order),
/// as `viewer` may see it. One statement, whatever the number of rows or groups.
///
/// Errors: LIMIT_EXCEEDED above [`MAX_DIMENSIONS`] dimensions; BAD_USER_INPUT for a repeated
/// dimension or a bad filter; FORBIDDEN for a grouping or filter on people's personal
/// (PUBLIC) or sensitive (below EDITOR) fields.
pub async fn aggregate<S: Subject>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: Option<S::Filter>,
    group_by: &[S::GroupBy],
) -> AppResult<Aggregate> {
    if group_by.len() > MAX_DIMENSIONS {
        return Err(AppError::LimitExceeded(format!(
            "groupBy takes at most {MAX_DIMENSIONS} dimensions"
        )));
    }
    let repeated = group_by
        .iter()
        .enumerate()
        .any(|(i, g)| group_by.get(..i).is_some_and(|before| before.contains(g)));
    if repeated {
        return Err(AppError::bad_input("groupBy names a dimension twice"));
    }
    let backend = db.get_database_backend();
    let dims: Vec<Dimension> = group_by.iter().map(|g| g.dimension(backend)).collect();
    let mut base = S::base(&filter, viewer)?;
    let classes = dims
        .iter()
        .map(|d| d.class)
        .chain(S::filter_classes(&filter));
    for class in classes {
        match policy::aggregate_people_scope(viewer, class) {
            None => return Err(forbidden(class)),
            Some(Some(scope)) => {
                let (low, high) = scope.subtree_range();
                base.and_where(Expr::cust(format!(
                    "{} BETWEEN '{low}' AND '{high}'",
                    S::REGION
                )));
            }
            Some(None) => {}
        }
    }
    let rows = db
        .query_all_raw(statement::<S>(&base, &dims, backend))
        .await?;
    let mut total = None;
    let mut groups = Vec::new();
    for row in rows {
        let figures = figures::<S>(&row)?;
        if row.try_get::<i64>("", "g")? == 0 {
            total = Some(figures);
            continue;
        }
        let mut key = Vec::with_capacity(dims.len());
        let mut labels = Vec::with_capacity(dims.len());
        for (i, dim) in dims.iter().enumerate() {
            let part: Option<String> = row.try_get("", &format!("k{i}"))?;
            let joined: Option<String> = row.try_get("", &format!("l{i}"))?;
            labels.push(label(dim.label, part.as_deref(), joined));
            key.push(part);
        }
        groups.push(Group {
            key,
            labels,
            figures,
        });
    }
    groups.sort_by(|a, b| a.key.cmp(&b.key));
    let sensitive = dims
        .iter()
        .map(|d| d.class)
        .chain(S::filter_classes(&filter))
        .any(|class| class == PersonFieldClass::Sensitive);
    let suppress = policy::suppresses_small_groups(viewer)
        || (sensitive && policy::suppresses_small_sensitive_groups(viewer));
    let suppressed_groups = if S::PERSON.is_some() && suppress {
        suppress::suppress(&mut total, &mut groups)
    } else {
        0
    };
    Ok(Aggregate {
        total,
        groups,
        suppressed_groups,
        dimension_headers: dims.iter().map(|d| d.header).collect(),
        measures: S::MEASURES,
    })
}

fn forbidden(class: PersonFieldClass) -> AppError {
    AppError::Forbidden(match class {
        PersonFieldClass::Sensitive => "grouping or filtering people by a sensitive field \
             (categories, ethnicity, political status, religion, party membership) needs the \
             right to see it (ADMIN, or EDITOR inside their region)"
            .into(),
        _ => "grouping or filtering people by a personal field (name, gender, ids, phone, \
             ID number, birth date) needs a signed-in role"
            .into(),
    })
}

/// The one statement: the total, then (with dimensions) the groups, over the rows `base` selects.
fn statement<S: Subject>(
    base: &SelectStatement,
    dims: &[Dimension],
    backend: DbBackend,
) -> Statement {
    let mut statement = branch::<S>(base, dims, false);
    if !dims.is_empty() {
        statement.union(UnionType::All, branch::<S>(base, dims, true));
    }
    match rollups::<S>(base) {
        Some(with) => backend.build(&statement.with(with)),
        None => backend.build(&statement),
    }
}

/// One branch of the statement: the total (`g = 0`, no grouping) or the groups (`g = 1`).
fn branch<S: Subject>(
    base: &SelectStatement,
    dims: &[Dimension],
    grouped: bool,
) -> SelectStatement {
    let mut q = base.clone();
    q.clear_selects();
    q.expr_as(
        Expr::cust(format!("CAST({} AS BIGINT)", u8::from(grouped))),
        "g",
    );
    for rollup in distinct_rollups::<S>() {
        q.left_join(
            Alias::new(rollup.name),
            Expr::cust(format!("\"{}\".\"k\" = {}", rollup.name, S::KEY)),
        );
    }
    let mut joined: HashSet<&str> = HashSet::new();
    for (i, dim) in dims.iter().enumerate() {
        let null = "CAST(NULL AS TEXT)";
        let (key, name) = match (grouped, dim.label) {
            (false, _) => (null.to_owned(), null.to_owned()),
            (true, Label::Region) => {
                let alias = format!("rg{i}");
                q.join_as(
                    JoinType::LeftJoin,
                    entity::region::Entity,
                    Alias::new(&alias),
                    Expr::cust(format!("\"{alias}\".\"code\" = {}", dim.key)),
                );
                (dim.key.clone(), format!("\"{alias}\".\"name\""))
            }
            (true, _) => (dim.key.clone(), null.to_owned()),
        };
        if grouped {
            for join in &dim.joins {
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
        q.expr_as(Expr::cust(key), format!("k{i}"));
        q.expr_as(Expr::cust(name), format!("l{i}"));
        if grouped {
            q.group_by_col(Alias::new(format!("k{i}")));
            q.group_by_col(Alias::new(format!("l{i}")));
        }
    }
    q.expr_as(Expr::cust(format!("COUNT(DISTINCT {})", S::KEY)), "cnt");
    let person = S::PERSON.unwrap_or(S::KEY);
    q.expr_as(Expr::cust(format!("COUNT(DISTINCT {person})")), "np");
    for (i, m) in S::MEASURES.iter().enumerate() {
        let v = m.sql;
        q.expr_as(
            Expr::cust(format!("CAST(SUM({v}) AS BIGINT)")),
            format!("m{i}s"),
        );
        q.expr_as(Expr::cust(format!("COUNT({v})")), format!("m{i}n"));
        q.expr_as(
            Expr::cust(format!("CAST(MIN({v}) AS BIGINT)")),
            format!("m{i}a"),
        );
        q.expr_as(
            Expr::cust(format!("CAST(MAX({v}) AS BIGINT)")),
            format!("m{i}b"),
        );
    }
    q
}

/// The rollups `S`'s measures read, each once.
fn distinct_rollups<S: Subject>() -> Vec<Rollup> {
    let mut out: Vec<Rollup> = Vec::new();
    for rollup in S::MEASURES.iter().filter_map(|m| m.rollup) {
        if !out.iter().any(|r| r.name == rollup.name) {
            out.push(rollup);
        }
    }
    out
}

/// The `WITH` tables of `S`'s rollups (`None` without any): each groups the live rows of its
/// table that point at the rows `base` selects, so the work follows the filter rather than the
/// table's size, and both branches of the statement read it.
fn rollups<S: Subject>(base: &SelectStatement) -> Option<WithClause> {
    let rollups = distinct_rollups::<S>();
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

fn figures<S: Subject>(row: &QueryResult) -> AppResult<Figures> {
    let mut measures = Vec::with_capacity(S::MEASURES.len());
    for i in 0..S::MEASURES.len() {
        measures.push(Stats {
            sum: row
                .try_get::<Option<i64>>("", &format!("m{i}s"))?
                .unwrap_or_default(),
            values: row.try_get("", &format!("m{i}n"))?,
            min: row.try_get("", &format!("m{i}a"))?,
            max: row.try_get("", &format!("m{i}b"))?,
        });
    }
    Ok(Figures {
        count: row.try_get("", "cnt")?,
        people: row.try_get("", "np")?,
        measures,
    })
}

fn label(kind: Label, key: Option<&str>, joined: Option<String>) -> String {
    let Some(key) = key else {
        return NO_VALUE.to_owned();
    };
    match kind {
        Label::Region => joined.unwrap_or_else(|| key.to_owned()),
        Label::Code(lookup) => lookup(key).unwrap_or(key).to_owned(),
        Label::Time(bucket) => super::sql::time_label(key, bucket),
        Label::Text => key.to_owned(),
        Label::YesNo => match key {
            "true" | "1" => "是".to_owned(),
            _ => "否".to_owned(),
        },
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a test")]
mod tests {
    use super::*;
    use crate::service::aggregate::{Activities, ActivityGroupBy, Suggestions};

    fn sql<S: Subject>(group_by: &[S::GroupBy], backend: DbBackend) -> String {
        let base = S::base(&None, &Viewer::public()).unwrap();
        let dims: Vec<Dimension> = group_by.iter().map(|g| g.dimension(backend)).collect();
        statement::<S>(&base, &dims, backend).sql
    }

    #[test]
    fn a_rollup_is_grouped_once_over_the_selected_rows_and_joined_by_each_branch() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let sql = sql::<Activities>(&[ActivityGroupBy::County], backend);
            assert!(sql.starts_with("WITH \"activity_donations\""), "{sql}");
            assert_eq!(sql.matches("FROM \"donation\"").count(), 1, "{sql}");
            assert_eq!(
                sql.matches("LEFT JOIN \"activity_donations\" ON").count(),
                2,
                "{sql}"
            );
            assert!(
                sql.contains("IN (SELECT \"activity\".\"id\" FROM \"activity\" WHERE"),
                "{sql}"
            );
        }
        assert!(!sql::<Suggestions>(&[], DbBackend::Sqlite).contains("WITH"));
    }
}
