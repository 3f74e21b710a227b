//! Each duplicate rule becomes one indexed key, so that a region's candidate pairs are read in
//! index order and a page costs the index entries it returns:
//!
//! - `person_private.match_key` = county (6 digits) `|` name pinyin `|` birth date, or NULL
//!   without a birth date or pinyin. It joins two tables (the birth date is personal data and
//!   stays in `person_private`), so it is stored; triggers keep it exact in the transaction of
//!   every write of either table, whatever the path (forms, imports, seeds, merges), and this
//!   migration fills it for existing rows.
//! - name and work unit, and an organization's name key, are expressions over one row: an index
//!   per form of the key — prefixed by the county (pairs inside a county, the key range of that
//!   county) and bare (pairs across counties, for callers whose reach spans them).
//!
//! Expressions are written out in the same text the queries use: both databases match an
//! expression or partial index only on the same expression and a condition the query implies.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, key, condition).
const INDEXES: [(&str, &str, &str, &str); 4] = [
    (
        "idx_person_private_match_key",
        "person_private",
        "match_key, person_id",
        "deleted_at IS NULL AND match_key IS NOT NULL",
    ),
    (
        "idx_person_county_name_unit",
        "person",
        "(substr(region_code, 1, 6) || '|' || name || '|' || work_unit), id",
        "deleted_at IS NULL AND work_unit IS NOT NULL",
    ),
    (
        "idx_person_name_unit_key",
        "person",
        "(name || '|' || work_unit), id",
        "deleted_at IS NULL AND work_unit IS NOT NULL",
    ),
    (
        "idx_organization_county_name_key",
        "organization",
        "(substr(region_code, 1, 6) || '|' || name_key), id",
        "deleted_at IS NULL AND name_key <> ''",
    ),
];

/// The key of a `person_private` row `r` whose person is `p`. A date is text in SQLite; in
/// PostgreSQL it is written out the same way whatever the session's date style.
fn match_key(backend: DbBackend, p: &str, r: &str) -> String {
    let birth = match backend {
        DbBackend::Postgres => format!("to_char({r}.birth_date, 'YYYY-MM-DD')"),
        _ => format!("{r}.birth_date"),
    };
    format!(
        "CASE WHEN {r}.birth_date IS NULL OR {p}.name_pinyin = '' THEN NULL \
         ELSE substr({p}.region_code, 1, 6) || '|' || {p}.name_pinyin || '|' || {birth} END"
    )
}

fn triggers(backend: DbBackend) -> Vec<String> {
    match backend {
        DbBackend::Postgres => vec![
            format!(
                "CREATE OR REPLACE FUNCTION person_private_match_key() RETURNS trigger AS $$ \
                 BEGIN NEW.match_key := (SELECT {} FROM person p WHERE p.id = NEW.person_id); \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
                match_key(backend, "p", "NEW")
            ),
            "CREATE TRIGGER trg_person_private_match_key BEFORE INSERT OR UPDATE OF birth_date \
             ON person_private FOR EACH ROW EXECUTE FUNCTION person_private_match_key()"
                .into(),
            format!(
                "CREATE OR REPLACE FUNCTION person_match_key() RETURNS trigger AS $$ \
                 BEGIN UPDATE person_private r SET match_key = {} WHERE r.person_id = NEW.id; \
                 RETURN NULL; END $$ LANGUAGE plpgsql",
                match_key(backend, "NEW", "r")
            ),
            "CREATE TRIGGER trg_person_match_key AFTER INSERT OR UPDATE OF name_pinyin, \
             region_code ON person FOR EACH ROW EXECUTE FUNCTION person_match_key()"
                .into(),
        ],
        _ => {
            let private = |event: &str| {
                format!(
                    "CREATE TRIGGER trg_person_private_match_key_{} AFTER {event} ON \
                     person_private BEGIN UPDATE person_private SET match_key = \
                     (SELECT {} FROM person p WHERE p.id = NEW.person_id) \
                     WHERE person_id = NEW.person_id; END",
                    if event == "INSERT" {
                        "insert"
                    } else {
                        "update"
                    },
                    match_key(backend, "p", "NEW")
                )
            };
            let person = |event: &str| {
                format!(
                    "CREATE TRIGGER trg_person_match_key_{} AFTER {event} ON person BEGIN \
                     UPDATE person_private SET match_key = {} WHERE person_id = NEW.id; END",
                    if event == "INSERT" {
                        "insert"
                    } else {
                        "update"
                    },
                    match_key(backend, "NEW", "person_private")
                )
            };
            vec![
                private("INSERT"),
                private("UPDATE OF birth_date"),
                person("INSERT"),
                person("UPDATE OF name_pinyin, region_code"),
            ]
        }
    }
}

const DROP_TRIGGERS: [(&str, &str); 6] = [
    ("trg_person_private_match_key", "person_private"),
    ("trg_person_match_key", "person"),
    ("trg_person_private_match_key_insert", "person_private"),
    ("trg_person_private_match_key_update", "person_private"),
    ("trg_person_match_key_insert", "person"),
    ("trg_person_match_key_update", "person"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("person_private"))
                    .add_column(ColumnDef::new(Alias::new("match_key")).string().null())
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(&format!(
            "UPDATE person_private SET match_key = (SELECT {} FROM person p \
             WHERE p.id = person_private.person_id)",
            match_key(backend, "p", "person_private")
        ))
        .await?;
        for statement in triggers(backend) {
            db.execute_unprepared(&statement).await?;
        }
        for (name, table, key, condition) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON {table} ({key}) WHERE {condition}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, table, _, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        for (trigger, table) in DROP_TRIGGERS {
            let on = match manager.get_database_backend() {
                DbBackend::Postgres => format!(" ON {table}"),
                _ => String::new(),
            };
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {trigger}{on}"))
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            for function in ["person_private_match_key", "person_match_key"] {
                db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {function}()"))
                    .await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("person_private"))
                    .drop_column(Alias::new("match_key"))
                    .to_owned(),
            )
            .await
    }
}
