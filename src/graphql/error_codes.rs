//! Every error a client reads carries `extensions.code`. Resolvers' own failures get theirs
//! from `AppError`; the rest come from async-graphql itself — arguments and variables that do
//! not coerce (an `Int` outside 32 bits, an unknown enum value, a malformed `Date`), unknown
//! fields or arguments, unparsable documents — and are the caller's input: `BAD_USER_INPUT`.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextRequest, NextSubscribe,
};
use async_graphql::{Response, ServerError};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use crate::error::code;

/// The schema extension: registered inside the operation telemetry, so that the logged
/// outcome and the metric label see the code too.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        coded(next.run(ctx).await)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream).map(coded).boxed()
    }
}

/// `response` with `BAD_USER_INPUT` on every error that has no code.
pub fn coded(mut response: Response) -> Response {
    for error in &mut response.errors {
        add_default_code(error);
    }
    response
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
