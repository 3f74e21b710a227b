//! The domain's enumerations, declared once: each is the column type of the tables that
//! store it (by its stable English code), and — with the `graphql` feature — the GraphQL
//! enum the API serves, whose value descriptions carry the Chinese term.

mod people;
mod places;
mod work;

pub use people::*;
pub use places::*;
pub use work::*;

/// What every domain enum offers beyond its derives: stored code, label, parsing.
pub trait DomainEnum: Sized + Copy + 'static {
    /// The GraphQL enum's name.
    const NAME: &'static str;
    const ALL: &'static [Self];
    /// The stored and served code (`SCREAMING_SNAKE_CASE`).
    fn code(self) -> &'static str;
    /// The Chinese display label.
    fn label(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
}

/// Declares a domain enum: `Variant = "CODE" "中文"` per value. The code is what a column
/// stores, what the API serves and what an audit snapshot shows.
macro_rules! domain_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $code:literal $label:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(
            Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            sea_orm::EnumIter, sea_orm::DeriveActiveEnum, serde::Serialize,
        )]
        #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
        pub enum $name {
            $(
                #[doc = $label]
                #[sea_orm(string_value = $code)]
                #[serde(rename = $code)]
                #[cfg_attr(feature = "graphql", graphql(name = $code))]
                $variant
            ),+
        }

        impl std::fmt::Display for $name {
            /// The stored code, as error messages and logs name a value.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::enums::DomainEnum::code(*self))
            }
        }

        impl $crate::enums::DomainEnum for $name {
            const NAME: &'static str = stringify!($name);
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }
    };
}
use domain_enum;
