//! Activities, the people recorded as taking part, and recording an activity with its
//! participants and donations in one step.

use chrono::NaiveDate;
use entity::activity::{ActiveModel, Entity, Model};
use entity::activity_participant as participant;
use entity::organization;
use sea_orm::{ColumnTrait, ConnectionTrait, NotSet, QueryFilter, Set};

use super::audit::Actor;
use super::check::Checker;
use super::donations::{self, DonationLine};
use super::fields::{self, ItemErrors, put};
use super::links::Link;
use super::write::{self, InOwnRegion, Patch};
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::ActivityKind;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::{PlaceRef, Ref};

/// A new activity.
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub region: String,
    pub organizer: Option<Ref<organization::Entity>>,
    /// The base or home it was held at.
    pub place: Option<PlaceRef>,
    pub audience_person_times: Option<i32>,
    pub participant_count: Option<i32>,
    pub description: Option<String>,
}

/// Changes to an activity's fields: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct ActivityPatch {
    pub kind: Option<ActivityKind>,
    pub title: Option<String>,
    pub held_on: Option<NaiveDate>,
    pub ended_on: Change<NaiveDate>,
    pub region: Option<String>,
    pub organizer: Change<Ref<organization::Entity>>,
    pub place: Change<PlaceRef>,
    pub audience_person_times: Change<i32>,
    pub participant_count: Change<i32>,
    pub description: Change<String>,
}

impl From<ActivityDraft> for ActivityPatch {
    fn from(draft: ActivityDraft) -> Self {
        Self {
            kind: Some(draft.kind),
            title: Some(draft.title),
            held_on: Some(draft.held_on),
            ended_on: Change::from_option(draft.ended_on),
            region: Some(draft.region),
            organizer: Change::from_option(draft.organizer),
            place: Change::from_option(draft.place),
            audience_person_times: Change::from_option(draft.audience_person_times),
            participant_count: Change::from_option(draft.participant_count),
            description: Change::from_option(draft.description),
        }
    }
}

/// An activity with the people who took part and the donations it raised, written together.
pub struct ActivityRecord {
    /// The activity's own fields; `participant_count` is the number of `participants` unless
    /// given.
    pub activity: ActivityDraft,
    pub participants: Vec<Ref<entity::person::Entity>>,
    pub donations: Vec<DonationLine>,
}

/// A person taking part in an activity (or no longer).
pub struct Participation {
    pub activity: i64,
    pub person: Ref<entity::person::Entity>,
    /// Their role, for a new participation.
    pub role: Option<String>,
}

/// Activities in the write path: kept in the region they were held in; their participations
/// and donations end with them on request.
pub struct Activities;

impl InOwnRegion for Activities {
    type Draft = ActivityDraft;
    type Patch = ActivityPatch;
    const LINKS: &'static [Link] = &[
        Link::ended(
            "activity_participant",
            "activity_id",
            "participants",
            "参加人员",
        ),
        Link::ended("donation", "activity_id", "donations", "捐赠"),
    ];
}

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

impl Patch for ActivityPatch {
    type Entity = Entity;

    async fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        check: &mut Checker,
        row: &mut ActiveModel,
        _key: Option<i64>,
    ) -> AppResult<()> {
        put(&mut row.kind, self.kind);
        check.put_title(&mut row.title, self.title);
        put(&mut row.held_on, self.held_on);
        put(&mut row.ended_on, self.ended_on.into_new());
        check
            .put_region(db, &mut row.region_code, "region", self.region, None)
            .await?;
        check
            .put_reference(db, &mut row.organizer_id, "organizer", self.organizer)
            .await?;
        let place = match self.place.into_new() {
            Some(Some(named)) => Some(fields::place(check, db, "place", named).await?),
            other => other.map(|_| None),
        };
        put(&mut row.place_id, place);
        put(
            &mut row.audience_person_times,
            self.audience_person_times.into_new(),
        );
        put(
            &mut row.participant_count,
            self.participant_count.into_new(),
        );
        check.put_text_opt(&mut row.description, "description", self.description, 5000);
        check_rules(check, row);
        Ok(())
    }
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
        activity: mut draft,
        participants: people,
        donations: lines,
    } = record;
    if draft.participant_count.is_none() && !people.is_empty() {
        draft.participant_count = Some(i32::try_from(people.len()).unwrap_or(i32::MAX));
    }
    let held_on = draft.held_on;
    let mut check = Checker::default();
    let mut row = ActiveModel::default();
    ActivityPatch::from(draft)
        .apply(db, &mut check, &mut row, None)
        .await?;
    let mut items = ItemErrors::default();
    let people =
        fields::references::<entity::person::Entity>(&mut items, db, "participants", &people)
            .await?;
    let mut donation_rows = Vec::with_capacity(lines.len());
    for (index, line) in lines.into_iter().enumerate() {
        let mut line_check = Checker::default();
        let donation = donations::check_line(db, &mut line_check, line, held_on).await?;
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

/// The live activity keyed `key`, when the caller may write its region.
async fn writable(db: &impl ConnectionTrait, actor: &Actor, key: i64) -> AppResult<Model> {
    let activity = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&activity.region_code)?;
    Ok(activity)
}

/// Records a person as taking part; returns the activity.
pub async fn add_participant(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: Participation,
) -> AppResult<Model> {
    let key = input.activity;
    let activity = writable(db, actor, key).await?;
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
    let activity = writable(db, actor, key).await?;
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
