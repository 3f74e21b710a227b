//! The `tongxin` binary: read flags and environment, start logging, run the chosen command.

use clap::Parser;
use tongxin::app;
use tongxin::config::{Cli, Command};
use tongxin::telemetry;

/// jemalloc instead of the system allocator (decision 0042).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// One jemalloc arena for all threads. With an arena per thread (8 on two cores), memory one
/// blocking thread freed (an import's dry run) was not reused by the next (its real run), and
/// the process held both: a 50,000-row import peaked at 206 MiB instead of 174. The threads'
/// caches keep small allocations off the arena's lock. Freed pages go back to the system
/// after a second instead of ten: what a finished import phase (the workbook's parse, the dry
/// run) freed is not still held when the next one peaks (a 50,000-row import: 182–188 against
/// 192–205 MiB, no slower). `_RJEM_MALLOC_CONF` overrides both.
/// jemalloc reads these options from this symbol before `main`, the only way to set them in
/// the binary; exporting a symbol is `unsafe` only because a name clash would be undefined.
#[cfg(not(target_env = "msvc"))]
#[allow(unsafe_code)]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 30] = b"narenas:1,dirty_decay_ms:1000\0";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let _telemetry = telemetry::init(&cli.config)?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => app::run(cli.config).await,
        Command::Schema => app::print_schema(),
        Command::Migrate => app::migrate(&cli.config).await,
        Command::Seed { scale } => app::seed(&cli.config, scale).await,
        Command::Import {
            file,
            kind,
            dry_run,
            as_name,
            token,
            confirm_rows,
            as_of,
            expected_plan,
        } => {
            let choices = tongxin::cli::ImportChoices {
                confirm_rows,
                as_of,
                expected_plan,
            };
            app::import(&cli.config, &file, kind, dry_run, as_name, token, &choices).await
        }
        Command::Token { action } => app::token(&cli.config, action).await,
        Command::Documents { action } => app::documents(&cli.config, action).await,
        Command::Keys { action } => app::keys(&cli.config, action).await,
        Command::Backup { file } => app::backup::backup(&cli.config, &file).await,
        Command::Restore { file } => app::backup::restore(&cli.config, &file).await,
    }
}
