//! Filter inputs of the list queries and their translation into SQL conditions. They are shared
//! by GraphQL and the export endpoints, so they live below both.

pub mod activities;
pub mod households;
pub mod mediation;
pub mod order;
pub mod organizations;
pub mod pairings;
pub mod people;
pub mod places;
pub mod primitives;
pub mod publicity;
pub mod regions;
pub mod suggestions;

pub use order::OrderDirection;
pub use primitives::*;
