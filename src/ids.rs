//! Relay global ids: opaque, stable `base64url("Type:key")`.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{AppError, AppResult};

pub fn encode(type_name: &str, key: impl std::fmt::Display) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}")))
}

/// Splits a global id into its type name and key.
pub fn decode(id: &str) -> AppResult<(String, String)> {
    let malformed = || {
        AppError::bad_input(format!(
            "malformed id {id:?}: pass an id returned by this API"
        ))
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(id.as_bytes())
        .map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    let (type_name, key) = text.split_once(':').ok_or_else(malformed)?;
    if type_name.is_empty() || key.is_empty() {
        return Err(malformed());
    }
    Ok((type_name.to_owned(), key.to_owned()))
}

/// Decodes an id that must name a row of `expected` with an integer key.
pub fn decode_int(id: &str, expected: &str) -> AppResult<i64> {
    let (type_name, key) = decode(id)?;
    if type_name != expected {
        return Err(AppError::bad_input(format!(
            "id {id:?} is a {type_name}, not a {expected}"
        )));
    }
    key.parse()
        .map_err(|_| AppError::bad_input(format!("malformed id {id:?}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ids_round_trip_and_refuse_garbage() {
        let id = encode("Person", 42);
        assert_eq!(decode(&id).unwrap(), ("Person".into(), "42".into()));
        assert_eq!(decode_int(&id, "Person").unwrap(), 42);
        assert!(decode_int(&id, "Organization").is_err());
        assert!(decode("%%%").is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("nocolon")).is_err());
        assert!(decode_int(&encode("Person", "x"), "Person").is_err());
    }
}
