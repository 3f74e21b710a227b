//! One declaration per record type ([`Record`]): what its writes need that other types' do
//! not, and the one `create`, `update`, `delete` and `restore` every record type takes.

use async_graphql::ID;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};

use super::{InRegion, Patch, Writable, get_deleted, get_live};
use crate::db::table::IdRow;
use crate::error::{AppResult, FieldError};
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::links::{self, Link};

/// A stored row of `R`.
pub type Row<R> = <<R as Record>::Entity as EntityTrait>::Model;
/// A row of `R` being written.
pub type ActiveRow<R> = <<R as Record>::Entity as EntityTrait>::ActiveModel;

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
    type Outcome: Filled;

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
        draft: Self::Draft,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveRow<Self>,
    ) -> impl Future<Output = AppResult<Self::Outcome>> + Send;

    /// Writes `patch` into `row`, the stored `before` about to change, each field checked.
    fn change<C: ConnectionTrait>(
        db: &C,
        patch: Self::Patch,
        check: &mut Checker,
        row: &mut ActiveRow<Self>,
        before: &Row<Self>,
        governor: Self::Governor,
    ) -> impl Future<Output = AppResult<Self::Outcome>> + Send;

    /// Accepts the row as it will be written once every check has passed (the region it ends
    /// up in is one the caller may write) and does what must precede the write. By default,
    /// the region the outcome names, if any: the parent or owner was settled before.
    fn settle<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &ActiveRow<Self>,
        outcome: &Self::Outcome,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let _ = (db, row);
        let settled = outcome
            .region()
            .map_or(Ok(()), |region| actor.may_write(region));
        async { settled }
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

    /// What goes with the deletion of `deleted` (what the record owns). By default, nothing.
    fn deleted<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        deleted: &Row<Self>,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let _ = (db, actor, deleted);
        async { Ok(()) }
    }

    /// What comes back with the restore of the row as it was deleted, `deleted` (what went
    /// with it). By default, nothing.
    fn restored<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        deleted: &Row<Self>,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let _ = (db, actor, deleted);
        async { Ok(()) }
    }

    /// What to check although the write of `written` succeeded (a likely duplicate), said
    /// beside the record. By default, nothing, and nothing is read.
    fn warnings<C: ConnectionTrait>(
        db: &C,
        written: &Row<Self>,
    ) -> impl Future<Output = AppResult<Vec<FieldError>>> + Send {
        let _ = (db, written);
        async { Ok(Vec::new()) }
    }
}

/// What filling or patching a row yields for what follows the checks.
pub trait Filled: Send {
    /// A region the caller must be able to write once every check has passed (a new record's
    /// owner's, looked up while its draft was checked); none by default.
    fn region(&self) -> Option<&str> {
        None
    }
}

impl Filled for () {}

/// The region of the person or household a new record is written for, which the caller must
/// be able to write; none for a stored record, whose owner was settled before its patch.
pub struct OwnerRegion(pub Option<String>);

impl Filled for OwnerRegion {
    fn region(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// A record kept in a region of its own whose draft is its patch applied to an empty row
/// (households, projects, publicity works): its patch and links are its whole declaration.
/// The caller must be able to write the region it is in and the one it ends up in.
pub trait InOwnRegion: Send + Sync + 'static {
    /// A new record as the caller gives it.
    type Draft: Send;
    /// Changes to a stored record; a draft is one that sets every field.
    type Patch: Patch<Entity: InRegion<Model: IdRow>> + From<Self::Draft>;
    /// The links that block a deletion, or are ended with it when the caller asks.
    const LINKS: &'static [Link];

    /// Whether the deleted `row` may come back once the caller may write its region: nothing
    /// written meanwhile clashes with it. By default it may.
    fn may_return<C: ConnectionTrait>(
        db: &C,
        row: &<<Self::Patch as Patch>::Entity as EntityTrait>::Model,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let _ = (db, row);
        async { Ok(()) }
    }
}

impl<T: InOwnRegion> Record for T {
    type Entity = <T::Patch as Patch>::Entity;
    type Draft = T::Draft;
    type Patch = T::Patch;
    type Governor = ();
    type Outcome = ();
    const LINKS: &'static [Link] = T::LINKS;

    async fn may_change<C: ConnectionTrait>(
        _: &C,
        actor: &Actor,
        row: &Row<Self>,
    ) -> AppResult<()> {
        actor.may_write(Self::Entity::region(row))
    }

    async fn may_restore<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &Row<Self>,
    ) -> AppResult<()> {
        actor.may_write(Self::Entity::region(row))?;
        T::may_return(db, row).await
    }

    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: T::Draft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveRow<Self>,
    ) -> AppResult<()> {
        T::Patch::from(draft).apply(db, check, row, None).await
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: T::Patch,
        check: &mut Checker,
        row: &mut ActiveRow<Self>,
        before: &Row<Self>,
        (): (),
    ) -> AppResult<()> {
        patch.apply(db, check, row, Some(before.id())).await
    }

    fn settle<C: ConnectionTrait>(
        _: &C,
        actor: &Actor,
        row: &ActiveRow<Self>,
        (): &(),
    ) -> impl Future<Output = AppResult<()>> + Send {
        // Decided before the future: a row being written is not `Sync`.
        let settled = actor.may_write(Self::Entity::written_region(row));
        async { settled }
    }
}

/// Creates a record of type `R` from its draft.
pub async fn create<R: Record, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    draft: R::Draft,
) -> AppResult<Row<R>> {
    let mut row = <ActiveRow<R> as ActiveModelTrait>::default();
    let mut check = Checker::default();
    let outcome = R::fill(db, draft, actor, &mut check, &mut row).await?;
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
    let outcome = R::change(db, patch, &mut check, &mut row, &before, governor).await?;
    check.finish()?;
    R::settle(db, actor, &row, &outcome).await?;
    let version = update.expected_version;
    let after = super::update::<R::Entity, C>(db, actor, "UPDATE", &before, version, row).await?;
    R::written(db, actor, &after, outcome).await?;
    Ok(after)
}

/// Soft-deletes a live record of type `R` once its links are released: ended when
/// `end_links` asks for it and they can be, refusing the deletion otherwise. What the record
/// owns goes with it.
pub async fn delete<R: Record, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Row<R>> {
    let before = get_live::<R::Entity, C>(db, key).await?;
    R::may_change(db, actor, &before).await?;
    links::release(db, actor, R::LINKS, key, end_links).await?;
    let deleted = super::soft_delete::<R::Entity, C>(db, actor, &before, expected_version).await?;
    R::deleted(db, actor, &deleted).await?;
    Ok(deleted)
}

/// Restores a soft-deleted record of type `R` and what went with it (links ended with it stay
/// ended).
pub async fn restore<R: Record, C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    key: i64,
) -> AppResult<Row<R>> {
    let before = get_deleted::<R::Entity, C>(db, key).await?;
    R::may_restore(db, actor, &before).await?;
    let restored = super::restore::<R::Entity, C>(db, actor, &before).await?;
    R::restored(db, actor, &before).await?;
    Ok(restored)
}
