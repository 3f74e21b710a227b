//! `tongxin backup FILE` and `tongxin restore FILE` for SQLite. PostgreSQL is backed up with
//! its own tools (`pg_dump -Fc`, `pg_restore`; README "Operations"). Backups copy ID numbers
//! and phones as stored: sealed, readable only with the data key (decision 0025).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::config::Config;
use crate::db;

const POSTGRES_HINT: &str = "this is a PostgreSQL database: back it up with `pg_dump -Fc` and restore with `pg_restore` (README, Operations)";

/// `tongxin backup FILE`: a consistent copy of the live database (`VACUUM INTO`: one read
/// transaction, so writers keep going and the copy is one point in time). Refuses to
/// overwrite an existing file.
pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<()> {
    if !db::is_sqlite(&config.database_url) {
        bail!("{POSTGRES_HINT}");
    }
    if file.exists() {
        bail!("{} exists; choose a new file name", file.display());
    }
    let pool = db::connect(&config.database_url)
        .await
        .context("could not open the database")?;
    let outcome = vacuum_into(&pool, file).await;
    pool.close().await.context("could not close the database")?;
    outcome?;
    let copy = db::connect(&sqlite_url(file))
        .await
        .context("could not open the backup")?;
    let checked = integrity_check(&copy).await;
    copy.close().await.context("could not close the backup")?;
    checked.with_context(|| format!("the backup {} failed its check", file.display()))?;
    tracing::info!(file = %file.display(), "backup written and checked");
    Ok(())
}

/// `VACUUM INTO 'file'`, the path quoted as an SQL string.
pub async fn vacuum_into(pool: &DatabaseConnection, file: &Path) -> anyhow::Result<()> {
    let path = file
        .to_str()
        .context("the backup path is not valid UTF-8")?
        .replace('\'', "''");
    pool.execute_unprepared(&format!("VACUUM INTO '{path}'"))
        .await
        .with_context(|| format!("could not write the backup {}", file.display()))?;
    Ok(())
}

/// `tongxin restore FILE`: checks the backup, then puts it in place of the configured
/// database, which must be empty (no file, or a file without tables); migrates it to this
/// version and seals ID numbers and phones that a backup from before sealing holds in
/// plaintext. Never overwrites data.
pub async fn restore(config: &Config, file: &Path) -> anyhow::Result<()> {
    let url = &config.database_url;
    if !db::is_sqlite(url) {
        bail!("{POSTGRES_HINT}");
    }
    let keys = config
        .data_keys()
        .context("the data key settings are unusable")?;
    let target = sqlite_path(url).context("restore needs a SQLite database file, not memory")?;
    let source = db::connect(&format!("sqlite://{}?mode=ro", file.display()))
        .await
        .with_context(|| format!("could not open the backup {}", file.display()))?;
    let checked = integrity_check(&source).await;
    source.close().await.context("could not close the backup")?;
    checked.with_context(|| format!("{} is not a sound database", file.display()))?;

    if target.exists() {
        let existing = db::connect(url)
            .await
            .context("could not open the target database")?;
        let tables = table_count(&existing).await;
        existing
            .close()
            .await
            .context("could not close the target database")?;
        if tables? > 0 {
            bail!(
                "{} already holds a database; restore only into an empty one (move it away first)",
                target.display()
            );
        }
    }
    let staging = target.with_extension("restoring");
    std::fs::copy(file, &staging)
        .with_context(|| format!("could not copy the backup to {}", staging.display()))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", target.display()));
        if side.exists() {
            std::fs::remove_file(&side)
                .with_context(|| format!("could not remove {}", side.display()))?;
        }
    }
    std::fs::rename(&staging, &target).with_context(|| {
        format!(
            "could not move the restored database to {}",
            target.display()
        )
    })?;
    let restored = db::connect(url)
        .await
        .context("could not open the restored database")?;
    let migrated = match db::migrate(&restored).await {
        Ok(()) => db::sealed::reseal::seal_plaintext(&restored, &keys)
            .await
            .map(drop)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("could not seal the restored ID numbers and phones"),
        Err(err) => Err(err).context("could not migrate the restored database"),
    };
    restored
        .close()
        .await
        .context("could not close the restored database")?;
    migrated?;
    tracing::info!(file = %file.display(), database = %target.display(), "restored");
    Ok(())
}

/// `PRAGMA integrity_check` answers a single `ok` row for a sound database.
pub async fn integrity_check(pool: &DatabaseConnection) -> anyhow::Result<()> {
    let rows = pool
        .query_all_raw(Statement::from_string(
            pool.get_database_backend(),
            "PRAGMA integrity_check",
        ))
        .await
        .context("could not run the integrity check")?;
    let answers: Vec<String> = rows
        .iter()
        .filter_map(|row| row.try_get_by_index::<String>(0).ok())
        .collect();
    if answers == ["ok"] {
        Ok(())
    } else {
        bail!("integrity check: {}", answers.join("; "))
    }
}

async fn table_count(pool: &DatabaseConnection) -> anyhow::Result<i64> {
    let row = pool
        .query_one_raw(Statement::from_string(
            pool.get_database_backend(),
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        ))
        .await
        .context("could not list the tables")?
        .context("no answer listing the tables")?;
    row.try_get_by_index::<i64>(0)
        .context("could not read the table count")
}

fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}?mode=rwc", file.display())
}

/// The file of a `sqlite://FILE?…` or `sqlite:FILE` URL; `None` for an in-memory database.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.contains(":memory:") && !url.contains("mode=memory"))
        .then(|| PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_come_from_urls() {
        assert_eq!(
            sqlite_path("sqlite://tongxin.db?mode=rwc"),
            Some(PathBuf::from("tongxin.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:///var/lib/t.db"),
            Some(PathBuf::from("/var/lib/t.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x@h/db"), None);
    }
}
