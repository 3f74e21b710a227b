//! People's drafts and patches: the one place a person's fields, personal data and categories
//! are checked (their writes, `People`, are declared in `writes`).

mod owned;
mod private;
pub mod rules;
mod writes;

pub use writes::{NewPerson, People, Sealing, create_many, prepare};

use chrono::NaiveDate;
use entity::person::ActiveModel;
use entity::person_private;
use sea_orm::{ConnectionTrait, Set};

use super::audit::Actor;
use super::check::{Checker, RegionTable};
use super::fields::put;
use crate::db::sealed::DataKeys;
use crate::domain::change::Change;
use crate::domain::enums::{
    Gender, NetworkFigureKind, PoliticalStatus, RegionLevel, UfCategory, encode_set,
};
use crate::domain::region_code::RegionCode;
use crate::domain::validate::id_number::IdNumber;
use crate::error::{AppResult, UserErrorCode};
use private::Whose;

/// A new person, with their personal data and united-front categories.
#[derive(Clone, Debug)]
pub struct PersonDraft {
    pub name: String,
    /// Required unless `id_number` is given (then derived from it).
    pub gender: Option<Gender>,
    /// A county, township or village code.
    pub region: String,
    pub work_unit: Option<String>,
    pub job_title: Option<String>,
    pub education: Option<String>,
    pub is_representative: bool,
    pub figure_kinds: Vec<NetworkFigureKind>,
    pub categories: Vec<UfCategory>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    /// Derived from `id_number` when only that is given.
    pub birth_date: Option<NaiveDate>,
    pub address: Option<String>,
    /// The two-digit GB/T 3304 code.
    pub ethnicity: Option<String>,
    pub political_status: Option<PoliticalStatus>,
    pub religion: Option<String>,
}

/// Changes to a person, their personal data and categories: `None` and [`Change::Keep`]
/// leave a field as it is.
#[derive(Default, Debug)]
pub struct PersonPatch {
    pub name: Option<String>,
    pub gender: Option<Gender>,
    pub region: Option<String>,
    pub work_unit: Change<String>,
    pub job_title: Change<String>,
    pub education: Change<String>,
    pub is_representative: Option<bool>,
    /// The complete new set.
    pub figure_kinds: Option<Vec<NetworkFigureKind>>,
    /// The complete new set: removed categories are deleted, new ones added.
    pub categories: Option<Vec<UfCategory>>,
    /// A new ID number: the birth date follows it unless `birth_date` is given too.
    pub id_number: Change<String>,
    pub phone: Change<String>,
    pub birth_date: Change<NaiveDate>,
    pub address: Change<String>,
    pub ethnicity: Change<String>,
    pub political_status: Change<PoliticalStatus>,
    pub religion: Change<String>,
}

impl From<PersonDraft> for PersonPatch {
    fn from(draft: PersonDraft) -> Self {
        // A new person's personal fields left out are not given at all: a birth date not
        // given follows the ID number rather than clearing it.
        let given = |value: Option<String>| value.map_or(Change::Keep, Change::Set);
        Self {
            name: Some(draft.name),
            gender: draft.gender,
            region: Some(draft.region),
            work_unit: Change::from_option(draft.work_unit),
            job_title: Change::from_option(draft.job_title),
            education: Change::from_option(draft.education),
            is_representative: Some(draft.is_representative),
            figure_kinds: Some(draft.figure_kinds),
            categories: Some(draft.categories),
            id_number: given(draft.id_number),
            phone: given(draft.phone),
            birth_date: draft.birth_date.map_or(Change::Keep, Change::Set),
            address: given(draft.address),
            ethnicity: given(draft.ethnicity),
            political_status: draft.political_status.map_or(Change::Keep, Change::Set),
            religion: given(draft.religion),
        }
    }
}

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

/// What applying a patch settled beside the person's row.
struct Applied {
    personal: private::Checked,
    /// The complete new set of categories, when the patch gives one.
    categories: Option<Vec<UfCategory>>,
}

impl PersonPatch {
    /// The one place a person's fields are written into `row` and their personal data
    /// checked, for a new person (`key` none, no `stored` personal data) as for a stored one.
    /// It takes the caller, whom `write::Patch` does not know: a region is settled as theirs
    /// to write before any check reads stored records, and an ID number held by someone else
    /// names its holder only when they may read that person's personal data.
    #[expect(
        clippy::too_many_arguments,
        reason = "the one place a person is checked"
    )]
    async fn apply(
        self,
        db: &impl ConnectionTrait,
        keys: &DataKeys,
        actor: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
        (key, stored): (Option<i64>, Option<&person_private::Model>),
        lookup: Lookup<'_>,
    ) -> AppResult<Applied> {
        if let Some(name) = self.name {
            let name = rules::name(check, "name", &name);
            set_name(row, name);
        }
        if let Some(input) = self.region {
            let code = match lookup {
                Lookup::Database => region(check, db, &input).await?,
                Lookup::Known(regions) => {
                    let code = check.region_in(regions, "region", &input, None);
                    county_or_below(check, code)
                }
            };
            put(&mut row.region_code, check.writable_region(actor, code)?);
        }
        let id_given = self
            .id_number
            .as_set()
            .is_some_and(|n| !n.trim().is_empty());
        let given = private::Given {
            id_number: self.id_number,
            phone: self.phone,
            birth_date: self.birth_date,
            address: self.address,
            ethnicity: self.ethnicity,
            political_status: self.political_status,
            religion: self.religion,
        };
        let whose = match (key, lookup) {
            (Some(key), _) => Whose::Stored(key),
            (None, Lookup::Database) => Whose::New,
            (None, Lookup::Known(_)) => Whose::NewUnheld,
        };
        let personal = private::check(check, db, &actor.viewer, keys, given, stored, whose).await?;
        gender(check, row, self.gender, &personal, key.is_none(), id_given);
        check.put_text_opt(
            &mut row.work_unit,
            "workUnit",
            self.work_unit,
            WORK_UNIT_MAX,
        );
        check.put_text_opt(
            &mut row.job_title,
            "jobTitle",
            self.job_title,
            JOB_TITLE_MAX,
        );
        check.put_text_opt(
            &mut row.education,
            "education",
            self.education,
            EDUCATION_MAX,
        );
        put(&mut row.is_representative, self.is_representative);
        put(
            &mut row.figure_kinds,
            self.figure_kinds.map(|kinds| encode_set(&unique(&kinds))),
        );
        Ok(Applied {
            personal,
            categories: self.categories.map(|c| unique(&c)),
        })
    }
}

/// The gender given agrees with the ID number in force; a new person's follows their ID
/// number when not given, and is required without one. A new ID number of a stored person
/// must agree with their stored gender.
fn gender(
    check: &mut Checker,
    row: &mut ActiveModel,
    given: Option<Gender>,
    personal: &private::Checked,
    new: bool,
    id_given: bool,
) {
    match (given, personal.id_number.as_ref()) {
        (Some(gender), id) => {
            if id.is_some_and(|id| gender_of(id) != gender) {
                gender_mismatch(check, "gender");
            }
            row.gender = Set(gender);
        }
        (None, Some(id)) if new => row.gender = Set(gender_of(id)),
        (None, Some(id)) if personal.new_id_number => {
            let stored = row.gender.try_as_ref().copied();
            if stored.is_some_and(|g| g != gender_of(id)) {
                gender_mismatch(check, "idNumber");
            }
        }
        (None, None) if new => {
            if !id_given {
                check.fail(
                    "gender",
                    UserErrorCode::Required,
                    "gender is required unless an ID number is given",
                    "未填写公民身份号码时须填写性别",
                );
            }
        }
        (None, _) => {}
    }
}
