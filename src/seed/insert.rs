//! Writes the generated rows: bulk `INSERT`s chunked under SQLite's bind-variable limit, parents
//! before children, then (on PostgreSQL) moves each identity sequence past the seeded ids.

use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    IntoActiveModel, Iterable,
};

use entity::*;

use super::SeedReport;
use super::common::Dataset;
use crate::db::sealed::DataKeys;
use crate::error::AppError;

/// SQLite accepts at most 32,766 bound values per statement; PostgreSQL 65,535.
const MAX_BINDS: usize = 32_766;

async fn insert_rows<E>(
    db: &DatabaseTransaction,
    rows: Vec<E::Model>,
    report: &mut SeedReport,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let columns = E::Column::iter().count().max(1);
    let per_statement = (MAX_BINDS / columns).max(1);
    let count = rows.len();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<E::ActiveModel> = rows
            .by_ref()
            .take(per_statement)
            .map(IntoActiveModel::into_active_model)
            .collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    report.rows.insert(
        E::default().table_name(),
        u64::try_from(count).unwrap_or(u64::MAX),
    );
    Ok(())
}

/// Inserts every table of `ds` in dependency order and returns the row counts. ID numbers and
/// phones are sealed with `keys` on the way.
pub async fn insert_all(
    db: &DatabaseTransaction,
    keys: &DataKeys,
    ds: Dataset,
) -> Result<SeedReport, AppError> {
    let mut report = SeedReport::default();
    let r = &mut report;
    let private = keys.seal_rows(ds.private)?;
    insert_rows::<region::Entity>(db, ds.regions, r).await?;
    insert_rows::<person::Entity>(db, ds.people, r).await?;
    insert_rows::<person_private::Entity>(db, private, r).await?;
    insert_rows::<person_category::Entity>(db, ds.categories, r).await?;
    insert_rows::<organization::Entity>(db, ds.organizations, r).await?;
    insert_rows::<membership::Entity>(db, ds.memberships, r).await?;
    insert_rows::<liaison_assignment::Entity>(db, ds.liaisons, r).await?;
    insert_rows::<place::Entity>(db, ds.places, r).await?;
    insert_rows::<pairing::Entity>(db, ds.pairings, r).await?;
    insert_rows::<activity::Entity>(db, ds.activities, r).await?;
    insert_rows::<activity_participant::Entity>(db, ds.participants, r).await?;
    insert_rows::<donation::Entity>(db, ds.donations, r).await?;
    insert_rows::<livelihood_project::Entity>(db, ds.projects, r).await?;
    insert_rows::<suggestion::Entity>(db, ds.suggestions, r).await?;
    insert_rows::<mediation_case::Entity>(db, ds.cases, r).await?;
    insert_rows::<mediation_partner::Entity>(db, ds.partners, r).await?;
    insert_rows::<publicity_work::Entity>(db, ds.works, r).await?;
    insert_rows::<publication::Entity>(db, ds.publications, r).await?;
    insert_rows::<platform_account::Entity>(db, ds.accounts, r).await?;
    insert_rows::<sales_record::Entity>(db, ds.sales, r).await?;
    insert_rows::<household::Entity>(db, ds.households, r).await?;
    insert_rows::<income_uplift::Entity>(db, ds.uplifts, r).await?;
    insert_rows::<term_election::Entity>(db, ds.elections, r).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        advance_sequences(db, &report).await?;
    }
    Ok(report)
}

/// Seeded rows carry explicit ids, which PostgreSQL's identity sequences do not see: move each
/// past the largest id so later inserts by the API do not collide.
async fn advance_sequences(db: &DatabaseTransaction, report: &SeedReport) -> Result<(), DbErr> {
    for table in report.rows.keys() {
        if matches!(*table, "region" | "person_private") {
            continue;
        }
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
        );
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}
