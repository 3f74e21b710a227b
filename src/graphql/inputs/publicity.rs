//! The inputs of publicity works' and publications' writes.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::{publication, publicity_work};

use super::{change, change_ref, key, opt_ref};
use crate::domain::enums::PublicityWorkKind;
use crate::error::AppResult;
use crate::ids::Ref;
use crate::scalars::{BigInt, Date};
use crate::service::publicity::{
    PublicationDraft, PublicationPatch, PublicityWorkDraft, PublicityWorkPatch,
};
use crate::service::write::Update;

/// A new publicity work.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePublicityWorkInput {
    /// Video, article, audio piece or photo set.
    pub kind: PublicityWorkKind,
    /// Title, 1–200 characters.
    pub title: String,
    /// Series, e.g. `铸牢大家谈`, up to 100 characters.
    pub series: Option<String>,
    /// Theme, up to 100 characters.
    pub theme: Option<String>,
    /// Date produced.
    pub produced_on: Date,
    /// The exemplary story it features, e.g. `红溪村`, up to 100 characters.
    pub featured_story: Option<String>,
    /// Region code of the place the featured story happened.
    pub featured_region: Option<String>,
    /// The author (a Person id).
    pub author: Option<ID>,
    /// Region code where it was produced.
    pub region: String,
}

impl From<CreatePublicityWorkInput> for PublicityWorkDraft {
    fn from(input: CreatePublicityWorkInput) -> Self {
        Self {
            kind: input.kind,
            title: input.title,
            series: input.series,
            theme: input.theme,
            produced_on: input.produced_on.0,
            featured_story: input.featured_story,
            featured_region: input.featured_region,
            author: opt_ref(input.author),
            region: input.region,
        }
    }
}

/// Changes to a publicity work: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePublicityWorkInput {
    /// The work to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Video, article, audio piece or photo set.
    pub kind: Option<PublicityWorkKind>,
    /// Title, 1–200 characters.
    pub title: Option<String>,
    /// Series.
    pub series: MaybeUndefined<String>,
    /// Theme.
    pub theme: MaybeUndefined<String>,
    /// Date produced.
    pub produced_on: Option<Date>,
    /// The exemplary story it features.
    pub featured_story: MaybeUndefined<String>,
    /// Region code of the featured story.
    pub featured_region: MaybeUndefined<String>,
    /// The author.
    pub author: MaybeUndefined<ID>,
    /// Region code where it was produced.
    pub region: Option<String>,
}

impl UpdatePublicityWorkInput {
    /// The update command; an id that is not a work's is bad input.
    pub fn into_update(self) -> AppResult<Update<PublicityWorkPatch>> {
        Ok(Update {
            key: key::<publicity_work::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: PublicityWorkPatch {
                kind: self.kind,
                title: self.title,
                series: self.series.into(),
                theme: self.theme.into(),
                produced_on: self.produced_on.map(|d| d.0),
                featured_story: self.featured_story.into(),
                featured_region: self.featured_region.into(),
                author: change_ref(self.author),
                region: self.region,
            },
        })
    }
}

/// A new publication of a work on a media outlet.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePublicationInput {
    /// The work published (a PublicityWork id).
    pub work: ID,
    /// The outlet: an organization of kind MEDIA_OUTLET.
    pub outlet: ID,
    /// Date published; not before the work was produced.
    pub published_on: Date,
    /// Address of the publication (`http://` or `https://`), up to 500 characters.
    pub url: Option<String>,
    /// Views, where the outlet reports them; not negative.
    pub views: Option<BigInt>,
}

impl CreatePublicationInput {
    /// The create command; a work id that is not a work's is bad input.
    pub fn into_draft(self) -> AppResult<PublicationDraft> {
        Ok(PublicationDraft {
            work: key::<publicity_work::Entity>(&self.work)?,
            outlet: Ref::decode(&self.outlet),
            published_on: self.published_on.0,
            url: self.url,
            views: self.views.map(|v| v.0),
        })
    }
}

/// Changes to a publication: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePublicationInput {
    /// The publication to change.
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// The outlet: an organization of kind MEDIA_OUTLET.
    pub outlet: Option<ID>,
    /// Date published.
    pub published_on: Option<Date>,
    /// Address of the publication.
    pub url: MaybeUndefined<String>,
    /// Views.
    pub views: MaybeUndefined<BigInt>,
}

impl UpdatePublicationInput {
    /// The update command; an id that is not a publication's is bad input.
    pub fn into_update(self) -> AppResult<Update<PublicationPatch>> {
        Ok(Update {
            key: key::<publication::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: PublicationPatch {
                outlet: opt_ref(self.outlet),
                published_on: self.published_on.map(|d| d.0),
                url: self.url.into(),
                views: change(self.views, |v| v.0),
            },
        })
    }
}
