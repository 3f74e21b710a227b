//! Creating and correcting organizations: validation, uniqueness of credit codes, and the links
//! a deletion must respect.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::organization::{ActiveModel, Column, Entity, Model};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, NotSet, QueryFilter, Set,
};

use super::audit::Actor;
use super::check::{Checker, Holder};
use super::links::Link;
use super::write;
use crate::db::table::Table;
use crate::domain::enums::{
    DemocraticParty, DomainEnum, DpOrgLevel, EnterpriseOwnership, OrganizationKind, OutletKind,
    OutletLevel,
};
use crate::domain::org_name;
use crate::error::{AppResult, UserErrorCode};
use crate::ids::Ref;
use crate::scalars::Date;

/// A new organization.
#[derive(InputObject, Debug, Clone)]
pub struct CreateOrganizationInput {
    /// Full name, 1–100 characters.
    pub name: String,
    /// What kind of organization it is.
    pub kind: OrganizationKind,
    /// Region code (6, 9 or 12 digits) where it is located.
    pub region: String,
    /// Unified social credit code (checked, unique).
    pub credit_code: Option<String>,
    /// The organization above it (global id).
    pub parent: Option<ID>,
    /// Required for democratic-party organizations.
    pub party: Option<DemocraticParty>,
    /// Level, for democratic-party organizations.
    pub dp_level: Option<DpOrgLevel>,
    /// Number of the current committee term.
    pub term_number: Option<i32>,
    /// First day of the current term.
    pub term_start: Option<Date>,
    /// Last day of the current term (when re-election, 换届, is due); on or after `termStart`.
    pub term_end: Option<Date>,
    /// Ownership, for enterprises.
    pub ownership: Option<EnterpriseOwnership>,
    /// Industry code (GB/T 4754), for enterprises.
    pub industry_code: Option<String>,
    /// A key enterprise (重点企业); default false.
    #[graphql(default)]
    pub is_key_enterprise: bool,
    /// Level, for media outlets.
    pub outlet_level: Option<OutletLevel>,
    /// Kind, for media outlets.
    pub outlet_kind: Option<OutletKind>,
    /// Date founded or registered.
    pub established_on: Option<Date>,
    /// Office telephone.
    pub phone: Option<String>,
    /// Street address.
    pub address: Option<String>,
}

/// Changes to an organization: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateOrganizationInput {
    /// The organization to change (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// New name, as on create; omitted: unchanged.
    pub name: Option<String>,
    /// New kind, as on create; omitted: unchanged.
    pub kind: Option<OrganizationKind>,
    /// New region code, as on create; omitted: unchanged.
    pub region: Option<String>,
    /// New unified social credit code, as on create; null clears it; omitted: unchanged.
    pub credit_code: MaybeUndefined<String>,
    /// New parent organization (global id), as on create; null clears it; omitted: unchanged.
    pub parent: MaybeUndefined<ID>,
    /// New democratic party, as on create; null clears it; omitted: unchanged.
    pub party: MaybeUndefined<DemocraticParty>,
    /// New democratic-party organization level, as on create; null clears it; omitted: unchanged.
    pub dp_level: MaybeUndefined<DpOrgLevel>,
    /// New term number, as on create; null clears it; omitted: unchanged.
    pub term_number: MaybeUndefined<i32>,
    /// New first day of the current term, as on create; null clears it; omitted: unchanged.
    pub term_start: MaybeUndefined<Date>,
    /// New last day of the current term, as on create; null clears it; omitted: unchanged.
    pub term_end: MaybeUndefined<Date>,
    /// New ownership, as on create; null clears it; omitted: unchanged.
    pub ownership: MaybeUndefined<EnterpriseOwnership>,
    /// New industry code (GB/T 4754), as on create; null clears it; omitted: unchanged.
    pub industry_code: MaybeUndefined<String>,
    /// New key-enterprise (重点企业) flag, as on create; omitted: unchanged.
    pub is_key_enterprise: Option<bool>,
    /// New outlet level, as on create; null clears it; omitted: unchanged.
    pub outlet_level: MaybeUndefined<OutletLevel>,
    /// New outlet kind, as on create; null clears it; omitted: unchanged.
    pub outlet_kind: MaybeUndefined<OutletKind>,
    /// New founding date, as on create; null clears it; omitted: unchanged.
    pub established_on: MaybeUndefined<Date>,
    /// New telephone, as on create; null clears it; omitted: unchanged.
    pub phone: MaybeUndefined<String>,
    /// New address, as on create; null clears it; omitted: unchanged.
    pub address: MaybeUndefined<String>,
}

/// Records that point at an organization, and how a deletion treats them.
const LINKS: &[Link] = &[
    Link::ended("membership", "organization_id", "memberships"),
    Link::ended(
        "liaison_assignment",
        "organization_id",
        "liaison assignments",
    ),
    Link::blocking("organization", "parent_id", "sub-organizations"),
    Link::blocking("pairing", "enterprise_id", "pairings"),
    Link::blocking("place", "host_org_id", "hosted places"),
    Link::blocking("activity", "organizer_id", "organized activities"),
    Link::blocking("suggestion", "submitting_org_id", "submitted suggestions"),
    Link::blocking("publication", "outlet_id", "publications"),
    Link::ended(
        "mediation_partner",
        "organization_id",
        "mediation partnerships",
    ),
    Link::blocking("term_election", "organization_id", "term elections"),
];

fn set_opt<T, U>(value: MaybeUndefined<T>, map: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(map(v))),
    }
}

/// The rules that span fields: party organizations name their party; terms are in order.
fn check_consistency(check: &mut Checker, row: &ActiveModel) {
    let kind = row.kind.as_ref();
    if kind == OrganizationKind::DpOrganization.code() && row.party.as_ref().is_none() {
        check.fail(
            "party",
            UserErrorCode::Required,
            "a democratic-party organization needs its party",
            "民主党派组织须填写所属党派",
        );
    }
    if kind != OrganizationKind::DpOrganization.code() && row.dp_level.as_ref().is_some() {
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

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateOrganizationInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let name = check.text("name", &input.name, 1, 100);
    let region = check.region(db, "region", &input.region, None).await?;
    let region = check.writable_region(actor, region)?;
    if let Some(region) = &region {
        not_a_duplicate(&mut check, db, &name, region, None).await?;
    }
    let credit_code = input
        .credit_code
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .and_then(|c| check.credit_code("creditCode", c));
    if let Some(code) = &credit_code {
        credit_code_not_held(&mut check, db, &actor.viewer, code, None).await?;
    }
    let parent = match &input.parent {
        Some(id) => {
            check
                .reference::<Entity>(db, "parent", Ref::decode(id))
                .await?
        }
        None => None,
    };
    let row = ActiveModel {
        id: NotSet,
        kind: Set(input.kind.code().to_owned()),
        name_pinyin: Set(crate::domain::pinyin::full(&name)),
        name_initials: Set(crate::domain::pinyin::initials(&name)),
        name_key: Set(org_name::normalize(&name)),
        name: Set(name),
        region_code: Set(region.unwrap_or_default()),
        credit_code: Set(credit_code),
        parent_id: Set(parent),
        party: Set(input.party.map(|p| p.code().to_owned())),
        dp_level: Set(input.dp_level.map(|l| l.code().to_owned())),
        term_number: Set(input.term_number),
        term_start: Set(input.term_start.map(|d| d.0)),
        term_end: Set(input.term_end.map(|d| d.0)),
        ownership: Set(input.ownership.map(|o| o.code().to_owned())),
        industry_code: Set(check.text_opt("industryCode", input.industry_code.as_deref(), 20)),
        is_key_enterprise: Set(input.is_key_enterprise),
        outlet_level: Set(input.outlet_level.map(|l| l.code().to_owned())),
        outlet_kind: Set(input.outlet_kind.map(|k| k.code().to_owned())),
        established_on: Set(input.established_on.map(|d| d.0)),
        phone: Set(check.text_opt("phone", input.phone.as_deref(), 30)),
        address: Set(check.text_opt("address", input.address.as_deref(), 200)),
        is_synthetic: Set(false),
        ..Default::default()
    };
    check_consistency(&mut check, &row);
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::create::<Entity, _>(db, actor, row).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateOrganizationInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::organization::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(name) = &input.name {
        let name = check.text("name", name, 1, 100);
        row.name_pinyin = Set(crate::domain::pinyin::full(&name));
        row.name_initials = Set(crate::domain::pinyin::initials(&name));
        row.name_key = Set(org_name::normalize(&name));
        row.name = Set(name);
    }
    if let Some(kind) = input.kind {
        row.kind = Set(kind.code().to_owned());
    }
    if let Some(region) = &input.region
        && let Some(code) = check.region(db, "region", region, None).await?
    {
        row.region_code = Set(code);
    }
    match input.credit_code {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.credit_code = Set(None),
        MaybeUndefined::Value(code) => {
            if let Some(code) = check.credit_code("creditCode", &code) {
                credit_code_not_held(&mut check, db, &actor.viewer, &code, Some(key)).await?;
                row.credit_code = Set(Some(code));
            }
        }
    }
    match &input.parent {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => row.parent_id = Set(None),
        MaybeUndefined::Value(id) => {
            if let Some(parent) = check
                .reference::<Entity>(db, "parent", Ref::decode(id))
                .await?
            {
                if parent == key {
                    check.fail(
                        "parent",
                        UserErrorCode::Cycle,
                        "an organization cannot be its own parent",
                        "组织不能以自身为上级",
                    );
                }
                row.parent_id = Set(Some(parent));
            }
        }
    }
    if let Some(v) = set_opt(input.party, |p| p.code().to_owned()) {
        row.party = Set(v)
    }
    if let Some(v) = set_opt(input.dp_level, |l| l.code().to_owned()) {
        row.dp_level = Set(v)
    }
    if let Some(v) = set_opt(input.term_number, |n| n) {
        row.term_number = Set(v)
    }
    if let Some(v) = set_opt(input.term_start, |d| d.0) {
        row.term_start = Set(v)
    }
    if let Some(v) = set_opt(input.term_end, |d| d.0) {
        row.term_end = Set(v)
    }
    if let Some(v) = set_opt(input.ownership, |o| o.code().to_owned()) {
        row.ownership = Set(v)
    }
    if let Some(v) = set_opt(input.industry_code, |c| c) {
        row.industry_code = Set(v)
    }
    if let Some(v) = input.is_key_enterprise {
        row.is_key_enterprise = Set(v)
    }
    if let Some(v) = set_opt(input.outlet_level, |l| l.code().to_owned()) {
        row.outlet_level = Set(v)
    }
    if let Some(v) = set_opt(input.outlet_kind, |k| k.code().to_owned()) {
        row.outlet_kind = Set(v)
    }
    if let Some(v) = set_opt(input.established_on, |d| d.0) {
        row.established_on = Set(v)
    }
    if let Some(v) = set_opt(input.phone, |p| p) {
        row.phone = Set(check.text_opt("phone", v.as_deref(), 30))
    }
    if let Some(v) = set_opt(input.address, |a| a) {
        row.address = Set(check.text_opt("address", v.as_deref(), 200))
    }
    check_consistency(&mut check, &row);
    if input.name.is_some() || input.region.is_some() {
        let (name, region) = (row.name.as_ref().clone(), row.region_code.as_ref().clone());
        not_a_duplicate(&mut check, db, &name, &region, Some(before.id)).await?;
    }
    check.finish()?;
    actor.may_write(row.region_code.as_ref())?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes an organization. Refused while records point at it, unless `end_links` asks to
/// end the links that can be ended (memberships, mediation partnerships).
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

/// Restores a soft-deleted organization.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    let key = crate::ids::key::<Entity>(id)?;
    write::restore_in_region::<Entity, _>(db, actor, key).await
}
