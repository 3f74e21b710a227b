//! Where test databases come from: SQLite files and PostgreSQL databases, and the templates
//! holding the demo dataset, seeded once per test process and copied for each test.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::sync::{Mutex, OnceCell};

use super::POSTGRES_ENV;

/// The seeded SQLite template file, created on first use.
pub async fn sqlite_template() -> &'static Path {
    SQLITE_TEMPLATE.get_or_init(seed_sqlite_template).await
}

/// The seeded PostgreSQL template database's name, created on first use.
pub async fn pg_template(admin_url: &str) -> &'static str {
    PG_TEMPLATE
        .get_or_init(|| seed_pg_template(admin_url.to_owned()))
        .await
}

static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();
/// PostgreSQL refuses `CREATE DATABASE … TEMPLATE t` while another session uses `t`,
/// and concurrent creates from one template count as such: one create at a time.
static PG_CREATE: Mutex<()> = Mutex::const_new(());

/// The PostgreSQL admin URL from the environment, if tests should run on PostgreSQL.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var(POSTGRES_ENV)
        .ok()
        .filter(|url| !url.is_empty())?;
    Some(with_host(&url))
}

/// A read-write-create SQLite URL for `path`.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Opens a pool the way the server does (`tongxin::db::connect`), panicking with the reason.
pub async fn connect(url: &str) -> DatabaseConnection {
    tongxin::db::connect(url)
        .await
        .unwrap_or_else(|err| panic!("connect to the test database: {err}"))
}

/// `prefix_<uuid>`: a database or file name no other test (or test process) uses.
pub fn unique_name(prefix: &str) -> String {
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
    tongxin::seed::seed_demo(&db, &super::data_keys())
        .await
        .expect("seed the template");
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
    tongxin::seed::seed_demo(&db, &super::data_keys())
        .await
        .expect("seed the template");
    db.close().await.expect("close the template");
    name
}

/// `CREATE DATABASE name [TEMPLATE template]`, one at a time in this process (see `PG_CREATE`).
pub async fn create_pg_database(admin_url: &str, name: &str, template: Option<&str>) {
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

/// `url` with `localhost` as its host when it has none (`postgres://user@/db?host=/socket/dir`):
/// the URL parser refuses an empty host, and the `host` parameter still picks the socket.
fn with_host(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if authority.is_empty() || authority.ends_with('@') {
        format!("{scheme}://{authority}localhost{tail}")
    } else {
        url.to_owned()
    }
}

/// `admin_url` with its database (the URL path) replaced by `name`.
pub fn with_database(admin_url: &str, name: &str) -> String {
    let (scheme, rest) = admin_url
        .split_once("://")
        .unwrap_or_else(|| panic!("{POSTGRES_ENV} is not a URL"));
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let query = tail.find('?').map_or("", |at| &tail[at..]);
    format!("{scheme}://{authority}/{name}{query}")
}

/// Drops a test database, best effort. `Drop` runs inside the test's runtime, which cannot
/// block on async work: a short-lived thread with its own runtime does it.
pub fn drop_pg_database(admin_url: &str, name: &str) {
    let (admin_url, name) = (admin_url.to_owned(), name.to_owned());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_host_becomes_localhost() {
        assert_eq!(
            with_host("postgres://ci@/postgres?host=/tmp/pg&port=5439"),
            "postgres://ci@localhost/postgres?host=/tmp/pg&port=5439"
        );
        assert_eq!(
            with_host("postgres:///x?host=/s"),
            "postgres://localhost/x?host=/s"
        );
        assert_eq!(
            with_host("postgres://u@db:5432/x"),
            "postgres://u@db:5432/x"
        );
    }

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
}
