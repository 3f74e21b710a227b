//! The shape every create and update takes: the patch applied to a row with every check, the
//! refusals reported together, the caller's right to write settled, then the generic write.
//! What differs per record is how its patch is applied and whose region it is written in.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};

use super::{InRegion, Writable, create, get_live, update};
use crate::error::AppResult;
use crate::service::audit::Actor;
use crate::service::check::Checker;

/// An update command: which record, the version the caller read, and the patch to apply.
pub struct Update<P> {
    pub key: i64,
    pub expected_version: i32,
    pub patch: P,
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

/// Inserts `row` once `apply` has filled it with its checks, every check has passed and
/// `settle` has accepted the row and what `apply` returned (the caller may write where it
/// is). Returns the new record and what `apply` returned.
pub async fn create_with<E: Writable, C: ConnectionTrait, T>(
    db: &C,
    actor: &Actor,
    mut row: E::ActiveModel,
    apply: impl AsyncFnOnce(&mut Checker, &mut E::ActiveModel) -> AppResult<T>,
    settle: impl FnOnce(&E::ActiveModel, &T) -> AppResult<()>,
) -> AppResult<(E::Model, T)> {
    let mut check = Checker::default();
    let extra = apply(&mut check, &mut row).await?;
    check.finish()?;
    settle(&row, &extra)?;
    Ok((create::<E, C>(db, actor, row).await?, extra))
}

/// Updates the live record keyed `key`: `authorize` decides from the stored record whether the
/// caller may change it, before anything is checked; `apply` writes the patch into the row
/// with its checks; `settle` accepts the row as it would be written. Refused with
/// VERSION_CONFLICT when the record changed since `expected_version`. Returns the record as
/// written and what `apply` returned.
pub async fn update_with<E: Writable, C: ConnectionTrait, T>(
    db: &C,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    authorize: impl AsyncFnOnce(&E::Model) -> AppResult<()>,
    apply: impl AsyncFnOnce(&mut Checker, &mut E::ActiveModel) -> AppResult<T>,
    settle: impl FnOnce(&E::ActiveModel) -> AppResult<()>,
) -> AppResult<(E::Model, T)> {
    let before = get_live::<E, C>(db, key).await?;
    authorize(&before).await?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    let extra = apply(&mut check, &mut row).await?;
    check.finish()?;
    settle(&row)?;
    let after = update::<E, C>(db, actor, "UPDATE", &before, expected_version, row).await?;
    Ok((after, extra))
}

/// [`create_with`] for a record kept in a region: a new row, which the caller must be able to
/// write in the region it names.
pub async fn create_in_region<E: InRegion, C: ConnectionTrait, T>(
    db: &C,
    actor: &Actor,
    apply: impl AsyncFnOnce(&mut Checker, &mut E::ActiveModel) -> AppResult<T>,
) -> AppResult<(E::Model, T)> {
    let row = <E::ActiveModel as ActiveModelTrait>::default();
    create_with::<E, C, T>(db, actor, row, apply, |row, _| {
        actor.may_write(E::written_region(row))
    })
    .await
}

/// [`update_with`] for a record kept in a region: the caller must be able to write the region
/// it is in, and the one it ends up in.
pub async fn update_in_region<E: InRegion, C: ConnectionTrait, T>(
    db: &C,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    apply: impl AsyncFnOnce(&mut Checker, &mut E::ActiveModel) -> AppResult<T>,
) -> AppResult<(E::Model, T)> {
    update_with::<E, C, T>(
        db,
        actor,
        key,
        expected_version,
        async |before| actor.may_write(E::region(before)),
        apply,
        |row| actor.may_write(E::written_region(row)),
    )
    .await
}
