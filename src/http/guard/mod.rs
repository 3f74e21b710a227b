//! The document guard: refuses hostile GraphQL documents before async-graphql parses and
//! validates them, in time linear in the document (decision 0012).
//!
//! Order: size, then a counting lexer (tokens, bracket nesting), then the parser, then one
//! memoized pass over the operations (fragments measured once each).

mod cost;
mod lexer;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};

pub use cost::Cost;

/// Brackets nested deeper than this are refused before parsing: the parser recurses on them.
pub const MAX_NESTING: usize = 64;

/// The document limits, from `Config` (`TONGXIN_MAX_*`).
#[derive(Debug, Clone)]
pub struct GuardLimits {
    pub max_document_bytes: usize,
    pub max_tokens: usize,
    pub max_fragments: usize,
    pub max_selections: usize,
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_directives_per_field: usize,
    /// What a connection without `first`/`last` returns (its weight in complexity).
    pub default_page_size: usize,
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A configured limit (`LIMIT_EXCEEDED`); `limit` names it as in the README table.
    Limit {
        limit: &'static str,
        message: String,
    },
    /// Not a GraphQL document (400).
    Syntax(String),
    /// A document the spec's validation rules reject (422): cycles, unknown or unused fragments.
    Invalid(String),
}

impl Refusal {
    pub fn limit(limit: &'static str, message: String) -> Self {
        Self::Limit { limit, message }
    }

    pub fn invalid(message: String) -> Self {
        Self::Invalid(message)
    }
}

/// A document that passed, with its figures.
#[derive(Debug)]
pub struct Checked {
    pub document: ExecutableDocument,
    /// The type of the operation `operation_name` selects (`None`: no such operation).
    pub operation: Option<OperationType>,
    /// The largest figures among the document's operations.
    pub cost: Cost,
    /// Tokens counted by the lexer.
    pub tokens: usize,
    /// Selections the memoized pass visited: never more than the document holds.
    pub work: u64,
}

/// Checks `query` against `limits`; `variables` give `first`/`last` passed as variables.
pub fn check(
    query: &str,
    operation_name: Option<&str>,
    variables: &serde_json::Value,
    limits: &GuardLimits,
) -> Result<Checked, Refusal> {
    if query.len() > limits.max_document_bytes {
        return Err(Refusal::limit(
            "maxDocumentBytes",
            format!(
                "the document is {} bytes, over the limit of {} bytes",
                query.len(),
                limits.max_document_bytes
            ),
        ));
    }
    let tokens = match lexer::scan(query, limits.max_tokens, MAX_NESTING) {
        lexer::Scan::Done { tokens, .. } => tokens,
        lexer::Scan::TooManyTokens => {
            return Err(Refusal::limit(
                "maxTokens",
                format!("the document has more than {} tokens", limits.max_tokens),
            ));
        }
        lexer::Scan::TooDeep => {
            return Err(Refusal::limit(
                "maxDepth",
                format!("the document nests brackets deeper than {MAX_NESTING} levels"),
            ));
        }
    };
    let document = async_graphql::parser::parse_query(query)
        .map_err(|err| Refusal::Syntax(format!("the document is not valid GraphQL: {err}")))?;
    if document.fragments.len() > limits.max_fragments {
        return Err(Refusal::limit(
            "maxFragments",
            format!(
                "the document defines {} fragments, over the limit of {}",
                document.fragments.len(),
                limits.max_fragments
            ),
        ));
    }
    let (cost, work, operation) = measure(&document, operation_name, variables, limits)?;
    Ok(Checked {
        document,
        operation,
        cost,
        tokens,
        work,
    })
}

fn measure(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &serde_json::Value,
    limits: &GuardLimits,
) -> Result<(Cost, u64, Option<OperationType>), Refusal> {
    let mut meter = cost::Meter::new(document, limits, variables);
    let mut largest = Cost::default();
    let mut selected = None;
    for (name, operation) in document.operations.iter() {
        if operation.node.directives.len() > limits.max_directives_per_field {
            return Err(Refusal::limit(
                "maxDirectivesPerField",
                format!(
                    "an operation carries {} directives, over the limit of {}",
                    operation.node.directives.len(),
                    limits.max_directives_per_field
                ),
            ));
        }
        let cost = meter.operation(&operation.node.selection_set.node)?;
        largest.selections = largest.selections.max(cost.selections);
        largest.depth = largest.depth.max(cost.depth);
        largest.complexity = largest.complexity.max(cost.complexity);
        largest.aliases = largest.aliases.max(cost.aliases);
        let chosen = match (&document.operations, operation_name) {
            (DocumentOperations::Single(_), None) => true,
            (_, Some(wanted)) => name.is_some_and(|n| n.as_str() == wanted),
            (DocumentOperations::Multiple(_), None) => false,
        };
        if chosen {
            selected = Some(operation.node.ty);
        }
    }
    let used: std::collections::HashSet<&str> = meter.used_fragments().collect();
    if let Some(unused) = document
        .fragments
        .keys()
        .map(|name| name.as_str())
        .find(|name| !used.contains(name))
    {
        return Err(Refusal::invalid(format!(
            "fragment \"{unused}\" is never used"
        )));
    }
    Ok((largest, meter.work, selected))
}

#[cfg(test)]
mod tests;
