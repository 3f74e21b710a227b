//! `dictionaries`: every enum's values with Chinese labels, for front-end forms and filters.

use async_graphql::{Object, SimpleObject};

use crate::domain::enums::DICTIONARY;

/// One enum and its values.
#[derive(SimpleObject)]
pub struct Dictionary {
    /// The GraphQL enum's name, e.g. `OrganizationKind`.
    pub name: &'static str,
    /// The enum's values with their Chinese labels.
    pub entries: Vec<DictionaryEntry>,
}

/// One enum value and its Chinese label.
#[derive(SimpleObject)]
pub struct DictionaryEntry {
    /// The enum value as sent over the API, e.g. `DP_ORGANIZATION`.
    pub value: &'static str,
    /// Chinese label, e.g. `民主党派组织`.
    pub label: &'static str,
}

#[derive(Default)]
pub struct DictionariesQuery;

#[Object]
impl DictionariesQuery {
    /// Every enum's values with their Chinese labels; `names` narrows to some enums.
    async fn dictionaries(
        &self,
        #[graphql(
            desc = "GraphQL enum names to return, e.g. `[\"OrganizationKind\"]`; unknown names are ignored. Omitted: every enum."
        )]
        names: Option<Vec<String>>,
    ) -> Vec<Dictionary> {
        DICTIONARY
            .iter()
            .filter(|d| names.as_ref().is_none_or(|n| n.iter().any(|x| x == d.name)))
            .map(|d| Dictionary {
                name: d.name,
                entries: (d.entries)()
                    .into_iter()
                    .map(|(value, label)| DictionaryEntry { value, label })
                    .collect(),
            })
            .collect()
    }
}
