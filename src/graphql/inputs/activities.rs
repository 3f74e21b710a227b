//! The inputs of activities' writes (on their own, or recorded with their participants and
//! donations), of taking part, and of donations' writes.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::{activity, donation};

use super::{change, change_ref, key, opt_ref, refs};
use crate::domain::enums::ActivityKind;
use crate::error::AppResult;
use crate::ids::{PlaceRef, Ref};
use crate::scalars::{Date, Money};
use crate::service::activities::{ActivityDraft, ActivityPatch, ActivityRecord, Participation};
use crate::service::donations::{DonationDraft, DonationLine, DonationPatch};
use crate::service::write::Update;

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

/// An activity with the people who took part and the donations it raised, written together.
#[derive(InputObject, Debug, Clone)]
pub struct RecordActivityInput {
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
    /// Number of participants; the number of `participants` unless given.
    pub participant_count: Option<i32>,
    /// Description, up to 5,000 characters.
    pub description: Option<String>,
    /// People who took part (Person ids), each once.
    #[graphql(default)]
    pub participants: Vec<ID>,
    /// Donations raised through it.
    #[graphql(default)]
    pub donations: Vec<DonationLineInput>,
}

/// Records a person as taking part in an activity.
#[derive(InputObject, Debug, Clone)]
pub struct AddParticipantInput {
    /// The activity (an Activity id).
    pub activity: ID,
    /// The person (a Person id); not already a participant.
    pub person: ID,
    /// Their role, e.g. `主讲人`, up to 50 characters.
    pub role: Option<String>,
}

/// Removes a person from an activity's participants.
#[derive(InputObject, Debug, Clone)]
pub struct RemoveParticipantInput {
    /// The activity (an Activity id).
    pub activity: ID,
    /// The person (a Person id) recorded as taking part.
    pub person: ID,
}

impl From<CreateActivityInput> for ActivityDraft {
    fn from(input: CreateActivityInput) -> Self {
        Self {
            kind: input.kind,
            title: input.title,
            held_on: input.held_on.0,
            ended_on: input.ended_on.map(|d| d.0),
            region: input.region,
            organizer: opt_ref(input.organizer),
            place: input.place.map(|id| PlaceRef::decode(&id)),
            audience_person_times: input.audience_person_times,
            participant_count: input.participant_count,
            description: input.description,
        }
    }
}

impl UpdateActivityInput {
    /// The update command; an id that is not an activity's is bad input.
    pub fn into_update(self) -> AppResult<Update<ActivityPatch>> {
        Ok(Update {
            key: key::<activity::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: ActivityPatch {
                kind: self.kind,
                title: self.title,
                held_on: self.held_on.map(|d| d.0),
                ended_on: change(self.ended_on, |d| d.0),
                region: self.region,
                organizer: change_ref(self.organizer),
                place: change(self.place, |id| PlaceRef::decode(&id)),
                audience_person_times: self.audience_person_times.into(),
                participant_count: self.participant_count.into(),
                description: self.description.into(),
            },
        })
    }
}

impl From<RecordActivityInput> for ActivityRecord {
    fn from(input: RecordActivityInput) -> Self {
        Self {
            activity: ActivityDraft {
                kind: input.kind,
                title: input.title,
                held_on: input.held_on.0,
                ended_on: input.ended_on.map(|d| d.0),
                region: input.region,
                organizer: opt_ref(input.organizer),
                place: input.place.map(|id| PlaceRef::decode(&id)),
                audience_person_times: input.audience_person_times,
                participant_count: input.participant_count,
                description: input.description,
            },
            participants: refs(input.participants),
            donations: input
                .donations
                .into_iter()
                .map(DonationLine::from)
                .collect(),
        }
    }
}

impl AddParticipantInput {
    /// The command; an activity id that is not an activity's is bad input.
    pub fn into_participation(self) -> AppResult<Participation> {
        Ok(Participation {
            activity: key::<activity::Entity>(&self.activity)?,
            person: Ref::decode(&self.person),
            role: self.role,
        })
    }
}

impl RemoveParticipantInput {
    /// The command; an activity id that is not an activity's is bad input.
    pub fn into_participation(self) -> AppResult<Participation> {
        Ok(Participation {
            activity: key::<activity::Entity>(&self.activity)?,
            person: Ref::decode(&self.person),
            role: None,
        })
    }
}

/// A new donation to an existing activity.
#[derive(InputObject, Debug, Clone)]
pub struct CreateDonationInput {
    /// The activity it was raised through (an Activity id).
    pub activity: ID,
    /// The donating person (a Person id); at most one of the two donors, none if anonymous.
    pub donor_person: Option<ID>,
    /// The donating organization (an Organization id).
    pub donor_organization: Option<ID>,
    /// Cash, in yuan; not negative. Cash and goods together must be more than zero.
    pub cash: Option<Money>,
    /// Value of goods, in yuan; not negative.
    pub in_kind: Option<Money>,
    /// Date donated; the activity's date unless given.
    pub donated_on: Option<Date>,
    /// Note, up to 200 characters.
    pub note: Option<String>,
}

/// One donation recorded with its activity (`recordActivity`).
#[derive(InputObject, Debug, Clone)]
pub struct DonationLineInput {
    /// The donating person (a Person id); at most one of the two donors, none if anonymous.
    pub donor_person: Option<ID>,
    /// The donating organization (an Organization id).
    pub donor_organization: Option<ID>,
    /// Cash, in yuan; not negative. Cash and goods together must be more than zero.
    pub cash: Option<Money>,
    /// Value of goods, in yuan; not negative.
    pub in_kind: Option<Money>,
    /// Date donated; the activity's date unless given.
    pub donated_on: Option<Date>,
    /// Note, up to 200 characters.
    pub note: Option<String>,
}

/// Changes to a donation: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateDonationInput {
    /// The donation to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// The donating person; `null` for none.
    pub donor_person: MaybeUndefined<ID>,
    /// The donating organization; `null` for none.
    pub donor_organization: MaybeUndefined<ID>,
    /// Cash, in yuan.
    pub cash: Option<Money>,
    /// Value of goods, in yuan.
    pub in_kind: Option<Money>,
    /// Date donated.
    pub donated_on: Option<Date>,
    /// Note.
    pub note: MaybeUndefined<String>,
}

impl CreateDonationInput {
    /// The create command; an activity id that is not an activity's is bad input.
    pub fn into_draft(self) -> AppResult<DonationDraft> {
        Ok(DonationDraft {
            activity: key::<activity::Entity>(&self.activity)?,
            line: DonationLine {
                donor_person: opt_ref(self.donor_person),
                donor_organization: opt_ref(self.donor_organization),
                cash: self.cash.map(Money::fen),
                in_kind: self.in_kind.map(Money::fen),
                donated_on: self.donated_on.map(|d| d.0),
                note: self.note,
            },
        })
    }
}

impl From<DonationLineInput> for DonationLine {
    fn from(input: DonationLineInput) -> Self {
        Self {
            donor_person: opt_ref(input.donor_person),
            donor_organization: opt_ref(input.donor_organization),
            cash: input.cash.map(Money::fen),
            in_kind: input.in_kind.map(Money::fen),
            donated_on: input.donated_on.map(|d| d.0),
            note: input.note,
        }
    }
}

impl UpdateDonationInput {
    /// The update command; an id that is not a donation's is bad input.
    pub fn into_update(self) -> AppResult<Update<DonationPatch>> {
        Ok(Update {
            key: key::<donation::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: DonationPatch {
                donor_person: change_ref(self.donor_person),
                donor_organization: change_ref(self.donor_organization),
                cash: self.cash.map(Money::fen),
                in_kind: self.in_kind.map(Money::fen),
                donated_on: self.donated_on.map(|d| d.0),
                note: self.note.into(),
            },
        })
    }
}
