//! Collects every validation failure of one input before anything is written, so a form can
//! show them all beside the right fields.

use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use crate::auth::Viewer;
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::{DomainEnum, RegionLevel};
use crate::domain::region_code::RegionCode;
use crate::domain::validate::{credit_code, explain, id_number, phone};
use crate::error::{AppError, AppResult, FieldError, UserErrorCode};
use crate::ids;
use crate::service::audit::Actor;

/// The live regions by code, with their level: read once for many checks.
pub struct RegionTable(std::collections::HashMap<String, RegionLevel>);

impl RegionTable {
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Self> {
        Ok(Self(
            entity::region::Entity::live()
                .all(db)
                .await?
                .into_iter()
                .map(|row| (row.code, row.level))
                .collect(),
        ))
    }
}

/// Validation failures found so far.
#[derive(Default)]
pub struct Checker {
    errors: Vec<FieldError>,
    /// Set when the caller's right to write is not settled (no valid region): checks against
    /// stored records are then skipped, since their answers could tell what is stored.
    unauthorized: bool,
}

/// The record that already holds a unique value being written.
pub struct Holder<'a> {
    pub record: crate::ids::RecordType,
    pub key: i64,
    pub name: &'a str,
    pub region_code: &'a str,
    /// Not deleted or merged away: a record that cannot be opened is not named.
    pub live: bool,
}

impl Checker {
    /// Refuses the value of `field` (`label` in Chinese) that `holder` already has: the
    /// refusal names the holder when the policy lets `viewer` read it, and is otherwise the
    /// same refusal without the name.
    pub fn held_by(&mut self, viewer: &Viewer, field: &str, label: &str, holder: Holder<'_>) {
        let named = holder.live
            && crate::auth::policy::may_name_holder(viewer, holder.record, holder.region_code);
        if named {
            let (name, id) = (
                holder.name,
                crate::ids::encode(holder.record.name(), holder.key),
            );
            let id = id.as_str();
            self.fail(
                field,
                UserErrorCode::Duplicate,
                format!("recorded for {name} ({id}); correct that record instead"),
                format!("该{label}已登记在“{name}”（{id}）名下，请修改该记录，不要重复添加"),
            );
        } else {
            self.fail(field, UserErrorCode::Duplicate, "", "");
        }
    }

    /// Whether checks against stored records may run: not before the caller's right to write
    /// is settled, since their answers could tell what is stored.
    pub fn may_compare_stored(&self) -> bool {
        !self.unauthorized
    }

    /// `code` for `field`, with the detail `en`/`zh` after the catalogue's message (empty
    /// when the message says it all).
    pub fn fail(
        &mut self,
        field: &str,
        code: UserErrorCode,
        en: impl AsRef<str>,
        zh: impl AsRef<str>,
    ) {
        self.errors
            .push(FieldError::new(&["input", field], code, en, zh));
    }

    /// Adds failures found elsewhere (in the items of a nested list), after those so far.
    pub fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        self.errors.extend(errors);
    }

    /// `Ok` when nothing failed; otherwise every failure at once.
    pub fn finish(self) -> AppResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.errors))
        }
    }

    /// The region a new or moved record is to be written in, settled before any check that
    /// reads stored data, so that no answer depends on records the caller may not write: a
    /// region outside the caller's reach is FORBIDDEN at once. Without a valid region the
    /// checks of the input itself go on, but none that looks at stored records.
    pub fn writable_region(
        &mut self,
        actor: &Actor,
        code: Option<String>,
    ) -> AppResult<Option<String>> {
        match code {
            Some(code) => {
                actor.may_write(&code)?;
                Ok(Some(code))
            }
            None => {
                self.unauthorized = true;
                Ok(None)
            }
        }
    }

    /// Trimmed text of `min..=max` characters.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) -> String {
        let trimmed = value.trim().to_owned();
        let length = trimmed.chars().count();
        if length < min || length > max {
            self.fail(
                field,
                UserErrorCode::TextLength,
                format!("it must have {min} to {max} characters"),
                format!("须为 {min} 至 {max} 个字符"),
            );
        }
        trimmed
    }

    /// Optional text: blank becomes `None`.
    pub fn text_opt(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
        Some(self.text(field, trimmed, 1, max))
    }

    /// A region code that exists, optionally of a required level; returns the 12-digit code.
    pub async fn region(
        &mut self,
        db: &impl ConnectionTrait,
        field: &str,
        input: &str,
        level: Option<RegionLevel>,
    ) -> AppResult<Option<String>> {
        let Some(code) = self.region_format(field, input) else {
            return Ok(None);
        };
        let row = entity::region::Entity::live()
            .filter(entity::region::Column::Code.eq(code.as_str()))
            .one(db)
            .await?;
        let found = row.map(|row| (row.code, row.level));
        Ok(self.region_found(field, &code, found, level))
    }

    /// [`Checker::region`] answered from regions read once (an import checks thousands of
    /// rows against them).
    pub fn region_in(
        &mut self,
        regions: &RegionTable,
        field: &str,
        input: &str,
        level: Option<RegionLevel>,
    ) -> Option<String> {
        let code = self.region_format(field, input)?;
        let found = regions
            .0
            .get(code.as_str())
            .map(|level| (code.as_str().to_owned(), *level));
        self.region_found(field, &code, found, level)
    }

    fn region_format(&mut self, field: &str, input: &str) -> Option<RegionCode> {
        match crate::db::filters::parse_region(input) {
            Ok(code) => Some(code),
            Err(err) => {
                self.fail(
                    field,
                    UserErrorCode::RegionCodeFormat,
                    err.to_string(),
                    format!("“{input}”"),
                );
                None
            }
        }
    }

    /// Judges the live region `found` (code, level) for `code`.
    fn region_found(
        &mut self,
        field: &str,
        code: &RegionCode,
        found: Option<(String, RegionLevel)>,
        level: Option<RegionLevel>,
    ) -> Option<String> {
        let Some((found_code, found_level)) = found else {
            self.fail(
                field,
                UserErrorCode::RegionUnknown,
                format!("no region has code {code}"),
                format!("区划代码 {code} 不存在"),
            );
            return None;
        };
        if let Some(level) = level
            && found_level != level
        {
            self.fail(
                field,
                UserErrorCode::RegionLevel,
                format!(
                    "it must be a {} region; {code} is a {}",
                    level.code(),
                    found_level
                ),
                format!("须为{}级区划", level.label()),
            );
            return None;
        }
        Some(RegionCode::parse(&found_code).map_or(found_code, |c| c.as_str().to_owned()))
    }

    /// A reference to a live row of `E`; returns its key. A reference that named no `E`
    /// (malformed, or another type's id) is INVALID_ID on `field`.
    pub async fn reference<E: Table>(
        &mut self,
        db: &impl ConnectionTrait,
        field: &str,
        named: ids::Ref<E>,
    ) -> AppResult<Option<i64>> {
        let Some(key) = named.key() else {
            self.fail(
                field,
                UserErrorCode::InvalidId,
                format!("it is not a {} id", E::TYPE_NAME),
                "",
            );
            return Ok(None);
        };
        let found = E::live().filter(E::key_column().eq(key)).one(db).await?;
        if found.is_none() {
            let id = ids::of::<E>(key);
            self.fail(
                field,
                UserErrorCode::NotFound,
                format!("no {} has id {}", E::TYPE_NAME, id.as_str()),
                "",
            );
            return Ok(None);
        }
        Ok(Some(key))
    }

    /// A patch's change of an optional reference: `None` when the patch leaves it, else the
    /// new key (none when cleared, and none when the reference fails, which is reported).
    pub async fn reference_change<E: Table>(
        &mut self,
        db: &impl ConnectionTrait,
        field: &str,
        change: Change<ids::Ref<E>>,
    ) -> AppResult<Option<Option<i64>>> {
        Ok(match change.into_new() {
            None => None,
            Some(None) => Some(None),
            Some(Some(named)) => Some(self.reference::<E>(db, field, named).await?),
        })
    }

    /// A patch's new region code, checked: `None` when the patch leaves it or it fails.
    pub async fn region_given(
        &mut self,
        db: &impl ConnectionTrait,
        field: &str,
        given: Option<String>,
        level: Option<RegionLevel>,
    ) -> AppResult<Option<String>> {
        match given {
            Some(input) => self.region(db, field, &input, level).await,
            None => Ok(None),
        }
    }

    /// A unified social credit code, normalised; `None` if invalid.
    pub fn credit_code(&mut self, field: &str, input: &str) -> Option<String> {
        match credit_code::validate(input) {
            Ok(code) => Some(code),
            Err(err) => {
                self.fail(field, err.code(), err.to_string(), "");
                None
            }
        }
    }

    /// A resident ID number, normalised.
    pub fn id_number(&mut self, field: &str, input: &str) -> Option<id_number::IdNumber> {
        match id_number::validate(input, today()) {
            Ok(number) => Some(number),
            Err(err) => {
                let (en, zh) = match explain::id_number(input, today()) {
                    Err(why) if why.code == err.code() => (why.en, why.zh),
                    _ => (err.to_string(), String::new()),
                };
                self.fail(field, err.code(), en, zh);
                None
            }
        }
    }

    /// A mainland mobile number, normalised to 11 digits.
    pub fn mobile(&mut self, field: &str, input: &str) -> Option<String> {
        match phone::normalize_mobile(input) {
            Ok(number) => Some(number),
            Err(err) => {
                let (en, zh) = match explain::mobile(input) {
                    Err(why) if why.code == err.code() => (why.en, why.zh),
                    _ => (err.to_string(), String::new()),
                };
                self.fail(field, err.code(), en, zh);
                None
            }
        }
    }

    /// `start` is on or before `end` when both are given.
    pub fn date_order(&mut self, field: &str, start: Option<NaiveDate>, end: Option<NaiveDate>) {
        if let (Some(start), Some(end)) = (start, end)
            && start > end
        {
            self.fail(field, UserErrorCode::DateOrder, "", "");
        }
    }

    /// A count that starts at 1 (a household's members, a term's number); `label` names it in
    /// Chinese.
    pub fn at_least_one(&mut self, field: &str, label: &str, value: i32) {
        if value < 1 {
            self.fail(
                field,
                UserErrorCode::OutOfRange,
                format!("{field} must be at least 1"),
                format!("{label}至少为 1"),
            );
        }
    }

    /// A non-negative amount or count.
    pub fn non_negative(&mut self, field: &str, value: Option<i64>) {
        if value.is_some_and(|v| v < 0) {
            self.fail(field, UserErrorCode::Negative, "", "");
        }
    }

    /// No other row of `E` (deleted ones included: the unique index covers them) has `value`.
    pub async fn unique<E: Table>(
        &mut self,
        db: &impl ConnectionTrait,
        field: &str,
        column: E::Column,
        value: &str,
        except: Option<i64>,
    ) -> AppResult<()> {
        if self.unauthorized {
            return Ok(());
        }
        self.unique_in::<E>(db, field, column, [value.to_owned()], except)
            .await
    }

    /// No other row of `E` has any of `values` (the forms one value may be stored in).
    pub async fn unique_in<E: Table>(
        &mut self,
        db: &impl ConnectionTrait,
        field: &str,
        column: E::Column,
        values: impl IntoIterator<Item = String>,
        except: Option<i64>,
    ) -> AppResult<()> {
        if self.unauthorized {
            return Ok(());
        }
        let mut query = E::find().filter(column.is_in(values));
        if let Some(key) = except {
            query = query.filter(E::key_column().ne(key));
        }
        if query.one(db).await?.is_some() {
            self.fail(field, UserErrorCode::Duplicate, "", "");
        }
        Ok(())
    }
}

/// Today in Asia/Shanghai (UTC+8), the calendar the domain's dates use.
pub fn today() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(8)).date_naive()
}
