//! The commands a create and an update carry: a record type's patch, the one place its fields
//! are written into a row with their checks, and the update that names the stored record.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::Writable;
use crate::error::AppResult;
use crate::service::check::Checker;

/// An update command: which record, the version the caller read, and the patch to apply.
pub struct Update<P> {
    pub key: i64,
    pub expected_version: i32,
    pub patch: P,
}

impl<P> Update<P> {
    /// The same update carrying `patch` made into another command (given what it needs beside).
    pub fn map<Q>(self, command: impl FnOnce(P) -> Q) -> Update<Q> {
        Update {
            key: self.key,
            expected_version: self.expected_version,
            patch: command(self.patch),
        }
    }
}

/// A record type's patch: the one place its fields are written into a row, each with its
/// checks, for a new record (from its draft) as for a stored one.
pub trait Patch: Sized + Send {
    /// The record type patched.
    type Entity: Writable;

    /// Writes the fields the patch gives into `row`, each checked, and checks what spans
    /// fields; `key` is the stored record's, none for a new one.
    fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        check: &mut Checker,
        row: &mut <Self::Entity as EntityTrait>::ActiveModel,
        key: Option<i64>,
    ) -> impl Future<Output = AppResult<()>> + Send;
}
