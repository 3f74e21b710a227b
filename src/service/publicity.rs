//! Publicity works and their publications on media outlets. A publication lives in its work's
//! region.

use chrono::NaiveDate;
use entity::publicity_work::{ActiveModel, Entity, Model};
use entity::{organization, person, publication};
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::{organization_of_kind, put};
use super::links::Link;
use super::write::{self, Patch, Update};
use crate::domain::change::Change;
use crate::domain::enums::{DomainEnum, OrganizationKind, PublicityWorkKind};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;

/// A new publicity work.
pub struct PublicityWorkDraft {
    pub kind: PublicityWorkKind,
    pub title: String,
    pub series: Option<String>,
    pub theme: Option<String>,
    pub produced_on: NaiveDate,
    pub featured_story: Option<String>,
    pub featured_region: Option<String>,
    pub author: Option<Ref<person::Entity>>,
    pub region: String,
}

/// Changes to a publicity work: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct PublicityWorkPatch {
    pub kind: Option<PublicityWorkKind>,
    pub title: Option<String>,
    pub series: Change<String>,
    pub theme: Change<String>,
    pub produced_on: Option<NaiveDate>,
    pub featured_story: Change<String>,
    pub featured_region: Change<String>,
    pub author: Change<Ref<person::Entity>>,
    pub region: Option<String>,
}

impl From<PublicityWorkDraft> for PublicityWorkPatch {
    fn from(draft: PublicityWorkDraft) -> Self {
        Self {
            kind: Some(draft.kind),
            title: Some(draft.title),
            series: Change::from_option(draft.series),
            theme: Change::from_option(draft.theme),
            produced_on: Some(draft.produced_on),
            featured_story: Change::from_option(draft.featured_story),
            featured_region: Change::from_option(draft.featured_region),
            author: Change::from_option(draft.author),
            region: Some(draft.region),
        }
    }
}

/// A new publication of a work on a media outlet.
pub struct PublicationDraft {
    pub work: i64,
    pub outlet: Ref<organization::Entity>,
    pub published_on: NaiveDate,
    pub url: Option<String>,
    pub views: Option<i64>,
}

/// Changes to a publication: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct PublicationPatch {
    pub outlet: Option<Ref<organization::Entity>>,
    pub published_on: Option<NaiveDate>,
    pub url: Change<String>,
    pub views: Change<i64>,
}

/// Records that point at a work: its publications end with it on request.
const LINKS: &[Link] = &[Link::ended("publication", "work_id", "publications")];

impl Patch for PublicityWorkPatch {
    type Entity = Entity;

    async fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        check: &mut Checker,
        row: &mut ActiveModel,
        _key: Option<i64>,
    ) -> AppResult<()> {
        put(&mut row.kind, self.kind.map(|k| k.code().to_owned()));
        put(
            &mut row.title,
            self.title.map(|t| check.text("title", &t, 1, 200)),
        );
        let region = check.region_given(db, "region", self.region, None).await?;
        put(&mut row.region_code, region);
        // A region that fails leaves the column empty: the write is refused anyway.
        if let Some(code) = self.featured_region.into_new() {
            row.featured_region_code = Set(match code {
                Some(code) => check.region(db, "featuredRegion", &code, None).await?,
                None => None,
            });
        }
        let author = check.reference_change::<person::Entity>(db, "author", self.author);
        put(&mut row.author_id, author.await?);
        if let Some(series) = self.series.into_new() {
            row.series = Set(check.text_opt("series", series.as_deref(), 100));
        }
        if let Some(theme) = self.theme.into_new() {
            row.theme = Set(check.text_opt("theme", theme.as_deref(), 100));
        }
        put(&mut row.produced_on, self.produced_on);
        if let Some(story) = self.featured_story.into_new() {
            row.featured_story = Set(check.text_opt("featuredStory", story.as_deref(), 100));
        }
        Ok(())
    }
}

/// Adds a publicity work.
pub async fn create_work(
    db: &impl ConnectionTrait,
    actor: &Actor,
    draft: PublicityWorkDraft,
) -> AppResult<Model> {
    write::create_patched(db, actor, PublicityWorkPatch::from(draft)).await
}

/// Changes a publicity work; refused with VERSION_CONFLICT if it changed since read.
pub async fn update_work(
    db: &impl ConnectionTrait,
    actor: &Actor,
    update: Update<PublicityWorkPatch>,
) -> AppResult<Model> {
    write::update_patched(db, actor, update).await
}

/// Soft-deletes a publicity work; refused while it has publications, unless `end_links`
/// ends them.
pub async fn delete_work(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    write::delete_in_region::<Entity, _>(db, actor, key, expected_version, LINKS, end_links).await
}

/// Restores a soft-deleted publicity work.
pub async fn restore_work(db: &impl ConnectionTrait, actor: &Actor, key: i64) -> AppResult<Model> {
    write::restore_in_region::<Entity, _>(db, actor, key).await
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

async fn work_of(db: &impl ConnectionTrait, row: &publication::Model) -> AppResult<Model> {
    Entity::find_by_id(row.work_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal(format!("publication {} has no work", row.id)))
}

const OUTLET: [OrganizationKind; 1] = [OrganizationKind::MediaOutlet];

/// Writes the fields `patch` gives into a publication's `row`, each checked, and checks it
/// against its work: the one place a publication's fields are written.
async fn apply_publication(
    db: &impl ConnectionTrait,
    check: &mut Checker,
    row: &mut publication::ActiveModel,
    work: &Model,
    patch: PublicationPatch,
) -> AppResult<()> {
    if let Some(outlet) = patch.outlet {
        // The outlet's kind is checked when it is set, not on every update. One that fails
        // leaves no outlet: the write is refused anyway.
        let key = organization_of_kind(check, db, "outlet", outlet, &OUTLET).await?;
        row.outlet_id = Set(key.unwrap_or_default());
    }
    put(&mut row.published_on, patch.published_on);
    if let Some(url) = patch.url.into_new() {
        row.url = Set(check_url(check, url.as_deref()));
    }
    put(&mut row.views, patch.views.into_new());
    check.date_order(
        "publishedOn",
        Some(work.produced_on),
        Some(*row.published_on.as_ref()),
    );
    check.non_negative("views", *row.views.as_ref());
    Ok(())
}

/// Adds a publication of a live work.
pub async fn create_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    draft: PublicationDraft,
) -> AppResult<publication::Model> {
    let work = write::get_live::<Entity, _>(db, draft.work).await?;
    actor.may_write(&work.region_code)?;
    let mut check = Checker::default();
    let mut row = publication::ActiveModel {
        work_id: Set(work.id),
        ..Default::default()
    };
    let patch = PublicationPatch {
        outlet: Some(draft.outlet),
        published_on: Some(draft.published_on),
        url: Change::from_option(draft.url),
        views: Change::from_option(draft.views),
    };
    apply_publication(db, &mut check, &mut row, &work, patch).await?;
    check.finish()?;
    write::create::<publication::Entity, _>(db, actor, row).await
}

/// Changes a publication; refused with VERSION_CONFLICT if it changed since read.
pub async fn update_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    update: Update<PublicationPatch>,
) -> AppResult<publication::Model> {
    let before = write::get_live::<publication::Entity, _>(db, update.key).await?;
    let work = work_of(db, &before).await?;
    actor.may_write(&work.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    apply_publication(db, &mut check, &mut row, &work, update.patch).await?;
    check.finish()?;
    let version = update.expected_version;
    write::update::<publication::Entity, _>(db, actor, "UPDATE", &before, version, row).await
}

/// Soft-deletes a publication.
pub async fn delete_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    expected_version: i32,
) -> AppResult<publication::Model> {
    write::delete_by_id::<publication::Entity, _>(
        db,
        actor,
        key,
        expected_version,
        async |_, before| actor.may_write(&work_of(db, before).await?.region_code),
    )
    .await
}

/// Restores a soft-deleted publication of a live work.
pub async fn restore_publication(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
) -> AppResult<publication::Model> {
    write::restore_by_id::<publication::Entity, _>(db, actor, key, async |_, before| {
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
