//! Start-up: open and prepare the database, then serve HTTP until Ctrl-C or SIGTERM.
//! Also the one-shot commands (`schema`, `migrate`, `seed`) that share the same start-up.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;

use anyhow::{Context, bail};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::auth::jwt::JwtVerifier;
use crate::auth::tokens;
use crate::config::{Config, TokenCommand};
use crate::db::Db;
use crate::db::sealed::DataKeys;
use crate::domain::region_code::RegionCode;
use crate::{db, graphql, seed};

pub mod backup;
pub mod serve;

pub use crate::http::health::Startup;
pub use crate::http::{AppState, router};

/// Serves the API. Listens at once; the database is awaited (with backoff) in the background,
/// then migrated (if `auto_migrate`) and seeded when empty (if `auto_seed`); `/readyz` and the
/// data routes answer 503 until that is done. Stops on Ctrl-C or SIGTERM: no new connections, in-flight requests
/// finish within the shutdown deadline, subscriptions see `AppState::shutdown` cancelled.
pub async fn run(config: Config) -> anyhow::Result<()> {
    JwtVerifier::from_config(&config.jwt).context("the JWT settings are unusable")?;
    let keys = config
        .data_keys()
        .context("the data key settings are unusable")?;
    replica_url(&config)?;
    if config
        .ops
        .metrics_token
        .as_ref()
        .is_some_and(|token| token.trim().len() < crate::http::metrics::MIN_TOKEN_LEN)
    {
        bail!(
            "TONGXIN_METRICS_TOKEN must have at least {} characters",
            crate::http::metrics::MIN_TOKEN_LEN
        );
    }
    let db = open_for_serving(&config).await?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("could not listen on {}", config.listen))?;
    let bound = listener
        .local_addr()
        .context("could not read the bound address")?;
    let metrics_listener = match config.ops.metrics_addr {
        Some(address) => Some(
            TcpListener::bind(address)
                .await
                .with_context(|| format!("could not listen for metrics on {address}"))?,
        ),
        None => None,
    };
    let settings = serve::ServeSettings::from_config(&config.ops);
    let startup = crate::http::health::Startup::pending();
    let state =
        AppState::with_keys(db.clone(), config.clone(), keys.clone()).with_startup(startup.clone());
    let shutdown = state.shutdown.clone();
    if let Some(listener) = metrics_listener {
        let bound = listener
            .local_addr()
            .context("could not read the metrics address")?;
        tracing::info!(metrics_listen = %bound, "serving /metrics on its own address");
        tokio::spawn(serve::serve(
            listener,
            crate::http::metrics_router(state.clone()),
            settings.clone(),
            shutdown.clone(),
        ));
    }
    let prepared = {
        let (db, shutdown) = (db.clone(), shutdown.clone());
        tokio::spawn(async move {
            let outcome = prepare(&db, &config, &keys, &startup).await;
            if let Err(err) = &outcome {
                tracing::error!(error = format!("{err:#}"), "start-up failed; shutting down");
                shutdown.cancel();
            }
            outcome
        })
    };
    {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            shutdown_signal().await;
            shutdown.cancel();
        });
    }
    tracing::info!(
        listen = %bound,
        "Tongxin is listening; open http://{}/graphql in a browser",
        browsable(bound)
    );
    crate::http::metrics::handle();
    let drained = serve::serve(listener, router(state), settings, shutdown).await;
    let prepared = if prepared.is_finished() {
        prepared.await.context("the start-up task failed")?
    } else {
        prepared.abort();
        Ok(())
    };
    db.close().await.context("could not close the database")?;
    prepared?;
    tracing::info!(drained, "Tongxin stopped");
    Ok(())
}

/// Waits for the database, migrates, seals what an older version stored in plaintext, seeds an
/// empty one, then finishes `startup`: what `/readyz` and the data routes wait for (an empty
/// directory is not an answer to serve).
async fn prepare(
    db: &Db,
    config: &Config,
    keys: &DataKeys,
    startup: &Startup,
) -> anyhow::Result<()> {
    let budget = (config.ops.db_connect_retry_ms > 0)
        .then(|| std::time::Duration::from_millis(config.ops.db_connect_retry_ms));
    db::retry::wait_for(&db.write, budget)
        .await
        .with_context(|| {
            format!(
                "the database {} is unreachable",
                redact(&config.database_url)
            )
        })?;
    if config.auto_migrate {
        apply_migrations(&db.write).await?;
    }
    seal_plaintext(&db.write, keys).await?;
    if config.auto_seed
        && seed::is_empty(&db.read)
            .await
            .context("could not inspect the database")?
    {
        tracing::info!("loading the demo dataset into the empty database");
        load_demo(&db.write, keys).await?;
    }
    startup.finish();
    tracing::info!("ready");
    Ok(())
}

/// `tongxin schema`: writes the SDL (as checked in at `schema.graphql`) to stdout.
pub fn print_schema() -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(graphql::sdl().as_bytes())
        .and_then(|()| stdout.flush())
        .context("could not write the schema to stdout")
}

/// `tongxin migrate`: applies pending migrations and exits.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let keys = config
        .data_keys()
        .context("the data key settings are unusable")?;
    let db = open(config).await?;
    apply_migrations(&db).await?;
    let sealed = seal_plaintext(&db, &keys).await;
    db.close().await.context("could not close the database")?;
    sealed
}

/// Seals ID numbers and phones stored in plaintext by a version before sealing (decision
/// 0025): after the migrations, before anything reads them. A no-op once done.
async fn seal_plaintext(db: &DatabaseConnection, keys: &DataKeys) -> anyhow::Result<()> {
    crate::db::sealed::reseal::seal_plaintext(db, keys)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("could not seal the ID numbers and phones stored in plaintext")?;
    Ok(())
}

/// `tongxin seed [--scale N]`: loads the demo dataset (times `scale`); refused when the
/// database already holds data.
pub async fn seed(config: &Config, scale: u32) -> anyhow::Result<()> {
    let keys = config
        .data_keys()
        .context("the data key settings are unusable")?;
    let db = open(config).await?;
    if config.auto_migrate {
        apply_migrations(&db).await?;
    }
    if !seed::is_empty(&db)
        .await
        .context("could not inspect the database")?
    {
        bail!("the database already holds data; `tongxin seed` only loads into an empty database");
    }
    if scale == 1 {
        load_demo(&db, &keys).await?;
    } else {
        load_scaled(&db, &keys, scale).await?;
    }
    db.close().await.context("could not close the database")?;
    Ok(())
}

/// `tongxin import FILE --kind KIND [--dry-run] (--as NAME | --token TOKEN)`: imports a
/// spreadsheet as the named person or the token's holder; fails when any row failed (then
/// nothing was written).
pub async fn import(
    config: &Config,
    file: &std::path::Path,
    kind: crate::service::bulk::RecordKind,
    dry_run: bool,
    as_name: Option<String>,
    token: Option<String>,
    choices: &crate::cli::ImportChoices,
) -> anyhow::Result<()> {
    let keys = config
        .data_keys()
        .context("the data key settings are unusable")?;
    let db = open(config).await?;
    if config.auto_migrate {
        apply_migrations(&db).await?;
    }
    let actor = match crate::cli::import_actor(&db, as_name, token).await {
        Ok(actor) => actor,
        Err(err) => {
            db.close().await.context("could not close the database")?;
            return Err(err);
        }
    };
    let outcome = crate::cli::import_with(&db, &keys, &actor, file, kind, dry_run, choices).await;
    db.close().await.context("could not close the database")?;
    outcome
}

/// Connects; a SQLite file is created when missing. Errors name the database without its password.
async fn open(config: &Config) -> anyhow::Result<DatabaseConnection> {
    Ok(open_pools(config, false).await?.write)
}

/// The pools the server uses, with the read replica when one is configured. PostgreSQL pools
/// connect lazily, so that the server can start (and say it is not ready) while the database
/// is down; a SQLite file opens at once.
async fn open_for_serving(config: &Config) -> anyhow::Result<Db> {
    let lazy = !db::is_sqlite(&config.database_url);
    let pools = open_pools(config, lazy).await?;
    let Some(url) = replica_url(config)? else {
        return Ok(pools);
    };
    let mut settings = db::PoolSettings::from_config(&config.ops);
    settings.lazy = lazy;
    let pools = pools
        .with_replica(url, &settings)
        .await
        .with_context(|| format!("could not open the read replica {}", redact(url)))?;
    tracing::info!(
        replica = %redact(url),
        "GraphQL queries read from the replica; mutations, subscriptions and sign-in use the primary"
    );
    Ok(pools)
}

/// `DATABASE_REPLICA_URL`, checked: a PostgreSQL replica of a PostgreSQL primary, or none.
fn replica_url(config: &Config) -> anyhow::Result<Option<&str>> {
    let Some(url) = config
        .database_replica_url
        .as_deref()
        .filter(|url| !url.trim().is_empty())
    else {
        return Ok(None);
    };
    if db::is_sqlite(&config.database_url) {
        bail!(
            "DATABASE_REPLICA_URL is set but DATABASE_URL is a SQLite database: read replicas \
             need a PostgreSQL primary (unset DATABASE_REPLICA_URL, or serve from PostgreSQL)"
        );
    }
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        bail!(
            "DATABASE_REPLICA_URL must be a postgres:// URL of a hot standby of DATABASE_URL, not {}",
            redact(url)
        );
    }
    Ok(Some(url))
}

async fn open_pools(config: &Config, lazy: bool) -> anyhow::Result<Db> {
    let url = &config.database_url;
    let mut settings = db::PoolSettings::from_config(&config.ops);
    settings.lazy = lazy;
    Db::open(url, &settings)
        .await
        .with_context(|| format!("could not open the database {}", redact(url)))
}

async fn apply_migrations(db: &DatabaseConnection) -> anyhow::Result<()> {
    db::migrate(db)
        .await
        .context("could not apply the database migrations")?;
    tracing::debug!("database migrations are up to date");
    Ok(())
}

async fn load_demo(db: &DatabaseConnection, keys: &DataKeys) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let report = seed::seed_demo(db, keys)
        .await
        .context("could not load the demo dataset")?;
    tracing::info!(
        rows = report.rows.values().sum::<u64>(),
        elapsed_ms = started.elapsed().as_millis(),
        "demo dataset loaded"
    );
    Ok(())
}

/// `tongxin seed --scale N` with a progress bar on a terminal; prints rows per second.
async fn load_scaled(db: &DatabaseConnection, keys: &DataKeys, scale: u32) -> anyhow::Result<()> {
    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template(
                "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} rows ({per_sec})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let report = seed::scale::seed_scaled(db, keys, scale, &progress)
        .await
        .context("could not load the scaled dataset")?;
    writeln!(
        std::io::stderr(),
        "seeded scale {scale}: {} rows + {} search terms in {:.1} s = {:.0} rows/s",
        report.rows.total(),
        report.terms,
        report.seconds,
        report.rows_per_second()
    )
    .context("could not write to stderr")?;
    Ok(())
}

/// The address a browser can open: a wildcard bind (`0.0.0.0`, `::`) is reachable on loopback.
fn browsable(bound: SocketAddr) -> SocketAddr {
    let mut shown = bound;
    if bound.ip().is_unspecified() {
        shown.set_ip(match bound {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    shown
}

/// A database URL fit for logs: the password, if any, replaced by `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM; in-flight requests then finish before exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// `tongxin token create|revoke`: prints a new token alone on stdout, for scripts.
pub async fn token(config: &Config, action: TokenCommand) -> anyhow::Result<()> {
    let db = open(config).await?;
    match action {
        TokenCommand::Create {
            name,
            role,
            region,
            expires,
        } => {
            let role = tokens::parse_role(&role).with_context(|| {
                format!("unknown role {role:?}: use PUBLIC, VIEWER, ANALYST, EDITOR or ADMIN")
            })?;
            let region = region
                .map(|r| RegionCode::parse(&r).map_err(|e| anyhow::anyhow!("region {r:?}: {e}")))
                .transpose()?;
            let expires_at = expires.as_deref().map(parse_expiry).transpose()?;
            let (_, secret) = tokens::create(&db, &name, role, region.as_ref(), expires_at, "cli")
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            #[expect(clippy::print_stdout, reason = "the token is the command's output")]
            {
                println!("{secret}");
            }
        }
        TokenCommand::Revoke { id } => {
            tokens::revoke(&db, id)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            tracing::info!(token.id = id, "token revoked");
        }
    }
    Ok(())
}

/// `tongxin documents add FILE…`: registers documents for APQ and the PUBLIC allow-list.
pub async fn documents(
    config: &Config,
    action: crate::config::DocumentsCommand,
) -> anyhow::Result<()> {
    let db = open(config).await?;
    if config.auto_migrate {
        apply_migrations(&db).await?;
    }
    let outcome = crate::http::persisted::run_command(&db, action).await;
    db.close().await.context("could not close the database")?;
    outcome
}

/// `tongxin keys generate|rotate`.
pub async fn keys(config: &Config, action: crate::config::KeysCommand) -> anyhow::Result<()> {
    match action {
        crate::config::KeysCommand::Generate => {
            #[expect(clippy::print_stdout, reason = "the key is the command's output")]
            {
                println!("{}", crate::db::sealed::generate_key());
            }
            Ok(())
        }
        crate::config::KeysCommand::Rotate { new_key_file } => {
            rotate_keys(config, &new_key_file).await
        }
    }
}

/// `tongxin keys rotate --new-key-file FILE`: seals every value with the new key, opening
/// them with the configured key(s); then the operator configures the new key (README
/// "Operations → Keys"). Run it again to pick up what servers still on the old key wrote
/// meanwhile: it writes only values not sealed with the new key.
async fn rotate_keys(config: &Config, new_key_file: &std::path::Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(new_key_file)
        .with_context(|| format!("could not read {}", new_key_file.display()))?;
    let new_key = crate::db::sealed::parse_key(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", new_key_file.display()))?;
    if new_key == *crate::db::sealed::DEVELOPMENT_KEY {
        bail!(
            "the new key is the public development key; generate one with `tongxin keys generate`"
        );
    }
    let keys = config
        .data_keys()
        .context("the data key settings are unusable")?
        .rotated_to(&new_key)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = open(config).await?;
    if config.auto_migrate {
        apply_migrations(&db).await?;
    }
    let started = std::time::Instant::now();
    let outcome = crate::db::sealed::reseal::rotate(&db, &keys).await;
    db.close().await.context("could not close the database")?;
    let done = outcome.map_err(|e| anyhow::anyhow!("{e}"))?;
    tracing::info!(
        rows = done.rows,
        changed_meanwhile = done.skipped,
        key = keys.current_id().unwrap_or_default(),
        elapsed_ms = started.elapsed().as_millis(),
        "every ID number and phone is sealed with the new key; configure it as \
         TONGXIN_DATA_KEY_FILE (the old one as TONGXIN_DATA_KEY_PREVIOUS_FILE until every \
         server runs with the new key)"
    );
    Ok(())
}

/// `90d` (days from now) or an RFC 3339 timestamp.
fn parse_expiry(text: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    if let Some(days) = text.strip_suffix('d') {
        let days: i64 = days
            .parse()
            .context("expiry in days is a whole number, e.g. 90d")?;
        return Ok(chrono::Utc::now() + chrono::Duration::days(days));
    }
    Ok(chrono::DateTime::parse_from_rfc3339(text)
        .context("expiry is RFC 3339, e.g. 2026-12-31T23:59:59+08:00, or days, e.g. 90d")?
        .with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://app:s3cret@db.local:5432/tongxin?sslmode=disable"),
            "postgres://app:***@db.local:5432/tongxin?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://app@/tongxin?host=/tmp"),
            "postgres://app@/tongxin?host=/tmp"
        );
        assert_eq!(
            redact("sqlite://tongxin.db?mode=rwc"),
            "sqlite://tongxin.db?mode=rwc"
        );
    }

    #[test]
    fn a_replica_needs_a_postgres_primary_and_a_postgres_url() {
        let mut config = Config {
            database_replica_url: Some("postgres://r@standby/tongxin".into()),
            ..Config::default()
        };
        let refused = replica_url(&config).err().map(|e| e.to_string());
        assert!(refused.is_some_and(|e| e.contains("SQLite")));

        config.database_url = "postgres://p@primary/tongxin".into();
        assert_eq!(
            replica_url(&config).ok().flatten(),
            Some("postgres://r@standby/tongxin")
        );
        config.database_replica_url = Some("sqlite://replica.db".into());
        assert!(replica_url(&config).is_err());
        config.database_replica_url = Some(String::new());
        assert!(matches!(replica_url(&config), Ok(None)));
    }

    #[test]
    fn wildcard_binds_are_shown_as_loopback() {
        let shown = browsable(SocketAddr::from(([0, 0, 0, 0], 8080)));
        assert_eq!(shown.to_string(), "127.0.0.1:8080");
        let kept = browsable(SocketAddr::from(([10, 1, 2, 3], 80)));
        assert_eq!(kept.to_string(), "10.1.2.3:80");
    }
}
