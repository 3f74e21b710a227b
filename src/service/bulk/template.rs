//! Template columns: the Chinese header, the mutation input field behind it, and the cell type
//! that says how a cell is read and written.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::cells::Cell;
use super::row::Row;
use crate::auth::Viewer;
use crate::db::sealed::DataKeys;
use crate::db::table::IdRow;
use crate::domain::aliases;
use crate::domain::enums::DomainEnum;
use crate::error::{AppResult, UserErrorCode};
use crate::service::audit::Actor;
use crate::service::check::RegionTable;
use crate::service::write::record::{self, Record};
use crate::service::write::{Update, get_live};

/// How the values of one enum are named in cells: by Chinese label or English code.
#[derive(Clone, Copy)]
pub struct EnumDef {
    /// The stored code and label of the value a cell names, if it names one.
    pub lookup: fn(&str) -> Option<(&'static str, &'static str)>,
    /// The label of a stored code.
    pub label: fn(&str) -> Option<&'static str>,
    /// Every value's label, for the template's notes.
    pub labels: fn() -> Vec<&'static str>,
}

/// Reads a label (full-width brackets and spaces tolerated), a code (any case), or a common
/// spelling of a label (`党员`, `男性`, `民盟`: [`aliases::value_labels`]).
fn lookup<E: DomainEnum>(text: &str) -> Option<(&'static str, &'static str)> {
    let wanted = normalize_label(text);
    let by_label = |wanted: &str| {
        E::ALL
            .iter()
            .find(|v| normalize_label(v.label()) == wanted)
            .map(|v| (v.code(), v.label()))
    };
    by_label(&wanted)
        .or_else(|| {
            E::ALL
                .iter()
                .find(|v| v.code().eq_ignore_ascii_case(text))
                .map(|v| (v.code(), v.label()))
        })
        .or_else(|| {
            aliases::value_labels(&wanted)
                .iter()
                .find_map(|label| by_label(label))
        })
}

fn label<E: DomainEnum>(code: &str) -> Option<&'static str> {
    E::from_code(code).map(DomainEnum::label)
}

fn labels<E: DomainEnum>() -> Vec<&'static str> {
    E::ALL.iter().map(|v| v.label()).collect()
}

/// Labels compared without spaces and with full-width brackets and slashes made ASCII.
fn normalize_label(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            other => other,
        })
        .collect()
}

/// What a reference cell names, and how it is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefTarget {
    /// A live organization by unified social credit code, else by its exact, unique name.
    Organization,
    /// A live place (base or home) by its exact, unique name.
    Place,
}

/// How a cell is read and written.
#[derive(Clone, Copy)]
pub enum Ty {
    /// Free text, trimmed.
    Text,
    /// One value of an enum, by label or code; exported as the Chinese label.
    Enum(EnumDef),
    /// Several values of an enum separated by `;`, `；`, `,` or `，`; exported joined by `；`.
    EnumSet(EnumDef),
    /// `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年MM月DD日` and Excel dates).
    Date,
    /// 是/否 (also true/false, 1/0, Y/N); blank is 否.
    Bool,
    /// A whole number.
    Int,
    /// Yuan with at most two decimals, exported as `1200.50`.
    Money,
    /// A region code of 6, 9 or 12 digits; exported as 12 digits.
    Region,
    /// A unified social credit code; upper-cased.
    CreditCode,
    /// A resident ID number; upper-cased.
    IdNumber,
    /// A mainland mobile number; normalised to 11 digits when it is one.
    Mobile,
    /// An ethnic group by name (`回族`), two-digit code (`03`) or letters (`HU`); exported as
    /// the name, stored as the two-digit code.
    Ethnicity,
    /// A reference to another record.
    Ref(RefTarget),
}

impl Ty {
    pub const fn enumeration<E: DomainEnum>() -> Self {
        Self::Enum(EnumDef {
            lookup: lookup::<E>,
            label: label::<E>,
            labels: labels::<E>,
        })
    }

    pub const fn enum_set<E: DomainEnum>() -> Self {
        Self::EnumSet(EnumDef {
            lookup: lookup::<E>,
            label: label::<E>,
            labels: labels::<E>,
        })
    }
}

/// One column of a template.
#[derive(Clone, Copy)]
pub struct Column {
    /// The Chinese header, exactly as in the file.
    pub header: &'static str,
    /// The field of the create/update input this column fills, so service errors land here.
    pub field: &'static str,
    pub ty: Ty,
    /// A blank cell is an error (and the column must be in the file).
    pub required: bool,
    /// Personal data masked for callers who may not see it: a cell with `*` is refused on
    /// import, so a masked export cannot overwrite the real value.
    pub personal: bool,
    /// The enum code a blank cell stands for (the input's default), so that blank and the
    /// default compare equal.
    pub default: Option<&'static str>,
    /// The value the downloadable template's example row shows.
    pub example: &'static str,
    /// A short note for the template's instructions sheet.
    pub note: &'static str,
}

impl Column {
    pub const fn new(header: &'static str, field: &'static str, ty: Ty) -> Self {
        Self {
            header,
            field,
            ty,
            required: false,
            personal: false,
            default: None,
            example: "",
            note: "",
        }
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn default(mut self, code: &'static str) -> Self {
        self.default = Some(code);
        self
    }

    pub const fn personal(mut self) -> Self {
        self.personal = true;
        self
    }

    pub const fn example(mut self, example: &'static str) -> Self {
        self.example = example;
        self
    }

    pub const fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }

    /// The allowed values, for enum columns.
    pub fn allowed(&self) -> Option<Vec<&'static str>> {
        match self.ty {
            Ty::Enum(def) | Ty::EnumSet(def) => Some((def.labels)()),
            _ => None,
        }
    }
}

/// A problem a template finds with a row as a whole or with one of its columns.
pub struct Issue {
    pub column: Option<&'static str>,
    pub code: UserErrorCode,
    pub en: String,
    pub zh: String,
}

impl Issue {
    pub fn new(
        column: Option<&'static str>,
        code: UserErrorCode,
        en: impl Into<String>,
        zh: impl Into<String>,
    ) -> Self {
        Self {
            column,
            code,
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// The record a row is about among the `candidates` its natural key matched: none, the one, or
/// AMBIGUOUS_MATCH on `column`, with `en`/`zh` saying what the records have in common.
pub fn one_match<'a, R>(
    candidates: impl IntoIterator<Item = &'a R>,
    column: &Column,
    en: &'static str,
    zh: &'static str,
) -> Result<Option<&'a R>, Issue> {
    let mut candidates = candidates.into_iter();
    match (candidates.next(), candidates.next()) {
        (None, _) => Ok(None),
        (Some(one), None) => Ok(Some(one)),
        (Some(_), Some(_)) => Err(Issue::new(
            Some(column.header),
            UserErrorCode::AmbiguousMatch,
            en,
            zh,
        )),
    }
}

/// The candidates a natural key matched, live records first: a soft-deleted record is matched
/// only when no live one has the key.
pub fn prefer_live<'a, R: Stored>(candidates: impl IntoIterator<Item = &'a R>) -> Vec<&'a R> {
    let (live, deleted): (Vec<&R>, Vec<&R>) =
        candidates.into_iter().partition(|r| !r.row().is_deleted());
    if live.is_empty() { deleted } else { live }
}

/// A record as an import compares it with a row: its stored row gives the key, the version,
/// the last change and whether it is soft-deleted.
pub trait Stored {
    type Row: IdRow;
    fn row(&self) -> &Self::Row;
}

impl<M: IdRow> Stored for M {
    type Row = M;
    fn row(&self) -> &M {
        self
    }
}

/// What import and export need to know about one kind of record.
pub trait Template: Send + Sync + 'static {
    const KIND: super::RecordKind;
    const COLUMNS: &'static [Column];
    /// The record's type in global ids (`Person`).
    const TYPE_NAME: &'static str;
    /// The column that names a row in an import plan (姓名, 名称, 活动名称 …).
    const LABEL: usize;
    /// The name column checked against a record matched by another key: a different name
    /// there is a conflict to confirm, never a silent rename.
    const NAME: Option<usize> = None;
    /// The region column checked against a matched record: moving it to another county is a
    /// conflict to confirm.
    const REGION: Option<usize> = None;
    /// The list query's filter input, which exports take as JSON.
    type Filter: async_graphql::InputType + Send + Sync;
    /// One record as loaded for export and comparison.
    type Record: Stored + Send + Sync;
    /// Live records that rows may match by natural key.
    type Index: Send + Sync;
    /// The record type's one write declaration, which every row's write goes through.
    type Writes: Record<Entity: EntityTrait<Model: IdRow>>;

    /// The row's natural key, to find two rows about the same record; `None` when a key
    /// cell is missing (the row is then always new).
    fn key(row: &Row) -> Option<String>;

    /// Loads the live records the rows' natural keys name, in a few queries.
    fn index<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        rows: &[Row],
    ) -> impl Future<Output = AppResult<Self::Index>> + Send;

    /// The record a row is about, if it exists (possibly soft-deleted).
    fn find<'a>(index: &'a Self::Index, row: &Row) -> Result<Option<&'a Self::Record>, Issue>;

    /// A second key two rows about the same record share even when their natural keys
    /// differ (an organization's name and region, with and without a credit code).
    fn alt_key(row: &Row) -> Option<String> {
        let _ = row;
        None
    }

    /// Live records matching an export's filter as `viewer` may apply it (the list query's
    /// rule), in a stable order.
    fn load<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        viewer: &Viewer,
        filter: Option<Self::Filter>,
    ) -> impl Future<Output = AppResult<Vec<Self::Record>>> + Send;

    /// The region whose writer may change the record: a row matching a record is refused
    /// unless the caller may write there, before its cells are compared with the record's.
    fn region(record: &Self::Record) -> &str;

    /// Each record's cells in column order, unmasked, references resolved to their text.
    fn cells<C: ConnectionTrait>(
        db: &C,
        records: &[Self::Record],
    ) -> impl Future<Output = AppResult<Vec<Vec<Cell>>>> + Send;

    /// Masks or omits what `viewer` may not see, as the GraphQL read side does; returns the
    /// personal values left unmasked as (person id, field) for the access log.
    fn mask(
        viewer: &Viewer,
        record: &Self::Record,
        cells: &mut [Cell],
    ) -> Vec<(i64, &'static str)> {
        let _ = (viewer, record, cells);
        Vec::new()
    }

    /// The draft a row creates, for the record type's write declaration; `None` when the row
    /// lacks what a draft must have (its checks have said so).
    fn draft(keys: &DataKeys, row: &Row) -> Option<<Self::Writes as Record>::Draft>;

    /// The patch a row applies to a stored record: a blank cell keeps the value, the clear
    /// marker clears it.
    fn patch(keys: &DataKeys, row: &Row) -> <Self::Writes as Record>::Patch;

    /// Creates a record from a row through its write declaration.
    fn create<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        actor: &Actor,
        row: &Row,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let draft = Self::draft(keys, row);
        async move {
            match draft {
                Some(draft) => record::create::<Self::Writes, _>(db, actor, draft)
                    .await
                    .map(drop),
                None => Ok(()),
            }
        }
    }

    /// A row that creates a record, checked by the kind's service as `create` checks it and
    /// kept for [`Template::write_staged`]; `()` for kinds that create each row at once.
    type Staged: Clone + Send + Sync;

    /// Whether rows that create records are staged and written per chunk in multi-row
    /// statements; only for kinds whose rows never name a record the same file creates.
    const STAGES: bool = false;

    /// Checks a row that creates a record, reading only (regions from `regions`; the file's
    /// natural keys were looked up at once); `None` for kinds that do not stage.
    fn stage<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        actor: &Actor,
        row: &Row,
        regions: &RegionTable,
    ) -> impl Future<Output = AppResult<Option<Self::Staged>>> + Send {
        let _ = (db, keys, actor, row, regions);
        async { Ok(None) }
    }

    /// Writes staged rows through the kind's service, audited and indexed as `create` does; a
    /// unique index refusing any of them fails the whole call.
    fn write_staged<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        actor: &Actor,
        staged: &[Self::Staged],
    ) -> impl Future<Output = AppResult<()>> + Send {
        let _ = (db, keys, actor, staged);
        async { Ok(()) }
    }

    /// Updates `record`, expected at `version`, with the row's columns through its write
    /// declaration.
    fn update<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        actor: &Actor,
        record: &Self::Record,
        version: i32,
        row: &Row,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let update = Update {
            key: record.row().id(),
            expected_version: version,
            patch: Self::patch(keys, row),
        };
        async move {
            record::update::<Self::Writes, _>(db, actor, update)
                .await
                .map(drop)
        }
    }

    /// Restores a soft-deleted record through its write declaration; returns its new version.
    fn restore<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        record: &Self::Record,
    ) -> impl Future<Output = AppResult<i32>> + Send {
        let key = record.row().id();
        async move {
            let restored = record::restore::<Self::Writes, _>(db, actor, key).await?;
            Ok(restored.version())
        }
    }

    /// Soft-deletes the live record `id` at its current version, refusing while links hold
    /// it: compensation takes back a restore the import made.
    fn delete<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        id: i64,
    ) -> impl Future<Output = AppResult<()>> + Send {
        async move {
            let live = get_live::<<Self::Writes as Record>::Entity, _>(db, id).await?;
            record::delete::<Self::Writes, _>(db, actor, id, live.version(), false)
                .await
                .map(drop)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Column, Ty, one_match};
    use crate::error::UserErrorCode;

    #[test]
    fn one_match_finds_none_one_or_reports_ambiguity() {
        let column = Column::new("名称", "name", Ty::Text);
        let none: [i32; 0] = [];
        assert_eq!(one_match(&none, &column, "en", "zh").ok(), Some(None));
        assert_eq!(one_match(&[7], &column, "en", "zh").ok(), Some(Some(&7)));
        let issue = one_match(&[7, 8], &column, "en", "zh").err();
        let issue = issue.map(|i| (i.column, i.code, i.en, i.zh));
        let expected = (
            Some("名称"),
            UserErrorCode::AmbiguousMatch,
            "en".into(),
            "zh".into(),
        );
        assert_eq!(issue, Some(expected));
    }
}
