//! Publicity works and their publications on media outlets. A publication lives in its work's
//! region.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::publication;
use entity::publicity_work::{ActiveModel, Entity, Model};
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel, NotSet, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::{organization_of_kind, set_opt};
use super::links::Link;
use super::write;
use crate::domain::enums::{DomainEnum, OrganizationKind, PublicityWorkKind};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::scalars::{BigInt, Date};

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

/// Records that point at a work: its publications end with it on request.
const LINKS: &[Link] = &[Link::ended("publication", "work_id", "publications")];

/// Adds a publicity work.
pub async fn create_work(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreatePublicityWorkInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let title = check.text("title", &input.title, 1, 200);
    let region = check.region(db, "region", &input.region, None).await?;
    let featured_region = match &input.featured_region {
        Some(code) => check.region(db, "featuredRegion", code, None).await?,
        None => None,
    };
    let author = match &input.author {
        Some(id) => {
            check
                .reference::<entity::person::Entity>(db, "author", id)
                .await?
        }
        None => None,
    };
    let row = ActiveModel {
        id: NotSet,
        kind: Set(input.kind.code().to_owned()),
        title: Set(title),
        series: Set(check.text_opt("series", input.series.as_deref(), 100)),
        theme: Set(check.text_opt("theme", input.theme.as_deref(), 100)),
        produced_on: Set(input.produced_on.0),
        featured_story: Set(check.text_opt("featuredStory", input.featured_story.as_deref(), 100)),
        featured_region_code: Set(featured_region),
        author_id: Set(author),
        region_code: Set(region.unwrap_or_default()),
        ..Default::default()
    };
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::create::<Entity, _>(db, actor, row).await
}

/// Changes a publicity work; refused with VERSION_CONFLICT if it changed since read.
pub async fn update_work(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdatePublicityWorkInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::publicity_work::Entity>(&input.id)?;
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
    if let Some(v) = set_opt(input.series, |s| s) {
        row.series = Set(check.text_opt("series", v.as_deref(), 100));
    }
    if let Some(v) = set_opt(input.theme, |s| s) {
        row.theme = Set(check.text_opt("theme", v.as_deref(), 100));
    }
    if let Some(date) = input.produced_on {
        row.produced_on = Set(date.0);
    }
    if let Some(v) = set_opt(input.featured_story, |s| s) {
        row.featured_story = Set(check.text_opt("featuredStory", v.as_deref(), 100));
    }
    match &input.featured_region {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.featured_region_code = Set(None),
        MaybeUndefined::Value(code) => {
            if let Some(code) = check.region(db, "featuredRegion", code, None).await? {
                row.featured_region_code = Set(Some(code));
            }
        }
    }
    match &input.author {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.author_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(k) = check
                .reference::<entity::person::Entity>(db, "author", id)
                .await?
            {
                row.author_id = Set(Some(k));
            }
        }
    }
    if let Some(region) = &input.region
        && let Some(code) = check.region(db, "region", region, None).await?
    {
        row.region_code = Set(code);
    }
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a publicity work; refused while it has publications, unless `end_links`
/// ends them.
pub async fn delete_work(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    write::delete_in_region::<Entity, _>(db, actor, id, expected_version, LINKS, end_links).await
}

/// Restores a soft-deleted publicity work.
pub async fn restore_work(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_in_region::<Entity, _>(db, actor, id).await
}

/// A link the publication can be found at: http(s), no spaces.
fn check_url(check: &mut Checker, url: Option<&str>) -> Option<String> {
    let url = check.text_opt("url", url, 500)?;
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    if !scheme_ok || url.chars().any(char::is_whitespace) {
        check.fail(
            "url",
            UserErrorCode::UrlFormat,
            "url must be an http:// or https:// address without spaces",
            "网址须以 http:// 或 https:// 开头且不含空格",
        );
    }
    Some(url)
}

fn check_publication(
    check: &mut Checker,
    row: &publication::ActiveModel,
    produced_on: chrono::NaiveDate,
) {
    check.date_order(
        "publishedOn",
        Some(produced_on),
        Some(*row.published_on.as_ref()),
    );
    check.non_negative("views", *row.views.as_ref());
}

async fn work_of(db: &impl ConnectionTrait, row: &publication::Model) -> AppResult<Model> {
    Entity::find_by_id(row.work_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal(format!("publication {} has no work", row.id)))
}

const OUTLET: [OrganizationKind; 1] = [OrganizationKind::MediaOutlet];

/// Adds a publication of a live work.
pub async fn create_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreatePublicationInput,
) -> AppResult<publication::Model> {
    let work_key = crate::ids::key::<entity::publicity_work::Entity>(&input.work)?;
    let work = write::get_live::<Entity, _>(db, work_key).await?;
    actor.may_write(&work.region_code)?;
    let mut check = Checker::default();
    let outlet = organization_of_kind(&mut check, db, "outlet", &input.outlet, &OUTLET).await?;
    let row = publication::ActiveModel {
        id: NotSet,
        work_id: Set(work.id),
        outlet_id: Set(outlet.unwrap_or_default()),
        published_on: Set(input.published_on.0),
        url: Set(check_url(&mut check, input.url.as_deref())),
        views: Set(input.views.map(|v| v.0)),
        ..Default::default()
    };
    check_publication(&mut check, &row, work.produced_on);
    check.finish()?;
    write::create::<publication::Entity, _>(db, actor, row).await
}

/// Changes a publication; refused with VERSION_CONFLICT if it changed since read.
pub async fn update_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdatePublicationInput,
) -> AppResult<publication::Model> {
    let key = crate::ids::key::<entity::publication::Entity>(&input.id)?;
    let before = write::get_live::<publication::Entity, _>(db, key).await?;
    let work = work_of(db, &before).await?;
    actor.may_write(&work.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(id) = &input.outlet
        && let Some(k) = organization_of_kind(&mut check, db, "outlet", id, &OUTLET).await?
    {
        row.outlet_id = Set(k);
    }
    if let Some(date) = input.published_on {
        row.published_on = Set(date.0);
    }
    if let Some(v) = set_opt(input.url, |u| u) {
        row.url = Set(check_url(&mut check, v.as_deref()));
    }
    if let Some(v) = set_opt(input.views, |v| v.0) {
        row.views = Set(v);
    }
    check_publication(&mut check, &row, work.produced_on);
    check.finish()?;
    write::update::<publication::Entity, _>(
        db,
        actor,
        "UPDATE",
        &before,
        input.expected_version,
        row,
    )
    .await
}

/// Soft-deletes a publication.
pub async fn delete_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
) -> AppResult<publication::Model> {
    write::delete_by_id::<publication::Entity, _>(
        db,
        actor,
        id,
        expected_version,
        async |_, before| actor.may_write(&work_of(db, before).await?.region_code),
    )
    .await
}

/// Restores a soft-deleted publication of a live work.
pub async fn restore_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
) -> AppResult<publication::Model> {
    write::restore_by_id::<publication::Entity, _>(db, actor, id, async |_, before| {
        let work = work_of(db, before).await?;
        actor.may_write(&work.region_code)?;
        write::parent_not_deleted(
            work.deleted_at.is_some(),
            "the publication's work is deleted; restore the work first",
            "该发布所属的作品已删除，请先恢复作品",
        )
    })
    .await
}
