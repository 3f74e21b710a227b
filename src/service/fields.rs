//! Helpers the work services share for input fields: partial updates, error paths inside
//! nested lists, and references that must name a record of a certain kind.

use entity::{organization, place};
use sea_orm::{ActiveValue, ConnectionTrait, EntityTrait};

use crate::db::table::Table;

use super::check::Checker;
use crate::domain::change::Change;
use crate::domain::enums::{DomainEnum, OrganizationKind, RegionLevel};
use crate::error::{AppError, AppResult, FieldError, UserErrorCode};
use crate::ids;

/// Writes a patch's value into a column; `None` (the patch leaves the field) keeps it.
pub fn put<T: Into<sea_orm::Value>>(column: &mut ActiveValue<T>, value: Option<T>) {
    if let Some(value) = value {
        *column = ActiveValue::Set(value);
    }
}

/// The longest title of an activity, a livelihood project, a suggestion or a publicity work.
pub const TITLE_MAX: usize = 200;

/// Checks on a patch's field that also write it into its column: a field the patch leaves is
/// neither checked nor written.
impl Checker {
    /// A required title, trimmed, of 1 to [`TITLE_MAX`] characters.
    pub fn put_title(&mut self, column: &mut ActiveValue<String>, title: Option<String>) {
        self.put_text(column, "title", title, 1, TITLE_MAX);
    }

    /// Required text, trimmed, of `min..=max` characters.
    pub fn put_text(
        &mut self,
        column: &mut ActiveValue<String>,
        field: &str,
        value: Option<String>,
        min: usize,
        max: usize,
    ) {
        put(column, value.map(|v| self.text(field, &v, min, max)));
    }

    /// Optional text of at most `max` characters: set, or cleared (blank clears it too).
    pub fn put_text_opt(
        &mut self,
        column: &mut ActiveValue<Option<String>>,
        field: &str,
        change: Change<String>,
        max: usize,
    ) {
        if let Some(value) = change.into_new() {
            *column = ActiveValue::Set(self.text_opt(field, value.as_deref(), max));
        }
    }

    /// A change of an optional reference to a live row of `E`: set, or cleared.
    pub async fn put_reference<E: Table>(
        &mut self,
        db: &impl ConnectionTrait,
        column: &mut ActiveValue<Option<i64>>,
        field: &str,
        change: Change<ids::Ref<E>>,
    ) -> AppResult<()> {
        let key = self.reference_change::<E>(db, field, change).await?;
        put(column, key);
        Ok(())
    }

    /// A region code that exists (of `level` when given). A failing code leaves the column
    /// as it is: the write is refused anyway.
    pub async fn put_region(
        &mut self,
        db: &impl ConnectionTrait,
        column: &mut ActiveValue<String>,
        field: &str,
        given: Option<String>,
        level: Option<RegionLevel>,
    ) -> AppResult<()> {
        let code = self.region_given(db, field, given, level).await?;
        put(column, code);
        Ok(())
    }
}

/// Failures found in the items of nested lists (`["input", "donations", "2", "cash"]`),
/// reported together with the failures of the input's own fields.
#[derive(Default)]
pub struct ItemErrors(Vec<FieldError>);

impl ItemErrors {
    /// Takes the failures of a checker that looked at the item `list[index]`. With
    /// `keep_field` their field stays under the item (`donations.2.cash`); without, the item
    /// itself is the field (`participants.2`).
    pub fn absorb(&mut self, list: &str, index: usize, check: Checker, keep_field: bool) {
        let Err(AppError::Invalid(errors)) = check.finish() else {
            return;
        };
        for mut error in errors {
            let mut field = vec!["input".to_owned(), list.to_owned(), index.to_string()];
            if keep_field {
                field.extend(error.field.into_iter().skip(1));
            }
            error.field = field;
            self.0.push(error);
        }
    }

    /// Reports the items' failures through `main`, after its own.
    pub fn report(self, main: &mut Checker) {
        main.extend(self.0);
    }

    /// `Ok` when neither `main` nor any item failed; otherwise every failure at once.
    pub fn finish(self, main: Checker) -> AppResult<()> {
        let mut errors = match main.finish() {
            Err(AppError::Invalid(errors)) => errors,
            Err(other) => return Err(other),
            Ok(()) => Vec::new(),
        };
        errors.extend(self.0);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

/// A live organization whose kind is one of `kinds`; returns its key.
pub async fn organization_of_kind(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    named: ids::Ref<organization::Entity>,
    kinds: &[OrganizationKind],
) -> AppResult<Option<i64>> {
    let Some(key) = check
        .reference::<organization::Entity>(db, field, named)
        .await?
    else {
        return Ok(None);
    };
    let kind = organization::Entity::find_by_id(key)
        .one(db)
        .await?
        .map(|o| o.kind);
    if kind.is_some_and(|kind| kinds.contains(&kind)) {
        return Ok(Some(key));
    }
    let kind = kind.map_or("", |kind| kind.code());
    let wanted: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
    let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    check.fail(
        field,
        UserErrorCode::WrongKind,
        format!(
            "it must be an organization of kind {}; this one is {kind}",
            wanted.join(" or ")
        ),
        format!("须为{}", labels.join("或")),
    );
    Ok(None)
}

/// A live base or home, named by a `Base` or `Home` id; returns its key.
pub async fn place(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    named: ids::PlaceRef,
) -> AppResult<Option<i64>> {
    let Some((record, key)) = named.named() else {
        check.fail(
            field,
            UserErrorCode::InvalidId,
            "it is not a Base or Home id",
            "",
        );
        return Ok(None);
    };
    let row = place::Entity::find_by_id(key)
        .one(db)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .filter(|p| {
            let is_home = p.kind.is_home();
            is_home == (record == ids::RecordType::Home)
        });
    if row.is_none() {
        let type_name = record.name();
        let id = ids::encode(type_name, key);
        check.fail(
            field,
            UserErrorCode::NotFound,
            format!("no {type_name} has id {}", id.as_str()),
            "",
        );
        return Ok(None);
    }
    Ok(Some(key))
}

/// The rows of `E` that `named` references, each live and none twice; failures are reported
/// per item (`["input", list, index]`). Returns the keys of the good items, in order.
pub async fn references<E: crate::db::table::Table>(
    items: &mut ItemErrors,
    db: &impl ConnectionTrait,
    list: &str,
    named: &[ids::Ref<E>],
) -> AppResult<Vec<i64>> {
    let mut keys = Vec::with_capacity(named.len());
    for (index, reference) in named.iter().enumerate() {
        let mut check = Checker::default();
        if let Some(key) = check.reference::<E>(db, list, *reference).await? {
            if keys.contains(&key) {
                check.fail(
                    list,
                    UserErrorCode::Duplicate,
                    "it names the same record twice",
                    "同一记录出现了两次",
                );
            } else {
                keys.push(key);
            }
        }
        items.absorb(list, index, check, false);
    }
    Ok(keys)
}
