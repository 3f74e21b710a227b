//! A person's personal data (`person_private`): validated together, with the ID number's birth
//! date and sequence parity as the reference the other fields must agree with.

use chrono::NaiveDate;
use entity::person_private::{Column, Entity, Model};
use sea_orm::ConnectionTrait;

use crate::auth::Viewer;
use crate::db::sealed::{self, DataKeys};
use crate::domain::change::Change;
use crate::domain::enums::PoliticalStatus;
use crate::domain::ethnicity;
use crate::domain::validate::id_number::{self, IdNumber};
use crate::error::{AppResult, UserErrorCode};
use crate::service::check::{Checker, Holder, today};

/// Personal fields as given: [`Change::Keep`] keeps the stored value, [`Change::Clear`]
/// clears it.
pub struct Given {
    pub id_number: Change<String>,
    pub phone: Change<String>,
    pub birth_date: Change<NaiveDate>,
    pub address: Change<String>,
    pub ethnicity: Change<String>,
    pub political_status: Change<PoliticalStatus>,
    pub religion: Change<String>,
}

impl Given {
    fn any(&self) -> bool {
        self.id_number.is_given()
            || self.phone.is_given()
            || self.birth_date.is_given()
            || self.address.is_given()
            || self.ethnicity.is_given()
            || self.political_status.is_given()
            || self.religion.is_given()
    }
}

/// The columns after the change, ID number and phone in plaintext (sealed when written).
#[derive(Default, Clone)]
pub struct Values {
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub address: Option<String>,
    pub ethnicity: Option<String>,
    pub political_status: Option<PoliticalStatus>,
    pub religion: Option<String>,
}

impl Values {
    fn of(row: &Model, keys: &DataKeys) -> AppResult<Self> {
        let opened = keys.open_private(row)?;
        Ok(Self {
            id_number: opened.id_number,
            phone: opened.phone,
            birth_date: row.birth_date,
            address: row.address.clone(),
            ethnicity: row.ethnicity.clone(),
            political_status: row.political_status,
            religion: row.religion.clone(),
        })
    }
}

/// The outcome of checking the personal fields.
pub struct Checked {
    pub values: Values,
    /// Whether any personal field was given (the row needs writing).
    pub changed: bool,
    /// The ID number in force after the change, when valid.
    pub id_number: Option<IdNumber>,
    /// Whether this input gave a new, valid ID number.
    pub new_id_number: bool,
}

/// Whose personal data is checked: says which stored holder of an ID number is someone else.
#[derive(Clone, Copy)]
pub enum Whose {
    /// A new person: any holder is someone else.
    New,
    /// A new person whose number the caller has already looked up and found unheld (an
    /// import looks up a whole file's numbers at once); the unique index still refuses a
    /// number stored since.
    NewUnheld,
    /// The stored person with this key.
    Stored(i64),
}

/// Longest address and religion.
const ADDRESS_MAX: usize = 200;
const RELIGION_MAX: usize = 30;

fn blank_is_null(value: Change<String>) -> Change<String> {
    match value {
        Change::Set(v) if v.trim().is_empty() => Change::Clear,
        other => other,
    }
}

/// Refuses an ID number another person already holds (deleted or merged ones too: the number is
/// unique over every row). The refusal names that person only to a caller who may read their
/// personal data (the policy's rule); the same rows are read either way.
async fn not_held(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    hashes: Vec<String>,
    key: Option<i64>,
) -> AppResult<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    if !check.may_compare_stored() {
        return Ok(());
    }
    let mut holder = Entity::find().filter(Column::IdNumberHash.is_in(hashes));
    if let Some(key) = key {
        holder = holder.filter(Column::PersonId.ne(key));
    }
    let Some(holder) = holder.one(db).await? else {
        return Ok(());
    };
    if let Some(p) = entity::person::Entity::find_by_id(holder.person_id)
        .one(db)
        .await?
    {
        let holder = Holder {
            record: crate::ids::RecordType::Person,
            key: p.id,
            name: &p.name,
            region_code: &p.region_code,
            live: p.deleted_at.is_none(),
        };
        check.held_by(viewer, "idNumber", "公民身份号码", holder);
    }
    Ok(())
}

/// Validates the given personal fields over the stored row of person `key` (none on create).
pub async fn check(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    keys: &DataKeys,
    given: Given,
    stored: Option<&Model>,
    whose: Whose,
) -> AppResult<Checked> {
    let changed = given.any();
    let mut values = match stored {
        Some(row) => Values::of(row, keys)?,
        None => Values::default(),
    };
    let mut id = values
        .id_number
        .as_deref()
        .and_then(|n| id_number::validate(n, today()).ok());
    let mut new_id_number = false;
    match blank_is_null(given.id_number) {
        Change::Keep => {}
        Change::Clear => {
            id = None;
            values.id_number = None;
        }
        Change::Set(text) => match check.id_number("idNumber", &text) {
            Some(number) => {
                // By its lookup hash under every configured key: rows sealed before a
                // rotation carry the previous key's.
                let hashes = keys.hashes(sealed::Column::IdNumber, number.as_str())?;
                match whose {
                    Whose::New => not_held(check, db, viewer, hashes, None).await?,
                    Whose::Stored(key) => not_held(check, db, viewer, hashes, Some(key)).await?,
                    Whose::NewUnheld => {}
                }
                values.id_number = Some(number.as_str().to_owned());
                id = Some(number);
                new_id_number = true;
            }
            None => id = None,
        },
    }
    // An invalid ID number leaves `id` empty: its own error says what to fix, and agreement
    // is checked once it is valid.
    birth_date(
        check,
        &mut values,
        given.birth_date,
        id.as_ref(),
        new_id_number,
    );
    match blank_is_null(given.phone) {
        Change::Keep => {}
        Change::Clear => values.phone = None,
        Change::Set(text) => values.phone = check.mobile("phone", &text),
    }
    if let Some(v) = given.address.into_new() {
        values.address = check.text_opt("address", v.as_deref(), ADDRESS_MAX);
    }
    if let Some(v) = given.religion.into_new() {
        values.religion = check.text_opt("religion", v.as_deref(), RELIGION_MAX);
    }
    match blank_is_null(given.ethnicity) {
        Change::Keep => {}
        Change::Clear => values.ethnicity = None,
        Change::Set(code) => {
            let code = code.trim();
            if ethnicity::by_code(code).is_some() {
                values.ethnicity = Some(code.to_owned());
            } else {
                check.fail(
                    "ethnicity",
                    UserErrorCode::EthnicityUnknown,
                    "ethnicity is the two-digit GB/T 3304 code of one of the 56 groups, e.g. 03",
                    "民族须为 GB/T 3304 两位数字代码，如 03",
                );
            }
        }
    }
    if let Some(v) = given.political_status.into_new() {
        values.political_status = v;
    }
    Ok(Checked {
        values,
        changed,
        id_number: id,
        new_id_number,
    })
}

/// The birth date agrees with the ID number's; given only the ID number, it is derived from it.
fn birth_date(
    check: &mut Checker,
    values: &mut Values,
    given: Change<NaiveDate>,
    id: Option<&IdNumber>,
    new_id_number: bool,
) {
    let mismatch = |check: &mut Checker| {
        check.fail(
            "birthDate",
            UserErrorCode::BirthDateMismatch,
            "birthDate differs from the birth date in the ID number",
            "出生日期与公民身份号码中的出生日期不一致",
        );
    };
    match given {
        Change::Keep => {
            if let Some(id) = id.filter(|_| new_id_number) {
                values.birth_date = Some(id.birth_date());
            }
        }
        Change::Clear => {
            if id.is_some() {
                mismatch(check);
            }
            values.birth_date = None;
        }
        Change::Set(day) => {
            if id.is_some_and(|id| id.birth_date() != day) {
                mismatch(check);
            } else if day > today() || day < min_birth_date() {
                check.fail(
                    "birthDate",
                    UserErrorCode::BirthDateRange,
                    "birthDate must lie between 1900-01-01 and today",
                    "出生日期须在 1900-01-01 至今天之间",
                );
            }
            values.birth_date = Some(day);
        }
    }
}

fn min_birth_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}
