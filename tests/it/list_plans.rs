//! Every large list of a county, in every order but the region's, is an index range: the filters add the county
//! prefix that the county-prefix indexes hold, and each orderable field has one. The plans are
//! asked of each database's planner; on PostgreSQL scans and sorts are switched off (the demo is
//! small enough that a scan would win), so the question is whether an index *can* serve the
//! page without sorting the county.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, Order, QueryOrder, QuerySelect, QueryTrait, Select,
    Statement, TransactionTrait,
};
use tongxin::db::filters::{activities, organizations, pairings, people};

use crate::helpers::TestDb;

const COUNTY: &str = "620422";

/// The page statement the list runs: the filter, the order's keys, then the id, 51 rows.
fn page<E: EntityTrait>(select: Select<E>, keys: &[E::Column], id: E::Column) -> SelectStatement {
    let mut select = select;
    for key in keys {
        select = select.order_by(*key, Order::Asc);
    }
    select.order_by(id, Order::Asc).limit(51).into_query()
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

/// Asserts the page is read from a county-prefix index, in order (no sort of the county).
fn assert_county_range(plan: &str, table: &str) {
    let index = format!("idx_{table}_county_");
    assert!(plan.contains(&index), "expected {index}*:\n{plan}");
    assert!(
        !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
        "no sort of the county:\n{plan}"
    );
}

#[tokio::test]
async fn a_countys_people_in_every_order_are_an_index_range() {
    use entity::person::Column as C;
    let test = TestDb::seeded().await;
    let filter = Some(people::PersonFilter {
        within_region: Some(COUNTY.into()),
        ..Default::default()
    });
    for keys in [
        vec![],
        vec![C::Name],
        vec![C::NamePinyin],
        vec![C::CreatedAt],
    ] {
        let select = people::select(&filter).unwrap();
        let plan = plan(&test, &page(select, &keys, C::Id)).await;
        assert_county_range(&plan, "person");
    }
}

#[tokio::test]
async fn a_countys_activities_in_every_order_are_an_index_range() {
    use entity::activity::Column as C;
    let test = TestDb::seeded().await;
    let filter = Some(activities::ActivityFilter {
        within_region: Some(COUNTY.into()),
        ..Default::default()
    });
    for keys in [
        vec![],
        vec![C::HeldOn],
        vec![C::Kind],
        vec![C::Title],
        vec![C::CreatedAt],
    ] {
        let select = activities::select(&filter).unwrap();
        let plan = plan(&test, &page(select, &keys, C::Id)).await;
        assert_county_range(&plan, "activity");
    }
}

#[tokio::test]
async fn a_countys_organizations_and_pairings_in_every_order_are_an_index_range() {
    let test = TestDb::seeded().await;
    {
        use entity::organization::Column as C;
        let filter = Some(organizations::OrganizationFilter {
            within_region: Some(COUNTY.into()),
            ..Default::default()
        });
        for keys in [
            vec![],
            vec![C::Name],
            vec![C::NamePinyin],
            vec![C::Kind],
            vec![C::CreatedAt],
        ] {
            let select = organizations::select(&filter).unwrap();
            let plan = plan(&test, &page(select, &keys, C::Id)).await;
            assert_county_range(&plan, "organization");
        }
    }
    use entity::pairing::Column as C;
    let filter = Some(pairings::PairingFilter {
        within_region: Some(COUNTY.into()),
        ..Default::default()
    });
    for keys in [
        vec![],
        vec![C::StartedOn],
        vec![C::Status],
        vec![C::CreatedAt],
    ] {
        let select = pairings::select(&filter).unwrap();
        let plan = plan(&test, &page(select, &keys, C::Id)).await;
        assert_county_range(&plan, "pairing");
    }
}

/// Below a county the code range is read (a township's or a village's rows), never the county:
/// the county prefix is not added there.
#[tokio::test]
async fn a_townships_people_are_read_by_their_code_range_not_the_county() {
    use entity::person::Column as C;
    let test = TestDb::seeded().await;
    let filter = Some(people::PersonFilter {
        within_region: Some("620422101".into()),
        ..Default::default()
    });
    let select = people::select(&filter).unwrap();
    let plan = plan(&test, &page(select, &[C::Name], C::Id)).await;
    assert!(
        !plan.contains("substr("),
        "no county prefix below a county:\n{plan}"
    );
    assert!(!plan.contains("idx_person_county_"), "{plan}");
}
