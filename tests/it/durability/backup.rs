//! `tongxin backup` under write load gives a sound copy whose records match its audit trail;
//! `tongxin restore` puts it into an empty database and refuses a non-empty one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::json;
use tongxin::auth::Viewer;

use super::{assert_sound, count};
use crate::helpers::{TestDb, TestSchema, execute, test_config};

const CREATE: &str = r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  organization { id } userErrors { code message } } }"#;
const ORGS: &str = "SELECT count(*) FROM organization WHERE name LIKE '备份负载%'";
const AUDITS: &str = "SELECT count(*) FROM audit_entry WHERE entity_type = 'Organization' AND operation = 'CREATE' AND after LIKE '%备份负载%'";

#[tokio::test]
async fn a_backup_under_write_load_is_consistent_and_restores() {
    let test = TestDb::seeded().await;
    if test.is_postgres() {
        return; // PostgreSQL is backed up with pg_dump (README)
    }
    let pools = tongxin::db::Db::open(&test.url, &tongxin::db::PoolSettings::default())
        .await
        .unwrap();
    let schema = Arc::new(TestSchema {
        schema: tongxin::graphql::build(pools.clone(), &test_config()),
        db: pools.read.clone(),
    });
    let stop = Arc::new(AtomicBool::new(false));
    let created = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let (schema, stop, created) = (schema.clone(), stop.clone(), created.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    let input = json!({ "name": format!("备份负载{w}-{n}"), "kind": "ENTERPRISE", "region": "620421" });
                    let answer =
                        execute(&schema, CREATE, json!({ "input": input }), Viewer::system()).await;
                    assert!(answer["errors"].is_null(), "{answer}");
                    created.fetch_add(1, Ordering::SeqCst);
                    n += 1;
                }
            })
        })
        .collect();
    while created.load(Ordering::SeqCst) < 30 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    // As `tongxin backup` does it, over the read pool, while the writers keep writing.
    tongxin::app::backup::vacuum_into(&pools.read, &file)
        .await
        .unwrap();
    let at_backup = created.load(Ordering::SeqCst);
    while created.load(Ordering::SeqCst) < at_backup + 20 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }
    let live_total = count(&pools.read, ORGS).await;

    let copy = tongxin::db::connect(&format!("sqlite://{}?mode=ro", file.display()))
        .await
        .unwrap();
    assert_sound(&copy).await;
    let (orgs, audits) = (count(&copy, ORGS).await, count(&copy, AUDITS).await);
    println!(
        "backup under load: {orgs} records and {audits} audit entries in the copy; {live_total} live after the load"
    );
    assert_eq!(
        orgs, audits,
        "every record in the copy has its audit entry and no more"
    );
    assert!(orgs >= 30 && orgs < live_total, "{orgs} of {live_total}");
    copy.close().await.unwrap();

    // Restore into an empty database: the same records.
    let target = dir.path().join("restored.db");
    let mut config = test_config();
    config.database_url = format!("sqlite://{}?mode=rwc", target.display());
    tongxin::app::backup::restore(&config, &file).await.unwrap();
    let restored = tongxin::db::connect(&config.database_url).await.unwrap();
    assert_sound(&restored).await;
    assert_eq!(count(&restored, ORGS).await, orgs);
    assert_eq!(count(&restored, AUDITS).await, audits);
    restored.close().await.unwrap();

    // …and never over data.
    let refused = tongxin::app::backup::restore(&config, &file)
        .await
        .unwrap_err();
    assert!(
        format!("{refused:#}").contains("already holds a database"),
        "{refused:#}"
    );
    let mut live = test_config();
    live.database_url = test.url.clone();
    assert!(tongxin::app::backup::restore(&live, &file).await.is_err());
    assert_eq!(
        count(&pools.read, ORGS).await,
        live_total,
        "the live database is untouched"
    );
}
