//! Orderings of the list queries: a field enum and `{ field direction }` input per entity.

use async_graphql::Enum;

/// Sort direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Ascending (升序).
    #[default]
    Asc,
    /// Descending (降序).
    Desc,
}

/// Declares `<Entity>OrderField`, `<Entity>Order` and `ordering()` for one table. Only non-null
/// columns are orderable, so keyset cursors never compare NULLs.
macro_rules! orderable {
    (
        $(#[doc = $doc:literal])*
        $field_enum:ident / $order:ident for $module:ident by $key:ident {
            $($(#[doc = $vdoc:literal])* $variant:ident => $column:ident($field:ident)),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
        pub enum $field_enum {
            $($(#[doc = $vdoc])* $variant),+
        }

        /// One ordering criterion; a list of them sorts by each in turn, then by id.
        #[derive(async_graphql::InputObject, Debug, Clone)]
        pub struct $order {
            /// The field to sort by.
            pub field: $field_enum,
            /// Ascending (the default) or descending.
            #[graphql(default)]
            pub direction: $crate::db::filters::order::OrderDirection,
        }

        /// The keyset ordering for the requested criteria (id alone when none).
        pub fn ordering(
            orders: &Option<Vec<$order>>,
        ) -> $crate::db::page::Ordering<entity::$module::Entity> {
            let keys = orders
                .iter()
                .flatten()
                .map(|order| {
                    let desc = order.direction == $crate::db::filters::order::OrderDirection::Desc;
                    match order.field {
                        $($field_enum::$variant => $crate::db::page::SortKey {
                            name: stringify!($variant),
                            column: entity::$module::Column::$column,
                            desc,
                            value: |m: &entity::$module::Model| {
                                $crate::db::cursor::CursorValue::from(m.$field.clone())
                            },
                        },)+
                    }
                })
                .collect();
            $crate::db::page::Ordering::new(keys, |m: &entity::$module::Model| {
                $crate::db::cursor::CursorValue::from(m.$key.clone())
            })
        }
    };
}
pub(crate) use orderable;
