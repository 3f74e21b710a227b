//! The input types of writes, and the one conversion of each into the command its service
//! takes: global ids are decoded here, "omitted / null / a value" becomes a [`Change`].

pub mod activities;
pub mod elections;
pub mod influencers;
pub mod liaisons;
pub mod mediation;
pub mod memberships;
pub mod organizations;
pub mod pairings;
pub mod people;
pub mod places;
pub mod publicity;
pub mod suggestions;

use async_graphql::{ID, MaybeUndefined};

use crate::domain::change::Change;
use crate::error::AppResult;
use crate::ids::{self, Ref, Typed};

impl<T> From<MaybeUndefined<T>> for Change<T> {
    fn from(value: MaybeUndefined<T>) -> Self {
        change(value, |v| v)
    }
}

/// An update's optional field, its value converted by `f`.
pub fn change<T, U>(value: MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Change<U> {
    match value {
        MaybeUndefined::Undefined => Change::Keep,
        MaybeUndefined::Null => Change::Clear,
        MaybeUndefined::Value(value) => Change::Set(f(value)),
    }
}

/// An update's optional reference: the id decoded, a wrong one kept for the service to report.
pub fn change_ref<E: Typed>(value: MaybeUndefined<ID>) -> Change<Ref<E>> {
    change(value, |id| Ref::decode(&id))
}

/// An optional reference of a new record.
pub fn opt_ref<E: Typed>(value: Option<ID>) -> Option<Ref<E>> {
    value.map(|id| Ref::decode(&id))
}

/// A list of references, each decoded (a wrong one is reported at its index).
pub fn refs<E: Typed>(ids: Vec<ID>) -> Vec<Ref<E>> {
    ids.iter().map(|id| Ref::decode(id)).collect()
}

/// The key of the record a write names itself by: an id of another type is bad input.
pub fn key<E: Typed>(id: &ID) -> AppResult<i64> {
    ids::key::<E>(id)
}
