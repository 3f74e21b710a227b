//! One data row of an import as the template's typed cells, and the accessors that turn them
//! into the fields of drafts and patches.

use chrono::NaiveDate;

use super::RowError;
use super::cells::Cell;
use crate::domain::change::Change;
use crate::domain::enums::DomainEnum;
use crate::ids::{PlaceRef, RecordType, Ref, Typed};

/// One data row of an import, read against a template.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row number a spreadsheet program shows (the sheet's first row = 1).
    pub number: u32,
    /// The worksheet it is on (workbooks only).
    pub sheet: Option<String>,
    /// One entry per template column: `None` when the column is not in the file or its cell
    /// could not be read (the error is in `errors`).
    pub cells: Vec<Option<Cell>>,
    /// What each cell of `cells` was in the file: a value, blank, or the clear marker.
    pub marks: Vec<Mark>,
    pub errors: Vec<RowError>,
    /// What the reader changed and the clerk should check (a converted legacy ID number).
    pub warnings: Vec<RowError>,
    /// A required cell is blank or unreadable: the row cannot be passed to the service.
    pub incomplete: bool,
    /// The record version an exported file carries for the row (its version column); a
    /// record changed since then is a conflict.
    pub version: Option<i32>,
}

/// What a cell held in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Given,
    /// Nothing: the stored value stays as it is (a new record gets the template's default).
    Blank,
    /// The clear marker ([`super::cells::CLEAR_MARKER`]): the stored value is cleared.
    Clear,
}

/// A value that an update sets, clears or leaves alone.
pub enum Field<T> {
    /// Not in the file, or blank: left alone.
    Absent,
    /// Blank, with the template's default for a new record; left alone on update.
    Default(T),
    /// The clear marker: cleared.
    Clear,
    Value(T),
}

impl<T> Field<T> {
    /// For a new record: the value, or the template's default for a blank cell.
    pub fn opt(self) -> Option<T> {
        match self {
            Self::Value(v) | Self::Default(v) => Some(v),
            Self::Absent | Self::Clear => None,
        }
    }

    /// For an update's optional field: only a given value sets, only the clear marker clears.
    pub fn change(self) -> Change<T> {
        match self {
            Self::Absent | Self::Default(_) => Change::Keep,
            Self::Clear => Change::Clear,
            Self::Value(v) => Change::Set(v),
        }
    }

    /// For required fields of an update: only a given value changes it.
    pub fn keep(self) -> Option<T> {
        match self {
            Self::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The same field with its value converted.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Self::Absent => Field::Absent,
            Self::Default(v) => Field::Default(f(v)),
            Self::Clear => Field::Clear,
            Self::Value(v) => Field::Value(f(v)),
        }
    }
}

impl Row {
    /// Row `number` of `sheet` with room for `columns` cells and nothing read yet.
    pub fn empty(number: u32, sheet: Option<String>, columns: usize) -> Self {
        Self {
            number,
            sheet,
            cells: Vec::with_capacity(columns),
            marks: Vec::with_capacity(columns),
            errors: Vec::new(),
            warnings: Vec::new(),
            incomplete: false,
            version: None,
        }
    }

    fn field<T>(&self, index: usize, read: impl FnOnce(&Cell) -> Option<T>) -> Field<T> {
        let Some(Some(cell)) = self.cells.get(index) else {
            return Field::Absent;
        };
        match self.marks.get(index).copied().unwrap_or(Mark::Given) {
            Mark::Clear => Field::Clear,
            Mark::Blank => read(cell).map_or(Field::Absent, Field::Default),
            Mark::Given => read(cell).map_or(Field::Absent, Field::Value),
        }
    }

    /// Whether the row's cell `index` says nothing about the stored value (blank, or not in
    /// the file): an update leaves it, and comparing the row with a record skips it.
    pub fn leaves(&self, index: usize) -> bool {
        self.cells.get(index).is_none_or(Option::is_none)
            || self.marks.get(index) == Some(&Mark::Blank)
    }

    pub fn text(&self, index: usize) -> Field<String> {
        self.field(index, |c| match c {
            Cell::Text(t) => Some(t.clone()),
            _ => None,
        })
    }

    pub fn enumeration<E: DomainEnum>(&self, index: usize) -> Field<E> {
        self.field(index, |c| match c {
            Cell::Enum(code) => E::from_code(code),
            _ => None,
        })
    }

    pub fn set<E: DomainEnum>(&self, index: usize) -> Field<Vec<E>> {
        self.field(index, |c| match c {
            Cell::Set(codes) => Some(codes.iter().filter_map(|c| E::from_code(c)).collect()),
            _ => None,
        })
    }

    pub fn date(&self, index: usize) -> Field<NaiveDate> {
        self.field(index, |c| match c {
            Cell::Date(d) => Some(*d),
            _ => None,
        })
    }

    pub fn bool(&self, index: usize) -> Field<bool> {
        self.field(index, |c| match c {
            Cell::Bool(b) => Some(*b),
            _ => None,
        })
    }

    pub fn int(&self, index: usize) -> Field<i64> {
        self.field(index, |c| match c {
            Cell::Int(n) => Some(*n),
            _ => None,
        })
    }

    /// A whole number that must fit a 32-bit input field.
    pub fn int32(&self, index: usize) -> Field<i32> {
        self.field(index, |c| match c {
            Cell::Int(n) => i32::try_from(*n).ok(),
            _ => None,
        })
    }

    pub fn money(&self, index: usize) -> Field<i64> {
        self.field(index, |c| match c {
            Cell::Money(n) => Some(*n),
            _ => None,
        })
    }

    /// A resolved reference to a `T` (the column's references resolve to no other type).
    pub fn reference<T: Typed>(&self, index: usize) -> Field<Ref<T>> {
        self.field(index, |c| match c {
            Cell::Ref(r) if r.type_name == T::TYPE_NAME => Some(Ref::to(r.key)),
            _ => None,
        })
    }

    /// A resolved reference to a base or home.
    pub fn place(&self, index: usize) -> Field<PlaceRef> {
        self.field(index, |c| match c {
            Cell::Ref(r) => RecordType::from_name(r.type_name).map(|t| PlaceRef::to(t, r.key)),
            _ => None,
        })
    }

    /// The resolved key of a reference.
    pub fn reference_key(&self, index: usize) -> Option<i64> {
        match self.cells.get(index) {
            Some(Some(Cell::Ref(r))) => Some(r.key),
            _ => None,
        }
    }

    /// The trimmed text of a cell, whatever its type (for natural keys).
    pub fn key_text(&self, index: usize) -> Option<&str> {
        match self.cells.get(index) {
            Some(Some(Cell::Text(t))) => Some(t.as_str()),
            _ => None,
        }
    }

    pub fn cell(&self, index: usize) -> Option<&Cell> {
        self.cells.get(index).and_then(Option::as_ref)
    }
}
