//! Likely duplicate pairs of one region subtree. Each rule is one indexed key (see the migration
//! that adds `person_private.match_key` and the key indexes): a pair is two live records with
//! the same key, and a rule's pairs are read in the key index's order `(key, a, b)`, so a page
//! reads only the index entries it returns whatever the size of the region. Pages list the
//! rules one after the other, the strongest first; a pair that an earlier rule also finds is
//! listed there only, with every reason it has.
//!
//! Same ID number and same credit code are no rules here: their unique indexes hold over every
//! row, deleted ones too, so no two stored records can share one; the write refuses it instead.

use sea_orm::{ConnectionTrait, Value};

use super::sql::statement;
use super::{Reason, RecordType, score};
use crate::domain::enums::RegionLevel;
use crate::domain::region_code::RegionCode;
use crate::error::AppResult;

/// One pair: `a` has the smaller id.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: i64,
    pub b: i64,
    pub score: f64,
    pub reasons: Vec<Reason>,
    /// Where the pair stands in the listing: the keyset cursor after it.
    pub position: Position,
}

/// A place in the listing: the rule (its index), the key and the pair's ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub rule: usize,
    pub key: String,
    pub a: i64,
    pub b: i64,
}

/// A rule's statement selects `a`, `b`, the key and whether the pair also has `also`. In the
/// text, `{key}`/`{key_b}` stand for the key expression of each side (the county form or the
/// bare one), `{a}`/`{b}` for the ids, and `{where}` for the region and keyset conditions.
struct Rule {
    reason: Reason,
    /// The key prefixed by the county; `None` when the key always starts with it.
    county_key: Option<&'static str>,
    /// The key without the county, for pairs across counties.
    bare_key: &'static str,
    also: Option<Reason>,
    sql: &'static str,
}

const PERSON_RULES: [Rule; 2] = [
    Rule {
        reason: Reason::SamePinyinAndBirthDate,
        county_key: None,
        bare_key: "pa.match_key",
        also: Some(Reason::SameNameAndWorkUnit),
        sql: "SELECT pa.person_id, pb.person_id, pa.match_key, \
                CASE WHEN a.work_unit IS NOT NULL AND b.name = a.name \
                  AND b.work_unit = a.work_unit THEN 1 ELSE 0 END \
              FROM person_private pa \
              JOIN person_private pb ON pb.match_key = pa.match_key \
                AND pb.person_id > pa.person_id AND pb.deleted_at IS NULL \
                AND pb.match_key IS NOT NULL \
              JOIN person a ON a.id = pa.person_id AND a.deleted_at IS NULL \
              JOIN person b ON b.id = pb.person_id AND b.deleted_at IS NULL \
              WHERE pa.deleted_at IS NULL AND pa.match_key IS NOT NULL {where} \
              ORDER BY pa.match_key, pa.person_id, pb.person_id LIMIT ?",
    },
    Rule {
        reason: Reason::SameNameAndWorkUnit,
        county_key: Some(
            "substr({t}.region_code, 1, 6) || '|' || {t}.name || '|' || {t}.work_unit",
        ),
        bare_key: "{t}.name || '|' || {t}.work_unit",
        also: None,
        sql: "SELECT a.id, b.id, {key}, 0 FROM person a \
              JOIN person b ON {key_b} = {key} AND b.id > a.id AND b.deleted_at IS NULL \
                AND b.work_unit IS NOT NULL AND b.name = a.name AND b.work_unit = a.work_unit \
              WHERE a.deleted_at IS NULL AND a.work_unit IS NOT NULL {where} \
                AND NOT EXISTS (SELECT 1 FROM person_private x JOIN person_private y \
                  ON y.match_key = x.match_key AND y.deleted_at IS NULL \
                  WHERE x.person_id = a.id AND y.person_id = b.id AND x.deleted_at IS NULL) \
              ORDER BY {key}, a.id, b.id LIMIT ?",
    },
];

const ORGANIZATION_RULES: [Rule; 1] = [Rule {
    reason: Reason::SameNormalizedName,
    county_key: Some("substr({t}.region_code, 1, 6) || '|' || {t}.name_key"),
    bare_key: "{t}.name_key",
    also: None,
    sql: "SELECT a.id, b.id, {key}, 0 FROM organization a \
          JOIN organization b ON {key_b} = {key} AND b.id > a.id AND b.deleted_at IS NULL \
            AND b.name_key <> '' \
          WHERE a.deleted_at IS NULL AND a.name_key <> '' {where} \
          ORDER BY {key}, a.id, b.id LIMIT ?",
}];

fn rules(kind: RecordType) -> &'static [Rule] {
    match kind {
        RecordType::Person => &PERSON_RULES,
        RecordType::Organization => &ORGANIZATION_RULES,
    }
}

/// The county a scope lies in, when it lies in one: its pairs are found by the county form of
/// the keys.
fn county_of(scope: Option<&RegionCode>) -> Option<&str> {
    match scope?.level() {
        RegionLevel::City => None,
        _ => scope.map(|s| &s.as_str()[..6]),
    }
}

/// The statement of `rule` for `scope`, after `after` (inclusive of nothing before it), and its
/// values.
fn statement_of(
    rule: &Rule,
    scope: Option<&RegionCode>,
    after: Option<&Position>,
    limit: usize,
) -> (String, Vec<Value>) {
    let county = county_of(scope);
    let form = match (county, rule.county_key) {
        (Some(_), Some(key)) => key,
        _ => rule.bare_key,
    };
    let (key, key_b) = (form.replace("{t}", "a"), form.replace("{t}", "b"));
    // The ids as the statement names them: the first two selected columns.
    let (a, b) = match rule.county_key {
        None => ("pa.person_id", "pb.person_id"),
        Some(_) => ("a.id", "b.id"),
    };
    let mut conditions = String::new();
    let mut values: Vec<Value> = Vec::new();
    // The key range of the region: keys that start with its county (the county form), or
    // with its prefix down to the county (keys that always start with the county).
    let prefix = match (rule.county_key, county) {
        (Some(_), Some(county)) => Some(county),
        (Some(_), None) => None,
        (None, _) => scope.map(|s| &s.prefix()[..s.prefix().len().min(6)]),
    };
    if let Some(prefix) = prefix {
        conditions.push_str(&format!(" AND {key} >= ? AND {key} < ?"));
        values.extend([prefix.into(), format!("{prefix}}}").into()]);
    }
    if let Some(scope) = scope {
        let (low, high) = scope.subtree_range();
        conditions.push_str(" AND a.region_code BETWEEN ? AND ? AND b.region_code BETWEEN ? AND ?");
        values.extend([
            low.clone().into(),
            high.clone().into(),
            low.into(),
            high.into(),
        ]);
    }
    if let Some(after) = after {
        // The first term bounds the index range; the rest skips what the cursor passed.
        conditions.push_str(&format!(
            " AND {key} >= ? AND ({key} > ? OR {a} > ? OR ({a} = ? AND {b} > ?))"
        ));
        values.extend([
            after.key.clone().into(),
            after.key.clone().into(),
            after.a.into(),
            after.a.into(),
            after.b.into(),
        ]);
    }
    values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
    let sql = rule
        .sql
        .replace("{key_b}", &key_b)
        .replace("{key}", &key)
        .replace("{where}", &conditions);
    (sql, values)
}

/// Up to `limit` pairs after `after` with both records inside `scope` (everywhere when
/// `None`), and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    kind: RecordType,
    scope: Option<&RegionCode>,
    after: Option<&Position>,
    limit: usize,
) -> AppResult<(Vec<Pair>, bool)> {
    let mut pairs = Vec::new();
    let first_rule = after.map_or(0, |p| p.rule);
    for (index, rule) in rules(kind).iter().enumerate().skip(first_rule) {
        let wanted = limit + 1 - pairs.len();
        let from = after.filter(|p| p.rule == index);
        let (sql, values) = statement_of(rule, scope, from, wanted);
        let rows = db
            .query_all_raw(statement(db.get_database_backend(), &sql, values))
            .await?;
        for row in rows {
            let (a, b): (i64, i64) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
            let key: String = row.try_get_by_index(2)?;
            let also: i32 = row.try_get_by_index(3)?;
            let mut reasons = vec![rule.reason];
            if also != 0 {
                reasons.extend(rule.also);
            }
            reasons.sort();
            pairs.push(Pair {
                a,
                b,
                score: score(&reasons),
                reasons,
                position: Position {
                    rule: index,
                    key,
                    a,
                    b,
                },
            });
        }
        if pairs.len() > limit {
            break;
        }
    }
    let more = pairs.len() > limit;
    pairs.truncate(limit);
    Ok((pairs, more))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_county_reads_the_county_form_of_the_key_and_a_city_the_bare_one() {
        let county = RegionCode::parse("620421").unwrap();
        let (sql, values) = statement_of(&ORGANIZATION_RULES[0], Some(&county), None, 21);
        assert!(sql.contains("substr(a.region_code, 1, 6) || '|' || a.name_key >= ?"));
        assert_eq!(values[0], Value::from("620421"));
        assert_eq!(values[1], Value::from("620421}"));
        let city = RegionCode::parse("620400").unwrap();
        let (sql, values) = statement_of(&ORGANIZATION_RULES[0], Some(&city), None, 21);
        assert!(sql.contains("ON b.name_key = a.name_key"), "{sql}");
        assert_eq!(values.len(), 5, "the region only, no key range");
        // The match key starts with the county: a city reads the range of its prefix.
        let (sql, values) = statement_of(&PERSON_RULES[0], Some(&city), None, 21);
        assert!(sql.contains("pa.match_key >= ? AND pa.match_key < ?"));
        assert_eq!(values[0], Value::from("6204"));
    }
}
