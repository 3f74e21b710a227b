//! SQLite's WAL is copied into the database file beside the writers, never inside a commit
//! that holds the one writer connection.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement};
use tongxin::db::{Db, PoolSettings};

use crate::helpers::TestDb;

async fn pragma(db: &sea_orm::DatabaseConnection, name: &str) -> i64 {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, format!("PRAGMA {name}")))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn commits_leave_the_wal_to_the_checkpointer_which_copies_it_into_the_file() {
    let test = TestDb::fresh().await;
    if test.is_postgres() {
        return;
    }
    let path = test
        .url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let pools = Db::open(&test.url, &PoolSettings::default()).await.unwrap();
    assert_eq!(pragma(&pools.write, "wal_autocheckpoint").await, 0);
    assert_eq!(pragma(&pools.read, "wal_autocheckpoint").await, 0);

    let before = std::fs::metadata(&path).unwrap().len();
    pools
        .write
        .execute_unprepared(
            "CREATE TABLE scratch (x BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
             INSERT INTO scratch SELECT randomblob(500) FROM n;",
        )
        .await
        .unwrap();
    // About 2 MB committed to the WAL; only a checkpoint puts it into the database file.
    let deadline = Instant::now() + Duration::from_secs(20);
    let grown = loop {
        let now = std::fs::metadata(&path).unwrap().len();
        if now >= before + 2_000_000 || Instant::now() > deadline {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        grown >= before + 2_000_000,
        "the database file stayed at {grown} bytes (was {before}): nothing checkpointed the WAL"
    );
    pools.close().await.unwrap();
}
