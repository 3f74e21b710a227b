//! Creating and correcting people together with their personal data and categories, and
//! deleting them with what they own.

mod owned;
mod private;
pub mod rules;

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::person::{ActiveModel, Entity, Model};
use entity::person_private;
use sea_orm::{ConnectionTrait, IntoActiveModel, NotSet, Set};

use super::audit::Actor;
use super::check::{Checker, RegionTable};
use super::links::Link;
use super::write;
use crate::db::sealed::DataKeys;
use crate::domain::enums::{
    DomainEnum, Gender, NetworkFigureKind, PoliticalStatus, RegionLevel, UfCategory, encode_set,
};
use crate::domain::region_code::RegionCode;
use crate::domain::validate::id_number::IdNumber;
use crate::error::{AppResult, UserErrorCode};
use crate::scalars::Date;
use private::Whose;

/// A new person, with their personal data and united-front categories.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePersonInput {
    /// Full name, 1–40 characters; letters of any script, single spaces, and the middle dot
    /// `·` between the parts of a transliterated name.
    pub name: String,
    /// Required unless `idNumber` is given: then it is derived from the ID number's sequence
    /// digit, and when both are given they must agree.
    pub gender: Option<Gender>,
    /// Code (6, 9 or 12 digits) of the county, township or village where the person is
    /// registered; the whole city is not accepted.
    pub region: String,
    /// Employer or unit (工作单位), up to 100 characters.
    pub work_unit: Option<String>,
    /// Position (职务), up to 50 characters.
    pub job_title: Option<String>,
    /// Education (学历), up to 30 characters.
    pub education: Option<String>,
    /// A representative figure (代表人士).
    #[graphql(default)]
    pub is_representative: bool,
    /// Network-figure kinds (blogger, village influencer …); duplicates are ignored.
    #[graphql(default)]
    pub figure_kinds: Vec<NetworkFigureKind>,
    /// United-front categories (统战对象类别); duplicates are ignored.
    #[graphql(default)]
    pub categories: Vec<UfCategory>,
    /// Resident ID number (18 characters, check digit verified, unique; lowercase `x` accepted).
    pub id_number: Option<String>,
    /// Mainland mobile number; `+86`, spaces and hyphens are stripped, 11 digits stored.
    pub phone: Option<String>,
    /// Birth date; derived from `idNumber` when only that is given, must agree with it otherwise.
    pub birth_date: Option<Date>,
    /// Home address, up to 200 characters.
    pub address: Option<String>,
    /// Ethnic group: the two-digit GB/T 3304 code, e.g. `03` for 回族.
    pub ethnicity: Option<String>,
    /// Political status (政治面貌); a democratic-party status also gives the person's `party`.
    pub political_status: Option<PoliticalStatus>,
    /// Religion, up to 30 characters.
    pub religion: Option<String>,
}

/// Changes to a person: only the fields given change; `null` clears an optional field.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePersonInput {
    /// The person to change (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// Full name, same rules as on create.
    pub name: Option<String>,
    /// Must agree with the ID number (the stored one, or `idNumber` if given).
    pub gender: Option<Gender>,
    /// County, township or village code.
    pub region: Option<String>,
    /// New work unit (工作单位), as on create; null clears it; omitted: unchanged.
    pub work_unit: MaybeUndefined<String>,
    /// New job title, as on create; null clears it; omitted: unchanged.
    pub job_title: MaybeUndefined<String>,
    /// New education, as on create; null clears it; omitted: unchanged.
    pub education: MaybeUndefined<String>,
    /// New representative-figure (代表人士) flag, as on create; omitted: unchanged.
    pub is_representative: Option<bool>,
    /// The complete new set of network-figure kinds (`[]` clears it).
    pub figure_kinds: Option<Vec<NetworkFigureKind>>,
    /// The complete new set of categories (`[]` clears it): removed categories are deleted,
    /// new ones added, each change audited.
    pub categories: Option<Vec<UfCategory>>,
    /// A new ID number: the birth date follows it unless `birthDate` is given too.
    pub id_number: MaybeUndefined<String>,
    /// New telephone, as on create; null clears it; omitted: unchanged.
    pub phone: MaybeUndefined<String>,
    /// Must agree with the ID number; cannot be cleared while an ID number is recorded.
    pub birth_date: MaybeUndefined<Date>,
    /// New address, as on create; null clears it; omitted: unchanged.
    pub address: MaybeUndefined<String>,
    /// Two-digit GB/T 3304 code.
    pub ethnicity: MaybeUndefined<String>,
    /// New political status (政治面貌), as on create; null clears it; omitted: unchanged.
    pub political_status: MaybeUndefined<PoliticalStatus>,
    /// New religion, as on create; null clears it; omitted: unchanged.
    pub religion: MaybeUndefined<String>,
}

/// Records that point at a person, and how a deletion treats them. What the person owns
/// (personal data, categories, accounts, sales) is deleted with them instead.
const LINKS: &[Link] = &[
    Link::ended("membership", "person_id", "memberships"),
    Link::ended("liaison_assignment", "person_id", "liaison assignments"),
    Link::ended(
        "activity_participant",
        "person_id",
        "activity participations",
    ),
    Link::ended("income_uplift", "influencer_id", "income-uplift links"),
    Link::blocking("donation", "donor_person_id", "donations"),
    Link::blocking("suggestion", "author_id", "suggestions"),
    Link::blocking("publicity_work", "author_id", "publicity works"),
    Link::blocking("term_election", "chair_id", "term elections chaired"),
];

const WORK_UNIT_MAX: usize = 100;
const JOB_TITLE_MAX: usize = 50;
const EDUCATION_MAX: usize = 30;

/// A person is registered in a county, township or village: a person "of the city" would sit
/// outside every county's subtree, invisible to county editors and county figures.
async fn region(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    input: &str,
) -> AppResult<Option<String>> {
    let code = check.region(db, "region", input, None).await?;
    Ok(county_or_below(check, code))
}

/// Refuses the whole city as a person's region.
fn county_or_below(check: &mut Checker, code: Option<String>) -> Option<String> {
    let city = code
        .as_deref()
        .and_then(|c| RegionCode::parse(c).ok())
        .is_some_and(|c| c.level() == RegionLevel::City);
    if city {
        check.fail(
            "region",
            UserErrorCode::RegionLevel,
            "a person is registered in a county, township or village, not in the whole city",
            "人员所属区划须为县(区)、乡镇(街道)或村(社区)，不能是全市",
        );
        return None;
    }
    code
}

fn gender_of(id: &IdNumber) -> Gender {
    if id.is_male() {
        Gender::Male
    } else {
        Gender::Female
    }
}

fn gender_mismatch(check: &mut Checker, field: &str) {
    check.fail(
        field,
        UserErrorCode::GenderMismatch,
        "gender differs from the ID number's sequence digit (odd for men, even for women)",
        "性别与公民身份号码的顺序码不一致（男单女双）",
    );
}

fn unique<T: PartialEq + Copy>(values: &[T]) -> Vec<T> {
    let mut out = Vec::with_capacity(values.len());
    for v in values {
        if !out.contains(v) {
            out.push(*v);
        }
    }
    out
}

fn set_name(row: &mut ActiveModel, name: String) {
    row.name_pinyin = Set(crate::domain::pinyin::full(&name));
    row.name_initials = Set(crate::domain::pinyin::initials(&name));
    row.name = Set(name);
}

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

/// Where a new person's checks against stored data get their answers.
#[derive(Clone, Copy)]
pub enum Lookup<'a> {
    /// Each check asks the database.
    Database,
    /// An import's: the live regions read once, and no stored person holds the ID number
    /// (the import looked up the whole file's numbers; the unique index still refuses a number
    /// stored since).
    Known(&'a RegionTable),
}

/// A new person, checked as [`create`] checks it, not yet written.
#[derive(Clone)]
pub struct NewPerson {
    row: ActiveModel,
    values: private::Values,
    categories: Vec<UfCategory>,
}

pub async fn create(
    db: &impl ConnectionTrait,
    keys: &DataKeys,
    actor: &Actor,
    input: CreatePersonInput,
) -> AppResult<Model> {
    let new = prepare(db, keys, actor, input, Lookup::Database).await?;
    let person = write::create::<Entity, _>(db, actor, new.row).await?;
    // Sealed now: the person's id is part of what binds each value to its row.
    let private = private_row(keys, person.id, new.values, None)?;
    write::create::<person_private::Entity, _>(db, actor, private).await?;
    owned::replace_categories(db, actor, person.id, &new.categories).await?;
    Ok(person)
}

/// Every check of [`create`], reading only: what would be written, or the refusal.
pub async fn prepare(
    db: &impl ConnectionTrait,
    keys: &DataKeys,
    actor: &Actor,
    input: CreatePersonInput,
    lookup: Lookup<'_>,
) -> AppResult<NewPerson> {
    let mut check = Checker::default();
    let name = rules::name(&mut check, "name", &input.name);
    let region = match lookup {
        Lookup::Database => region(&mut check, db, &input.region).await?,
        Lookup::Known(regions) => {
            let code = check.region_in(regions, "region", &input.region, None);
            county_or_below(&mut check, code)
        }
    };
    let region = check.writable_region(actor, region)?;
    let id_given = input
        .id_number
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    let given = private::Given {
        id_number: rules::given(input.id_number),
        phone: rules::given(input.phone),
        birth_date: rules::given(input.birth_date),
        address: rules::given(input.address),
        ethnicity: rules::given(input.ethnicity),
        political_status: rules::given(input.political_status),
        religion: rules::given(input.religion),
    };
    let whose = match lookup {
        Lookup::Database => Whose::New,
        Lookup::Known(_) => Whose::NewUnheld,
    };
    let personal = private::check(&mut check, db, &actor.viewer, keys, given, None, whose).await?;
    let gender = match (input.gender, personal.id_number.as_ref()) {
        (Some(gender), Some(id)) => {
            if gender != gender_of(id) {
                gender_mismatch(&mut check, "gender");
            }
            Some(gender)
        }
        (None, Some(id)) => Some(gender_of(id)),
        (Some(gender), None) => Some(gender),
        (None, None) => {
            if !id_given {
                check.fail(
                    "gender",
                    UserErrorCode::Required,
                    "gender is required unless an ID number is given",
                    "未填写公民身份号码时须填写性别",
                );
            }
            None
        }
    };
    let mut row = ActiveModel {
        id: NotSet,
        gender: Set(gender.map_or("", |g| g.code()).to_owned()),
        region_code: Set(region.unwrap_or_default()),
        work_unit: Set(check.text_opt("workUnit", input.work_unit.as_deref(), WORK_UNIT_MAX)),
        job_title: Set(check.text_opt("jobTitle", input.job_title.as_deref(), JOB_TITLE_MAX)),
        education: Set(check.text_opt("education", input.education.as_deref(), EDUCATION_MAX)),
        is_representative: Set(input.is_representative),
        figure_kinds: Set(encode_set(&unique(&input.figure_kinds))),
        is_synthetic: Set(false),
        ..Default::default()
    };
    set_name(&mut row, name);
    check.finish()?;
    Ok(NewPerson {
        row,
        values: personal.values,
        categories: unique(&input.categories),
    })
}

/// Writes people [`prepare`]d in one go: multi-row statements for the people, their personal
/// data (sealed to each new id) and categories, each row audited and indexed as [`create`]
/// does. A unique index refusing any of them fails the whole call.
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
    let created = write::create_many::<Entity, _>(db, actor, rows).await?;
    let mut private = Vec::with_capacity(created.len());
    let mut categories = Vec::new();
    for (person, (values, wanted)) in created.iter().zip(rest) {
        private.push(private_row(keys, person.id, values, None)?);
        categories.extend(
            wanted
                .iter()
                .map(|category| entity::person_category::ActiveModel {
                    person_id: Set(person.id),
                    category: Set(category.code().to_owned()),
                    subcategory: Set(None),
                    since: Set(None),
                    ..Default::default()
                }),
        );
    }
    write::create_many::<person_private::Entity, _>(db, actor, private).await?;
    write::create_many::<entity::person_category::Entity, _>(db, actor, categories).await?;
    Ok(created)
}

pub async fn update(
    db: &impl ConnectionTrait,
    keys: &DataKeys,
    actor: &Actor,
    input: UpdatePersonInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::person::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    let stored_private = owned::private_row(db, key).await?;
    let mut row = before.clone().into_active_model();
    let mut check = Checker::default();
    if let Some(name) = &input.name {
        let name = rules::name(&mut check, "name", name);
        set_name(&mut row, name);
    }
    if let Some(region_input) = &input.region {
        let code = region(&mut check, db, region_input).await?;
        if let Some(code) = check.writable_region(actor, code)? {
            row.region_code = Set(code);
        }
    }
    let given = private::Given {
        id_number: input.id_number,
        phone: input.phone,
        birth_date: input.birth_date,
        address: input.address,
        ethnicity: input.ethnicity,
        political_status: input.political_status,
        religion: input.religion,
    };
    let personal = private::check(
        &mut check,
        db,
        &actor.viewer,
        keys,
        given,
        stored_private.as_ref(),
        Whose::Stored(key),
    )
    .await?;
    let stored_gender = Gender::from_code(&before.gender);
    match (input.gender, personal.id_number.as_ref()) {
        (Some(gender), id) => {
            if id.is_some_and(|id| gender_of(id) != gender) {
                gender_mismatch(&mut check, "gender");
            }
            row.gender = Set(gender.code().to_owned());
        }
        (None, Some(id)) if personal.new_id_number => {
            if stored_gender.is_some_and(|g| g != gender_of(id)) {
                gender_mismatch(&mut check, "idNumber");
            }
        }
        (None, _) => {}
    }
    if let Some(v) = rules::set_opt(input.work_unit, |w| w) {
        row.work_unit = Set(check.text_opt("workUnit", v.as_deref(), WORK_UNIT_MAX));
    }
    if let Some(v) = rules::set_opt(input.job_title, |j| j) {
        row.job_title = Set(check.text_opt("jobTitle", v.as_deref(), JOB_TITLE_MAX));
    }
    if let Some(v) = rules::set_opt(input.education, |e| e) {
        row.education = Set(check.text_opt("education", v.as_deref(), EDUCATION_MAX));
    }
    if let Some(v) = input.is_representative {
        row.is_representative = Set(v);
    }
    if let Some(kinds) = &input.figure_kinds {
        row.figure_kinds = Set(encode_set(&unique(kinds)));
    }
    check.finish()?;
    // The person's version covers its personal data and categories too: a change to those
    // alone still bumps it, so a client holding the old version cannot overwrite it.
    let after =
        write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row)
            .await?;
    if personal.changed {
        match &stored_private {
            Some(stored) => {
                let mut changes = private_row(keys, key, personal.values, Some(stored))?;
                changes.person_id = NotSet;
                write::update::<person_private::Entity, _>(
                    db,
                    actor,
                    "UPDATE",
                    stored,
                    stored.version,
                    changes,
                )
                .await?;
            }
            None => {
                let private = private_row(keys, key, personal.values, None)?;
                write::create::<person_private::Entity, _>(db, actor, private).await?;
            }
        }
    }
    if let Some(categories) = &input.categories {
        owned::replace_categories(db, actor, key, &unique(categories)).await?;
    }
    Ok(after)
}

/// Soft-deletes a person with what they own (personal data, categories, platform accounts,
/// sales records). Memberships, liaison assignments, activity participations and income-uplift
/// links refuse the deletion unless `end_links` ends them; donations, suggestions, publicity
/// works and term elections that name the person always refuse it.
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
    end_links: bool,
) -> AppResult<Model> {
    let key = crate::ids::key::<Entity>(id)?;
    let deleted =
        write::delete_in_region::<Entity, _>(db, actor, key, expected_version, LINKS, end_links)
            .await?;
    owned::delete(db, actor, deleted.id).await?;
    Ok(deleted)
}

/// Restores a soft-deleted person and what was deleted with them. Links ended by the deletion
/// stay ended.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    let key = crate::ids::key::<Entity>(id)?;
    let before = write::get_deleted::<Entity, _>(db, key).await?;
    actor.may_write(&before.region_code)?;
    let restored = write::restore::<Entity, _>(db, actor, &before).await?;
    if let Some(deleted_at) = before.deleted_at {
        owned::restore(db, actor, key, deleted_at).await?;
    }
    Ok(restored)
}
