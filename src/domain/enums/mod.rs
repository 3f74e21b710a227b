//! The domain's enumerations. Each is stored by its stable English code and
//! served as a GraphQL enum whose value descriptions carry the Chinese term.

mod catalog;
mod people;
mod places;
mod work;

pub use catalog::{DICTIONARY, DictionaryDef};
pub use people::*;
pub use places::*;
pub use work::*;

/// What every domain enum offers beyond its GraphQL derive: stored code, label, parsing.
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

/// Declares a domain enum: `Variant = "CODE" "中文"` per value.
macro_rules! domain_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $code:literal $label:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = $label] #[graphql(name = $code)] $variant),+
        }

        impl $crate::domain::enums::DomainEnum for $name {
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
pub(crate) use domain_enum;

/// Parses a stored code, naming the enum in the error so corrupt rows are easy to find.
pub fn decode<E: DomainEnum>(code: &str) -> Result<E, crate::error::AppError> {
    E::from_code(code).ok_or_else(|| {
        crate::error::AppError::Internal(format!("stored value {code:?} is not a {}", E::NAME))
    })
}

/// Multi-valued enum sets without attributes are stored as `,A,B,` so `LIKE '%,A,%'` matches one
/// value.
pub fn encode_set<E: DomainEnum>(values: &[E]) -> String {
    let mut out = String::from(",");
    for v in values {
        out.push_str(v.code());
        out.push(',');
    }
    out
}

/// Reads a set stored by [`encode_set`], skipping unknown codes.
pub fn decode_set<E: DomainEnum>(stored: &str) -> Vec<E> {
    stored.split(',').filter_map(E::from_code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_sets_encode_with_delimiters() {
        for kind in OrganizationKind::ALL {
            assert_eq!(OrganizationKind::from_code(kind.code()), Some(*kind));
        }
        let set = encode_set(&[PairingForm::Industry, PairingForm::Employment]);
        assert_eq!(set, ",INDUSTRY,EMPLOYMENT,");
        assert_eq!(
            decode_set::<PairingForm>(&set),
            vec![PairingForm::Industry, PairingForm::Employment]
        );
        assert!(decode_set::<PairingForm>(",").is_empty());
    }
}
