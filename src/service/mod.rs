//! Services: the rules, authorisation and transactions between the GraphQL layer and the
//! database. Plain `async fn`s over `&impl ConnectionTrait`.

pub mod audit;
pub mod bulk;
pub mod check;
pub mod links;
pub mod organizations;
pub mod summary;
pub mod write;
