//! What a patch does to one optional field: leaves it, clears it, or sets it. The GraphQL
//! edge says it with "omitted / null / a value"; an import with "blank cell / clear marker /
//! a value"; services see only this.

/// The change a patch makes to one field that may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Change<T> {
    /// Not in the patch: the stored value stays.
    #[default]
    Keep,
    /// Empties the field.
    Clear,
    /// Writes this value.
    Set(T),
}

impl<T> Change<T> {
    /// A new record's optional field: set when given, empty otherwise.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Self::Clear, Self::Set)
    }

    /// The field's new value, or `None` when the patch leaves it.
    pub fn into_new(self) -> Option<Option<T>> {
        match self {
            Self::Keep => None,
            Self::Clear => Some(None),
            Self::Set(value) => Some(Some(value)),
        }
    }

    /// The same change of a value converted by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Change<U> {
        match self {
            Self::Keep => Change::Keep,
            Self::Clear => Change::Clear,
            Self::Set(value) => Change::Set(f(value)),
        }
    }

    /// Whether the patch touches the field at all.
    pub fn is_given(&self) -> bool {
        !matches!(self, Self::Keep)
    }

    /// The value being set, if any.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Change;

    #[test]
    fn a_new_value_says_keep_clear_or_set() {
        assert_eq!(Change::<i32>::Keep.into_new(), None);
        assert_eq!(Change::<i32>::Clear.into_new(), Some(None));
        assert_eq!(Change::Set(3).map(|v| v * 2).into_new(), Some(Some(6)));
        assert_eq!(Change::from_option(None::<i32>), Change::Clear);
        assert!(!Change::<i32>::Keep.is_given());
        assert_eq!(Change::Set(1).as_set(), Some(&1));
    }
}
