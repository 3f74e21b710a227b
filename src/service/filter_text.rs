//! Filters written as JSON text (a report link's or an export's `filter` parameter), read
//! the way GraphQL reads the same JSON given as a variable.

use crate::error::{AppError, AppResult};

/// Reads the filter the way GraphQL reads the same JSON as a variable.
pub fn parse<F: async_graphql::InputType>(filter: Option<&str>) -> AppResult<Option<F>> {
    let Some(text) = filter.filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let json: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| AppError::bad_input(format!("the filter is not JSON: {e}")))?;
    let value = async_graphql::Value::from_json(json)
        .map_err(|e| AppError::bad_input(format!("the filter is not a GraphQL value: {e}")))?;
    F::parse(Some(value)).map(Some).map_err(|e| {
        AppError::bad_input(format!(
            "the filter is not a valid {}: {}",
            F::type_name(),
            e.into_server_error(async_graphql::Pos::default()).message
        ))
    })
}
