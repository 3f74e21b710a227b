//! The inputs of people's writes, with their personal data and categories.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::person;

use super::{change, key};
use crate::domain::enums::{Gender, NetworkFigureKind, PoliticalStatus, UfCategory};
use crate::error::AppResult;
use crate::scalars::Date;
use crate::service::people::{PersonDraft, PersonPatch};
use crate::service::write::Update;

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

impl From<CreatePersonInput> for PersonDraft {
    fn from(input: CreatePersonInput) -> Self {
        Self {
            name: input.name,
            gender: input.gender,
            region: input.region,
            work_unit: input.work_unit,
            job_title: input.job_title,
            education: input.education,
            is_representative: input.is_representative,
            figure_kinds: input.figure_kinds,
            categories: input.categories,
            id_number: input.id_number,
            phone: input.phone,
            birth_date: input.birth_date.map(|d| d.0),
            address: input.address,
            ethnicity: input.ethnicity,
            political_status: input.political_status,
            religion: input.religion,
        }
    }
}

impl UpdatePersonInput {
    /// The update command; an id that is not a person's is bad input.
    pub fn into_update(self) -> AppResult<Update<PersonPatch>> {
        Ok(Update {
            key: key::<person::Entity>(&self.id)?,
            expected_version: self.expected_version,
            patch: PersonPatch {
                name: self.name,
                gender: self.gender,
                region: self.region,
                work_unit: self.work_unit.into(),
                job_title: self.job_title.into(),
                education: self.education.into(),
                is_representative: self.is_representative,
                figure_kinds: self.figure_kinds,
                categories: self.categories,
                id_number: self.id_number.into(),
                phone: self.phone.into(),
                birth_date: change(self.birth_date, |d| d.0),
                address: self.address.into(),
                ethnicity: self.ethnicity.into(),
                political_status: self.political_status.into(),
                religion: self.religion.into(),
            },
        })
    }
}
