//! Memberships of organizations: adding, ending, correcting; one person holds at most one
//! membership of an organization at a time. Writes are scoped to the organization's region.

use chrono::NaiveDate;
use entity::membership::{ActiveModel, Column, Entity, Model};
use entity::{organization, person};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, Set};

use super::audit::Actor;
use super::check::{Checker, today};
use super::fields::put;
use super::people::rules;
use super::write::{self, Record};
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::MembershipRole;
use crate::error::{AppResult, UserErrorCode};
use crate::ids::Ref;

/// A membership, current or past.
pub struct MembershipDraft {
    pub person: Ref<person::Entity>,
    pub organization: Ref<organization::Entity>,
    pub role: MembershipRole,
    pub since: NaiveDate,
    /// For a membership that has ended.
    pub until: Option<NaiveDate>,
}

/// Corrections to a membership (never its person or organization): `None` and
/// [`Change::Keep`] leave a field as it is; clearing `until` reopens it.
#[derive(Default)]
pub struct MembershipPatch {
    pub role: Option<MembershipRole>,
    pub since: Option<NaiveDate>,
    pub until: Change<NaiveDate>,
}

/// Ends a current membership: on `until`, today if not given.
pub struct MembershipEnd {
    pub key: i64,
    pub expected_version: i32,
    pub until: Option<NaiveDate>,
}

/// One membership's pair and period, as a change would leave it.
struct Span {
    /// The membership itself (0 for a new one), never its own rival.
    id: i64,
    person: i64,
    organization: i64,
    since: NaiveDate,
    until: Option<NaiveDate>,
}

impl Span {
    fn of(row: &Model) -> Self {
        Self {
            id: row.id,
            person: row.person_id,
            organization: row.organization_id,
            since: row.since,
            until: row.until,
        }
    }
}

/// Refuses a second membership of the person in the organization whose period overlaps this
/// one: an open membership overlaps everything after its start.
async fn no_overlap(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    span: Span,
) -> AppResult<()> {
    let others = Entity::live()
        .filter(Column::PersonId.eq(span.person))
        .filter(Column::OrganizationId.eq(span.organization))
        .filter(Column::Id.ne(span.id))
        .all(db)
        .await?;
    if let Some(other) = others
        .iter()
        .find(|o| rules::overlaps(o.since, o.until, span.since, span.until))
    {
        let period = match other.until {
            Some(until) => format!("{} – {until}", other.since),
            None => format!("since {}", other.since),
        };
        check.fail(
            field,
            UserErrorCode::DuplicateMembership,
            format!(
                "the person already has a membership of this organization ({period}); end or correct it first"
            ),
            format!("此人在该组织已有成员关系（{period}），请先结束或更正"),
        );
    }
    Ok(())
}

/// The organization the membership belongs to.
async fn organization_of(db: &impl ConnectionTrait, row: &Model) -> AppResult<organization::Model> {
    write::get_live::<organization::Entity, _>(db, row.organization_id).await
}

/// A membership ties a person to an organization: it is written by who may write both.
async fn may_write(db: &impl ConnectionTrait, actor: &Actor, row: &Model) -> AppResult<()> {
    let organization = organization_of(db, row).await?;
    let person = write::get_live::<person::Entity, _>(db, row.person_id).await?;
    actor.may_link([
        organization.region_code.as_str(),
        person.region_code.as_str(),
    ])
}

/// Memberships: written by who may write both the person and the organization.
pub struct Memberships;

impl Record for Memberships {
    type Entity = Entity;
    type Draft = MembershipDraft;
    type Patch = MembershipPatch;
    type Governor = ();
    type Outcome = ();

    async fn may_change<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        may_write(db, actor, row).await
    }

    /// Its person and organization are live, then, and it overlaps no other membership of the
    /// pair.
    async fn may_restore<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        let organization = rules::parent_live::<organization::Entity>(
            db,
            row.organization_id,
            "organization",
            "组织",
        )
        .await?;
        let person =
            rules::parent_live::<person::Entity>(db, row.person_id, "person", "人员").await?;
        actor.may_link([
            organization.region_code.as_str(),
            person.region_code.as_str(),
        ])?;
        let mut check = Checker::default();
        no_overlap(&mut check, db, "id", Span::of(row)).await?;
        check.finish()
    }

    async fn fill<C: ConnectionTrait>(
        db: &C,
        input: MembershipDraft,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<()> {
        let person = rules::reference::<person::Entity>(check, db, "person", input.person).await?;
        let organization =
            rules::reference::<organization::Entity>(check, db, "organization", input.organization)
                .await?;
        // A reference that failed is reported when the checks finish.
        let (Some(person), Some(organization)) = (person, organization) else {
            return Ok(());
        };
        // Whether the person already belongs is only looked at once the caller may link both.
        actor.may_link([
            person.region_code.as_str(),
            organization.region_code.as_str(),
        ])?;
        let until = input.until;
        check.date_order("until", Some(input.since), until);
        let span = Span {
            id: 0,
            person: person.id,
            organization: organization.id,
            since: input.since,
            until,
        };
        no_overlap(check, db, "organization", span).await?;
        row.person_id = Set(person.id);
        row.organization_id = Set(organization.id);
        row.role = Set(input.role);
        row.since = Set(input.since);
        row.until = Set(until);
        Ok(())
    }

    /// A correction of its role or period.
    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: MembershipPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        (): (),
    ) -> AppResult<()> {
        put(&mut row.role, patch.role);
        put(&mut row.since, patch.since);
        put(&mut row.until, patch.until.into_new());
        let span = Span {
            id: before.id,
            person: before.person_id,
            organization: before.organization_id,
            since: *row.since.as_ref(),
            until: *row.until.as_ref(),
        };
        check.date_order("until", Some(span.since), span.until);
        no_overlap(check, db, "since", span).await
    }
}

/// Ends a current membership on `until` (today if not given).
pub async fn end(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: MembershipEnd,
) -> AppResult<Model> {
    let before = write::get_live::<Entity, _>(db, input.key).await?;
    may_write(db, actor, &before).await?;
    rules::still_open(before.until)?;
    let until = input.until.unwrap_or_else(today);
    let mut check = Checker::default();
    check.date_order("until", Some(before.since), Some(until));
    check.finish()?;
    let mut row = before.clone().into_active_model();
    row.until = Set(Some(until));
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}
