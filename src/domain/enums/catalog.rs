//! The list of every domain enum, for the `dictionaries` query that front ends build forms from.

use super::*;

/// One enum: its GraphQL name and a function listing `(code, label)` pairs.
pub struct DictionaryDef {
    pub name: &'static str,
    pub entries: fn() -> Vec<(&'static str, &'static str)>,
}

fn entries<E: DomainEnum>() -> Vec<(&'static str, &'static str)> {
    E::ALL.iter().map(|v| (v.code(), v.label())).collect()
}

macro_rules! dictionary {
    ($($enum:ty),+ $(,)?) => {
        &[$(DictionaryDef { name: <$enum as DomainEnum>::NAME, entries: entries::<$enum> }),+]
    };
}

/// Every domain enum, in a stable order.
pub const DICTIONARY: &[DictionaryDef] = dictionary![
    ActivityKind,
    Campaign,
    DemocraticParty,
    DisputeSubtype,
    DpOrgLevel,
    EnterpriseOwnership,
    Gender,
    MediationCategory,
    MediationStatus,
    MembershipRole,
    NetworkFigureKind,
    NetworkRole,
    OrganizationKind,
    OutletKind,
    OutletLevel,
    PairingForm,
    PairingMode,
    PairingStatus,
    PlaceKind,
    Platform,
    PoliticalStatus,
    PublicityWorkKind,
    RegionKind,
    RegionLevel,
    SuggestionChannel,
    SuggestionField,
    SuggestionStatus,
    TargetVillageType,
    TermElectionStatus,
    UfCategory,
    UfSubcategory,
];
