//! Shared test plumbing: a fresh migrated database per test (a SQLite file, or a PostgreSQL
//! database named by a UUID when `TONGXIN_TEST_POSTGRES_URL` is set), the demo dataset seeded
//! once per test process into a template, SQL statement counting, and the app on a free port.
#![allow(
    dead_code,
    reason = "each test module uses its own subset of these helpers"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::sync::{Mutex, OnceCell};
use tongxin::app::{AppState, router};
use tongxin::auth::Viewer;
use tongxin::config::Config;
use tongxin::graphql::AppSchema;

/// Env var holding a PostgreSQL admin URL; when set, tests run on PostgreSQL.
pub const POSTGRES_ENV: &str = "TONGXIN_TEST_POSTGRES_URL";

/// One test's database. Dropping it removes the SQLite file or (best effort) the PG database.
pub struct TestDb {
    /// The pool; take `&mut` to install a statement counter before building a schema.
    pub db: DatabaseConnection,
    /// The URL the pool was opened with.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The directory lives as long as the test's database file.
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// A schema together with the pool that `execute` attaches per-request loaders for.
pub struct TestSchema {
    pub schema: AppSchema,
    pub db: DatabaseConnection,
}

impl TestDb {
    /// A new, migrated, empty database.
    pub async fn fresh() -> Self {
        match postgres_admin_url() {
            Some(admin_url) => {
                let name = unique_name("tongxin_test");
                create_pg_database(&admin_url, &name, None).await;
                Self::open_pg(admin_url, name, true).await
            }
            None => {
                let dir = tempfile::tempdir().expect("create a temp dir");
                let path = dir.path().join("test.db");
                let db = connect(&sqlite_url(&path)).await;
                tongxin::db::migrate(&db).await.expect("migrate");
                Self {
                    db,
                    url: sqlite_url(&path),
                    cleanup: Cleanup::Sqlite { _dir: dir },
                }
            }
        }
    }

    /// A new database holding the demo dataset, copied from a template seeded once per process.
    pub async fn seeded() -> Self {
        match postgres_admin_url() {
            Some(admin_url) => {
                let template = PG_TEMPLATE
                    .get_or_init(|| seed_pg_template(admin_url.clone()))
                    .await;
                let name = unique_name("tongxin_test");
                create_pg_database(&admin_url, &name, Some(template)).await;
                Self::open_pg(admin_url, name, false).await
            }
            None => {
                let template = SQLITE_TEMPLATE.get_or_init(seed_sqlite_template).await;
                let dir = tempfile::tempdir().expect("create a temp dir");
                let path = dir.path().join("test.db");
                std::fs::copy(template, &path).expect("copy the seeded template");
                Self {
                    db: connect(&sqlite_url(&path)).await,
                    url: sqlite_url(&path),
                    cleanup: Cleanup::Sqlite { _dir: dir },
                }
            }
        }
    }

    async fn open_pg(admin_url: String, name: String, migrate: bool) -> Self {
        let url = with_database(&admin_url, &name);
        let db = connect(&url).await;
        if migrate {
            tongxin::db::migrate(&db).await.expect("migrate");
        }
        Self {
            db,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        }
    }

    /// The serving schema over this database (default limits), as `graphql::build` makes it.
    pub fn schema(&self) -> TestSchema {
        TestSchema {
            schema: tongxin::graphql::build(self.db.clone(), &test_config()),
            db: self.db.clone(),
        }
    }

    /// Whether this test runs on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            // Drop runs inside the test's runtime, which cannot block on async work:
            // a short-lived thread with its own runtime drops the database.
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let dropper = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let admin = tongxin::db::connect(&admin_url).await.ok()?;
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    let _ = admin.execute_unprepared(&sql).await;
                    admin.close().await.ok()
                })
            });
            let _ = dropper.join();
        }
    }
}

/// Counts SQL statements run through a pool. Install it before building the schema or the
/// app (`DatabaseConnection` clones made earlier do not see it).
#[derive(Clone, Default)]
pub struct StatementCounter(Arc<AtomicUsize>);

impl StatementCounter {
    /// Statements executed since installation or the last `reset`.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }

    /// Starts counting from zero again.
    pub fn reset(&self) {
        self.0.store(0, Ordering::SeqCst);
    }
}

/// Installs a statement counter on `db` (and on every clone made from it afterwards).
/// It sees what sea-orm meters: queries and executes with a `Statement`, not `execute_unprepared`.
pub fn count_statements(db: &mut DatabaseConnection) -> StatementCounter {
    let counter = StatementCounter::default();
    let inner = counter.0.clone();
    db.set_metric_callback(move |_info| {
        inner.fetch_add(1, Ordering::SeqCst);
    });
    counter
}

/// Runs one operation as `viewer` the way the HTTP handler does (`graphql::prepare`) and
/// returns the whole response: `data`, `errors` (with `extensions.code`) and `extensions`.
pub async fn execute(
    schema: &TestSchema,
    query: &str,
    variables: serde_json::Value,
    viewer: Viewer,
) -> serde_json::Value {
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables));
    let request = tongxin::graphql::prepare(request, &schema.db, viewer);
    let response = schema.schema.execute(request).await;
    serde_json::to_value(&response).expect("serialize the response")
}

/// Serves `app::router` on `127.0.0.1:0`; returns the base URL (`http://127.0.0.1:PORT`).
/// The server stops when the handle is aborted or the test's runtime ends.
pub async fn spawn_app(db: DatabaseConnection) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port");
    let address = listener.local_addr().expect("local address");
    let app = router(AppState::new(db, test_config()));
    let handle = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve the app");
    });
    (format!("http://{address}"), handle)
}

/// The configuration tests serve with: defaults, an ephemeral port, no start-up side effects.
pub fn test_config() -> Config {
    Config {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        auto_migrate: false,
        auto_seed: false,
        ..Config::default()
    }
}

static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();
/// PostgreSQL refuses `CREATE DATABASE … TEMPLATE t` while another session uses `t`,
/// and concurrent creates from one template count as such: one create at a time.
static PG_CREATE: Mutex<()> = Mutex::const_new(());

fn postgres_admin_url() -> Option<String> {
    std::env::var(POSTGRES_ENV)
        .ok()
        .filter(|url| !url.is_empty())
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

async fn connect(url: &str) -> DatabaseConnection {
    tongxin::db::connect(url)
        .await
        .unwrap_or_else(|err| panic!("connect to the test database: {err}"))
}

fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::new_v4().simple())
}

/// Seeds the SQLite template under cargo's per-target temp dir, once per test process.
async fn seed_sqlite_template() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    remove_stale_templates(&dir);
    let path = dir.join(format!("{}.db", unique_name("tongxin_template")));
    let db = connect(&sqlite_url(&path)).await;
    tongxin::db::migrate(&db)
        .await
        .expect("migrate the template");
    seed_demo(&db).await.expect("seed the template");
    db.close().await.expect("close the template");
    path
}

/// Templates of earlier test processes (they cannot delete their own static one).
fn remove_stale_templates(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified < an_hour_ago);
        if stale
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with("tongxin_template_")
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Seeds a PostgreSQL template database once per process and closes every connection to it.
async fn seed_pg_template(admin_url: String) -> String {
    let name = unique_name("tongxin_template");
    create_pg_database(&admin_url, &name, None).await;
    let db = connect(&with_database(&admin_url, &name)).await;
    tongxin::db::migrate(&db)
        .await
        .expect("migrate the template");
    seed_demo(&db).await.expect("seed the template");
    db.close().await.expect("close the template");
    name
}

async fn create_pg_database(admin_url: &str, name: &str, template: Option<&str>) {
    let _one_at_a_time = PG_CREATE.lock().await;
    let admin = connect(admin_url).await;
    let sql = match template {
        Some(template) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""),
        None => format!("CREATE DATABASE \"{name}\""),
    };
    admin
        .execute_unprepared(&sql)
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
    admin.close().await.expect("close the admin connection");
}

/// `admin_url` with its database (the URL path) replaced by `name`.
fn with_database(admin_url: &str, name: &str) -> String {
    let (scheme, rest) = admin_url
        .split_once("://")
        .unwrap_or_else(|| panic!("{POSTGRES_ENV} is not a URL"));
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let query = tail.find('?').map_or("", |at| &tail[at..]);
    format!("{scheme}://{authority}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_database_replaces_only_the_path() {
        assert_eq!(
            with_database("postgres://ci@/postgres?host=/tmp/pg&port=5439", "t1"),
            "postgres://ci@/t1?host=/tmp/pg&port=5439"
        );
        assert_eq!(
            with_database("postgres://u:p@localhost:5432", "t2"),
            "postgres://u:p@localhost:5432/t2"
        );
    }

    #[tokio::test]
    async fn fresh_databases_are_migrated_and_separate() {
        let (a, b) = (TestDb::fresh().await, TestDb::fresh().await);
        assert_ne!(a.url, b.url);
        assert_eq!(a.is_postgres(), postgres_admin_url().is_some());
        let answer = execute(
            &a.schema(),
            "{ apiVersion }",
            serde_json::Value::Null,
            Viewer::public(),
        )
        .await;
        assert_eq!(answer["data"]["apiVersion"], env!("CARGO_PKG_VERSION"));
    }

    #[tokio::test]
    async fn the_statement_counter_counts_and_resets() {
        let mut test_db = TestDb::fresh().await;
        let counter = count_statements(&mut test_db.db);
        let backend = test_db.db.get_database_backend();
        for sql in ["SELECT 1", "SELECT 2"] {
            let statement = sea_orm::Statement::from_string(backend, sql);
            test_db.db.query_one_raw(statement).await.unwrap();
        }
        assert_eq!(counter.get(), 2);
        counter.reset();
        assert_eq!(counter.get(), 0);
    }
}

// TEMPORARY stand-in until `tongxin::seed` lands.
async fn seed_demo(_db: &DatabaseConnection) -> Result<(), String> {
    Err("tongxin::seed is not available yet".into())
}
