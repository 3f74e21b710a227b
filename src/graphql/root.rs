//! Root objects merged from every domain.

use async_graphql::MergedObject;

use super::activities::ActivitiesQuery;
use super::activities_mutations::ActivitiesMutation;
use super::aggregates::AggregatesQuery;
use super::audit::AuditQuery;
use super::bulk::BulkMutation;
use super::coverage::CoverageQuery;
use super::dictionaries::DictionariesQuery;
use super::duplicates::{DuplicatesMutation, DuplicatesQuery};
use super::elections::ElectionsMutation;
use super::graph::GraphQuery;
use super::households::HouseholdsQuery;
use super::households_mutations::HouseholdsMutation;
use super::import_jobs::{ImportJobsMutation, ImportJobsQuery};
use super::mediation::MediationQuery;
use super::mediation_mutations::MediationMutation;
use super::node::NodeQuery;
use super::organizations::{OrganizationsMutation, OrganizationsQuery};
use super::pairings::PairingsQuery;
use super::pairings_mutations::PairingsMutation;
use super::people::PeopleQuery;
use super::people_mutations::PeopleMutation;
use super::places::PlacesQuery;
use super::places_mutations::PlacesMutation;
use super::publicity::PublicityQuery;
use super::publicity_mutations::PublicityMutation;
use super::regions::RegionsQuery;
use super::search::SearchQuery;
use super::suggestions::SuggestionsQuery;
use super::suggestions_mutations::SuggestionsMutation;
use super::summary::SummaryQuery;
use super::tokens::{TokensMutation, TokensQuery};

/// Every query root field.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    NodeQuery,
    RegionsQuery,
    PeopleQuery,
    OrganizationsQuery,
    PlacesQuery,
    PairingsQuery,
    ActivitiesQuery,
    SuggestionsQuery,
    MediationQuery,
    PublicityQuery,
    HouseholdsQuery,
    DictionariesQuery,
    SummaryQuery,
    AggregatesQuery,
    CoverageQuery,
    AuditQuery,
    TokensQuery,
    SearchQuery,
    GraphQuery,
    DuplicatesQuery,
    ImportJobsQuery,
);

/// Every mutation root field.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    OrganizationsMutation,
    PeopleMutation,
    HouseholdsMutation,
    TokensMutation,
    BulkMutation,
    PlacesMutation,
    PairingsMutation,
    ActivitiesMutation,
    SuggestionsMutation,
    MediationMutation,
    PublicityMutation,
    ElectionsMutation,
    DuplicatesMutation,
    ImportJobsMutation,
);
