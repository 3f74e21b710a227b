//! The integration tests: one binary, one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
// Release builds (the import measurement) need more than the default 128.
#![recursion_limit = "256"]

mod access_control;
mod access_paths;
mod aggregates;
mod as_of;
mod as_of_organizations;
mod browser;
mod citations;
mod coverage;
mod duplicates;
mod durability;
mod entity_relations;
mod error_language;
mod graph;
mod hardening;
mod helpers;
mod http_smoke;
mod import_annotated;
mod import_export;
mod import_jobs;
mod import_report;
mod import_safe;
mod import_volume;
mod joined_reads;
mod layers;
mod list_plans;
mod live;
mod live_checks;
mod operations;
mod organization_writes;
mod parser_properties;
mod people_writes;
mod read_graph;
mod relation_windows;
mod replica;
mod reports;
mod schema_descriptions;
mod schema_drift;
mod sealed_at_rest;
mod search;
mod seed_figures;
mod side_channels;
mod summary;
mod work_writes;
