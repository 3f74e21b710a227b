//! The filter fields an aggregate is given: read from the filter's GraphQL value (every filter
//! type the same way, nested ones included) and classified by the policy's table
//! (`policy::AGGREGATE_FILTER_FIELDS`).

use async_graphql::{InputType, Value};

use crate::auth::policy::{self, Narrowing, PersonFieldClass};

/// A filter field that is set, wherever it is nested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedField {
    /// The input type it belongs to (`PersonFilter`).
    pub filter: String,
    /// Its GraphQL name (`namePinyin`).
    pub field: String,
    pub reveals: PersonFieldClass,
    pub narrowing: Narrowing,
}

/// Every field set in `filter`, at any depth (`and`, `or`, `not`, `memberOf` …), in order.
pub fn used_fields<F: InputType>(filter: &Option<F>) -> Vec<UsedField> {
    let mut out = Vec::new();
    if let Some(filter) = filter {
        walk(&F::type_name(), &filter.to_value(), &mut out);
    }
    out
}

fn walk(filter: &str, value: &Value, out: &mut Vec<UsedField>) {
    let Value::Object(fields) = value else {
        return;
    };
    for (name, value) in fields {
        if matches!(value, Value::Null) {
            continue;
        }
        let (reveals, narrowing) = policy::aggregate_filter_field(filter, name);
        out.push(UsedField {
            filter: filter.to_owned(),
            field: name.to_string(),
            reveals,
            narrowing,
        });
        if let Narrowing::Nested(inner) | Narrowing::Complement(inner) = narrowing {
            match value {
                Value::List(items) => items.iter().for_each(|item| walk(inner, item, out)),
                other => walk(inner, other, out),
            }
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a test")]
mod tests {
    use async_graphql::registry::{MetaType, Registry};

    use super::*;
    use crate::db::filters::activities::ActivityFilter;
    use crate::db::filters::mediation::MediationCaseFilter;
    use crate::db::filters::organizations::OrganizationFilter;
    use crate::db::filters::pairings::PairingFilter;
    use crate::db::filters::people::PersonFilter;
    use crate::db::filters::places::PlaceFilter;
    use crate::db::filters::publicity::PublicityWorkFilter;
    use crate::db::filters::suggestions::SuggestionFilter;
    use crate::service::aggregate::SalesRecordFilter;

    /// The input fields of `F` as GraphQL declares them.
    fn declared<F: InputType>() -> Vec<String> {
        let mut registry = Registry::default();
        F::create_type_info(&mut registry);
        match registry.types.get(F::type_name().as_ref()).unwrap() {
            MetaType::InputObject { input_fields, .. } => input_fields.keys().cloned().collect(),
            _ => panic!("{} is not an input object", F::type_name()),
        }
    }

    fn classified(filter: &str) -> Vec<String> {
        let (_, fields) = policy::AGGREGATE_FILTER_FIELDS
            .iter()
            .find(|(name, _)| *name == filter)
            .unwrap();
        let own = fields.iter().map(|(field, _, _)| (*field).to_owned());
        own.chain(["and", "or", "not"].map(str::to_owned)).collect()
    }

    #[test]
    fn the_policy_classifies_every_field_of_every_aggregate_filter() {
        let types = [
            (PersonFilter::type_name(), declared::<PersonFilter>()),
            (
                SalesRecordFilter::type_name(),
                declared::<SalesRecordFilter>(),
            ),
            (
                OrganizationFilter::type_name(),
                declared::<OrganizationFilter>(),
            ),
            (PlaceFilter::type_name(), declared::<PlaceFilter>()),
            (ActivityFilter::type_name(), declared::<ActivityFilter>()),
            (PairingFilter::type_name(), declared::<PairingFilter>()),
            (
                SuggestionFilter::type_name(),
                declared::<SuggestionFilter>(),
            ),
            (
                MediationCaseFilter::type_name(),
                declared::<MediationCaseFilter>(),
            ),
            (
                PublicityWorkFilter::type_name(),
                declared::<PublicityWorkFilter>(),
            ),
        ];
        for (name, fields) in &types {
            let mut fields = fields.clone();
            let mut known = classified(name);
            fields.sort();
            known.sort();
            assert_eq!(fields, known, "{name}: declared vs classified fields");
        }
        for (filter, fields) in policy::AGGREGATE_FILTER_FIELDS {
            for (field, _, narrowing) in *fields {
                if let Narrowing::Nested(inner) | Narrowing::Complement(inner) = narrowing {
                    assert!(
                        types.iter().any(|(name, _)| name == inner),
                        "{filter}.{field} nests {inner}"
                    );
                }
            }
        }
    }

    #[test]
    fn nested_fields_are_found_and_unset_ones_ignored() {
        let json = serde_json::json!({
            "withinRegion": "620400",
            "and": [{ "memberOf": { "ids": ["T3JnYW5pemF0aW9uOjE"] } }],
            "not": { "namePinyin": { "eq": "zhang" } }
        });
        let filter = PersonFilter::parse(Some(Value::from_json(json).unwrap())).unwrap();
        let used: Vec<(String, String)> = used_fields(&Some(filter))
            .into_iter()
            .map(|f| (f.filter, f.field))
            .collect();
        let expected = [
            ("PersonFilter", "withinRegion"),
            ("PersonFilter", "and"),
            ("PersonFilter", "memberOf"),
            ("OrganizationFilter", "ids"),
            ("PersonFilter", "not"),
            ("PersonFilter", "namePinyin"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()));
        assert_eq!(used, expected);
        assert!(used_fields::<PersonFilter>(&None).is_empty());
    }
}
