//! `neighborhood(id:, depth:, kinds:, limit:)` and `path(from:, to:, maxDepth:)`: subgraphs
//! shaped for G6 and ECharts (`{ nodes { id type label } edges { source target kind label } }`).

use async_graphql::{Context, ID, Object, Result, ResultExt, SimpleObject};

use crate::auth::{Viewer, policy};
use crate::error::AppError;
use crate::graphql::connection::db;
use crate::graphql::object::signed_in;
use crate::ids;
use crate::scalars::Date;
use crate::service::graph::{self, EdgeKind, Key, Scope};

/// Deepest neighbourhood, in hops.
pub const MAX_DEPTH: i32 = 3;
/// Most nodes a neighbourhood may ask for.
pub const MAX_NODES: i32 = 1_000;
/// Longest path searched for, in edges.
pub const MAX_PATH: i32 = 6;
/// Nodes a path search may visit before giving up (the answer is then null).
pub const PATH_VISIT_CAP: usize = 5_000;

/// A node of a graph answer.
#[derive(SimpleObject)]
pub struct GraphNode {
    /// The record's global id (usable with `node(id:)`).
    pub id: ID,
    /// The record's type: Region, Organization, Base, Home, Person, Pairing or Activity.
    #[graphql(name = "type")]
    pub type_name: String,
    /// What to print on the node: the name (the title for activities, "enterprise — village"
    /// for pairings).
    pub label: String,
}

/// An edge of a graph answer, directed as its kind describes.
#[derive(SimpleObject)]
pub struct GraphEdge {
    /// The id of the node the edge starts at.
    pub source: ID,
    /// The id of the node the edge ends at.
    pub target: ID,
    /// What the edge means.
    pub kind: EdgeKind,
    /// What to print on the edge, in Chinese (the role for memberships and liaison posts).
    pub label: String,
}

/// The neighbourhood of a node.
#[derive(SimpleObject)]
pub struct Neighborhood {
    /// The start node first, then nodes level by level.
    pub nodes: Vec<GraphNode>,
    /// The edges followed, between returned nodes only.
    pub edges: Vec<GraphEdge>,
    /// Whether nodes within the depth were left out to keep within `limit`.
    pub truncated: bool,
}

/// A shortest chain between two nodes.
#[derive(SimpleObject)]
pub struct GraphPath {
    /// From `from` to `to`, in order.
    pub nodes: Vec<GraphNode>,
    /// `edges[i]` joins `nodes[i]` and `nodes[i + 1]` (in either direction).
    pub edges: Vec<GraphEdge>,
    /// The number of edges.
    pub length: i32,
}

fn node_id(types: &std::collections::HashMap<Key, &'static str>, key: &Key) -> ID {
    ids::encode(types.get(key).copied().unwrap_or("Unknown"), key.key_text())
}

fn wrap(
    nodes: Vec<graph::GraphNode>,
    edges: Vec<graph::GraphEdge>,
) -> (Vec<GraphNode>, Vec<GraphEdge>) {
    let types: std::collections::HashMap<Key, &'static str> = nodes
        .iter()
        .map(|n| (n.key.clone(), n.record.name()))
        .collect();
    let edges = edges
        .into_iter()
        .map(|e| GraphEdge {
            source: node_id(&types, &e.source),
            target: node_id(&types, &e.target),
            kind: e.kind,
            label: e.label,
        })
        .collect();
    let nodes = nodes
        .into_iter()
        .map(|n| GraphNode {
            id: node_id(&types, &n.key),
            type_name: n.record.name().to_owned(),
            label: n.label,
        })
        .collect();
    (nodes, edges)
}

/// The graph key behind a global id, after the same visibility check as `node(id:)`.
fn key_of(ctx: &Context<'_>, viewer: &Viewer, id: &ID) -> Result<Key> {
    let (type_name, key) = ids::decode(id).extend()?;
    let record = ids::RecordType::from_name(&type_name);
    if !record.is_some_and(|record| policy::sees_type(viewer, record)) {
        signed_in(ctx)?;
    }
    record
        .and_then(|record| Key::from_api(record, &key))
        .ok_or_else(|| {
            AppError::bad_input(format!(
                "{type_name} records are not part of the graph: pass a person, organization, \
                 region, base, home, pairing or activity id"
            ))
        })
        .extend()
}

fn in_range(name: &str, value: i32, min: i32, max: i32) -> Result<usize> {
    if value < min {
        return Err(AppError::bad_input(format!("{name}: at least {min}"))).extend();
    }
    if value > max {
        return Err(AppError::LimitExceeded(format!("{name}: at most {max}"))).extend();
    }
    Ok(usize::try_from(value).unwrap_or_default())
}

#[derive(Default)]
pub struct GraphQuery;

#[Object]
impl GraphQuery {
    /// The nodes and edges within `depth` hops of a node, ready for G6 or ECharts. Records
    /// the caller may not see are left out, and so are edges to them (PUBLIC sees regions,
    /// organizations, bases and homes only). At most `limit` nodes; `truncated` says whether
    /// some were left out.
    async fn neighborhood(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The start node: a person, organization, region, base, home, pairing \
                          or activity."
        )]
        id: ID,
        #[graphql(desc = "Hops from the start node, 0 to 3 (default 1).")] depth: Option<i32>,
        #[graphql(desc = "Follow only these kinds of edge (default: all).")] kinds: Option<
            Vec<EdgeKind>,
        >,
        #[graphql(
            desc = "Most nodes returned, the start node included (default 200, at \
                          most 1000)."
        )]
        limit: Option<i32>,
        #[graphql(
            desc = "Follow only memberships, liaison posts, pairings and places in force on \
                    this day (first and last day included; a place is gone on its closing \
                    day). Default: every edge, past or present."
        )]
        active_on: Option<Date>,
    ) -> Result<Neighborhood> {
        let depth = in_range("depth", depth.unwrap_or(1), 0, MAX_DEPTH)?;
        let limit = in_range("limit", limit.unwrap_or(200), 1, MAX_NODES)?;
        let viewer = ctx.data::<Viewer>()?;
        let root = key_of(ctx, viewer, &id)?;
        let kinds = kinds.unwrap_or_else(|| EdgeKind::ALL.to_vec());
        let scope = Scope::new(viewer, &kinds, limit as u64 + 1).on(active_on.map(|d| d.0));
        let found = graph::neighborhood(db(ctx)?, &scope, &root, depth, limit)
            .await
            .extend()?;
        let (nodes, edges) = wrap(found.nodes, found.edges);
        Ok(Neighborhood {
            nodes,
            edges,
            truncated: found.truncated,
        })
    }

    /// The shortest chain of edges between two nodes (e.g. a democratic-party member → their
    /// enterprise → its pairing → the paired village), or null when there is none within
    /// `maxDepth` edges or the search had to give up after visiting 5,000 nodes. Only nodes the
    /// caller may see are passed through.
    async fn path(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where the chain starts.")] from: ID,
        #[graphql(desc = "Where the chain ends.")] to: ID,
        #[graphql(desc = "Longest chain searched for, in edges: 1 to 6 (default 4).")]
        max_depth: Option<i32>,
        #[graphql(
            desc = "Pass only through memberships, liaison posts, pairings and places in \
                    force on this day. Default: every edge, past or present."
        )]
        active_on: Option<Date>,
    ) -> Result<Option<GraphPath>> {
        let max_depth = in_range("maxDepth", max_depth.unwrap_or(4), 1, MAX_PATH)?;
        let viewer = ctx.data::<Viewer>()?;
        let from = key_of(ctx, viewer, &from)?;
        let to = key_of(ctx, viewer, &to)?;
        let scope =
            Scope::new(viewer, &EdgeKind::ALL, PATH_VISIT_CAP as u64).on(active_on.map(|d| d.0));
        let found = graph::path(db(ctx)?, &scope, &from, &to, max_depth, PATH_VISIT_CAP)
            .await
            .extend()?;
        Ok(found.map(|p| {
            let length = i32::try_from(p.edges.len()).unwrap_or(i32::MAX);
            let (nodes, edges) = wrap(p.nodes, p.edges);
            GraphPath {
                nodes,
                edges,
                length,
            }
        }))
    }
}
