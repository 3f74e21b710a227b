//! The shortest chain between two nodes: breadth first from both ends at once, expanding the
//! smaller frontier a whole level at a time, with a cap on the nodes visited.

use std::collections::{BTreeSet, HashMap};

use sea_orm::ConnectionTrait;

use super::expand::expand;
use super::load::{label_pairings, load_nodes};
use super::{GraphEdge, GraphNode, Key, Scope};
use crate::error::{AppError, AppResult};

/// A chain of nodes from `from` to `to` and the edges between consecutive ones.
#[derive(Debug, Clone, Default)]
pub struct Path {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// One search direction: how each reached node was reached, and the current level.
struct Side {
    parent: HashMap<Key, Option<(Key, GraphEdge)>>,
    frontier: Vec<Key>,
}

impl Side {
    fn new(start: &Key) -> Self {
        Self {
            parent: HashMap::from([(start.clone(), None)]),
            frontier: vec![start.clone()],
        }
    }

    /// The chain from the side's start to `key`, start first.
    fn chain(&self, key: &Key) -> (Vec<Key>, Vec<GraphEdge>) {
        let (mut keys, mut edges) = (vec![key.clone()], Vec::new());
        let mut at = key.clone();
        while let Some(Some((prev, edge))) = self.parent.get(&at) {
            edges.push(edge.clone());
            keys.push(prev.clone());
            at = prev.clone();
        }
        keys.reverse();
        edges.reverse();
        (keys, edges)
    }
}

/// The shortest path of at most `max_depth` edges, or `None` when there is none, or none was
/// found before `visit_cap` nodes were reached.
pub async fn path<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    from: &Key,
    to: &Key,
    max_depth: usize,
    visit_cap: usize,
) -> AppResult<Option<Path>> {
    let mut rows = load_nodes(db, &[from.clone(), to.clone()]).await?;
    for key in [from, to] {
        if !rows.get(key).is_some_and(|n| scope.sees(&n.key)) {
            return Err(AppError::not_found("no live record has that id"));
        }
    }
    let mut sides = [Side::new(from), Side::new(to)];
    let mut meeting = (from == to).then(|| from.clone());
    let mut depth = 0;
    while meeting.is_none() && depth < max_depth {
        // Expand the smaller frontier; an empty one means the two ends are not connected.
        let i = usize::from(sides[1].frontier.len() < sides[0].frontier.len());
        if sides[i].frontier.is_empty() {
            return Ok(None);
        }
        let nodes: Vec<&GraphNode> = sides[i]
            .frontier
            .iter()
            .filter_map(|k| rows.get(k))
            .collect();
        let mut expansion = expand(db, scope, &nodes).await?;
        let mut edges = expansion.edges;
        edges.sort();
        let mut fresh: BTreeSet<Key> = BTreeSet::new();
        for edge in edges {
            for (near, far) in [(&edge.source, &edge.target), (&edge.target, &edge.source)] {
                if sides[i].frontier.contains(near) && !sides[i].parent.contains_key(far) {
                    sides[i]
                        .parent
                        .insert(far.clone(), Some((near.clone(), edge.clone())));
                    fresh.insert(far.clone());
                }
            }
        }
        let missing: Vec<Key> = fresh
            .iter()
            .filter(|k| !rows.contains_key(k) && !expansion.rows.contains_key(k))
            .cloned()
            .collect();
        expansion.rows.extend(load_nodes(db, &missing).await?);
        rows.extend(expansion.rows);
        // Deleted rows behind foreign keys are dead ends.
        sides[i].frontier = fresh.into_iter().filter(|k| rows.contains_key(k)).collect();
        meeting = sides[i]
            .frontier
            .iter()
            .find(|k| sides[1 - i].parent.contains_key(k))
            .cloned();
        depth += 1;
        if sides[0].parent.len() + sides[1].parent.len() > visit_cap {
            break;
        }
    }
    let Some(meeting) = meeting else {
        return Ok(None);
    };
    let (mut keys, mut edges) = sides[0].chain(&meeting);
    let (back_keys, back_edges) = sides[1].chain(&meeting);
    keys.extend(back_keys.into_iter().rev().skip(1));
    edges.extend(back_edges.into_iter().rev());
    let mut nodes: Vec<GraphNode> = keys.iter().filter_map(|k| rows.get(k).cloned()).collect();
    label_pairings(db, &mut nodes).await?;
    Ok(Some(Path { nodes, edges }))
}
