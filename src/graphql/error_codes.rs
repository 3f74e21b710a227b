//! Every error a client reads carries `extensions.code`. Resolvers' own failures get theirs
//! from `AppError`; the rest come from async-graphql itself — arguments and variables that do
//! not coerce (an `Int` outside 32 bits, an unknown enum value, a malformed `Date`), unknown
//! fields or arguments, unparsable documents — and are the caller's input: `BAD_USER_INPUT`.
//! The same pass gives every message in the caller's language: Chinese unless English
//! is preferred (`error::top_level` says how), the code unchanged.

use async_graphql::{Response, ServerError};

use crate::error::{code, top_level};
use crate::graphql::mutation::Locale;

/// `response` with `BAD_USER_INPUT` on every error that has no code.
pub fn coded(mut response: Response) -> Response {
    for error in &mut response.errors {
        add_default_code(error);
    }
    response
}

/// `response` with every error message in `locale` (messages are English until here).
pub fn localized(mut response: Response, locale: Locale) -> Response {
    if locale == Locale::Zh {
        for error in &mut response.errors {
            localize(error);
        }
    }
    response
}

fn localize(error: &mut ServerError) {
    let extensions = error.extensions.as_ref();
    let code = match extensions.and_then(|ext| ext.get("code")) {
        Some(async_graphql::Value::String(code)) => code.clone(),
        _ => return,
    };
    let current_version = match extensions.and_then(|ext| ext.get("currentVersion")) {
        Some(async_graphql::Value::Number(n)) => n.as_i64(),
        _ => None,
    };
    if let Some(zh) = top_level::chinese(&code, &error.message, current_version) {
        error.message = zh;
    }
}

fn add_default_code(error: &mut ServerError) {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code::BAD_USER_INPUT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_errors_without_a_code_get_bad_user_input() {
        let mut coded_already = ServerError::new("gone", None);
        coded_already
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", code::NOT_FOUND);
        let response = coded(Response::from_errors(vec![
            ServerError::new("Failed to parse \"Int\"", None),
            coded_already,
        ]));
        let codes: Vec<_> = response
            .errors
            .iter()
            .map(|e| e.extensions.as_ref().and_then(|x| x.get("code")).cloned())
            .collect();
        assert_eq!(
            codes,
            vec![
                Some(async_graphql::Value::from(code::BAD_USER_INPUT)),
                Some(async_graphql::Value::from(code::NOT_FOUND)),
            ]
        );
    }
}
