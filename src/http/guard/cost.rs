//! Measures a parsed document as async-graphql would execute it, fragments expanded, but in
//! time linear in the document: each fragment is measured once and its figures reused.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::parser::{Positioned, types::FragmentDefinition};
use async_graphql::{Name, Value};

use super::{GuardLimits, Refusal};

/// Figures of one selection set, fragments expanded, relative to where it is used.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    /// Fields, counted once per place they appear after expansion.
    pub selections: u64,
    /// Deepest field nesting below (a leaf field is 1).
    pub depth: u64,
    /// Fields weighted by the page sizes of the connections above them.
    pub complexity: u64,
    /// Aliased fields plus `__typename` fields.
    pub aliases: u64,
}

enum State {
    Measuring,
    Done(Cost),
}

/// One measuring pass over a document.
pub struct Meter<'a> {
    document: &'a ExecutableDocument,
    limits: &'a GuardLimits,
    variables: &'a serde_json::Value,
    fragments: HashMap<&'a str, State>,
    /// Selections visited: the work done, which stays linear in the document.
    pub work: u64,
    /// Inside `__schema`/`__type`: GraphiQL's introspection query nests `ofType` deeper than
    /// any data query may go, so depth is not held to the data limit there (selections,
    /// complexity and the schema's own depth backstop still are).
    introspecting: bool,
}

impl<'a> Meter<'a> {
    pub fn new(
        document: &'a ExecutableDocument,
        limits: &'a GuardLimits,
        variables: &'a serde_json::Value,
    ) -> Self {
        Self {
            document,
            limits,
            variables,
            fragments: HashMap::new(),
            work: 0,
            introspecting: false,
        }
    }

    /// Fragments measured so far (the ones some operation reaches).
    pub fn used_fragments(&self) -> impl Iterator<Item = &str> + '_ {
        self.fragments.keys().copied()
    }

    /// Measures one operation's selection set and holds its totals to the limits.
    pub fn operation(&mut self, set: &'a SelectionSet) -> Result<Cost, Refusal> {
        let cost = self.set(set, 0)?;
        self.check_totals(&cost, 0)?;
        Ok(cost)
    }

    /// `at` is the absolute depth of `set`'s parent field along the path being expanded.
    fn set(&mut self, set: &'a SelectionSet, at: u64) -> Result<Cost, Refusal> {
        let mut total = Cost::default();
        for item in &set.items {
            self.work += 1;
            let cost = match &item.node {
                Selection::Field(field) => self.field(&field.node, at)?,
                Selection::InlineFragment(inline) => {
                    self.directives(inline.node.directives.len(), "an inline fragment")?;
                    self.set(&inline.node.selection_set.node, at)?
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(spread.node.directives.len(), "a fragment spread")?;
                    let cost = self.fragment(spread.node.fragment_name.node.as_str(), at)?;
                    self.check_totals(&cost, at)?;
                    cost
                }
            };
            total.selections = total.selections.saturating_add(cost.selections);
            total.depth = total.depth.max(cost.depth);
            total.complexity = total.complexity.saturating_add(cost.complexity);
            total.aliases = total.aliases.saturating_add(cost.aliases);
            // Cut off as soon as a partial sum is over: the whole can only be larger.
            self.check_totals(&total, at)?;
        }
        Ok(total)
    }

    fn field(&mut self, field: &'a Field, at: u64) -> Result<Cost, Refusal> {
        self.directives(field.directives.len(), "a field")?;
        let depth = at + 1;
        let name = field.name.node.as_str();
        if !self.introspecting && (name == "__schema" || name == "__type") {
            self.introspecting = true;
            let cost = self.field(field, at);
            self.introspecting = false;
            return cost.map(|cost| Cost { depth: 1, ..cost });
        }
        if !self.introspecting && depth > self.limits.max_depth as u64 {
            return Err(Refusal::limit(
                "maxDepth",
                format!(
                    "the query is nested deeper than the depth limit of {} levels (a connection adds two: edges and node)",
                    self.limits.max_depth
                ),
            ));
        }
        let children = self.set(&field.selection_set.node, depth)?;
        let multiplier = self.multiplier(field);
        let alias = field.alias.is_some() || field.name.node.as_str() == "__typename";
        Ok(Cost {
            selections: children.selections.saturating_add(1),
            depth: children.depth.saturating_add(1),
            complexity: children
                .complexity
                .saturating_mul(multiplier)
                .saturating_add(1),
            aliases: children.aliases.saturating_add(u64::from(alias)),
        })
    }

    fn fragment(&mut self, name: &'a str, at: u64) -> Result<Cost, Refusal> {
        match self.fragments.get(name) {
            Some(State::Done(cost)) => return Ok(*cost),
            Some(State::Measuring) => {
                return Err(Refusal::invalid(format!(
                    "fragment \"{name}\" spreads itself (a fragment cycle)"
                )));
            }
            None => {}
        }
        let definition: &'a Positioned<FragmentDefinition> = self
            .document
            .fragments
            .get(&Name::new(name))
            .ok_or_else(|| Refusal::invalid(format!("unknown fragment \"{name}\"")))?;
        self.directives(definition.node.directives.len(), "a fragment")?;
        self.fragments.insert(name, State::Measuring);
        let cost = self.set(&definition.node.selection_set.node, at)?;
        self.fragments.insert(name, State::Done(cost));
        Ok(cost)
    }

    /// How many times a field's children may be resolved: the page size of a connection or
    /// list (`first`, `last` or `limit`), the default page size for a connection without
    /// one, otherwise once.
    fn multiplier(&self, field: &Field) -> u64 {
        let mut page: Option<u64> = None;
        for (name, value) in &field.arguments {
            if !matches!(name.node.as_str(), "first" | "last" | "limit") {
                continue;
            }
            let resolved = value.node.clone().into_const_with(|variable| {
                Ok::<_, std::convert::Infallible>(
                    self.variables
                        .get(variable.as_str())
                        .and_then(|v| Value::from_json(v.clone()).ok())
                        .unwrap_or(Value::Null),
                )
            });
            let size = match resolved {
                Ok(Value::Number(number)) => number.as_u64(),
                _ => None,
            };
            if let Some(size) = size {
                page = Some(page.unwrap_or(0).max(size));
            }
        }
        if let Some(size) = page {
            return size.max(1);
        }
        let is_connection = field.selection_set.node.items.iter().any(|item| {
            matches!(&item.node, Selection::Field(child)
                if matches!(child.node.name.node.as_str(), "edges" | "nodes"))
        });
        if is_connection {
            self.limits.default_page_size.max(1) as u64
        } else {
            1
        }
    }

    fn directives(&self, count: usize, on: &str) -> Result<(), Refusal> {
        if count > self.limits.max_directives_per_field {
            return Err(Refusal::limit(
                "maxDirectivesPerField",
                format!(
                    "{on} carries {count} directives, over the limit of {} per field",
                    self.limits.max_directives_per_field
                ),
            ));
        }
        Ok(())
    }

    fn check_totals(&self, cost: &Cost, at: u64) -> Result<(), Refusal> {
        let limits = self.limits;
        if cost.selections > limits.max_selections as u64 {
            return Err(Refusal::limit(
                "maxSelections",
                format!(
                    "the query selects more than {} fields once its fragments are expanded",
                    limits.max_selections
                ),
            ));
        }
        if !self.introspecting && at.saturating_add(cost.depth) > limits.max_depth as u64 {
            return Err(Refusal::limit(
                "maxDepth",
                format!(
                    "the query is nested deeper than the depth limit of {} levels (a connection adds two: edges and node)",
                    limits.max_depth
                ),
            ));
        }
        if cost.complexity > limits.max_complexity as u64 {
            return Err(Refusal::limit(
                "maxComplexity",
                format!(
                    "the query's complexity is over the limit of {} (a field costs 1, times the page sizes of the connections above it)",
                    limits.max_complexity
                ),
            ));
        }
        if cost.aliases > limits.max_aliases as u64 {
            return Err(Refusal::limit(
                "maxAliases",
                format!(
                    "the query uses more than {} aliases and __typename fields",
                    limits.max_aliases
                ),
            ));
        }
        Ok(())
    }
}
