//! sea-orm models of Tongxin's tables: plain data, no GraphQL and no business rules.

pub mod access_log;
pub mod activity;
pub mod activity_participant;
pub mod api_token;
pub mod audit_entry;
pub mod donation;
pub mod household;
pub mod income_uplift;
pub mod liaison_assignment;
pub mod livelihood_project;
pub mod mediation_case;
pub mod mediation_partner;
pub mod membership;
pub mod organization;
pub mod pairing;
pub mod person;
pub mod person_category;
pub mod person_private;
pub mod place;
pub mod platform_account;
pub mod publication;
pub mod publicity_work;
pub mod region;
pub mod sales_record;
pub mod suggestion;
pub mod term_election;
