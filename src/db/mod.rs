//! Database connection and migrations, the same code for SQLite (embedded default) and PostgreSQL.

pub mod access_log;
pub mod cursor;
pub mod filters;
pub mod loaders;
pub mod page;
pub mod scope;
pub mod table;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Opens a pool. A SQLite URL creates the file when missing.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .max_connections(if is_sqlite(url) { 4 } else { 16 });
    Database::connect(options).await
}

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
