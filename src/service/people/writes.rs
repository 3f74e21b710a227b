//! People in the write path: their one `Record` declaration, whose draft and patch carry the
//! keys that seal personal data, and the importer's checked-then-written creates.

use entity::person::{ActiveModel, Entity, Model};
use entity::person_private;
use sea_orm::{ConnectionTrait, NotSet, Set};

use super::owned;
use super::private;
use super::{Applied, Lookup, PersonDraft, PersonPatch};
use crate::db::sealed::DataKeys;
use crate::domain::enums::UfCategory;
use crate::error::{AppResult, FieldError};
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::duplicates::likely;
use crate::service::links::Link;
use crate::service::write::{self, Record};

/// Records that point at a person, and how a deletion treats them. What the person owns
/// (personal data, categories, accounts, sales) is deleted and restored with them.
const LINKS: &[Link] = &[
    Link::owned("person_private", "person_id"),
    Link::owned("person_category", "person_id"),
    Link::owned("platform_account", "person_id"),
    Link::owned("sales_record", "person_id"),
    Link::ended("membership", "person_id", "memberships", "成员关系"),
    Link::ended(
        "liaison_assignment",
        "person_id",
        "liaison assignments",
        "联络员任职",
    ),
    Link::ended(
        "activity_participant",
        "person_id",
        "activity participations",
        "活动参与",
    ),
    Link::ended(
        "income_uplift",
        "influencer_id",
        "income-uplift links",
        "增收带动关联",
    ),
    Link::blocking("donation", "donor_person_id", "donations", "捐赠"),
    Link::blocking("suggestion", "author_id", "suggestions", "建言"),
    Link::blocking("publicity_work", "author_id", "publicity works", "宣传作品"),
    Link::blocking(
        "term_election",
        "chair_id",
        "term elections chaired",
        "主持的换届",
    ),
];

/// The personal-data row to write, its ID number and phone sealed (values unchanged from
/// `stored` keep their stored form).
fn private_row(
    keys: &DataKeys,
    key: i64,
    values: private::Values,
    stored: Option<&person_private::Model>,
) -> AppResult<person_private::ActiveModel> {
    let sealed = keys.seal_private(
        key,
        values.id_number.as_deref(),
        values.phone.as_deref(),
        stored,
    )?;
    Ok(person_private::ActiveModel {
        person_id: Set(key),
        id_number: Set(sealed.id_number),
        id_number_hash: Set(sealed.id_number_hash),
        phone: Set(sealed.phone),
        phone_hash: Set(sealed.phone_hash),
        birth_date: Set(values.birth_date),
        address: Set(values.address),
        ethnicity: Set(values.ethnicity),
        political_status: Set(values.political_status),
        religion: Set(values.religion),
        ..Default::default()
    })
}

/// A new person, checked as creating one through [`People`] checks it, not yet written.
#[derive(Clone)]
pub struct NewPerson {
    row: ActiveModel,
    values: private::Values,
    categories: Vec<UfCategory>,
}

/// A person's draft or patch with the keys their personal data is sealed and looked up with.
pub struct Sealing<C> {
    pub keys: DataKeys,
    pub command: C,
}

impl<C> Sealing<C> {
    pub fn new(keys: DataKeys, command: C) -> Self {
        Self { keys, command }
    }
}

/// People in the write path: a person's region governs who may change them; their personal
/// data (sealed to their id) and categories are written after their row, go with a deletion
/// and come back with a restore; a likely duplicate is a warning.
pub struct People;

/// What a person's checks leave to write after their row.
pub struct Personal {
    keys: DataKeys,
    /// The personal data to write: always for a new person, none when a patch gives none.
    values: Option<private::Values>,
    /// The stored personal-data row those values replace.
    stored: Option<person_private::Model>,
    /// The complete new set of categories, when given.
    categories: Option<Vec<UfCategory>>,
}

// The region was settled as the caller's to write while the patch was applied.
impl write::Filled for Personal {}

impl Record for People {
    type Entity = Entity;
    type Draft = Sealing<PersonDraft>;
    type Patch = Sealing<PersonPatch>;
    type Governor = Actor;
    type Outcome = Personal;
    const LINKS: &'static [Link] = LINKS;

    async fn may_change<C: ConnectionTrait>(_: &C, actor: &Actor, row: &Model) -> AppResult<Actor> {
        actor.may_write(&row.region_code)?;
        Ok(actor.clone())
    }

    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: Sealing<PersonDraft>,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<Personal> {
        let Sealing { keys, command } = draft;
        let applied = apply_draft(db, &keys, actor, check, row, command, Lookup::Database).await?;
        Ok(Personal {
            keys,
            values: Some(applied.personal.values),
            stored: None,
            categories: Some(applied.categories.unwrap_or_default()),
        })
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: Sealing<PersonPatch>,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        actor: Actor,
    ) -> AppResult<Personal> {
        let Sealing { keys, command } = patch;
        let stored = owned::private_row(db, before.id).await?;
        let on = (Some(before.id), stored.as_ref());
        let Applied {
            personal,
            categories,
        } = command
            .apply(db, &keys, &actor, check, row, on, Lookup::Database)
            .await?;
        Ok(Personal {
            keys,
            values: personal.changed.then_some(personal.values),
            stored,
            categories,
        })
    }

    // The person's version covers their personal data and categories too: a change to those
    // alone still bumps it, so a client holding the old version cannot overwrite it.
    async fn written<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        person: &Model,
        outcome: Personal,
    ) -> AppResult<()> {
        let Personal {
            keys,
            values,
            stored,
            categories,
        } = outcome;
        if let Some(values) = values {
            // Sealed now: the person's id is part of what binds each value to its row.
            let mut private = private_row(&keys, person.id, values, stored.as_ref())?;
            match &stored {
                Some(stored) => {
                    private.person_id = NotSet;
                    write::update::<person_private::Entity, _>(
                        db,
                        actor,
                        "UPDATE",
                        stored,
                        stored.version,
                        private,
                    )
                    .await?;
                }
                None => {
                    write::create::<person_private::Entity, _>(db, actor, private).await?;
                }
            }
        }
        if let Some(categories) = &categories {
            owned::replace_categories(db, actor, person.id, categories).await?;
        }
        Ok(())
    }

    async fn deleted<C: ConnectionTrait>(db: &C, actor: &Actor, deleted: &Model) -> AppResult<()> {
        owned::delete(db, actor, deleted.id).await
    }

    async fn restored<C: ConnectionTrait>(db: &C, actor: &Actor, deleted: &Model) -> AppResult<()> {
        match deleted.deleted_at {
            Some(deleted_at) => owned::restore(db, actor, deleted.id, deleted_at).await,
            None => Ok(()),
        }
    }

    async fn warnings<C: ConnectionTrait>(db: &C, written: &Model) -> AppResult<Vec<FieldError>> {
        likely::person(db, written).await
    }
}

/// A new person's row filled from `draft`, each field checked.
async fn apply_draft(
    db: &impl ConnectionTrait,
    keys: &DataKeys,
    actor: &Actor,
    check: &mut Checker,
    row: &mut ActiveModel,
    draft: PersonDraft,
    lookup: Lookup<'_>,
) -> AppResult<Applied> {
    row.is_synthetic = Set(false);
    PersonPatch::from(draft)
        .apply(db, keys, actor, check, row, (None, None), lookup)
        .await
}

/// Every check of a new person's create, reading only: what would be written, or the refusal
/// (an import writes what it staged with [`create_many`]).
pub async fn prepare(
    db: &impl ConnectionTrait,
    keys: &DataKeys,
    actor: &Actor,
    draft: PersonDraft,
    lookup: Lookup<'_>,
) -> AppResult<NewPerson> {
    let mut check = Checker::default();
    let mut row = ActiveModel::default();
    let applied = apply_draft(db, keys, actor, &mut check, &mut row, draft, lookup).await?;
    check.finish()?;
    Ok(NewPerson {
        row,
        values: applied.personal.values,
        categories: applied.categories.unwrap_or_default(),
    })
}

/// Writes people [`prepare`]d in one go: multi-row statements for the people, their personal
/// data (sealed to each new id) and categories, each row audited and indexed as a
/// create through [`People`] does. A unique index refusing any of them fails the whole call.
pub async fn create_many(
    db: &impl ConnectionTrait,
    keys: &DataKeys,
    actor: &Actor,
    people: &[NewPerson],
) -> AppResult<Vec<Model>> {
    let mut rows = Vec::with_capacity(people.len());
    let mut rest = Vec::with_capacity(people.len());
    for new in people {
        rows.push(new.row.clone());
        rest.push((new.values.clone(), &new.categories));
    }
    let created = write::insert_many::<Entity, _>(db, rows).await?;
    // The people's audit entries and search terms are written while their personal data and
    // categories are built and written: each side's computing overlaps the other's statements.
    let dependents =
        async {
            let mut private = Vec::with_capacity(created.len());
            let mut categories = Vec::new();
            for (person, (values, wanted)) in created.iter().zip(rest) {
                private.push(private_row(keys, person.id, values, None)?);
                categories.extend(wanted.iter().map(|category| {
                    entity::person_category::ActiveModel {
                        person_id: Set(person.id),
                        category: Set(*category),
                        subcategory: Set(None),
                        since: Set(None),
                        ..Default::default()
                    }
                }));
            }
            write::create_many::<person_private::Entity, _>(db, actor, private).await?;
            write::create_many::<entity::person_category::Entity, _>(db, actor, categories).await?;
            AppResult::Ok(())
        };
    futures_util::try_join!(
        write::recorded::<Entity, _>(db, actor, &created),
        dependents
    )?;
    Ok(created)
}
