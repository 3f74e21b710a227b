//! One declaration per record type ([`Record`]): what its writes need that other types' do
//! not, and the one `create`, `update`, `delete` and `restore` every record type takes.

use async_graphql::ID;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};

use super::{Writable, delete_by_id, get_live, restore_by_id};
use crate::error::AppResult;
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::links::{self, Link};

/// A stored row of `R`.
pub type Row<R> = <<R as Record>::Entity as EntityTrait>::Model;
/// A row of `R` being written.
pub type Draft<R> = <<R as Record>::Entity as EntityTrait>::ActiveModel;

/// A record type as its writes see it: its table, its draft and patch, who may write it, what
/// a new or changed row is checked against, and what must hold before it is restored. The
/// generic [`create`], [`update`], [`delete`] and [`restore`] hold the order every write keeps:
/// who may act is settled from the stored row before the patch is read, every check runs and
/// all refusals are reported together, then the row is written with its audit entry.
pub trait Record: Sized + Send + Sync + 'static {
    /// The table its rows are kept in.
    type Entity: Writable;
    /// A new record as the caller gives it.
    type Draft: Send;
    /// Changes to a stored record.
    type Patch: Send;
    /// What authorising a stored row looked up that checking its patch needs too (the parent
    /// whose region governs it); `()` for most.
    type Governor: Send;
    /// What filling or patching a row yields for [`Record::settle`] and [`Record::written`]
    /// (the owner to authorise once the checks pass, partners to link); `()` for most.
    type Outcome: Send;

    /// The links that block a deletion, or are ended with it when the caller asks.
    const LINKS: &'static [Link] = &[];

    /// The key a global id names; an id of another type is bad input.
    fn key(id: &ID) -> AppResult<i64> {
        crate::ids::key::<Self::Entity>(id)
    }

    /// Whether `actor` may change or delete the stored `row`: its region, its owner's or its
    /// parent's. Asked before anything of the patch is read.
    fn may_change<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &Row<Self>,
    ) -> impl Future<Output = AppResult<Self::Governor>> + Send;

    /// Whether `actor` may restore the deleted `row`, and whether it may come back: the parent
    /// it hangs on is live (PARENT_DELETED or REFERENCE_DELETED otherwise), nothing written
    /// meanwhile clashes with it. By default, whether the caller may change it.
    fn may_restore<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &Row<Self>,
    ) -> impl Future<Output = AppResult<()>> + Send {
        async move { Self::may_change(db, actor, row).await.map(drop) }
    }

    /// Fills a new row from `draft`, each field checked; a record whose region is its
    /// parent's settles here, from the parent the draft names, who may write it.
    fn fill<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        check: &mut Checker,
        row: &mut Draft<Self>,
        draft: Self::Draft,
    ) -> impl Future<Output = AppResult<Self::Outcome>> + Send;

    /// Writes `patch` into `row`, the stored `before` about to change, each field checked.
    fn change<C: ConnectionTrait>(
        db: &C,
        check: &mut Checker,
        row: &mut Draft<Self>,
        before: &Row<Self>,
        governor: Self::Governor,
        patch: Self::Patch,
    ) -> impl Future<Output = AppResult<Self::Outcome>> + Send;

    /// Accepts the row as it will be written once every check has passed (the region it ends
    /// up in is one the caller may write) and does what must precede the write. By default,
    /// nothing: the parent or owner was settled before.
    fn settle<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &Draft<Self>,
        outcome: &Self::Outcome,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let _ = (db, actor, row, outcome);
        async { Ok(()) }
    }

    /// What follows the write of `written` (a mediation case's partners). By default, nothing.
    fn written<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        written: &Row<Self>,
        outcome: Self::Outcome,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let _ = (db, actor, written, outcome);
        async { Ok(()) }
    }
}

/// Creates a record of type `R` from its draft.
pub async fn create<R: Record, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    draft: R::Draft,
) -> AppResult<Row<R>> {
    let mut row = <Draft<R> as ActiveModelTrait>::default();
    let mut check = Checker::default();
    let outcome = R::fill(db, actor, &mut check, &mut row, draft).await?;
    check.finish()?;
    R::settle(db, actor, &row, &outcome).await?;
    let created = super::create::<R::Entity, C>(db, actor, row).await?;
    R::written(db, actor, &created, outcome).await?;
    Ok(created)
}

/// Changes a live record of type `R` by its patch; refused with VERSION_CONFLICT when it
/// changed since `expected_version`.
pub async fn update<R: Record, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    update: super::Update<R::Patch>,
) -> AppResult<Row<R>> {
    let before = get_live::<R::Entity, C>(db, update.key).await?;
    let governor = R::may_change(db, actor, &before).await?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    let patch = update.patch;
    let outcome = R::change(db, &mut check, &mut row, &before, governor, patch).await?;
    check.finish()?;
    R::settle(db, actor, &row, &outcome).await?;
    let version = update.expected_version;
    let after = super::update::<R::Entity, C>(db, actor, "UPDATE", &before, version, row).await?;
    R::written(db, actor, &after, outcome).await?;
    Ok(after)
}

/// Soft-deletes a live record of type `R` once its links are released: ended when
/// `end_links` asks for it and they can be, refusing the deletion otherwise.
pub async fn delete<R: Record, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Row<R>> {
    delete_by_id::<R::Entity, C>(db, actor, key, expected_version, async |key, before| {
        R::may_change(db, actor, before).await?;
        links::release(db, actor, R::LINKS, key, end_links).await
    })
    .await
}

/// Restores a soft-deleted record of type `R` (links ended with it stay ended).
pub async fn restore<R: Record, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    key: i64,
) -> AppResult<Row<R>> {
    restore_by_id::<R::Entity, C>(db, actor, key, async |_, before| {
        R::may_restore(db, actor, before).await
    })
    .await
}
