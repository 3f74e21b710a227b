//! Creating and correcting organizations: validation, uniqueness of credit codes, and the links
//! a deletion must respect.

use chrono::NaiveDate;
use entity::organization::{ActiveModel, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::audit::Actor;
use super::check::{Checker, Holder};
use super::duplicates::likely;
use super::fields::put;
use super::links::Link;
use super::write::{InRegion, Record};
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::{
    DemocraticParty, DpOrgLevel, EnterpriseOwnership, OrganizationKind, OutletKind, OutletLevel,
};
use crate::domain::org_name;
use crate::error::{AppResult, FieldError, UserErrorCode};
use crate::ids::Ref;

/// A new organization.
pub struct OrganizationDraft {
    pub name: String,
    pub kind: OrganizationKind,
    pub region: String,
    /// Blank is no code.
    pub credit_code: Option<String>,
    pub parent: Option<Ref<Entity>>,
    pub party: Option<DemocraticParty>,
    pub dp_level: Option<DpOrgLevel>,
    pub term_number: Option<i32>,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub ownership: Option<EnterpriseOwnership>,
    pub industry_code: Option<String>,
    pub is_key_enterprise: bool,
    pub outlet_level: Option<OutletLevel>,
    pub outlet_kind: Option<OutletKind>,
    pub established_on: Option<NaiveDate>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// Changes to an organization's fields: `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct OrganizationPatch {
    pub name: Option<String>,
    pub kind: Option<OrganizationKind>,
    pub region: Option<String>,
    pub credit_code: Change<String>,
    pub parent: Change<Ref<Entity>>,
    pub party: Change<DemocraticParty>,
    pub dp_level: Change<DpOrgLevel>,
    pub term_number: Change<i32>,
    pub term_start: Change<NaiveDate>,
    pub term_end: Change<NaiveDate>,
    pub ownership: Change<EnterpriseOwnership>,
    pub industry_code: Change<String>,
    pub is_key_enterprise: Option<bool>,
    pub outlet_level: Change<OutletLevel>,
    pub outlet_kind: Change<OutletKind>,
    pub established_on: Change<NaiveDate>,
    pub phone: Change<String>,
    pub address: Change<String>,
}

impl From<OrganizationDraft> for OrganizationPatch {
    fn from(draft: OrganizationDraft) -> Self {
        let credit_code = draft.credit_code.filter(|c| !c.trim().is_empty());
        Self {
            name: Some(draft.name),
            kind: Some(draft.kind),
            region: Some(draft.region),
            credit_code: Change::from_option(credit_code),
            parent: Change::from_option(draft.parent),
            party: Change::from_option(draft.party),
            dp_level: Change::from_option(draft.dp_level),
            term_number: Change::from_option(draft.term_number),
            term_start: Change::from_option(draft.term_start),
            term_end: Change::from_option(draft.term_end),
            ownership: Change::from_option(draft.ownership),
            industry_code: Change::from_option(draft.industry_code),
            is_key_enterprise: Some(draft.is_key_enterprise),
            outlet_level: Change::from_option(draft.outlet_level),
            outlet_kind: Change::from_option(draft.outlet_kind),
            established_on: Change::from_option(draft.established_on),
            phone: Change::from_option(draft.phone),
            address: Change::from_option(draft.address),
        }
    }
}

/// Records that point at an organization, and how a deletion treats them.
const LINKS: &[Link] = &[
    Link::ended("membership", "organization_id", "memberships", "成员关系"),
    Link::ended(
        "liaison_assignment",
        "organization_id",
        "liaison assignments",
        "联络员任职",
    ),
    Link::blocking("organization", "parent_id", "sub-organizations", "下级组织"),
    Link::blocking("pairing", "enterprise_id", "pairings", "结对"),
    Link::blocking("place", "host_org_id", "hosted places", "依托的阵地"),
    Link::blocking(
        "activity",
        "organizer_id",
        "organized activities",
        "主办的活动",
    ),
    Link::blocking(
        "suggestion",
        "submitting_org_id",
        "submitted suggestions",
        "提交的建言",
    ),
    Link::blocking("publication", "outlet_id", "publications", "宣传报道"),
    Link::ended(
        "mediation_partner",
        "organization_id",
        "mediation partnerships",
        "调解协作",
    ),
    Link::blocking("term_election", "organization_id", "term elections", "换届"),
    Link::blocking("donation", "donor_org_id", "donations", "捐赠"),
    Link::blocking(
        "livelihood_project",
        "responsible_org_id",
        "livelihood projects it is responsible for",
        "负责的民生项目",
    ),
];

/// The rules that span fields: party organizations name their party; terms are in order.
fn check_consistency(check: &mut Checker, row: &ActiveModel) {
    let kind = *row.kind.as_ref();
    if kind == OrganizationKind::DpOrganization && row.party.as_ref().is_none() {
        check.fail(
            "party",
            UserErrorCode::Required,
            "a democratic-party organization needs its party",
            "民主党派组织须填写所属党派",
        );
    }
    if kind != OrganizationKind::DpOrganization && row.dp_level.as_ref().is_some() {
        check.fail(
            "dpLevel",
            UserErrorCode::NotApplicable,
            "only democratic-party organizations have a party level",
            "仅民主党派组织有组织层级",
        );
    }
    check.date_order("termEnd", *row.term_start.as_ref(), *row.term_end.as_ref());
    check.non_negative("termNumber", row.term_number.as_ref().map(i64::from));
}

/// An organization of the same region whose name reads the same (`org_name::normalize`:
/// width, brackets, spaces, official abbreviations) is the one on record written again: it is
/// refused, naming that record, so that it is corrected instead of doubled.
async fn not_a_duplicate(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    name: &str,
    region: &str,
    except: Option<i64>,
) -> AppResult<()> {
    let mut same = Entity::live()
        .filter(Column::NameKey.eq(org_name::normalize(name)))
        .filter(Column::RegionCode.eq(region));
    if let Some(key) = except {
        same = same.filter(Column::Id.ne(key));
    }
    if let Some(existing) = same.one(db).await? {
        let id = crate::ids::of::<entity::organization::Entity>(existing.id);
        check.fail(
            "name",
            UserErrorCode::DuplicateOrganization,
            format!(
                "{} ({}) is already recorded in this region under this name; correct that record instead",
                existing.name, id.as_str()
            ),
            format!(
                "本区划已有同名组织“{}”（{}），请修改该记录，不要重复添加",
                existing.name,
                id.as_str()
            ),
        );
    }
    Ok(())
}

/// Refuses a credit code another organization holds (deleted ones too: the code is unique over
/// every row), naming that organization when the policy lets the caller read it.
async fn credit_code_not_held(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    viewer: &crate::auth::Viewer,
    code: &str,
    except: Option<i64>,
) -> AppResult<()> {
    if !check.may_compare_stored() {
        return Ok(());
    }
    let mut holder = Entity::find().filter(Column::CreditCode.eq(code));
    if let Some(key) = except {
        holder = holder.filter(Column::Id.ne(key));
    }
    if let Some(o) = holder.one(db).await? {
        let holder = Holder {
            record: crate::ids::RecordType::Organization,
            key: o.id,
            name: &o.name,
            region_code: &o.region_code,
            live: o.deleted_at.is_none(),
        };
        check.held_by(viewer, "creditCode", "统一社会信用代码", holder);
    }
    Ok(())
}

impl OrganizationPatch {
    /// The one place an organization's fields are written into `row`, each checked, for a new
    /// record (`key` none) as for a stored one. It takes the caller, whom `write::Patch` does
    /// not know: a new organization's region is settled as theirs to write before any check
    /// reads stored records, and a credit code held elsewhere names its holder only when
    /// they may read it.
    async fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
        key: Option<i64>,
    ) -> AppResult<()> {
        let renamed = self.name.is_some() || self.region.is_some();
        if let Some(name) = self.name {
            let name = check.text("name", &name, 1, 100);
            row.name_pinyin = Set(crate::domain::pinyin::full(&name));
            row.name_initials = Set(crate::domain::pinyin::initials(&name));
            row.name_key = Set(org_name::normalize(&name));
            row.name = Set(name);
        }
        put(&mut row.kind, self.kind);
        let mut region = check.region_given(db, "region", self.region, None).await?;
        if key.is_none() {
            region = check.writable_region(actor, region)?;
        }
        put(&mut row.region_code, region);
        if let Some(code) = self.credit_code.into_new() {
            let code = code.and_then(|c| check.credit_code("creditCode", &c));
            if let Some(code) = &code {
                credit_code_not_held(check, db, &actor.viewer, code, key).await?;
            }
            row.credit_code = Set(code);
        }
        let parent = check
            .reference_change::<Entity>(db, "parent", self.parent)
            .await?;
        if parent.flatten().is_some() && parent.flatten() == key {
            check.fail(
                "parent",
                UserErrorCode::Cycle,
                "an organization cannot be its own parent",
                "组织不能以自身为上级",
            );
        }
        put(&mut row.parent_id, parent);
        put(&mut row.party, self.party.into_new());
        put(&mut row.dp_level, self.dp_level.into_new());
        put(&mut row.term_number, self.term_number.into_new());
        put(&mut row.term_start, self.term_start.into_new());
        put(&mut row.term_end, self.term_end.into_new());
        put(&mut row.ownership, self.ownership.into_new());
        check.put_text_opt(
            &mut row.industry_code,
            "industryCode",
            self.industry_code,
            20,
        );
        put(&mut row.is_key_enterprise, self.is_key_enterprise);
        put(&mut row.outlet_level, self.outlet_level.into_new());
        put(&mut row.outlet_kind, self.outlet_kind.into_new());
        put(&mut row.established_on, self.established_on.into_new());
        check.put_text_opt(&mut row.phone, "phone", self.phone, 30);
        check.put_text_opt(&mut row.address, "address", self.address, 200);
        check_consistency(check, row);
        if renamed
            && let (Some(name), Some(region)) =
                (row.name.try_as_ref(), row.region_code.try_as_ref())
        {
            not_a_duplicate(check, db, name, region, key).await?;
        }
        Ok(())
    }
}

/// Organizations in the write path: kept in a region of their own, but their patch needs the
/// caller (a new one's region settled as theirs to write, a credit code's holder named only to
/// whom may read it), so the caller authorised for a stored row governs its patch.
pub struct Organizations;

impl Record for Organizations {
    type Entity = Entity;
    type Draft = OrganizationDraft;
    type Patch = OrganizationPatch;
    type Governor = Actor;
    type Outcome = ();
    const LINKS: &'static [Link] = LINKS;

    async fn may_change<C: ConnectionTrait>(_: &C, actor: &Actor, row: &Model) -> AppResult<Actor> {
        actor.may_write(&row.region_code)?;
        Ok(actor.clone())
    }

    async fn fill<C: ConnectionTrait>(
        db: &C,
        draft: OrganizationDraft,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<()> {
        row.is_synthetic = Set(false);
        let patch = OrganizationPatch::from(draft);
        patch.apply(db, actor, check, row, None).await
    }

    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: OrganizationPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        actor: Actor,
    ) -> AppResult<()> {
        patch.apply(db, &actor, check, row, Some(before.id)).await
    }

    fn settle<C: ConnectionTrait>(
        _: &C,
        actor: &Actor,
        row: &ActiveModel,
        (): &(),
    ) -> impl Future<Output = AppResult<()>> + Send {
        // Decided before the future: a row being written is not `Sync`.
        let settled = actor.may_write(Entity::written_region(row));
        async { settled }
    }

    async fn warnings<C: ConnectionTrait>(db: &C, written: &Model) -> AppResult<Vec<FieldError>> {
        likely::organization(db, written).await
    }
}
