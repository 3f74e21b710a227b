//! Database connection and migrations, the same code for SQLite (embedded default) and PostgreSQL.

pub mod access_log;
pub mod batches;
pub mod checkpoint;
pub mod cursor;
pub mod filters;
pub mod heavy;
pub mod in_force;
pub mod loaders;
pub mod name_keys;
pub mod page;
pub mod pool;
pub mod readiness;
pub mod retry;
pub mod scope;
pub mod sealed;
pub mod table;
pub mod visibility;

use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbErr};

pub use pool::{Db, PoolSettings};

/// Opens one pool with the default settings (SQLite pragmas included), for reads and writes
/// alike: what tests and tools use. The server opens [`Db`] (a separate SQLite writer).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let settings = PoolSettings {
        max_connections: if is_sqlite(url) { 4 } else { 16 },
        acquire_timeout: std::time::Duration::from_secs(10),
        ..PoolSettings::default()
    };
    Ok(Db::open_shared(url, &settings).await?.read)
}

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Applies every pending migration, then fills the keys SQL cannot compute (normalised
/// organization names).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    name_keys::backfill_name_keys(db).await?;
    Ok(())
}
