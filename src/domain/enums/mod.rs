//! The domain's enumerations. They are declared with the entities (`entity::enums`), whose
//! columns they type; here are what the server adds: the dictionary and multi-valued sets.

mod catalog;

pub use catalog::{DICTIONARY, DictionaryDef};
pub use entity::enums::*;

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
