//! The nodes and edges within `depth` hops of a node, breadth first, capped at `limit` nodes.

use std::collections::{BTreeSet, HashMap, HashSet};

use sea_orm::ConnectionTrait;

use super::expand::expand;
use super::load::{label_pairings, load_nodes};
use super::{GraphEdge, GraphNode, Key, Scope};
use crate::error::{AppError, AppResult};

/// A subgraph ready for G6 or ECharts: nodes in discovery order, edges between them.
#[derive(Debug, Clone, Default)]
pub struct Neighborhood {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Some nodes within the depth were left out to stay within the limit.
    pub truncated: bool,
}

/// The neighbourhood of `root` within `depth` hops, at most `limit` nodes (the root included).
/// Each level costs one query per table it touches plus one per table of new nodes.
pub async fn neighborhood<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    root: &Key,
    depth: usize,
    limit: usize,
) -> AppResult<Neighborhood> {
    let mut rows = load_nodes(db, std::slice::from_ref(root)).await?;
    let root_node = rows
        .remove(root)
        .filter(|n| scope.sees(&n.key))
        .ok_or_else(|| AppError::not_found("no live record has that id"))?;
    let mut result = Neighborhood::default();
    let mut visited: HashMap<Key, usize> = HashMap::new();
    visited.insert(root.clone(), 0);
    result.nodes.push(root_node);
    let mut seen_edges: HashSet<GraphEdge> = HashSet::new();
    let mut frontier: Vec<usize> = vec![0];
    for _ in 0..depth {
        if frontier.is_empty() || result.truncated {
            break;
        }
        let nodes: Vec<&GraphNode> = frontier
            .iter()
            .filter_map(|&i| result.nodes.get(i))
            .collect();
        let mut expansion = expand(db, scope, &nodes).await?;
        result.truncated |= expansion.capped;
        // New neighbours in a stable order (by table, then key), cut at the limit.
        let mut fresh: BTreeSet<Key> = BTreeSet::new();
        for edge in &expansion.edges {
            for end in [&edge.source, &edge.target] {
                if !visited.contains_key(end) {
                    fresh.insert(end.clone());
                }
            }
        }
        let room = limit.saturating_sub(result.nodes.len());
        if fresh.len() > room {
            result.truncated = true;
        }
        let admitted: Vec<Key> = fresh.into_iter().take(room).collect();
        let missing: Vec<Key> = admitted
            .iter()
            .filter(|k| !expansion.rows.contains_key(k))
            .cloned()
            .collect();
        expansion.rows.extend(load_nodes(db, &missing).await?);
        frontier.clear();
        for key in admitted {
            // A foreign key to a deleted row leads nowhere.
            if let Some(node) = expansion.rows.remove(&key) {
                visited.insert(key, result.nodes.len());
                frontier.push(result.nodes.len());
                result.nodes.push(node);
            }
        }
        let mut edges = expansion.edges;
        edges.sort();
        for edge in edges {
            if visited.contains_key(&edge.source)
                && visited.contains_key(&edge.target)
                && seen_edges.insert(edge.clone())
            {
                result.edges.push(edge);
            }
        }
    }
    label_pairings(db, &mut result.nodes).await?;
    Ok(result)
}
