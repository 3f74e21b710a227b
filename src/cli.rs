//! Terminal front ends of one-shot commands: `tongxin import` with a progress bar on a
//! terminal and a plain one-line summary otherwise.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::DatabaseConnection;

use crate::auth::Viewer;
use crate::db::sealed::DataKeys;
use crate::service::audit::Actor;
use crate::service::bulk::{self, ImportOptions, ImportReport, RecordKind};

/// Who a command-line import runs as: `--as NAME` (an operator with every right, named
/// `cli:NAME` in the audit trail) or `--token` (the token's holder, role and region). One of
/// them is required: the audit trail must name a person, not `system`.
pub async fn import_actor(
    db: &DatabaseConnection,
    as_name: Option<String>,
    token: Option<String>,
) -> anyhow::Result<Actor> {
    let viewer = match (as_name, token) {
        (Some(name), _) => {
            let name = name.trim();
            if name.is_empty() || name.chars().any(char::is_control) {
                bail!("--as needs the name of the person running the import");
            }
            Viewer {
                subject: format!("cli:{name}"),
                ..Viewer::system()
            }
        }
        (None, Some(token)) => crate::auth::tokens::authenticate(db, token.trim())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .context("the API token is unknown, revoked or expired")?,
        (None, None) => {
            bail!("say who runs the import: --as NAME, or --token TOKEN (or TONGXIN_IMPORT_TOKEN)")
        }
    };
    Ok(Actor {
        viewer,
        request_id: None,
    })
}

/// The answers to a dry run's plan: `--confirm-rows`, `--as-of`, `--expected-plan`.
#[derive(Debug, Clone, Default)]
pub struct ImportChoices {
    pub confirm_rows: Vec<u32>,
    pub as_of: Option<chrono::NaiveDate>,
    pub expected_plan: Option<String>,
}

/// `tongxin import FILE --kind KIND [--dry-run]` as `actor`, in one transaction (a process
/// killed midway leaves nothing). Fails (non-zero exit) when any row failed or a conflict is
/// left unconfirmed; then nothing was written.
pub async fn import(
    db: &DatabaseConnection,
    keys: &DataKeys,
    actor: &Actor,
    file: &Path,
    kind: RecordKind,
    dry_run: bool,
) -> anyhow::Result<()> {
    import_with(
        db,
        keys,
        actor,
        file,
        kind,
        dry_run,
        &ImportChoices::default(),
    )
    .await
}

/// [`import`] with the caller's confirmations, the file's stated date and the expected plan.
pub async fn import_with(
    db: &DatabaseConnection,
    keys: &DataKeys,
    actor: &Actor,
    file: &Path,
    kind: RecordKind,
    dry_run: bool,
    choices: &ImportChoices,
) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let bar = if std::io::stderr().is_terminal() {
        let style = ProgressStyle::with_template(
            "{spinner} {msg} [{bar:40}] {pos}/{len} rows ({per_sec}, {eta} left)",
        )
        .context("progress bar template")?
        .progress_chars("=> ");
        ProgressBar::new(0)
            .with_style(style)
            .with_message(kind.label())
    } else {
        ProgressBar::hidden()
    };
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let options = ImportOptions {
        kind,
        file_name: file.file_name().and_then(|n| n.to_str()),
        dry_run,
        confirm_rows: &choices.confirm_rows,
        as_of: choices.as_of,
        expected_plan: choices.expected_plan.as_deref(),
    };
    let started = std::time::Instant::now();
    let report = bulk::import(db, keys, actor, options, &bytes, &progress)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    for (kind, message) in report
        .errors
        .iter()
        .map(|e| ("row", e))
        .chain(report.warnings.iter().map(|w| ("warning: row", w)))
    {
        let sheet = message
            .sheet
            .as_deref()
            .map(|s| format!("{s}!"))
            .unwrap_or_default();
        writeln!(
            out,
            "{kind} {sheet}{} [{}] {}: {} ({})",
            message.row,
            message.column.as_deref().unwrap_or("-"),
            message.code,
            message.zh,
            message.en
        )?;
    }
    for row in report.rows.iter().filter(|r| r.conflict.is_some()) {
        let Some(conflict) = &row.conflict else {
            continue;
        };
        writeln!(
            out,
            "row {} {} {} [{}] {} ({})",
            row.row,
            row.action.code(),
            row.label,
            conflict.code,
            conflict.zh,
            conflict.en
        )?;
        for change in &row.changes {
            writeln!(
                out,
                "    {}: {} -> {}",
                change.column,
                change.old.as_deref().unwrap_or("（空）"),
                change.new.as_deref().unwrap_or("（空）")
            )?;
        }
    }
    writeln!(out, "{}", summary(kind, &report, started.elapsed()))?;
    writeln!(out, "plan {}", report.plan_digest)?;
    out.flush()?;
    if !report.errors.is_empty() {
        bail!(
            "{} row(s) failed and {} problem(s) were found; nothing was written",
            report.failed,
            report.errors.len()
        );
    }
    if report.plan_changed {
        bail!(
            "the import would now do something other than the expected plan; nothing was written; run --dry-run again"
        );
    }
    if report.conflicts > 0 && !report.dry_run {
        bail!(
            "{} row(s) need confirmation (--confirm-rows); nothing was written",
            report.conflicts
        );
    }
    Ok(())
}

/// One line: what happened, for logs and scripts.
fn summary(kind: RecordKind, report: &ImportReport, elapsed: std::time::Duration) -> String {
    let state = if report.written {
        "written"
    } else if report.dry_run {
        "dry run, nothing written"
    } else {
        "nothing written"
    };
    format!(
        "{}: {} rows, {} created, {} updated, {} unchanged, {} conflicts, {} failed ({state}; request id {}; {:.1} s)",
        kind.slug(),
        report.total,
        report.created,
        report.updated,
        report.unchanged,
        report.conflicts,
        report.failed,
        report.request_id,
        elapsed.as_secs_f64()
    )
}
