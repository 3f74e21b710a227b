//! Services: the rules, authorisation and transactions between the GraphQL layer and the
//! database. Plain `async fn`s over `&impl ConnectionTrait`.

pub mod activities;
pub mod aggregate;
pub mod audit;
pub mod bulk;
pub mod check;
pub mod coverage;
pub mod donations;
pub mod duplicates;
pub mod elections;
pub mod fields;
pub mod filter_text;
pub mod graph;
pub mod import_jobs;
pub mod import_uploads;
pub mod influencers;
pub mod liaisons;
pub mod links;
pub mod livelihood_projects;
pub mod mediation;
pub mod memberships;
pub mod organizations;
pub mod pairings;
pub mod people;
pub mod places;
pub mod publicity;
pub mod report;
pub mod search;
pub mod suggestions;
pub mod summary;
pub mod write;
