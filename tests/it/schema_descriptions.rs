//! The schema is the client's manual: every type, field, argument, enum value and input field
//! the code exposes carries a description, and no description points at things a client cannot
//! see (source or design files, issue numbers).

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{InputValueDefinition, TypeKind, TypeSystemDefinition};
use async_graphql::{Positioned, parser::types::FieldDefinition};

/// Types and directives the GraphQL specification defines; they are not ours to describe.
const BUILT_IN_TYPES: &[&str] = &["String", "Int", "Float", "Boolean", "ID"];
const BUILT_IN_DIRECTIVES: &[&str] = &["include", "skip", "deprecated", "specifiedBy", "oneOf"];

/// Collects what is wrong with one item's description: missing, or naming something internal.
#[derive(Default)]
struct Findings {
    undescribed: Vec<String>,
    internal: Vec<String>,
}

impl Findings {
    fn check(&mut self, item: String, description: Option<&Positioned<String>>) {
        match description.map(|d| d.node.trim()) {
            None | Some("") => self.undescribed.push(item),
            Some(text) => {
                if let Some(reason) = internal_reference(text) {
                    self.internal.push(format!("{item}: {reason} in {text:?}"));
                }
            }
        }
    }

    fn check_inputs(&mut self, owner: &str, inputs: &[Positioned<InputValueDefinition>]) {
        for input in inputs {
            let item = format!("{owner}.{}", input.node.name.node);
            self.check(item, input.node.description.as_ref());
        }
    }

    fn check_fields(&mut self, owner: &str, fields: &[Positioned<FieldDefinition>]) {
        for field in fields {
            let name = format!("{owner}.{}", field.node.name.node);
            self.check(name.clone(), field.node.description.as_ref());
            for arg in &field.node.arguments {
                let item = format!("{name}({})", arg.node.name.node);
                self.check(item, arg.node.description.as_ref());
            }
        }
    }
}

/// Why `text` is meaningless to a client, if it is: it names a file, an issue or a design
/// document.
fn internal_reference(text: &str) -> Option<String> {
    let is_path_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
    for token in text.split(|c: char| !is_path_char(c)) {
        let token = token.trim_end_matches('.');
        if token.len() > 3 && (token.ends_with(".md") || token.ends_with(".rs")) {
            return Some(format!("names the file `{token}`"));
        }
    }
    if text.contains("DOMAIN") {
        return Some("names the domain document".into());
    }
    let chars: Vec<char> = text.chars().collect();
    if chars
        .windows(2)
        .any(|pair| pair[0] == '#' && pair[1].is_ascii_digit())
    {
        return Some("cites an issue number (`#N`)".into());
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    for (i, word) in words.iter().enumerate() {
        let numbered = words
            .get(i + 1)
            .is_some_and(|next| next.chars().all(|c| c.is_ascii_digit()));
        if word == "issue" || (word == "issues" && numbered) {
            return Some("cites an issue".into());
        }
    }
    None
}

#[test]
fn every_schema_item_has_a_client_facing_description() {
    let sdl = tongxin::graphql::sdl();
    let document = parse_schema(&sdl).expect("the exported SDL parses");
    let mut findings = Findings::default();
    for definition in &document.definitions {
        match definition {
            TypeSystemDefinition::Type(ty) => {
                let ty = &ty.node;
                let name = ty.name.node.as_str();
                if name.starts_with("__") || BUILT_IN_TYPES.contains(&name) {
                    continue;
                }
                findings.check(name.to_owned(), ty.description.as_ref());
                match &ty.kind {
                    TypeKind::Object(object) => findings.check_fields(name, &object.fields),
                    TypeKind::Interface(interface) => {
                        findings.check_fields(name, &interface.fields);
                    }
                    TypeKind::InputObject(input) => findings.check_inputs(name, &input.fields),
                    TypeKind::Enum(enumeration) => {
                        for value in &enumeration.values {
                            let item = format!("{name}.{}", value.node.value.node);
                            findings.check(item, value.node.description.as_ref());
                        }
                    }
                    TypeKind::Scalar | TypeKind::Union(_) => {}
                }
            }
            TypeSystemDefinition::Directive(directive) => {
                let directive = &directive.node;
                let name = directive.name.node.as_str();
                if BUILT_IN_DIRECTIVES.contains(&name) {
                    continue;
                }
                findings.check(format!("@{name}"), directive.description.as_ref());
                findings.check_inputs(&format!("@{name}"), &directive.arguments);
            }
            TypeSystemDefinition::Schema(_) => {}
        }
    }
    assert!(
        findings.undescribed.is_empty() && findings.internal.is_empty(),
        "{} schema items have no description:\n  {}\n{} descriptions name things a client \
         cannot see:\n  {}",
        findings.undescribed.len(),
        findings.undescribed.join("\n  "),
        findings.internal.len(),
        findings.internal.join("\n  "),
    );
}

#[test]
fn internal_references_are_recognised() {
    for text in [
        "Kinds of place (DOMAIN.md §3.6).",
        "Roles (API.md).",
        "See src/graphql/object.rs.",
        "Theory lectures (#1, #2).",
        "Null for PUBLIC (issue 4).",
        "Fixed in issues 4 and 5.",
        "As the DOMAIN says.",
    ] {
        assert!(internal_reference(text).is_some(), "{text:?} passed");
    }
    for text in [
        "Issues an API token (admins only).",
        "Amount in yuan with two decimals, e.g. `1234.50`.",
        "统战联络员 (united-front liaison officer) assignments.",
        "A 12-digit region code, e.g. `620402001001`.",
    ] {
        assert_eq!(internal_reference(text), None, "{text:?} was refused");
    }
}
