//! sea-orm models of Tongxin's tables and the domain enums that type their columns: plain
//! data and no business rules (the enums derive GraphQL's `Enum` only with the `graphql`
//! feature).

pub mod enums;

pub mod access_log;
pub mod activity;
pub mod activity_participant;
pub mod api_token;
pub mod audit_entry;
pub mod donation;
pub mod household;
pub mod import_job;
pub mod import_upload;
pub mod income_uplift;
pub mod liaison_assignment;
pub mod livelihood_project;
pub mod mediation_case;
pub mod mediation_partner;
pub mod membership;
pub mod organization;
pub mod pairing;
pub mod persisted_document;
pub mod person;
pub mod person_category;
pub mod person_private;
pub mod place;
pub mod platform_account;
pub mod publication;
pub mod publicity_work;
pub mod region;
pub mod sales_record;
pub mod search_term;
pub mod suggestion;
pub mod term_election;
