//! The duplicate match-key triggers keep one plan per session on PostgreSQL.
//!
//! Sessions run with `plan_cache_mode = force_custom_plan`, which PL/pgSQL honours too: each
//! trigger call planned its one-row lookup again, for every person and personal-data row
//! written (a third of a 50,000-row import's time). The lookups are by primary key, so the
//! generic plan is the custom plan; the functions now say so. SQLite plans a trigger once per
//! statement and needs nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const FUNCTIONS: [&str; 2] = ["person_private_match_key()", "person_match_key()"];

async fn set_plan_mode(manager: &SchemaManager<'_>, setting: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    for function in FUNCTIONS {
        db.execute_unprepared(&format!("ALTER FUNCTION {function} {setting}"))
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_plan_mode(manager, "SET plan_cache_mode = force_generic_plan").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_plan_mode(manager, "RESET plan_cache_mode").await
    }
}
