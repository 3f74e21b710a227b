//! Neighbourhoods and shortest paths over the relation graph: people, organizations,
//! regions, places, pairings and activities joined by typed edges. Expanded level by level with
//! one batched query per table, never by loading the whole graph.

mod expand;
mod load;
mod neighborhood;
mod path;

pub use neighborhood::{Neighborhood, neighborhood};
pub use path::{Path, path};

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::auth::{Viewer, policy};
use crate::db::in_force::{self, End};
use crate::ids::RecordType;

/// The kinds of edge; a neighbourhood can be limited to some of them.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[graphql(name = "GraphEdgeKind")]
pub enum EdgeKind {
    /// 成员/任职: a person → an organization they belong to or hold a post in.
    Membership,
    /// 统战联络员等网络职务: a person → the region they serve.
    Liaison,
    /// 上级区划: a region → its parent region.
    ParentRegion,
    /// 所在地: an organization, place, person or activity → its region.
    LocatedIn,
    /// 上级组织: an organization → its parent organization.
    ParentOrganization,
    /// 结对（万企兴万村）: an enterprise → a pairing → the paired village.
    Pairing,
    /// 依托单位: a place → its host organization.
    Host,
    /// 主办: an activity → its organizer.
    Organizer,
    /// 参与: a person → an activity they took part in.
    Participant,
    /// 活动地点: an activity → the place it was held at.
    Place,
}

impl EdgeKind {
    pub const ALL: [Self; 10] = [
        Self::Membership,
        Self::Liaison,
        Self::ParentRegion,
        Self::LocatedIn,
        Self::ParentOrganization,
        Self::Pairing,
        Self::Host,
        Self::Organizer,
        Self::Participant,
        Self::Place,
    ];

    /// The edge's Chinese label (memberships and liaison posts use the role instead).
    pub fn label(self) -> &'static str {
        match self {
            Self::Membership => "成员",
            Self::Liaison => "联络",
            Self::ParentRegion => "上级区划",
            Self::LocatedIn => "所在地",
            Self::ParentOrganization => "上级组织",
            Self::Pairing => "结对",
            Self::Host => "依托单位",
            Self::Organizer => "主办",
            Self::Participant => "参与",
            Self::Place => "活动地点",
        }
    }
}

/// A graph node's identity: its table and key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Region(String),
    Organization(i64),
    Place(i64),
    Person(i64),
    Pairing(i64),
    Activity(i64),
}

impl Key {
    /// The key behind a record type and key (`Base`/`Home` are both places); `None` for
    /// types that are not in the graph or a malformed key.
    pub fn from_api(record: RecordType, key: &str) -> Option<Self> {
        let int = || key.parse::<i64>().ok();
        Some(match record {
            RecordType::Region => Self::Region(key.to_owned()),
            RecordType::Organization => Self::Organization(int()?),
            RecordType::Base | RecordType::Home => Self::Place(int()?),
            RecordType::Person => Self::Person(int()?),
            RecordType::Pairing => Self::Pairing(int()?),
            RecordType::Activity => Self::Activity(int()?),
            _ => return None,
        })
    }

    /// The key as the global id carries it.
    pub fn key_text(&self) -> String {
        match self {
            Self::Region(code) => code.clone(),
            Self::Organization(id)
            | Self::Place(id)
            | Self::Person(id)
            | Self::Pairing(id)
            | Self::Activity(id) => id.to_string(),
        }
    }

    /// The record type of the table, for visibility checks (bases and homes share rules).
    fn visibility_type(&self) -> RecordType {
        match self {
            Self::Region(_) => RecordType::Region,
            Self::Organization(_) => RecordType::Organization,
            Self::Place(_) => RecordType::Base,
            Self::Person(_) => RecordType::Person,
            Self::Pairing(_) => RecordType::Pairing,
            Self::Activity(_) => RecordType::Activity,
        }
    }
}

/// A node as returned: its API type (`Base` or `Home` for places) and a display label.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    pub key: Key,
    pub record: RecordType,
    pub label: String,
    /// Edges this row holds the foreign key of (to its region, parent, host …).
    out: Vec<GraphEdge>,
    /// For a standing row (a place, a pairing): its first day, its end and what the end means.
    period: Option<(Option<NaiveDate>, Option<NaiveDate>, End)>,
}

impl GraphNode {
    /// Whether the row stands on `day` (rows without a period always do).
    fn in_force_on(&self, day: NaiveDate) -> bool {
        self.period
            .is_none_or(|(start, end, kind)| in_force::holds(start, end, kind, day))
    }
}

/// A directed, typed edge between two nodes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GraphEdge {
    pub kind: EdgeKind,
    pub source: Key,
    pub target: Key,
    pub label: String,
}

impl GraphEdge {
    fn new(kind: EdgeKind, source: Key, target: Key, label: Option<String>) -> Self {
        Self {
            kind,
            source,
            target,
            label: label.unwrap_or_else(|| kind.label().to_owned()),
        }
    }
}

/// What an expansion may follow: the edge kinds asked for, among nodes the viewer may see.
#[derive(Clone, Debug)]
pub struct Scope {
    kinds: HashSet<EdgeKind>,
    visible: HashSet<RecordType>,
    /// Most rows one batched query may return.
    row_cap: u64,
    /// The viewer, whose row rules limit which link rows are edges.
    viewer: Viewer,
    /// Follow only memberships, liaison posts, pairings and places in force on this day.
    as_of: Option<NaiveDate>,
}

impl Scope {
    pub fn new(viewer: &Viewer, kinds: &[EdgeKind], row_cap: u64) -> Self {
        let visible = [
            RecordType::Region,
            RecordType::Organization,
            RecordType::Base,
            RecordType::Person,
            RecordType::Pairing,
            RecordType::Activity,
        ]
        .into_iter()
        .filter(|&t| policy::sees_type(viewer, t))
        .collect();
        Self {
            kinds: kinds.iter().copied().collect(),
            visible,
            row_cap,
            viewer: viewer.clone(),
            as_of: None,
        }
    }

    /// The same scope following only relations in force on `day` (`db::in_force`): memberships,
    /// liaison posts, pairings and places; other edges are not time-bound.
    pub fn on(self, day: Option<NaiveDate>) -> Self {
        Self { as_of: day, ..self }
    }

    /// `condition` narrowed to rows in force on the scope's day, if it has one.
    fn in_force<C: sea_orm::sea_query::IntoColumnRef + Copy>(
        &self,
        period: in_force::Period<C>,
        condition: Option<sea_orm::Condition>,
    ) -> Option<sea_orm::Condition> {
        match (condition, self.as_of) {
            (Some(c), Some(day)) => Some(
                sea_orm::Condition::all()
                    .add(c)
                    .add(in_force::condition(period, day)),
            ),
            (c, _) => c,
        }
    }

    fn follows(&self, kind: EdgeKind) -> bool {
        self.kinds.contains(&kind)
    }

    fn sees(&self, key: &Key) -> bool {
        self.visible.contains(&key.visibility_type())
    }

    /// Whether an edge may be followed: its kind was asked for and both ends are visible.
    fn allows(&self, edge: &GraphEdge) -> bool {
        self.follows(edge.kind) && self.sees(&edge.source) && self.sees(&edge.target)
    }
}
