//! Running an aggregate: access checks, the one statement, reading its rows.

use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, QueryResult};

use super::{
    Aggregate, Dimension, Figures, Group, GroupDimension as _, Label, MAX_DIMENSIONS, MeasureParts,
    NO_VALUE, Selection, Stats, Subject, fields, statement, suppress,
};
use crate::auth::Viewer;
use crate::auth::policy::{self, Narrowing, PersonFieldClass};
use crate::error::{AppError, AppResult};

/// The aggregate of `S`'s rows that `filter` selects, grouped by `group_by` (in that order),
/// as `viewer` may see it. One statement, whatever the number of rows or groups, computing the
/// counts and the statistics `selection` asks for (the others are left empty).
///
/// Who may ask what is decided first, from the request alone (`policy::aggregate_rules`):
/// FORBIDDEN for a grouping or filter on people's personal (PUBLIC) or sensitive (VIEWER,
/// PUBLIC) fields, and, under disclosure control, for a filter field that can single records
/// out (`ids`, names, unique numbers, `or`, `not`). Then LIMIT_EXCEEDED above
/// [`MAX_DIMENSIONS`] dimensions; BAD_USER_INPUT for a repeated dimension or a bad filter.
/// Under disclosure control small selections, groups and measures are withheld, and min/max.
pub async fn aggregate<S: Subject>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: Option<S::Filter>,
    group_by: &[S::GroupBy],
    selection: &Selection,
) -> AppResult<Aggregate> {
    let backend = db.get_database_backend();
    let dims: Vec<Dimension> = group_by.iter().map(|g| g.dimension(backend)).collect();
    let used = fields::used_fields(&filter);
    let classes: Vec<PersonFieldClass> = dims
        .iter()
        .map(|d| d.class)
        .chain(used.iter().map(|f| f.reveals))
        .collect();
    let rules = policy::aggregate_rules(viewer, S::TYPE, &classes).map_err(forbidden)?;
    if let Some(field) = used
        .iter()
        .find(|f| !policy::aggregate_filter_allowed(&rules, f.narrowing))
    {
        return Err(narrowing_forbidden(field));
    }
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
    let mut base = S::base(&filter, viewer)?;
    if let Some(scope) = &rules.scope {
        let (low, high) = scope.subtree_range();
        base.and_where(Expr::cust(format!(
            "{} BETWEEN '{low}' AND '{high}'",
            S::REGION
        )));
    }
    // Extremes are withheld under disclosure control: not computed either.
    let selection = Selection {
        measures: (0..S::MEASURES.len())
            .map(|i| MeasureParts {
                extremes: selection.of(i).extremes && !rules.controlled,
                ..selection.of(i)
            })
            .collect(),
    };
    let turn = crate::db::heavy::turn().await;
    let rows = db
        .query_all_raw(statement::statement::<S>(&base, &dims, &selection, backend))
        .await?;
    drop(turn);
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
    if statement::groups_add_up::<S>(&dims) {
        total = Some(sum::<S>(&groups));
    }
    groups.sort_by(|a, b| a.key.cmp(&b.key));
    let suppressed_groups = if rules.controlled {
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
             right to see it (ADMIN, or EDITOR inside their region) or ANALYST"
            .into(),
        _ => "grouping or filtering people by a personal field (name, gender, ids, phone, \
             ID number, birth date) needs a signed-in role"
            .into(),
    })
}

fn narrowing_forbidden(field: &fields::UsedField) -> AppError {
    let what = match field.narrowing {
        Narrowing::Complement(_) => "combines sets into complements",
        _ => "can single records out",
    };
    AppError::Forbidden(format!(
        "{}.{} {what}: this aggregate is under disclosure control (PUBLIC on records it cannot \
         list, or people counted by a sensitive field without the right to see it) and takes \
         only coarse filters (regions, codes, date ranges, flags; no ids, names, unique \
         numbers, `or` or `not`)",
        field.filter, field.field
    ))
}

/// The total of groups that add up to it: counts and sums added, the least minimum, the
/// greatest maximum.
fn sum<S: Subject>(groups: &[Group]) -> Figures {
    let mut total = Figures {
        count: 0,
        people: 0,
        measures: vec![Stats::default(); S::MEASURES.len()],
    };
    for group in groups {
        total.count += group.figures.count;
        total.people += group.figures.people;
        for (t, g) in total.measures.iter_mut().zip(&group.figures.measures) {
            t.sum += g.sum;
            t.values += g.values;
            t.min = t.min.into_iter().chain(g.min).min();
            t.max = t.max.into_iter().chain(g.max).max();
        }
    }
    total
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
            withheld: false,
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
        Label::Region { .. } => joined.unwrap_or_else(|| key.to_owned()),
        Label::Code(lookup) => lookup(key).unwrap_or(key).to_owned(),
        Label::Time(bucket) => super::sql::time_label(key, bucket),
        Label::Text => key.to_owned(),
        Label::YesNo => match key {
            "true" | "1" => "是".to_owned(),
            _ => "否".to_owned(),
        },
    }
}
