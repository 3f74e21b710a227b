//! The plan of an import: per row what it does (create, update, restore, nothing), which
//! record, which cells change from what to what, and the conflict that needs confirmation.
//! Its digest lets a real run refuse to do anything other than what the dry run showed.

use crate::error::UserErrorCode;
use sha2::{Digest, Sha256};

/// What a row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    /// Matches a record but needs the caller's confirmation (`confirm_rows`) to be applied.
    Conflict,
    Failed,
    /// A soft-deleted record restored (and updated) by a confirmed row.
    Restore,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "CREATE",
            Self::Update => "UPDATE",
            Self::Unchanged => "UNCHANGED",
            Self::Conflict => "CONFLICT",
            Self::Failed => "FAILED",
            Self::Restore => "RESTORE",
        }
    }
}

/// One cell a row changes: the stored value as the caller may see it, and the file's value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellChange {
    pub column: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Why a row matching a record needs confirmation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    /// The first reason's stable code: `RECORD_DELETED`, `STALE_VERSION`, `CHANGED_SINCE`,
    /// `NAME_MISMATCH`, `COUNTY_MISMATCH`.
    pub code: UserErrorCode,
    /// Every reason, in both languages.
    pub en: String,
    pub zh: String,
}

/// One row of the plan. Stored with each job's report, so what is empty is left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowPlan {
    pub row: u32,
    /// What the row did (or, in a dry run, would do) in this run.
    pub action: Action,
    /// The matched record's global id; `None` for new records and for rows refused before
    /// the record was disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The row's name (姓名, 名称, 活动名称 …) as the file gives it.
    pub label: String,
    /// The cells that change a stored record: stored and new value. Empty for a new record
    /// in the report (its values are the file's own); the digest covers them all the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<CellChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
}

impl RowPlan {
    /// The row as the report keeps it, once the digest has taken it in: a new record's cells
    /// are the file's values, so the report keeps only its row, action and label. At 50,000
    /// new people those cells were most of the report, in memory and stored.
    pub fn compact(mut self) -> Self {
        if self.action == Action::Create {
            self.changes = Vec::new();
        }
        self
    }
}

/// Accumulates the plan's digest. Each row contributes what the dry run shows before any
/// confirmation (a conflict stays a conflict), the matched record's version (so a change to a
/// value the caller sees only masked still changes the digest) and its error codes.
#[derive(Default)]
pub struct PlanDigest(Sha256);

impl PlanDigest {
    pub fn add(
        &mut self,
        plan: &RowPlan,
        unconfirmed: Action,
        version: Option<i32>,
        errors: &[&str],
    ) {
        let mut part = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            plan.row,
            unconfirmed.code(),
            plan.record.as_deref().unwrap_or(""),
            version.map_or(String::new(), |v| v.to_string()),
            plan.conflict.as_ref().map_or("", |c| c.code.as_str()),
        );
        for change in &plan.changes {
            part.push_str(&format!(
                "\u{1e}{}\u{1f}{}\u{1f}{}",
                change.column,
                change.old.as_deref().unwrap_or("\u{0}"),
                change.new.as_deref().unwrap_or("\u{0}"),
            ));
        }
        for code in errors {
            part.push('\u{1d}');
            part.push_str(code);
        }
        part.push('\n');
        self.0.update(part.as_bytes());
    }

    pub fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}
