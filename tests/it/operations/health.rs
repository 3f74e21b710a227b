//! `/healthz` (the process is up) and `/readyz` (database answers, migrations current).

use reqwest::StatusCode;

use super::sqlite_url;
use crate::helpers::{TestDb, spawn_app};

async fn get(base: &str, path: &str) -> (StatusCode, String) {
    let response = reqwest::get(format!("{base}{path}")).await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn readyz_needs_the_database_and_current_migrations() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    assert_eq!(
        get(&base, "/readyz").await,
        (StatusCode::OK, "ready".into())
    );
    assert_eq!(get(&base, "/healthz").await, (StatusCode::OK, "ok".into()));

    test_db.db.close_by_ref().await.unwrap();
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "database unavailable");
    // Liveness does not depend on the database.
    assert_eq!(get(&base, "/healthz").await.0, StatusCode::OK);
}

#[tokio::test]
async fn readyz_is_503_while_migrations_are_pending() {
    let dir = tempfile::tempdir().unwrap();
    let db = tongxin::db::connect(&sqlite_url(&dir.path().join("bare.db")))
        .await
        .unwrap();
    let (base, _server) = spawn_app(db.clone()).await;
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.ends_with("database migration(s) pending"), "{body}");

    tongxin::db::migrate(&db).await.unwrap();
    assert_eq!(get(&base, "/readyz").await.0, StatusCode::OK);
}

#[tokio::test]
async fn sqlite_pools_run_wal_with_full_sync_and_one_writer() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("pragmas.db"));
    let pools = tongxin::db::Db::open(&url, &tongxin::db::PoolSettings::default())
        .await
        .unwrap();
    for pool in [&pools.read, &pools.write] {
        let text = pragma(pool, "journal_mode").await;
        assert_eq!(text.try_get_by_index::<String>(0).unwrap(), "wal");
        for (name, expected) in [
            ("synchronous", 2),
            ("foreign_keys", 1),
            ("busy_timeout", 5000),
        ] {
            let row = pragma(pool, name).await;
            assert_eq!(row.try_get_by_index::<i64>(0).unwrap(), expected, "{name}");
        }
    }
    assert_eq!(
        pools
            .write
            .get_sqlite_connection_pool()
            .options()
            .get_max_connections(),
        1
    );
}

async fn pragma(pool: &sea_orm::DatabaseConnection, name: &str) -> sea_orm::QueryResult {
    use sea_orm::ConnectionTrait;
    pool.query_one_raw(sea_orm::Statement::from_string(
        sea_orm::DbBackend::Sqlite,
        format!("PRAGMA {name}"),
    ))
    .await
    .unwrap()
    .unwrap()
}

/// PostgreSQL sessions plan every execution of a prepared statement with its values: the
/// generic plan PostgreSQL may otherwise keep after five executions sorted a whole county
/// for one page of people (decision 0019).
#[tokio::test]
async fn postgres_sessions_plan_each_execution_with_its_values() {
    use sea_orm::{ConnectionTrait, Statement};
    let test_db = TestDb::fresh().await;
    if !test_db.is_postgres() {
        return;
    }
    let pools = tongxin::db::Db::open(&test_db.url, &tongxin::db::PoolSettings::default())
        .await
        .unwrap();
    let row = pools
        .read
        .query_one_raw(Statement::from_string(
            pools.read.get_database_backend(),
            "SHOW plan_cache_mode",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.try_get_by_index::<String>(0).unwrap(),
        "force_custom_plan"
    );
}
