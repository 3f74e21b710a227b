//! Activities, the people recorded as taking part, and recording an activity with its
//! participants and donations in one step.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::activity::{ActiveModel, Entity, Model};
use entity::activity_participant as participant;
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::Checker;
use super::donations::{self, DonationLine};
use super::fields::{self, ItemErrors, set_opt};
use super::links::Link;
use super::write;
use crate::db::table::Table;
use crate::domain::enums::{ActivityKind, DomainEnum};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;
use crate::scalars::Date;

/// A new activity.
#[derive(InputObject, Debug, Clone)]
pub struct CreateActivityInput {
    /// What kind of activity it was.
    pub kind: ActivityKind,
    /// Title, 1–200 characters.
    pub title: String,
    /// Date held (first day).
    pub held_on: Date,
    /// Last day, for activities over several days; not before `heldOn`.
    pub ended_on: Option<Date>,
    /// Region code where it was held.
    pub region: String,
    /// The organizing organization (an Organization id).
    pub organizer: Option<ID>,
    /// The base or home it was held at (a Base or Home id).
    pub place: Option<ID>,
    /// Attendances (人次) for lectures; not negative.
    pub audience_person_times: Option<i32>,
    /// Number of participants; not negative.
    pub participant_count: Option<i32>,
    /// Description, up to 5,000 characters.
    pub description: Option<String>,
}

/// An activity with the people who took part and the donations it raised, written together.
pub struct ActivityRecord {
    /// The activity's own fields; `participant_count` is the number of `participants` unless
    /// given.
    pub activity: CreateActivityInput,
    pub participants: Vec<Ref<entity::person::Entity>>,
    pub donations: Vec<DonationLine>,
}

/// Changes to an activity: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateActivityInput {
    /// The activity to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// What kind of activity it was.
    pub kind: Option<ActivityKind>,
    /// Title, 1–200 characters.
    pub title: Option<String>,
    /// Date held (first day).
    pub held_on: Option<Date>,
    /// Last day.
    pub ended_on: MaybeUndefined<Date>,
    /// Region code where it was held.
    pub region: Option<String>,
    /// The organizing organization.
    pub organizer: MaybeUndefined<ID>,
    /// The base or home it was held at.
    pub place: MaybeUndefined<ID>,
    /// Attendances (人次).
    pub audience_person_times: MaybeUndefined<i32>,
    /// Number of participants.
    pub participant_count: MaybeUndefined<i32>,
    /// Description.
    pub description: MaybeUndefined<String>,
}

/// A person taking part in an activity (or no longer).
pub struct Participation {
    pub activity: i64,
    pub person: Ref<entity::person::Entity>,
    /// Their role, for a new participation.
    pub role: Option<String>,
}

/// Records that point at an activity: its participations and donations end with it on request.
const LINKS: &[Link] = &[
    Link::ended("activity_participant", "activity_id", "participants"),
    Link::ended("donation", "activity_id", "donations"),
];

/// The rules that span fields: counts not negative, dates in order.
fn check_rules(check: &mut Checker, row: &ActiveModel) {
    check.non_negative(
        "audiencePersonTimes",
        row.audience_person_times.as_ref().map(i64::from),
    );
    check.non_negative(
        "participantCount",
        row.participant_count.as_ref().map(i64::from),
    );
    check.date_order(
        "endedOn",
        Some(*row.held_on.as_ref()),
        *row.ended_on.as_ref(),
    );
}

/// Checks a new activity's fields; the row to insert.
async fn new_row(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    input: &CreateActivityInput,
) -> AppResult<ActiveModel> {
    let title = check.text("title", &input.title, 1, 200);
    let region = check.region(db, "region", &input.region, None).await?;
    let organizer = match &input.organizer {
        Some(id) => {
            check
                .reference::<entity::organization::Entity>(db, "organizer", Ref::decode(id))
                .await?
        }
        None => None,
    };
    let place = match &input.place {
        Some(id) => fields::place(check, db, "place", id).await?,
        None => None,
    };
    let row = ActiveModel {
        id: NotSet,
        kind: Set(input.kind.code().to_owned()),
        title: Set(title),
        held_on: Set(input.held_on.0),
        ended_on: Set(input.ended_on.map(|d| d.0)),
        region_code: Set(region.unwrap_or_default()),
        organizer_id: Set(organizer),
        place_id: Set(place),
        audience_person_times: Set(input.audience_person_times),
        participant_count: Set(input.participant_count),
        description: Set(check.text_opt("description", input.description.as_deref(), 5000)),
        ..Default::default()
    };
    check_rules(check, &row);
    Ok(row)
}

/// Adds an activity.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateActivityInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let row = new_row(db, &mut check, &input).await?;
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::create::<Entity, _>(db, actor, row).await
}

/// Participants are linked by who may write each of them, as `addParticipant` requires.
async fn participants_writable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    people: &[i64],
) -> AppResult<()> {
    if people.is_empty() {
        return Ok(());
    }
    let rows = entity::person::Entity::live()
        .filter(entity::person::Column::Id.is_in(people.iter().copied()))
        .all(db)
        .await?;
    actor.may_link(rows.iter().map(|p| p.region_code.as_str()))
}

/// Adds an activity with its participants and donations; nothing is written if any of them
/// is refused.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    record: ActivityRecord,
) -> AppResult<Model> {
    let ActivityRecord {
        activity: mut input,
        participants: people,
        donations: lines,
    } = record;
    if input.participant_count.is_none() && !people.is_empty() {
        input.participant_count = Some(i32::try_from(people.len()).unwrap_or(i32::MAX));
    }
    let mut check = Checker::default();
    let row = new_row(db, &mut check, &input).await?;
    let mut items = ItemErrors::default();
    let people =
        fields::references::<entity::person::Entity>(&mut items, db, "participants", &people)
            .await?;
    let mut donation_rows = Vec::with_capacity(lines.len());
    for (index, line) in lines.into_iter().enumerate() {
        let mut line_check = Checker::default();
        let donation = donations::check_line(db, &mut line_check, line, input.held_on.0).await?;
        items.absorb("donations", index, line_check, true);
        donation_rows.push(donation);
    }
    items.finish(check)?;
    actor.may_write(row.region_code.as_ref())?;
    participants_writable(db, actor, &people).await?;
    let activity = write::create::<Entity, _>(db, actor, row).await?;
    for person in people {
        add_link(db, actor, activity.id, person, None).await?;
    }
    for mut donation in donation_rows {
        donation.activity_id = Set(activity.id);
        write::create::<entity::donation::Entity, _>(db, actor, donation).await?;
    }
    Ok(activity)
}

/// Changes an activity; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateActivityInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::activity::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(kind) = input.kind {
        row.kind = Set(kind.code().to_owned());
    }
    if let Some(title) = &input.title {
        row.title = Set(check.text("title", title, 1, 200));
    }
    if let Some(date) = input.held_on {
        row.held_on = Set(date.0);
    }
    if let Some(v) = set_opt(input.ended_on, |d| d.0) {
        row.ended_on = Set(v);
    }
    if let Some(region) = &input.region
        && let Some(code) = check.region(db, "region", region, None).await?
    {
        row.region_code = Set(code);
    }
    match &input.organizer {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.organizer_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::organization::Entity>(db, "organizer", Ref::decode(id))
                .await?
            {
                row.organizer_id = Set(Some(k));
            }
        }
    }
    match &input.place {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.place_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = fields::place(&mut check, db, "place", id).await? {
                row.place_id = Set(Some(k));
            }
        }
    }
    if let Some(v) = set_opt(input.audience_person_times, |n| n) {
        row.audience_person_times = Set(v);
    }
    if let Some(v) = set_opt(input.participant_count, |n| n) {
        row.participant_count = Set(v);
    }
    if let Some(v) = set_opt(input.description, |d| d) {
        row.description = Set(check.text_opt("description", v.as_deref(), 5000));
    }
    check_rules(&mut check, &row);
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes an activity; refused while it has participants or donations, unless
/// `end_links` ends them too.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    let key = crate::ids::key::<Entity>(id)?;
    write::delete_in_region::<Entity, _>(db, actor, key, expected_version, LINKS, end_links).await
}

/// Restores a soft-deleted activity (participations and donations ended with it stay ended).
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    let key = crate::ids::key::<Entity>(id)?;
    write::restore_in_region::<Entity, _>(db, actor, key).await
}

async fn add_link(
    db: &impl ConnectionTrait,
    actor: &Actor,
    activity: i64,
    person: i64,
    role: Option<String>,
) -> AppResult<participant::Model> {
    let link = participant::ActiveModel {
        id: NotSet,
        activity_id: Set(activity),
        person_id: Set(person),
        role: Set(role),
        ..Default::default()
    };
    write::create::<participant::Entity, _>(db, actor, link).await
}

async fn live_link(
    db: &impl ConnectionTrait,
    activity: i64,
    person: i64,
) -> AppResult<Option<participant::Model>> {
    Ok(participant::Entity::live()
        .filter(participant::Column::ActivityId.eq(activity))
        .filter(participant::Column::PersonId.eq(person))
        .one(db)
        .await?)
}

/// Records a person as taking part; returns the activity.
pub async fn add_participant(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: Participation,
) -> AppResult<Model> {
    let key = input.activity;
    let activity = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&activity.region_code)?;
    let mut check = Checker::default();
    let person = crate::service::people::rules::reference::<entity::person::Entity>(
        &mut check,
        db,
        "person",
        input.person,
    )
    .await?;
    let Some(person) = person else {
        return check.finish().and(Err(AppError::Internal(
            "a reference was not checked".into(),
        )));
    };
    actor.may_link([activity.region_code.as_str(), person.region_code.as_str()])?;
    let role = check.text_opt("role", input.role.as_deref(), 50);
    if live_link(db, key, person.id).await?.is_some() {
        check.fail(
            "person",
            UserErrorCode::Duplicate,
            "this person is already a participant",
            "此人已在参加人员中",
        );
    }
    check.finish()?;
    add_link(db, actor, key, person.id, role).await?;
    Ok(activity)
}

/// Ends a person's participation (a soft delete of the link, audited); returns the activity.
pub async fn remove_participant(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: Participation,
) -> AppResult<Model> {
    let key = input.activity;
    let activity = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&activity.region_code)?;
    let person = input
        .person
        .key()
        .ok_or_else(|| AppError::bad_input("person: pass a Person id returned by this API"))?;
    let person = write::get_live::<entity::person::Entity, _>(db, person).await?;
    actor.may_link([activity.region_code.as_str(), person.region_code.as_str()])?;
    let Some(link) = live_link(db, key, person.id).await? else {
        return Err(AppError::invalid(
            &["input", "person"],
            UserErrorCode::NotFound,
            "this person is not a participant of the activity",
            "此人不在该活动的参加人员中",
        ));
    };
    write::soft_delete::<participant::Entity, _>(db, actor, &link, link.version).await?;
    Ok(activity)
}
