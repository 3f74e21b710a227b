//! One data row of an import as the template's typed cells, and the accessors that turn them
//! into the fields of create and update inputs.

use async_graphql::{ID, MaybeUndefined};

use super::RowError;
use super::cells::Cell;
use crate::domain::enums::DomainEnum;
use crate::scalars::Date;

/// One data row of an import, read against a template.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row number a spreadsheet program shows (header = 1).
    pub number: u32,
    /// One entry per template column: `None` when the column is not in the file or its cell
    /// could not be read (the error is in `errors`).
    pub cells: Vec<Option<Cell>>,
    pub errors: Vec<RowError>,
    /// A required cell is blank or unreadable: the row cannot be passed to the service.
    pub incomplete: bool,
}

/// A value that an update sets, clears or leaves alone.
pub enum Field<T> {
    /// Not in the file: left alone.
    Absent,
    /// Blank: cleared.
    Blank,
    Value(T),
}

impl<T> Field<T> {
    pub fn opt(self) -> Option<T> {
        match self {
            Self::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn maybe(self) -> MaybeUndefined<T> {
        match self {
            Self::Absent => MaybeUndefined::Undefined,
            Self::Blank => MaybeUndefined::Null,
            Self::Value(v) => MaybeUndefined::Value(v),
        }
    }

    /// For required fields of an update: absent or blank leave the value alone.
    pub fn keep(self) -> Option<T> {
        self.opt()
    }
}

impl Row {
    fn field<T>(&self, index: usize, read: impl FnOnce(&Cell) -> Option<T>) -> Field<T> {
        match self.cells.get(index) {
            Some(Some(Cell::Blank)) => Field::Blank,
            Some(Some(cell)) => read(cell).map_or(Field::Absent, Field::Value),
            _ => Field::Absent,
        }
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

    pub fn date(&self, index: usize) -> Field<Date> {
        self.field(index, |c| match c {
            Cell::Date(d) => Some(Date(*d)),
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

    /// A resolved reference as a global id.
    pub fn reference(&self, index: usize) -> Field<ID> {
        self.field(index, |c| match c {
            Cell::Ref(r) => Some(crate::ids::encode(r.type_name, r.key)),
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
