//! Publicity works and their publications on media outlets. A publication lives in its work's
//! region.

use chrono::NaiveDate;
use entity::publicity_work::{ActiveModel, Entity, Model};
use entity::{organization, person, publication};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::audit::Actor;
use super::check::Checker;
use super::fields::{organization_of_kind, put};
use super::links::Link;
use super::write::{self, InOwnRegion, Patch, Record};
use crate::domain::change::Change;
use crate::domain::enums::{OrganizationKind, PublicityWorkKind};
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

impl Patch for PublicityWorkPatch {
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
        check
            .put_region(db, &mut row.region_code, "region", self.region, None)
            .await?;
        // A region that fails leaves the column empty: the write is refused anyway.
        if let Some(code) = self.featured_region.into_new() {
            row.featured_region_code = Set(match code {
                Some(code) => check.region(db, "featuredRegion", &code, None).await?,
                None => None,
            });
        }
        check
            .put_reference(db, &mut row.author_id, "author", self.author)
            .await?;
        check.put_text_opt(&mut row.series, "series", self.series, 100);
        check.put_text_opt(&mut row.theme, "theme", self.theme, 100);
        put(&mut row.produced_on, self.produced_on);
        check.put_text_opt(
            &mut row.featured_story,
            "featuredStory",
            self.featured_story,
            100,
        );
        Ok(())
    }
}

/// Publicity works: written in their region; refused deletion while publications point at
/// them.
pub struct Works;

impl InOwnRegion for Works {
    type Draft = PublicityWorkDraft;
    type Patch = PublicityWorkPatch;
    const LINKS: &'static [Link] = &[Link::ended(
        "publication",
        "work_id",
        "publications",
        "宣传报道",
    )];
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

/// Publications: written by who may write their work's region.
pub struct Publications;

impl Record for Publications {
    type Entity = publication::Entity;
    type Draft = PublicationDraft;
    type Patch = PublicationPatch;
    /// The work, which a publication's date is checked against.
    type Governor = Model;
    type Outcome = ();

    async fn may_change<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &publication::Model,
    ) -> AppResult<Model> {
        let work = work_of(db, row).await?;
        actor.may_write(&work.region_code)?;
        Ok(work)
    }

    /// The work is live, then.
    async fn may_restore<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &publication::Model,
    ) -> AppResult<()> {
        let work = Self::may_change(db, actor, row).await?;
        write::parent_not_deleted(
            work.deleted_at.is_some(),
            "the publication's work is deleted; restore the work first",
            "该发布所属的作品已删除，请先恢复作品",
        )
    }

    /// Of a live work.
    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: PublicationDraft,
        actor: &Actor,
        check: &mut Checker,
        row: &mut publication::ActiveModel,
    ) -> AppResult<()> {
        let work = write::get_live::<Entity, _>(db, draft.work).await?;
        actor.may_write(&work.region_code)?;
        row.work_id = Set(work.id);
        let patch = PublicationPatch {
            outlet: Some(draft.outlet),
            published_on: Some(draft.published_on),
            url: Change::from_option(draft.url),
            views: Change::from_option(draft.views),
        };
        apply_publication(db, check, row, &work, patch).await
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: PublicationPatch,
        check: &mut Checker,
        row: &mut publication::ActiveModel,
        _: &publication::Model,
        work: Model,
    ) -> AppResult<()> {
        apply_publication(db, check, row, &work, patch).await
    }
}
