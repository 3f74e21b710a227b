//! One committed change, as read from its audit entry.

use async_graphql::Enum;
use chrono::{DateTime, Utc};

/// What happened to the record.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "ChangeOperation")]
pub enum Operation {
    /// 新增: the record was created (or imported).
    Created,
    /// 修改: the record's fields changed.
    Updated,
    /// 删除: the record was deleted.
    Deleted,
    /// 恢复: a deleted record was restored.
    Restored,
}

impl Operation {
    /// Maps an audit operation (`CREATE`, `UPDATE`, `DELETE`, `RESTORE`, …) to its kind; any
    /// other operation (ending a term, moving a suggestion …) changed fields.
    pub fn from_audit(operation: &str) -> Self {
        match operation {
            "CREATE" | "IMPORT" => Self::Created,
            // A record merged into another one is gone; unmerged, it is back.
            "DELETE" | "PURGE" | "MERGE" => Self::Deleted,
            "RESTORE" | "UNMERGE" => Self::Restored,
            _ => Self::Updated,
        }
    }
}

/// A committed change to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The audit entry that recorded it.
    pub audit_id: i64,
    pub operation: Operation,
    /// The record's type name as its audit entry stores it, e.g. `Organization`.
    pub type_name: String,
    /// The record type clients address it as; `None` for entries about parts of a record.
    pub record: Option<crate::ids::RecordType>,
    /// The record's key (id, or the code of a region).
    pub key: String,
    /// The 12-digit code of the region the record belongs to, when it has one.
    pub region_code: Option<String>,
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_operations_map_to_change_kinds() {
        assert_eq!(Operation::from_audit("CREATE"), Operation::Created);
        assert_eq!(Operation::from_audit("DELETE"), Operation::Deleted);
        assert_eq!(Operation::from_audit("RESTORE"), Operation::Restored);
        assert_eq!(Operation::from_audit("REELECT"), Operation::Updated);
        assert_eq!(Operation::from_audit("MERGE"), Operation::Deleted);
        assert_eq!(Operation::from_audit("UNMERGE"), Operation::Restored);
        assert_eq!(Operation::from_audit("MERGE_KEEP"), Operation::Updated);
    }
}
