//! Orderings of the list queries: per table a field enum (`<X>OrderField`, an [`OrderField`])
//! and its `{ field direction }` input (`<X>Order`, an [`Order`]).

use async_graphql::{Enum, InputObject, InputType};
use sea_orm::EntityTrait;

use crate::db::cursor::CursorValue;
use crate::db::page::{Ordering, SortKey};
use crate::db::table::Keyed;

/// Sort direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Ascending (升序).
    #[default]
    Asc,
    /// Descending (降序).
    Desc,
}

/// One ordering criterion; a list of them sorts by each in turn, then by id.
#[derive(InputObject, Debug, Clone)]
#[graphql(
    concrete(name = "ActivityOrder", params(super::activities::ActivityOrderField)),
    concrete(
        name = "HouseholdOrder",
        params(super::households::HouseholdOrderField)
    ),
    concrete(
        name = "MediationCaseOrder",
        params(super::mediation::MediationCaseOrderField)
    ),
    concrete(
        name = "OrganizationOrder",
        params(super::organizations::OrganizationOrderField)
    ),
    concrete(name = "PairingOrder", params(super::pairings::PairingOrderField)),
    concrete(name = "PersonOrder", params(super::people::PersonOrderField)),
    concrete(name = "PlaceOrder", params(super::places::PlaceOrderField)),
    concrete(
        name = "PublicityWorkOrder",
        params(super::publicity::PublicityWorkOrderField)
    ),
    concrete(name = "RegionOrder", params(super::regions::RegionOrderField)),
    concrete(
        name = "SuggestionOrder",
        params(super::suggestions::SuggestionOrderField)
    )
)]
pub struct Order<F: InputType> {
    /// The field to sort by.
    pub field: F,
    /// Ascending (the default) or descending.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// A table's `<X>OrderField`: what each field sorts by. Only non-null columns are orderable,
/// so keyset cursors never compare NULLs.
pub trait OrderField: InputType + Copy {
    type Entity: Keyed;

    /// The field's key, ascending.
    fn sort_key(self) -> SortKey<Self::Entity>;

    /// The row's primary key: the tie-breaker after the requested keys.
    fn primary(row: &<Self::Entity as EntityTrait>::Model) -> CursorValue;

    /// An ascending key named `name` (the cursor records it) on `column`, read by `value`.
    fn ascending(
        name: &'static str,
        column: <Self::Entity as EntityTrait>::Column,
        value: fn(&<Self::Entity as EntityTrait>::Model) -> CursorValue,
    ) -> SortKey<Self::Entity> {
        SortKey {
            name,
            column,
            desc: false,
            value,
        }
    }
}

/// The keyset ordering for the requested criteria (the primary key alone when none).
pub fn ordering<F: OrderField>(orders: &Option<Vec<Order<F>>>) -> Ordering<F::Entity> {
    let keys = orders
        .iter()
        .flatten()
        .map(|order| SortKey {
            desc: order.direction == OrderDirection::Desc,
            ..order.field.sort_key()
        })
        .collect();
    Ordering::new(keys, F::primary)
}
