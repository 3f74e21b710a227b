//! The `tongxin` binary: read flags and environment, start logging, run the chosen command.

use clap::Parser;
use tongxin::app;
use tongxin::config::{Cli, Command};
use tongxin::telemetry;

/// jemalloc instead of the system allocator (decision 0042).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
