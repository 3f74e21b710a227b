//! Shared test plumbing: a fresh migrated database per test (a SQLite file, or a PostgreSQL
//! database named by a UUID when `TONGXIN_TEST_POSTGRES_URL` is set), the demo dataset seeded
//! once per test process into a template, SQL statement counting, the app on a free port,
//! throwaway PostgreSQL clusters (`cluster`, primary and standby) and a graphql-ws client (`ws`).
#![allow(
    dead_code,
    reason = "each test module uses its own subset of these helpers"
)]

pub mod cluster;
mod databases;
mod server;
pub mod ws;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use databases::{
    connect, create_pg_database, postgres_admin_url, sqlite_url, unique_name, with_database,
};
use sea_orm::DatabaseConnection;
use tongxin::app::{AppState, router};
use tongxin::auth::Viewer;
use tongxin::config::Config;
use tongxin::graphql::AppSchema;

pub use server::spawn_server;

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
                let template = databases::pg_template(&admin_url).await;
                let name = unique_name("tongxin_test");
                create_pg_database(&admin_url, &name, Some(template)).await;
                Self::open_pg(admin_url, name, false).await
            }
            None => {
                let template = databases::sqlite_template().await;
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
            databases::drop_pg_database(admin_url, name);
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
    let response = tongxin::graphql::execute(&schema.schema, request).await;
    serde_json::to_value(&response).expect("serialize the response")
}

/// [`execute`] as the server runs an operation: reads from `reads` (the primary for a
/// mutation, else the read pool), the access log written to `primary` (on SQLite the writer
/// connection, where a write waits its turn instead of polling for the lock).
pub async fn execute_served(
    schema: &TestSchema,
    reads: &DatabaseConnection,
    primary: &DatabaseConnection,
    query: &str,
    viewer: Viewer,
) -> serde_json::Value {
    let request = async_graphql::Request::new(query);
    let request = tongxin::graphql::prepare_with_id(request, reads, primary, viewer, None);
    let response = tongxin::graphql::execute(&schema.schema, request).await;
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

/// [`spawn_app`] with the test's own configuration, served with peer addresses
/// (`ConnectInfo`) as the real server is, so per-address limits see the client.
pub async fn spawn_app_with(
    db: DatabaseConnection,
    config: Config,
) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port");
    let address = listener.local_addr().expect("local address");
    let app = router(AppState::new(db, config))
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let handle = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve the app");
    });
    (format!("http://{address}"), handle)
}

/// The data keys of [`test_config`]: the development key, as a server started without one
/// outside production uses.
pub fn data_keys() -> tongxin::db::sealed::DataKeys {
    test_config().data_keys().expect("the development data key")
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
#[cfg(test)]
mod tests {
    use sea_orm::ConnectionTrait;

    use super::*;

    #[tokio::test]
    async fn fresh_databases_are_migrated_and_separate() {
        let (a, b) = (TestDb::fresh().await, TestDb::fresh().await);
        assert_ne!(a.url, b.url);
        assert_eq!(a.is_postgres(), postgres_admin_url().is_some());
        let answer = execute(
            &a.schema(),
            "{ __typename }",
            serde_json::Value::Null,
            Viewer::public(),
        )
        .await;
        assert_eq!(answer["data"]["__typename"], "Query");
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
