//! Measures read from another table (donations per activity, views per work, followers per
//! person, activities per place) equal the per-row subqueries they replaced: on rows with
//! several related rows, one or none, with soft-deleted related rows, under filters that leave
//! out rows whose related rows would otherwise count, and under a grouping that repeats rows.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TryGetable};
use tongxin::auth::Role;
use tongxin::domain::enums::{DomainEnum, PlaceKind};
use tongxin::service::aggregate::{
    Activities, Aggregate, Homes, People, PublicityWorks, Stats, Subject, aggregate, parse_group_by,
};
use tongxin::service::filter_text::parse as parse_filter;

use super::viewer;
use crate::helpers::TestDb;

/// Rows (distinct `i`) and statistics of `v` per `k` over `rows`, a query of `k`, `i`, `v`.
async fn expected(db: &DatabaseConnection, rows: &str) -> BTreeMap<Option<String>, (i64, Stats)> {
    let sql = format!(
        "SELECT k, COUNT(DISTINCT i) AS n, CAST(SUM(v) AS BIGINT) AS s, COUNT(v) AS c, \
         CAST(MIN(v) AS BIGINT) AS a, CAST(MAX(v) AS BIGINT) AS b FROM ({rows}) AS x GROUP BY k"
    );
    let backend = db.get_database_backend();
    let mut out = BTreeMap::new();
    for row in db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
    {
        let stats = Stats {
            sum: row.try_get::<Option<i64>>("", "s").unwrap().unwrap_or(0),
            values: row.try_get("", "c").unwrap(),
            min: row.try_get("", "a").unwrap(),
            max: row.try_get("", "b").unwrap(),
            withheld: false,
        };
        out.insert(
            row.try_get("", "k").unwrap(),
            (row.try_get("", "n").unwrap(), stats),
        );
    }
    out
}

/// Checks the aggregate of `S` (as an admin, so nothing is withheld) against `rows`: the total
/// against the rows with `k` set to NULL, each group against the rows grouped by `key`.
async fn check<S: Subject>(
    db: &DatabaseConnection,
    filter: &str,
    group_by: &str,
    measure: usize,
    key: &str,
    rows: &str,
) -> Aggregate {
    let filter = parse_filter::<S::Filter>(Some(filter)).unwrap();
    let group_by = parse_group_by::<S::GroupBy>(group_by).unwrap();
    let all = tongxin::service::aggregate::Selection::all::<S>();
    let a = aggregate::<S>(db, &viewer(Role::Admin, None), filter, &group_by, &all)
        .await
        .unwrap();
    let total = expected(db, &rows.replace("{key}", "CAST(NULL AS TEXT)")).await;
    let t = a.total.as_ref().unwrap();
    assert_eq!(
        total.get(&None).copied().unwrap_or_default(),
        (t.count, t.measures[measure]),
        "total of {}",
        S::SLUG
    );
    if group_by.is_empty() {
        assert!(a.groups.is_empty());
        return a;
    }
    let groups = expected(db, &rows.replace("{key}", key)).await;
    let got: BTreeMap<Option<String>, (i64, Stats)> = a
        .groups
        .iter()
        .map(|g| {
            (
                g.key[0].clone(),
                (g.figures.count, g.figures.measures[measure]),
            )
        })
        .collect();
    assert_eq!(got, groups, "groups of {}", S::SLUG);
    a
}

/// The first column of the first row of `sql`.
async fn first<T: TryGetable>(db: &DatabaseConnection, sql: &str) -> T {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

const YEAR_2025: &str = "a.held_on >= '2025-01-01' AND a.held_on <= '2025-12-31'";

fn donation_rows(condition: &str) -> String {
    format!(
        "SELECT {{key}} AS k, a.id AS i, (SELECT COALESCE(SUM(d.cash_fen + d.in_kind_fen), 0) \
         FROM donation d WHERE d.activity_id = a.id AND d.deleted_at IS NULL) AS v \
         FROM activity a WHERE a.deleted_at IS NULL AND {condition}"
    )
}

#[tokio::test]
async fn donations_count_each_selected_activitys_live_donations_once() {
    let test = TestDb::seeded().await;
    let db = &test.db;
    // The 2025 activity with the most donations loses one to a soft delete.
    let busiest: i64 = first(
        db,
        &format!(
            "SELECT d.activity_id FROM donation d JOIN activity a ON a.id = d.activity_id \
             WHERE d.deleted_at IS NULL AND {YEAR_2025} GROUP BY d.activity_id \
             ORDER BY COUNT(*) DESC, d.activity_id LIMIT 1"
        ),
    )
    .await;
    db.execute_unprepared(&format!(
        "UPDATE donation SET deleted_at = CURRENT_TIMESTAMP \
         WHERE id = (SELECT MIN(id) FROM donation WHERE activity_id = {busiest})"
    ))
    .await
    .unwrap();
    let live = |condition: &str| {
        format!(
            "SELECT COUNT(*) FROM activity a WHERE a.deleted_at IS NULL AND {YEAR_2025} \
             AND {condition}"
        )
    };
    let donated = "(SELECT COUNT(*) FROM donation d WHERE d.activity_id = a.id \
                   AND d.deleted_at IS NULL)";
    assert!(
        first::<i64>(db, &live(&format!("{donated} >= 2"))).await > 0,
        "several"
    );
    assert!(
        first::<i64>(db, &live(&format!("{donated} = 1"))).await > 0,
        "one"
    );
    assert!(
        first::<i64>(db, &live(&format!("{donated} = 0"))).await > 0,
        "none"
    );
    // The second filter leaves out the kind of the busiest activity, donations and all.
    let kind: String = first(
        db,
        &format!("SELECT kind FROM activity WHERE id = {busiest}"),
    )
    .await;

    let a = check::<Activities>(
        db,
        r#"{"heldOn": {"gte": "2025-01-01", "lte": "2025-12-31"}}"#,
        "kind",
        2,
        "a.kind",
        &donation_rows(YEAR_2025),
    )
    .await;
    let total = a.total.unwrap();
    assert_eq!(
        total.measures[2].values, total.count,
        "an activity without donations counts as 0"
    );
    assert_eq!(total.measures[2].min, Some(0));
    check::<Activities>(
        db,
        &format!(
            r#"{{"heldOn": {{"gte": "2025-01-01", "lte": "2025-12-31"}},
                "not": {{"kind": ["{kind}"]}}}}"#
        ),
        "county",
        2,
        "substr(a.region_code, 1, 6) || '000000'",
        &donation_rows(&format!("{YEAR_2025} AND a.kind <> '{kind}'")),
    )
    .await;
    check::<Activities>(
        db,
        r#"{"title": {"eq": "no such activity"}}"#,
        "",
        2,
        "",
        &donation_rows("a.title = 'no such activity'"),
    )
    .await;
}

#[tokio::test]
async fn views_followers_and_activities_per_place_match_their_subqueries() {
    let test = TestDb::seeded().await;
    let db = &test.db;
    check::<PublicityWorks>(
        db,
        "{}",
        "kind",
        0,
        "w.kind",
        "SELECT {key} AS k, w.id AS i, (SELECT SUM(pb.views) FROM publication pb \
         WHERE pb.work_id = w.id AND pb.deleted_at IS NULL) AS v \
         FROM publicity_work w WHERE w.deleted_at IS NULL",
    )
    .await;
    // A person in two categories is in two groups, with the same followers in each.
    let people = check::<People>(
        db,
        "{}",
        "category",
        0,
        "pc.category",
        "SELECT {key} AS k, p.id AS i, (SELECT MAX(pa.follower_count) FROM platform_account pa \
         WHERE pa.person_id = p.id AND pa.deleted_at IS NULL) AS v FROM person p \
         LEFT JOIN person_category pc ON pc.person_id = p.id AND pc.deleted_at IS NULL \
         WHERE p.deleted_at IS NULL",
    )
    .await;
    let total = people.total.unwrap();
    assert!(
        0 < total.measures[0].values && total.measures[0].values < total.count,
        "some people have no account (no value): {total:?}"
    );
    // The plain count of a category's people rests on this: the schema refuses a second live
    // row of a category a person holds, while soft-deleted copies (history) stay possible.
    let copy = |deleted_at: &str| {
        format!(
            "INSERT INTO person_category (person_id, category, created_at, updated_at, version, \
             deleted_at) SELECT person_id, category, created_at, updated_at, 1, {deleted_at} \
             FROM person_category WHERE deleted_at IS NULL ORDER BY id LIMIT 1"
        )
    };
    assert!(db.execute_unprepared(&copy("NULL")).await.is_err());
    db.execute_unprepared(&copy("created_at")).await.unwrap();
    let homes: Vec<String> = PlaceKind::HOMES
        .iter()
        .map(|k| format!("'{}'", k.code()))
        .collect();
    let places = check::<Homes>(
        db,
        "{}",
        "kind",
        0,
        "p.kind",
        &format!(
            "SELECT {{key}} AS k, p.id AS i, (SELECT COUNT(*) FROM activity a \
             WHERE a.place_id = p.id AND a.deleted_at IS NULL) AS v FROM place p \
             WHERE p.deleted_at IS NULL AND p.kind IN ({})",
            homes.join(", ")
        ),
    )
    .await;
    assert!(places.total.unwrap().measures[0].sum > 0);
}
