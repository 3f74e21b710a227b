//! Tongxin (同心): a GraphQL data platform for a city's united-front network directory.
// The merged query and mutation roots nest every resolver's future; computing their layout
// takes more than the default 128 query levels.
#![recursion_limit = "256"]

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod http;
pub mod ids;
pub mod live;
pub mod scalars;
pub mod seed;
pub mod service;
pub mod telemetry;
