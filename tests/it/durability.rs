//! Durability: no lost update under 64 concurrent writers, all-or-nothing imports
//! under SIGKILL, consistent online backups that restore.

mod backup;
mod checkpoints;
mod concurrency;
mod kill_import;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// `SELECT count(*) …` as a number.
async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// `PRAGMA integrity_check` says `ok`.
async fn assert_sound(db: &DatabaseConnection) {
    assert_eq!(db.get_database_backend(), DbBackend::Sqlite);
    tongxin::app::backup::integrity_check(db).await.unwrap();
}
