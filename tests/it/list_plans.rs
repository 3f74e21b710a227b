//! Every large list of a county, in every order, is an index range: the filters add the county
//! prefix that the county-prefix indexes hold, and each orderable field has one; ordered by
//! region, the code range itself is the order's range and the prefix is left out. The plans are
//! asked of each database's planner; on PostgreSQL scans and sorts are switched off (the demo is
//! small enough that a scan would win), so the question is whether an index *can* serve the
//! page without sorting the county.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Select, Statement, TransactionTrait};
use tongxin::auth::Viewer;
use tongxin::db::filters::{activities, organizations, pairings, people};
use tongxin::db::loaders::Loaders;
use tongxin::db::page::{self, PageArgs, PageLimits};

use crate::helpers::TestDb;

const COUNTY: &str = "620422";

/// The page statements a list runs for `$region`, one per order (the default first), each
/// with its order's name and whether that order leads with the region column.
macro_rules! pages {
    ($list:ident, $filter:ident, $order:ident, $field:ident, $region:expr, by region: $by_region:ident,
     [$($variant:ident),+]) => {
        pages!($list, $filter, $order, $field, $region, by region: $by_region, [$($variant),+],
            QueryTrait::into_query)
    };
    ($list:ident, $filter:ident, $order:ident, $field:ident, $region:expr, by region: $by_region:ident,
     [$($variant:ident),+], $statement:expr) => {{
        use $list::{$field, $filter, $order};
        let filter = Some($filter {
            within_region: $region.map(Into::into),
            ..Default::default()
        });
        let args = PageArgs { first: Some(50), ..Default::default() };
        let limits = PageLimits { default: 20, max: 100 };
        [None $(, Some($field::$variant))+]
            .into_iter()
            .map(|field| {
                let orders = field.map(|field| vec![$order { field, direction: Default::default() }]);
                let ordering = $list::ordering(&orders);
                let select = $list::select(&filter, Some(&ordering)).unwrap();
                let select = page::page_select(select, &ordering, &args, limits).unwrap();
                let statement = $statement(select);
                (format!("{field:?}"), field == Some($field::$by_region), statement)
            })
            .collect::<Vec<_>>()
    }};
}

async fn plan(test: &TestDb, statement: &SelectStatement) -> String {
    let backend = test.db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => statement.to_string(sea_orm::sea_query::PostgresQueryBuilder),
        _ => statement.to_string(sea_orm::sea_query::SqliteQueryBuilder),
    };
    let txn = test.db.begin().await.unwrap();
    let (explain, column) = if backend == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
            .await
            .unwrap();
        ("EXPLAIN", 0)
    } else {
        ("EXPLAIN QUERY PLAN", 3)
    };
    let rows = txn
        .query_all_raw(Statement::from_string(backend, format!("{explain} {sql}")))
        .await
        .unwrap();
    let lines: Vec<String> = rows
        .iter()
        .map(|row| row.try_get_by_index::<String>(column).unwrap())
        .collect();
    format!("{sql}\n{}", lines.join("\n"))
}

/// Whether a PostgreSQL plan sorts rows. An incremental sort whose presorted key is the
/// region column does not: it orders the ids within one region code, read in order from the
/// region index (PostgreSQL keeps equal keys in heap order, not by id), and stops at the page.
fn sorts_the_rows(plan: &str) -> bool {
    plan.lines().any(|line| {
        let line = line.trim_start_matches([' ', '-', '>']);
        line.starts_with("Sort  (")
            || (line.starts_with("Incremental Sort") && !presorted_by_region(plan))
    })
}

/// Whether the plan's incremental sort is presorted by the region column (qualified by its
/// table when the statement joins another one).
fn presorted_by_region(plan: &str) -> bool {
    plan.lines()
        .filter_map(|line| line.trim().strip_prefix("Presorted Key: "))
        .any(|key| {
            let column = key.rsplit('.').next().unwrap_or(key);
            column == "region_code" || column == "village_code"
        })
}

/// The seeded demo with PostgreSQL's statistics gathered, as its automatic analyze would have
/// them on a database in use: plans then do not depend on whether that analyze has run yet.
async fn analyzed() -> TestDb {
    let test = TestDb::seeded().await;
    if test.db.get_database_backend() == DbBackend::Postgres {
        test.db.execute_unprepared("ANALYZE").await.unwrap();
    }
    test
}

#[tokio::test]
async fn a_countys_large_lists_in_every_order_are_an_index_range_without_a_sort() {
    let test = analyzed().await;
    // Pages whose items ask for their region read it in the page's statement: the same plan,
    // with the region looked up by its key.
    let loaders = Loaders::new(&test.db, &Viewer::system());
    let people_joined = |select: Select<entity::person::Entity>| {
        loaders.person_by_id.loader().joined_statement(select)
    };
    let organizations_joined = |select: Select<entity::organization::Entity>| {
        loaders.organization_by_id.loader().joined_statement(select)
    };
    let lists = [
        (
            "person",
            pages!(people, PersonFilter, PersonOrder, PersonOrderField, Some(COUNTY), by region: Region,
                [Name, NamePinyin, Region, CreatedAt], people_joined),
        ),
        (
            "organization",
            pages!(organizations, OrganizationFilter, OrganizationOrder, OrganizationOrderField,
                Some(COUNTY), by region: Region, [Name, NamePinyin, Kind, Region, CreatedAt],
                organizations_joined),
        ),
        (
            "person",
            pages!(people, PersonFilter, PersonOrder, PersonOrderField, Some(COUNTY), by region: Region,
                [Name, NamePinyin, Region, CreatedAt]),
        ),
        (
            "activity",
            pages!(activities, ActivityFilter, ActivityOrder, ActivityOrderField, Some(COUNTY),
                by region: Region, [HeldOn, Kind, Region, Title, CreatedAt]),
        ),
        (
            "organization",
            pages!(organizations, OrganizationFilter, OrganizationOrder, OrganizationOrderField,
                Some(COUNTY), by region: Region, [Name, NamePinyin, Kind, Region, CreatedAt]),
        ),
        (
            "pairing",
            pages!(pairings, PairingFilter, PairingOrder, PairingOrderField, Some(COUNTY),
                by region: Village, [StartedOn, Village, Status, CreatedAt]),
        ),
    ];
    for (table, pages) in lists {
        for (order, by_region, statement) in pages {
            let plan = plan(&test, &statement).await;
            assert!(
                !plan.contains("TEMP B-TREE") && !sorts_the_rows(&plan),
                "{table} by {order}: no sort of the county:\n{plan}"
            );
            if by_region {
                assert!(
                    !plan.contains("substr("),
                    "{table} by {order}: the code range is the order, no county prefix:\n{plan}"
                );
            } else {
                // Where the county is a large share of the table (a fifth of the demo's people),
                // walking the whole list's index in the page's order and skipping the other
                // counties' rows is as good, and PostgreSQL, knowing the share, may take it: it
                // is held to reading in order without a sort (above).
                let index = format!("idx_{table}_county_");
                assert!(
                    plan.contains(&index) || test.db.get_database_backend() == DbBackend::Postgres,
                    "{table} by {order}: expected {index}*:\n{plan}"
                );
            }
        }
    }
}

/// The whole of each large list, in every order, is a walk of one index that stops at the page:
/// an order of several equal values (an activity's kind, a pairing's status) reads them in id
/// order from the index rather than sorting every row of the first value.
#[tokio::test]
async fn each_whole_list_in_every_order_is_an_index_walk_without_a_sort() {
    let test = analyzed().await;
    let all = None::<&str>;
    let lists = [
        (
            "person",
            pages!(people, PersonFilter, PersonOrder, PersonOrderField, all, by region: Region,
                [Name, NamePinyin, Region, CreatedAt]),
        ),
        (
            "activity",
            pages!(activities, ActivityFilter, ActivityOrder, ActivityOrderField, all,
                by region: Region, [HeldOn, Kind, Region, Title, CreatedAt]),
        ),
        (
            "organization",
            pages!(organizations, OrganizationFilter, OrganizationOrder, OrganizationOrderField,
                all, by region: Region, [Name, NamePinyin, Kind, Region, CreatedAt]),
        ),
        (
            "pairing",
            pages!(pairings, PairingFilter, PairingOrder, PairingOrderField, all,
                by region: Village, [StartedOn, Village, Status, CreatedAt]),
        ),
    ];
    for (table, pages) in lists {
        for (order, _, statement) in pages {
            let plan = plan(&test, &statement).await;
            // Sorting the ids within one name or one day stops at the page; within one kind or
            // status it would sort a large share of the table first.
            let few_values = order.ends_with("(Kind)") || order.ends_with("(Status)");
            let sorted = plan.contains("TEMP B-TREE")
                || plan.lines().any(|line| {
                    let line = line.trim_start_matches([' ', '-', '>']);
                    line.starts_with("Sort  (")
                        || (few_values && line.starts_with("Incremental Sort"))
                });
            assert!(!sorted, "{table} by {order}: no sort of the list:\n{plan}");
        }
    }
}

/// The statement that counts a county's rows of a list (its `totalCount`).
macro_rules! county_count {
    ($list:ident, $filter:ident) => {
        page::count_statement(
            $list::select(
                &Some($list::$filter {
                    within_region: Some(COUNTY.into()),
                    ..Default::default()
                }),
                None,
            )
            .unwrap(),
        )
    };
}

/// A county's `totalCount` (and any whole-set read) is counted from the entries of the live
/// rows' region index, never through a county-prefix index, whose every entry would cost a
/// row lookup.
#[tokio::test]
async fn a_countys_count_reads_the_region_index_not_the_prefix() {
    let test = analyzed().await;
    let counts = [
        ("person", county_count!(people, PersonFilter)),
        ("activity", county_count!(activities, ActivityFilter)),
        (
            "organization",
            county_count!(organizations, OrganizationFilter),
        ),
    ];
    for (table, statement) in counts {
        let plan = plan(&test, &statement).await;
        assert!(
            !plan.contains("substr("),
            "{table}: no county prefix:\n{plan}"
        );
        assert!(
            !plan.contains(&format!("idx_{table}_county_")),
            "{table}: not read through a county-prefix index:\n{plan}"
        );
        // SQLite has no statistics to prefer it by: its plan must name the live rows' index.
        if !test.is_postgres() {
            assert!(
                plan.contains(&format!("idx_{table}_live_region")),
                "{table}: counted from the live rows' region index:\n{plan}"
            );
        }
    }
}

/// Below a county the code range is read (a township's or a village's rows), never the county:
/// the county prefix is not added there.
#[tokio::test]
async fn a_townships_people_are_read_by_their_code_range_not_the_county() {
    let test = analyzed().await;
    for (order, _, statement) in pages!(people, PersonFilter, PersonOrder, PersonOrderField,
        Some("620422101"), by region: Region, [Name, NamePinyin, Region, CreatedAt])
    {
        let plan = plan(&test, &statement).await;
        assert!(
            !plan.contains("substr("),
            "by {order}: no county prefix below a county:\n{plan}"
        );
        assert!(!plan.contains("idx_person_county_"), "by {order}: {plan}");
    }
}

/// The duplicate match-key triggers look a person up by primary key for every row written.
/// Sessions force custom plans, which PL/pgSQL honours too: without a setting of their own the
/// functions planned that lookup again on every call (a third of a large import's time).
#[tokio::test]
async fn the_match_key_triggers_keep_one_plan_per_session() {
    let test = TestDb::fresh().await;
    if !test.is_postgres() {
        return;
    }
    let rows = test
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT proname::text, array_to_string(proconfig, ',') FROM pg_proc \
             WHERE proname IN ('person_private_match_key', 'person_match_key') ORDER BY 1",
        ))
        .await
        .expect("read the trigger functions");
    let settings: Vec<(String, Option<String>)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get_by_index(0).expect("name"),
                r.try_get_by_index(1).expect("settings"),
            )
        })
        .collect();
    let generic = Some("plan_cache_mode=force_generic_plan".to_owned());
    assert_eq!(
        settings,
        vec![
            ("person_match_key".to_owned(), generic.clone()),
            ("person_private_match_key".to_owned(), generic),
        ]
    );
}

/// PostgreSQL estimates a county's share of each large list from statistics on the county
/// prefix (the prefix indexes are partial, and the planner ignores a partial index's
/// expression statistics): without them a county was taken for 0.5 % of the rows and its
/// page read through bitmaps and sorted.
#[tokio::test]
async fn postgres_knows_how_many_rows_a_county_holds() {
    let test = analyzed().await;
    if test.db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    for (table, column) in [
        ("person", "region_code"),
        ("activity", "region_code"),
        ("organization", "region_code"),
        ("pairing", "village_code"),
    ] {
        test.db
            .execute_unprepared(&format!("ANALYZE {table}"))
            .await
            .unwrap();
        let filter = format!("FROM {table} WHERE substr({column}, 1, 6) = '{COUNTY}'");
        let count = test
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT COUNT(*) AS n {filter}"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        let plan = test
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("EXPLAIN SELECT id {filter}"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<String>(0)
            .unwrap();
        let estimate: i64 = plan
            .split("rows=")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(
            count > 10 && estimate * 2 >= count && estimate <= count * 2,
            "{table}: {count} rows of the county, estimated {estimate}:\n{plan}"
        );
    }
}
