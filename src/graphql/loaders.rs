//! Per-request DataLoaders, one per relation.

use sea_orm::DatabaseConnection;

pub struct Loaders {
    pub db: DatabaseConnection,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Self { db: db.clone() }
    }
}
