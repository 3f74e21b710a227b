//! Graph nodes from rows: one batched query per table for a set of keys, and each row's own
//! (foreign-key) edges.

use std::collections::HashMap;

use entity::{activity, organization, pairing, person, place, region};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use super::{EdgeKind, GraphEdge, GraphNode, Key};
use crate::db::in_force::End;
use crate::db::table::Table;
use crate::error::AppResult;
use crate::ids::RecordType;

pub fn region_node(m: region::Model) -> GraphNode {
    let key = Key::Region(m.code.clone());
    let out = m
        .parent_code
        .map(|p| GraphEdge::new(EdgeKind::ParentRegion, key.clone(), Key::Region(p), None))
        .into_iter()
        .collect();
    GraphNode {
        key,
        record: RecordType::Region,
        label: m.name,
        out,
        period: None,
    }
}

pub fn organization_node(m: organization::Model) -> GraphNode {
    let key = Key::Organization(m.id);
    let mut out = vec![GraphEdge::new(
        EdgeKind::LocatedIn,
        key.clone(),
        Key::Region(m.region_code),
        None,
    )];
    if let Some(parent) = m.parent_id {
        out.push(GraphEdge::new(
            EdgeKind::ParentOrganization,
            key.clone(),
            Key::Organization(parent),
            None,
        ));
    }
    GraphNode {
        key,
        record: RecordType::Organization,
        label: m.name,
        out,
        period: None,
    }
}

pub fn place_node(m: place::Model) -> GraphNode {
    let key = Key::Place(m.id);
    let is_home = m.kind.is_home();
    let mut out = vec![GraphEdge::new(
        EdgeKind::LocatedIn,
        key.clone(),
        Key::Region(m.region_code),
        None,
    )];
    if let Some(host) = m.host_org_id {
        out.push(GraphEdge::new(
            EdgeKind::Host,
            key.clone(),
            Key::Organization(host),
            None,
        ));
    }
    GraphNode {
        key,
        record: if is_home {
            RecordType::Home
        } else {
            RecordType::Base
        },
        label: m.name,
        out,
        period: Some((m.opened_on, m.closed_on, End::ClosingDay)),
    }
}

pub fn person_node(m: person::Model) -> GraphNode {
    let key = Key::Person(m.id);
    let out = vec![GraphEdge::new(
        EdgeKind::LocatedIn,
        key.clone(),
        Key::Region(m.region_code),
        None,
    )];
    GraphNode {
        key,
        record: RecordType::Person,
        label: m.name,
        out,
        period: None,
    }
}

pub fn pairing_node(m: pairing::Model) -> GraphNode {
    let key = Key::Pairing(m.id);
    let out = vec![
        GraphEdge::new(
            EdgeKind::Pairing,
            Key::Organization(m.enterprise_id),
            key.clone(),
            None,
        ),
        GraphEdge::new(
            EdgeKind::Pairing,
            key.clone(),
            Key::Region(m.village_code),
            None,
        ),
    ];
    GraphNode {
        key,
        record: RecordType::Pairing,
        // Replaced by "enterprise — village" once the result is known (see `label_pairings`).
        label: format!("结对 {}", m.id),
        out,
        period: Some((Some(m.started_on), m.ended_on, End::LastDay)),
    }
}

pub fn activity_node(m: activity::Model) -> GraphNode {
    let key = Key::Activity(m.id);
    let mut out = vec![GraphEdge::new(
        EdgeKind::LocatedIn,
        key.clone(),
        Key::Region(m.region_code),
        None,
    )];
    if let Some(org) = m.organizer_id {
        out.push(GraphEdge::new(
            EdgeKind::Organizer,
            key.clone(),
            Key::Organization(org),
            None,
        ));
    }
    if let Some(place) = m.place_id {
        out.push(GraphEdge::new(
            EdgeKind::Place,
            key.clone(),
            Key::Place(place),
            None,
        ));
    }
    GraphNode {
        key,
        record: RecordType::Activity,
        label: m.title,
        out,
        period: None,
    }
}

/// The live rows behind `keys` as nodes: at most one query per table. Keys without a live
/// row are absent from the map.
pub async fn load_nodes<C: ConnectionTrait>(
    db: &C,
    keys: &[Key],
) -> AppResult<HashMap<Key, GraphNode>> {
    let mut regions = Vec::new();
    let (mut orgs, mut places, mut people, mut pairings, mut activities) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for key in keys {
        match key {
            Key::Region(code) => regions.push(code.clone()),
            Key::Organization(id) => orgs.push(*id),
            Key::Place(id) => places.push(*id),
            Key::Person(id) => people.push(*id),
            Key::Pairing(id) => pairings.push(*id),
            Key::Activity(id) => activities.push(*id),
        }
    }
    let mut nodes = Vec::new();
    if !regions.is_empty() {
        let rows = region::Entity::live()
            .filter(region::Column::Code.is_in(regions))
            .all(db)
            .await?;
        nodes.extend(rows.into_iter().map(region_node));
    }
    macro_rules! by_id {
        ($ids:ident, $module:ident, $make:ident) => {
            if !$ids.is_empty() {
                let rows = $module::Entity::live()
                    .filter($module::Column::Id.is_in($ids))
                    .all(db)
                    .await?;
                nodes.extend(rows.into_iter().map($make));
            }
        };
    }
    by_id!(orgs, organization, organization_node);
    by_id!(places, place, place_node);
    by_id!(people, person, person_node);
    by_id!(pairings, pairing, pairing_node);
    by_id!(activities, activity, activity_node);
    Ok(nodes.into_iter().map(|n| (n.key.clone(), n)).collect())
}

/// Labels pairings "enterprise — village" (two queries, only when pairings are present).
pub async fn label_pairings<C: ConnectionTrait>(db: &C, nodes: &mut [GraphNode]) -> AppResult<()> {
    let ends: Vec<(usize, Key, Key)> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.key, Key::Pairing(_)))
        .filter_map(|(i, n)| {
            let enterprise = n.out.iter().find(|e| e.target == n.key)?.source.clone();
            let village = n.out.iter().find(|e| e.source == n.key)?.target.clone();
            Some((i, enterprise, village))
        })
        .collect();
    if ends.is_empty() {
        return Ok(());
    }
    let keys: Vec<Key> = ends
        .iter()
        .flat_map(|(_, a, b)| [a.clone(), b.clone()])
        .collect();
    let names = load_nodes(db, &keys).await?;
    let name = |k: &Key| names.get(k).map_or("?", |n| n.label.as_str()).to_owned();
    for (i, enterprise, village) in ends {
        if let Some(node) = nodes.get_mut(i) {
            node.label = format!("{} — {}", name(&enterprise), name(&village));
        }
    }
    Ok(())
}
