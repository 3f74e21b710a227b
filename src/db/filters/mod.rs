//! Filter inputs of the list queries and their translation into SQL conditions. They are shared
//! by GraphQL and the export endpoints, so they live below both.

pub mod order;
pub mod primitives;
pub mod regions;

pub use order::OrderDirection;
pub use primitives::*;
