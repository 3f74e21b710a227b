//! Root objects merged from every domain.

use async_graphql::{MergedObject, Object};

#[derive(Default)]
pub struct HealthQuery;

#[Object]
impl HealthQuery {
    /// The API version.
    async fn api_version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}

#[derive(MergedObject, Default)]
pub struct QueryRoot(HealthQuery);
