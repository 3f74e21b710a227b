//! Compensation for an import written in short transactions: when it fails or is cancelled
//! after some of its rows were committed, what it committed is undone, so the import as a whole
//! stays all-or-nothing.
//!
//! - A record it changed is set back to the values it held before, through the kind's own
//!   update (so the change is checked and audited like any other), unless someone else has
//!   changed it since: their change is kept and the row is reported as not undone.
//! - A deleted record it restored (a confirmed `RECORD_DELETED` row) is deleted again through
//!   the kind's own delete, after its values are set back, unless someone else has written to
//!   it or linked it since.
//! - A record it created is removed with the rows its creation wrote (private fields,
//!   categories, search terms), unless another caller has touched it since; a `PURGE` audit
//!   entry records the removal, so the history and the change feed show it.
//!
//! The undo commits every few hundred records, like the import it takes back, so that other
//! editors are not locked out while a large import is undone.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use entity::{
    activity, activity_participant, audit_entry, organization, pairing, person, person_category,
    person_private, search_term,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, NotSet, QueryFilter, QueryOrder, Set, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use super::RowError;
use super::cells::Cell;
use super::import::{Done, Settings, apply};
use super::plan::{Action, RowPlan};
use super::references::References;
use super::row::{Mark, Row};
use super::template::Template;
use crate::db::sealed::DataKeys;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::service::audit::Actor;

/// An undo's transactions: at most [`UNDO_BATCH`] records or [`UNDO_TIME`] each, with a
/// pause ([`super::WRITER_GAP`]) between two, so that other editors get SQLite's writer while a large import is taken
/// back (each record is undone, or reported NOT_UNDONE, on its own either way).
struct Batches<'a> {
    db: &'a DatabaseConnection,
    options: TransactionOptions,
    pending: usize,
    started: Instant,
}

/// Records an undo takes back per transaction, at most.
const UNDO_BATCH: usize = 200;

/// How long one of the undo's transactions may hold the writer before it commits.
const UNDO_TIME: Duration = Duration::from_millis(200);

impl<'a> Batches<'a> {
    async fn begin(db: &'a DatabaseConnection) -> AppResult<(Self, DatabaseTransaction)> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        let txn = db.begin_with_options(options).await?;
        let batches = Self {
            db,
            options,
            pending: 0,
            started: Instant::now(),
        };
        Ok((batches, txn))
    }

    /// Counts one more record taken back; commits and begins again when the transaction is
    /// full or has held the writer long enough.
    async fn next(&mut self, txn: DatabaseTransaction) -> AppResult<DatabaseTransaction> {
        self.pending += 1;
        if self.pending < UNDO_BATCH && self.started.elapsed() < UNDO_TIME {
            return Ok(txn);
        }
        txn.commit().await?;
        tokio::time::sleep(super::WRITER_GAP).await;
        self.pending = 0;
        let txn = self.db.begin_with_options(self.options).await?;
        self.started = Instant::now();
        Ok(txn)
    }
}

/// What an import committed so far and how to take it back.
#[derive(Default)]
pub struct Undo {
    /// Some rows were committed: there is something to undo.
    pub committed: bool,
    /// Changed records: the row as written, and the record's cells before.
    updated: Vec<(Row, Vec<Cell>)>,
}

impl Undo {
    pub fn updated(&mut self, row: &Row, before: Vec<Cell>) {
        self.updated.push((row.clone(), before));
    }

    /// The row's change was rolled back with its savepoint.
    pub fn forget(&mut self, row: u32) {
        if self.updated.last().is_some_and(|(r, _)| r.number == row) {
            self.updated.pop();
        }
    }

    /// Undoes every committed change of the import whose audit entries carry
    /// `actor.request_id`. Returns what could not be undone, one error per record.
    pub async fn revert<T: Template>(
        self,
        db: &DatabaseConnection,
        keys: &DataKeys,
        actor: &Actor,
    ) -> AppResult<Vec<RowError>> {
        if !self.committed {
            return Ok(Vec::new());
        }
        let Some(request_id) = actor.request_id.clone() else {
            return Err(AppError::Internal("an import without a request id".into()));
        };
        let (mut batches, mut txn) = Batches::begin(db).await?;
        let mut problems = Vec::new();
        let mut rows: Vec<(Row, Row)> = self
            .updated
            .into_iter()
            .rev()
            .map(|(written, before)| {
                let back = restoring(&written, before);
                (written, back)
            })
            .collect();
        let backs: Vec<Row> = rows.iter().map(|(_, back)| back.clone()).collect();
        let index = T::index(&txn, keys, &backs).await?;
        let mut references = References::default();
        // Setting a record back to what it held is confirmed by the import that changed it
        // (its name or county may differ from the stored one: that is the point).
        let settings = Settings {
            confirm: rows.iter().map(|(_, back)| back.number).collect(),
            as_of: None,
        };
        let mut touched = HashMap::new();
        for (written, back) in &mut rows {
            if !still_as_written::<T, _>(&txn, &index, written).await? {
                problems.push(not_undone(written.number));
                continue;
            }
            let savepoint = txn.begin().await?;
            let mut outcome = Done {
                plan: RowPlan {
                    row: back.number,
                    action: Action::Failed,
                    record: None,
                    label: String::new(),
                    changes: Vec::new(),
                    conflict: None,
                },
                unconfirmed: Action::Failed,
                version: None,
                reads: Vec::new(),
            };
            let applied = apply::<T, _>(
                &savepoint,
                keys,
                actor,
                &settings,
                &index,
                &mut references,
                &mut touched,
                back,
                &mut outcome,
                None,
                None,
            )
            .await;
            match applied {
                Ok(()) if back.errors.is_empty() && outcome.plan.action != Action::Conflict => {
                    savepoint.commit().await?
                }
                _ => {
                    savepoint.rollback().await?;
                    problems.push(not_undone(written.number));
                }
            }
            txn = batches.next(txn).await?;
        }
        // Records the import restored (confirmed RECORD_DELETED rows) are deleted again, now
        // that their values are back: newest first, through the kind's own delete.
        let restored = audit_entry::Entity::find()
            .filter(audit_entry::Column::RequestId.eq(request_id.as_str()))
            .filter(audit_entry::Column::Operation.eq("RESTORE"))
            .filter(audit_entry::Column::EntityType.eq(T::TYPE_NAME))
            .order_by_desc(audit_entry::Column::Id)
            .all(&txn)
            .await?;
        for entry in restored {
            let id = entry.entity_key.parse::<i64>().ok();
            let deleted = match id {
                Some(id) if !changed_by_others(&txn, &entry, &request_id).await? => {
                    let savepoint = txn.begin().await?;
                    match T::delete(&savepoint, actor, id).await {
                        Ok(()) => {
                            savepoint.commit().await?;
                            true
                        }
                        Err(err) => {
                            tracing::info!(error = %err, key = entry.entity_key, "a restore not taken back");
                            savepoint.rollback().await?;
                            false
                        }
                    }
                }
                _ => false,
            };
            if !deleted {
                problems.push(RowError::new(
                    0,
                    None,
                    UserErrorCode::NotUndone,
                    format!(
                        "the deleted {} {} this import restored was changed or linked by someone else since and stays restored",
                        entry.entity_type, entry.entity_key
                    ),
                    format!(
                        "本次导入恢复的已删除记录（{} {}）此后已被他人修改或关联，仍保持恢复状态，请核对",
                        entry.entity_type, entry.entity_key
                    ),
                ));
            }
            txn = batches.next(txn).await?;
        }
        let created = audit_entry::Entity::find()
            .filter(audit_entry::Column::RequestId.eq(request_id.as_str()))
            .filter(audit_entry::Column::Operation.eq("CREATE"))
            .order_by_desc(audit_entry::Column::Id)
            .all(&txn)
            .await?;
        for entry in created {
            let savepoint = txn.begin().await?;
            match purge(&savepoint, &entry, &request_id).await {
                Ok(true) => savepoint.commit().await?,
                Ok(false) | Err(_) => {
                    savepoint.rollback().await?;
                    problems.push(RowError::new(
                        0,
                        None,
                        UserErrorCode::NotUndone,
                        format!(
                            "the {} {} this import created was changed by someone else since and was kept",
                            entry.entity_type, entry.entity_key
                        ),
                        format!(
                            "本次导入新建的记录（{} {}）已被他人修改，已保留，请核对",
                            entry.entity_type, entry.entity_key
                        ),
                    ));
                }
            }
            txn = batches.next(txn).await?;
        }
        txn.commit().await?;
        tracing::info!(
            request_id,
            not_undone = problems.len(),
            "undid a failed or cancelled import"
        );
        Ok(problems)
    }
}

fn not_undone(row: u32) -> RowError {
    RowError::new(
        row,
        None,
        UserErrorCode::NotUndone,
        "this row's record was changed by someone else after the import wrote it; their change was kept",
        "本行对应的记录在导入写入后已被他人修改，已保留他人的修改，请核对",
    )
}

/// The row that sets a changed record back: the file's columns with the values before.
fn restoring(written: &Row, before: Vec<Cell>) -> Row {
    let mut back = Row::empty(written.number, written.sheet.clone(), before.len());
    for (i, cell) in before.into_iter().enumerate() {
        if written.leaves(i) {
            back.cells.push(None);
            back.marks.push(Mark::Blank);
        } else {
            let mark = if cell == Cell::Blank {
                Mark::Clear
            } else {
                Mark::Given
            };
            back.cells.push(Some(match cell {
                // References are resolved again, as an import resolves them.
                Cell::Ref(reference) => Cell::Text(reference.text),
                other => other,
            }));
            back.marks.push(mark);
        }
    }
    back
}

/// Does the record still hold what the import wrote (no one changed it since)?
async fn still_as_written<T: Template, C: ConnectionTrait>(
    db: &C,
    index: &T::Index,
    written: &Row,
) -> AppResult<bool> {
    let Ok(Some(record)) = T::find(index, written) else {
        return Ok(false);
    };
    let now = T::cells(db, std::slice::from_ref(record)).await?;
    Ok(now.first().is_some_and(|now| {
        written
            .cells
            .iter()
            .zip(now)
            .enumerate()
            .all(|(i, (given, now))| written.leaves(i) || given.as_ref().is_none_or(|g| g == now))
    }))
}

/// Has anyone but the import written to the record of `entry` since it was written? A
/// person's personal data (keyed by the person) counts as the person.
async fn changed_by_others<C: ConnectionTrait>(
    db: &C,
    entry: &audit_entry::Model,
    request_id: &str,
) -> AppResult<bool> {
    let types: &[&str] = match entry.entity_type.as_str() {
        "Person" => &["Person", "PersonPrivate"],
        other => &[other],
    };
    let touched = audit_entry::Entity::find()
        .filter(audit_entry::Column::EntityType.is_in(types.iter().copied()))
        .filter(audit_entry::Column::EntityKey.eq(entry.entity_key.as_str()))
        .filter(audit_entry::Column::RequestId.ne(request_id))
        .filter(audit_entry::Column::Id.gt(entry.id))
        .one(db)
        .await?;
    Ok(touched.is_some())
}

/// Removes one record the import created, with the rows its creation wrote; `false` when
/// another caller has written to it since.
async fn purge<C: ConnectionTrait>(
    db: &C,
    entry: &audit_entry::Model,
    request_id: &str,
) -> AppResult<bool> {
    if changed_by_others(db, entry, request_id).await? {
        return Ok(false);
    }
    let Ok(id) = entry.entity_key.parse::<i64>() else {
        return Ok(false);
    };
    let terms = search_term::Entity::delete_many()
        .filter(search_term::Column::RecordType.eq(entry.entity_type.as_str()))
        .filter(search_term::Column::RecordKey.eq(entry.entity_key.as_str()));
    match entry.entity_type.as_str() {
        "Person" => {
            terms.exec(db).await?;
            person_category::Entity::delete_many()
                .filter(person_category::Column::PersonId.eq(id))
                .exec(db)
                .await?;
            person_private::Entity::delete_many()
                .filter(person_private::Column::PersonId.eq(id))
                .exec(db)
                .await?;
            person::Entity::delete_by_id(id).exec(db).await?;
        }
        "Organization" => {
            terms.exec(db).await?;
            organization::Entity::delete_by_id(id).exec(db).await?;
        }
        "Activity" => {
            terms.exec(db).await?;
            activity_participant::Entity::delete_many()
                .filter(activity_participant::Column::ActivityId.eq(id))
                .exec(db)
                .await?;
            activity::Entity::delete_by_id(id).exec(db).await?;
        }
        "Pairing" => {
            pairing::Entity::delete_by_id(id).exec(db).await?;
        }
        // Parts of a person the import created with it (written and audited per part):
        // removed on their own, before the person's own entry, older, comes up.
        "PersonPrivate" => {
            person_private::Entity::delete_many()
                .filter(person_private::Column::PersonId.eq(id))
                .exec(db)
                .await?;
        }
        "PersonCategory" => {
            person_category::Entity::delete_by_id(id).exec(db).await?;
        }
        _ => return Ok(false),
    }
    let removal = audit_entry::ActiveModel {
        id: NotSet,
        at: Set(chrono::Utc::now()),
        actor: Set(entry.actor.clone()),
        operation: Set("PURGE".into()),
        entity_type: Set(entry.entity_type.clone()),
        entity_key: Set(entry.entity_key.clone()),
        before: Set(entry.after.clone()),
        after: Set(None),
        changed_fields: Set(String::new()),
        request_id: Set(Some(request_id.to_owned())),
    }
    .insert(db)
    .await?;
    crate::live::announce(db, removal.id).await?;
    Ok(true)
}
