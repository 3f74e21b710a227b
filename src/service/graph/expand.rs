//! One level of expansion: every edge touching a set of nodes, found with at most one query per
//! table (an `IN` list per foreign key, `OR`ed), whatever the number of nodes.

use std::collections::{HashMap, HashSet};

use entity::{
    activity, activity_participant, liaison_assignment, membership, organization, pairing, person,
    place, region,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

use super::load::{
    activity_node, organization_node, pairing_node, person_node, place_node, region_node,
};
use super::{EdgeKind, GraphEdge, GraphNode, Key, Scope};
use crate::db::in_force;
use crate::db::table::Table;
use crate::domain::enums::DomainEnum;
use crate::error::AppResult;

/// The edges touching the frontier, and the rows of neighbours the queries returned anyway.
#[derive(Default)]
pub struct Expansion {
    pub edges: Vec<GraphEdge>,
    pub rows: HashMap<Key, GraphNode>,
    /// A query returned as many rows as it was allowed: some neighbours may be missing.
    pub capped: bool,
}

/// Frontier keys split by table.
#[derive(Default)]
struct Sets {
    regions: Vec<String>,
    orgs: Vec<i64>,
    places: Vec<i64>,
    people: Vec<i64>,
    activities: Vec<i64>,
}

impl Sets {
    fn of(frontier: &[&GraphNode]) -> Self {
        let mut s = Self::default();
        for node in frontier {
            match &node.key {
                Key::Region(code) => s.regions.push(code.clone()),
                Key::Organization(id) => s.orgs.push(*id),
                Key::Place(id) => s.places.push(*id),
                Key::Person(id) => s.people.push(*id),
                Key::Activity(id) => s.activities.push(*id),
                // A pairing's edges are all its own foreign keys.
                Key::Pairing(_) => {}
            }
        }
        s
    }
}

/// `column IN (keys)` when the edge kind is followed and there are keys.
fn clause<C, V>(scope: &Scope, kind: EdgeKind, column: C, keys: &[V]) -> Option<Condition>
where
    C: ColumnTrait,
    V: Clone + Into<sea_orm::Value>,
{
    (scope.follows(kind) && !keys.is_empty())
        .then(|| Condition::all().add(column.is_in(keys.iter().cloned())))
}

/// The `OR` of the clauses that apply, or `None` when no query is needed.
fn any(clauses: impl IntoIterator<Item = Option<Condition>>) -> Option<Condition> {
    let parts: Vec<Condition> = clauses.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.into_iter().fold(Condition::any(), Condition::add))
}

/// The live rows of `E` that `condition` selects, in key order and at most `row_cap` of them
/// (setting `capped` when the cap is reached); none, without a query, when there is no condition.
async fn capped_rows<E: Table, C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    condition: Option<Condition>,
    capped: &mut bool,
) -> AppResult<Vec<E::Model>> {
    let Some(condition) = condition else {
        return Ok(Vec::new());
    };
    let cap = scope.row_cap;
    let rows = crate::db::visibility::visible::<E>(&scope.viewer)
        .filter(condition)
        .order_by_asc(E::key_column())
        .limit(cap)
        .all(db)
        .await?;
    *capped |= rows.len() as u64 >= cap;
    Ok(rows)
}

fn role_label<E: DomainEnum>(role: E) -> Option<String> {
    Some(role.label().to_owned())
}

/// Every allowed edge touching `frontier`, with at most one query per table.
pub async fn expand<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    frontier: &[&GraphNode],
) -> AppResult<Expansion> {
    let mut out = Expansion::default();
    let in_frontier: HashSet<&Key> = frontier.iter().map(|n| &n.key).collect();
    // The frontier's own foreign keys.
    for node in frontier {
        // A place or pairing not standing on the day leads nowhere through its own keys.
        if scope.as_of.is_some_and(|day| !node.in_force_on(day)) {
            continue;
        }
        out.edges
            .extend(node.out.iter().filter(|e| scope.allows(e)).cloned());
    }
    let s = Sets::of(frontier);
    let mut found: Vec<GraphNode> = Vec::new();
    macro_rules! rows {
        ($module:ident, $make:ident, $visible:expr, [$($clause:expr),+ $(,)?]) => {
            rows!($module, $make, $visible, None::<fn() -> in_force::Period<(region::Entity, region::Column)>>, [$($clause),+])
        };
        ($module:ident, $make:ident, $visible:expr, $period:expr, [$($clause:expr),+ $(,)?]) => {
            if $visible {
                let mut condition = any([$($clause),+]);
                if let Some(period) = $period {
                    condition = scope.in_force(period(), condition);
                }
                let rows =
                    capped_rows::<$module::Entity, _>(db, scope, condition, &mut out.capped).await?;
                found.extend(rows.into_iter().map($make));
            }
        };
    }
    let sees = |k: Key| scope.sees(&k);
    rows!(
        region,
        region_node,
        true,
        [clause(
            scope,
            EdgeKind::ParentRegion,
            region::Column::ParentCode,
            &s.regions
        )]
    );
    rows!(
        organization,
        organization_node,
        true,
        [
            clause(
                scope,
                EdgeKind::LocatedIn,
                organization::Column::RegionCode,
                &s.regions
            ),
            clause(
                scope,
                EdgeKind::ParentOrganization,
                organization::Column::ParentId,
                &s.orgs
            ),
        ]
    );
    rows!(
        place,
        place_node,
        true,
        Some(in_force::place),
        [
            clause(
                scope,
                EdgeKind::LocatedIn,
                place::Column::RegionCode,
                &s.regions
            ),
            clause(scope, EdgeKind::Host, place::Column::HostOrgId, &s.orgs),
        ]
    );
    rows!(
        person,
        person_node,
        sees(Key::Person(0)),
        [clause(
            scope,
            EdgeKind::LocatedIn,
            person::Column::RegionCode,
            &s.regions
        )]
    );
    rows!(
        pairing,
        pairing_node,
        sees(Key::Pairing(0)),
        Some(in_force::pairing),
        [
            clause(
                scope,
                EdgeKind::Pairing,
                pairing::Column::VillageCode,
                &s.regions
            ),
            clause(
                scope,
                EdgeKind::Pairing,
                pairing::Column::EnterpriseId,
                &s.orgs
            ),
        ]
    );
    rows!(
        activity,
        activity_node,
        sees(Key::Activity(0)),
        [
            clause(
                scope,
                EdgeKind::LocatedIn,
                activity::Column::RegionCode,
                &s.regions
            ),
            clause(
                scope,
                EdgeKind::Organizer,
                activity::Column::OrganizerId,
                &s.orgs
            ),
            clause(scope, EdgeKind::Place, activity::Column::PlaceId, &s.places),
        ]
    );
    // Rows found because one of their foreign keys points into the frontier.
    for node in found {
        out.edges.extend(
            node.out
                .iter()
                .filter(|e| scope.allows(e))
                .filter(|e| in_frontier.contains(&e.target) || in_frontier.contains(&e.source))
                .cloned(),
        );
        out.rows.insert(node.key.clone(), node);
    }
    links(db, scope, &s, &mut out).await?;
    Ok(out)
}

/// `kind` edges from people stored as rows of the link table `E`: the rows `condition` selects,
/// each giving its person, the other end and the edge's label.
async fn person_links<E: Table, C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    kind: EdgeKind,
    condition: Option<Condition>,
    out: &mut Expansion,
    ends: impl Fn(E::Model) -> (i64, Key, Option<String>),
) -> AppResult<()> {
    let rows = capped_rows::<E, C>(db, scope, condition, &mut out.capped).await?;
    out.edges.extend(rows.into_iter().map(|row| {
        let (person, other, label) = ends(row);
        GraphEdge::new(kind, Key::Person(person), other, label)
    }));
    Ok(())
}

/// Edges stored as rows of their own: memberships, liaison posts, activity participation.
async fn links<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    s: &Sets,
    out: &mut Expansion,
) -> AppResult<()> {
    if !scope.sees(&Key::Person(0)) {
        return Ok(());
    }
    let kind = EdgeKind::Membership;
    let condition = any([
        clause(scope, kind, membership::Column::PersonId, &s.people),
        clause(scope, kind, membership::Column::OrganizationId, &s.orgs),
    ]);
    let condition = scope.in_force(in_force::membership(), condition);
    person_links::<membership::Entity, _>(db, scope, kind, condition, out, |m| {
        let role = role_label(m.role);
        (m.person_id, Key::Organization(m.organization_id), role)
    })
    .await?;
    let kind = EdgeKind::Liaison;
    let condition = any([
        clause(scope, kind, liaison_assignment::Column::PersonId, &s.people),
        clause(
            scope,
            kind,
            liaison_assignment::Column::RegionCode,
            &s.regions,
        ),
    ]);
    let condition = scope.in_force(in_force::liaison_assignment(), condition);
    person_links::<liaison_assignment::Entity, _>(db, scope, kind, condition, out, |m| {
        let role = role_label(m.role);
        (m.person_id, Key::Region(m.region_code), role)
    })
    .await?;
    if scope.sees(&Key::Activity(0)) {
        let kind = EdgeKind::Participant;
        let condition = any([
            clause(
                scope,
                kind,
                activity_participant::Column::PersonId,
                &s.people,
            ),
            clause(
                scope,
                kind,
                activity_participant::Column::ActivityId,
                &s.activities,
            ),
        ]);
        person_links::<activity_participant::Entity, _>(db, scope, kind, condition, out, |m| {
            (m.person_id, Key::Activity(m.activity_id), None)
        })
        .await?;
    }
    Ok(())
}
