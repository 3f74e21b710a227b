//! Likely duplicate pairs of one region subtree, paged by `(a, b)` ids. Each rule is one index
//! join (see the indexes of `organization.name_key`, `person (name_pinyin, county)`,
//! `person (name, work_unit)` and `person_private.id_number_hash`) that reads only the page
//! asked for: the first `limit` pairs after the cursor of every rule, merged.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, Value};

use super::sql::id_pairs;
use super::{Reason, RecordType, score};
use crate::domain::region_code::RegionCode;
use crate::error::AppResult;

/// One pair: `a` has the smaller id.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: i64,
    pub b: i64,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// A rule: the reason and the join that finds its pairs. `{scope}` is replaced by the
/// region condition on both records, `{after}` by the keyset condition.
struct Rule {
    reason: Reason,
    sql: &'static str,
}

const PERSON_RULES: [Rule; 3] = [
    Rule {
        reason: Reason::SameIdNumber,
        sql: "SELECT a.id, b.id FROM person a \
              JOIN person_private pa ON pa.person_id = a.id AND pa.deleted_at IS NULL \
              JOIN person_private pb ON pb.id_number_hash = pa.id_number_hash \
                AND pb.person_id > a.id AND pb.deleted_at IS NULL \
              JOIN person b ON b.id = pb.person_id AND b.deleted_at IS NULL \
              WHERE a.deleted_at IS NULL AND pa.id_number_hash IS NOT NULL {scope} {after} \
              ORDER BY a.id, b.id LIMIT ?",
    },
    Rule {
        reason: Reason::SamePinyinAndBirthDate,
        sql: "SELECT a.id, b.id FROM person a \
              JOIN person b ON b.name_pinyin = a.name_pinyin \
                AND substr(b.region_code, 1, 6) = substr(a.region_code, 1, 6) \
                AND b.id > a.id AND b.deleted_at IS NULL \
              JOIN person_private pa ON pa.person_id = a.id AND pa.deleted_at IS NULL \
              JOIN person_private pb ON pb.person_id = b.id AND pb.deleted_at IS NULL \
                AND pb.birth_date = pa.birth_date \
              WHERE a.deleted_at IS NULL AND a.name_pinyin <> '' {scope} {after} \
              ORDER BY a.id, b.id LIMIT ?",
    },
    Rule {
        reason: Reason::SameNameAndWorkUnit,
        sql: "SELECT a.id, b.id FROM person a \
              JOIN person b ON b.name = a.name AND b.work_unit = a.work_unit \
                AND b.id > a.id AND b.deleted_at IS NULL AND b.work_unit IS NOT NULL \
              WHERE a.deleted_at IS NULL AND a.work_unit IS NOT NULL {scope} {after} \
              ORDER BY a.id, b.id LIMIT ?",
    },
];

const ORGANIZATION_RULES: [Rule; 2] = [
    Rule {
        reason: Reason::SameCreditCode,
        sql: "SELECT a.id, b.id FROM organization a \
              JOIN organization b ON b.credit_code = a.credit_code AND b.id > a.id \
                AND b.deleted_at IS NULL \
              WHERE a.deleted_at IS NULL AND a.credit_code IS NOT NULL {scope} {after} \
              ORDER BY a.id, b.id LIMIT ?",
    },
    Rule {
        reason: Reason::SameNormalizedName,
        sql: "SELECT a.id, b.id FROM organization a \
              JOIN organization b ON b.name_key = a.name_key AND b.id > a.id \
                AND b.deleted_at IS NULL \
              WHERE a.deleted_at IS NULL AND a.name_key <> '' {scope} {after} \
              ORDER BY a.id, b.id LIMIT ?",
    },
];

/// Up to `limit` pairs after `after` (exclusive) with both records inside `scope` (everywhere
/// when `None`), in `(a, b)` order, and whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    kind: RecordType,
    scope: Option<&RegionCode>,
    after: Option<(i64, i64)>,
    limit: usize,
) -> AppResult<(Vec<Pair>, bool)> {
    let rules: &[Rule] = match kind {
        RecordType::Person => &PERSON_RULES,
        RecordType::Organization => &ORGANIZATION_RULES,
    };
    let mut found: BTreeMap<(i64, i64), Vec<Reason>> = BTreeMap::new();
    for rule in rules {
        let mut values: Vec<Value> = Vec::new();
        let scope_sql = match scope {
            Some(region) => {
                let (low, high) = region.subtree_range();
                values.extend([
                    low.clone().into(),
                    high.clone().into(),
                    low.into(),
                    high.into(),
                ]);
                "AND a.region_code BETWEEN ? AND ? AND b.region_code BETWEEN ? AND ?"
            }
            None => "",
        };
        let after_sql = match after {
            Some((a, b)) => {
                values.extend([a.into(), a.into(), b.into()]);
                "AND (a.id > ? OR (a.id = ? AND b.id > ?))"
            }
            None => "",
        };
        values.push(i64::try_from(limit + 1).unwrap_or(i64::MAX).into());
        let sql = rule
            .sql
            .replace("{scope}", scope_sql)
            .replace("{after}", after_sql);
        for pair in id_pairs(db, &sql, values).await? {
            found.entry(pair).or_default().push(rule.reason);
        }
    }
    let more = found.len() > limit;
    let pairs = found
        .into_iter()
        .take(limit)
        .map(|((a, b), mut reasons)| {
            reasons.sort();
            Pair {
                a,
                b,
                score: score(&reasons),
                reasons,
            }
        })
        .collect();
    Ok((pairs, more))
}
