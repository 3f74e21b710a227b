//! Each entity's `Relation` declares exactly the foreign keys its table has: the one place a
//! reference between two tables is written in the code is checked against the database.

use std::collections::BTreeSet;

use sea_orm::{ConnectionTrait, DbBackend, EntityName, Iterable, RelationTrait, Statement};

use tongxin::service::write::record::Record;

use crate::helpers::TestDb;

/// (table, column, referenced table, referenced column).
type Reference = (String, String, String, String);

fn column(identity: &sea_orm::Identity) -> String {
    match identity {
        sea_orm::Identity::Unary(iden) => iden.to_string(),
        other => panic!("a composite key in a relation: {other:?}"),
    }
}

macro_rules! declared {
    ($($module:ident),+ $(,)?) => {{
        let mut tables = BTreeSet::new();
        let mut references = BTreeSet::new();
        $(
            tables.insert(entity::$module::Entity.table_name().to_owned());
            for relation in entity::$module::Relation::iter() {
                let def = relation.def();
                references.insert((
                    def.from_tbl.sea_orm_table().to_string(),
                    column(&def.from_col),
                    def.to_tbl.sea_orm_table().to_string(),
                    column(&def.to_col),
                ));
            }
        )+
        (tables, references)
    }};
}

async fn rows(db: &sea_orm::DatabaseConnection, sql: &str) -> Vec<Vec<String>> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (0..4)
                .map_while(|i| row.try_get_by_index::<String>(i).ok())
                .collect()
        })
        .collect()
}

/// Every entity's table and every relation the entities declare.
fn declared_relations() -> (BTreeSet<String>, BTreeSet<Reference>) {
    declared!(
        access_log,
        activity,
        activity_participant,
        api_token,
        audit_entry,
        donation,
        household,
        import_job,
        import_upload,
        income_uplift,
        liaison_assignment,
        livelihood_project,
        mediation_case,
        mediation_partner,
        membership,
        organization,
        pairing,
        persisted_document,
        person,
        person_category,
        person_private,
        place,
        platform_account,
        publication,
        publicity_work,
        region,
        sales_record,
        search_term,
        suggestion,
        term_election
    )
}

#[tokio::test]
async fn every_foreign_key_is_a_declared_relation_and_every_relation_a_foreign_key() {
    let test = TestDb::fresh().await;
    let (tables, declared) = declared_relations();
    let (table_sql, key_sql) = match test.db.get_database_backend() {
        DbBackend::Sqlite => (
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'",
            "SELECT m.name, f.\"from\", f.\"table\", f.\"to\" \
             FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
        ),
        _ => (
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> 'seaql_migrations'",
            "SELECT tc.table_name::text, kcu.column_name::text, ccu.table_name::text, \
             ccu.column_name::text \
             FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu \
               ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema \
             JOIN information_schema.constraint_column_usage ccu \
               ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
        ),
    };
    let stored: BTreeSet<String> = rows(&test.db, table_sql)
        .await
        .into_iter()
        .map(|mut row| row.remove(0))
        .collect();
    assert_eq!(
        tables, stored,
        "the entities listed here are not the database's tables"
    );
    let keys: BTreeSet<Reference> = rows(&test.db, key_sql)
        .await
        .into_iter()
        .map(|row| {
            (
                row[0].clone(),
                row[1].clone(),
                row[2].clone(),
                row[3].clone(),
            )
        })
        .collect();
    let undeclared: Vec<_> = keys.difference(&declared).collect();
    let unbacked: Vec<_> = declared.difference(&keys).collect();
    assert!(
        undeclared.is_empty(),
        "foreign keys without a Relation: {undeclared:?}"
    );
    assert!(
        unbacked.is_empty(),
        "Relations without a foreign key: {unbacked:?}"
    );
    // The catalogue query found the foreign keys at all (the demo schema has dozens).
    assert!(keys.len() > 20, "only {} foreign keys read", keys.len());
}

/// The record types whose deletions the generic write path runs, with their table.
macro_rules! deletion_links {
    ($($record:ty),+ $(,)?) => {
        vec![$((
            std::any::type_name::<$record>(),
            <<$record as Record>::Entity as Default>::default().table_name().to_owned(),
            <$record as Record>::LINKS,
        )),+]
    };
}

/// A record type's deletion links name every foreign key that points at its table (what
/// blocks the deletion, what it ends, what goes with the record), and nothing else: a new
/// table that refers to a record cannot be left pointing at a deleted one unnoticed.
#[test]
fn every_reference_to_a_record_type_is_one_of_its_deletion_links() {
    use tongxin::service::*;
    let (_, declared) = declared_relations();
    let record_types = deletion_links!(
        activities::Activities,
        donations::Donations,
        elections::Elections,
        influencers::accounts::PlatformAccounts,
        influencers::households::Households,
        influencers::sales::SalesRecords,
        influencers::uplifts::IncomeUplifts,
        liaisons::LiaisonAssignments,
        livelihood_projects::LivelihoodProjects,
        mediation::MediationCases,
        memberships::Memberships,
        organizations::Organizations,
        pairings::Pairings,
        people::People,
        places::Places<true>,
        places::Places<false>,
        publicity::Publications,
        publicity::Works,
        suggestions::Suggestions,
    );
    let mut mismatches = Vec::new();
    for (record_type, table, links) in record_types {
        let referring: BTreeSet<(String, String)> = declared
            .iter()
            .filter(|(_, _, to, _)| *to == table)
            .map(|(from, column, _, _)| (from.clone(), column.clone()))
            .collect();
        let linked: BTreeSet<(String, String)> = links
            .iter()
            .map(|link| (link.table().to_owned(), link.column().to_owned()))
            .collect();
        if linked != referring {
            let missing: Vec<_> = referring.difference(&linked).collect();
            let extra: Vec<_> = linked.difference(&referring).collect();
            mismatches.push(format!(
                "{record_type}: foreign keys to {table} without a link {missing:?}; \
                 links without a foreign key {extra:?}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
