//! The network as of a day: `activeOn`/`asOf` on relation lists, filters, aggregates, `summary`
//! and the graph, all by one rule (first and last day included; a place is gone on its
//! closing day; a term runs from its election to the next completed one). Boundary days: the
//! day before, the first day, the last day, the day after, and open-ended rows. The records
//! are dated in 2031 so that the demo data (all earlier or open-ended) does not move.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::enums::{
    Campaign, DemocraticParty, Gender, MembershipRole, NetworkRole, OrganizationKind,
    PairingStatus, PlaceKind, TermElectionStatus,
};
use tongxin::domain::region_code::RegionCode;
use tongxin::ids;

use crate::helpers::{TestDb, TestSchema, execute};

pub(crate) fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Records dated around 2031 in one village of 靖远县.
struct World {
    test: TestDb,
    schema: TestSchema,
    village: String,
    person: i64,
    party_org: i64,
    association: i64,
    enterprise: i64,
}

impl World {
    fn person_id(&self) -> String {
        ids::encode("Person", self.person).0
    }
    fn org_id(&self, id: i64) -> String {
        ids::encode("Organization", id).0
    }

    async fn run(&self, query: &str, variables: Value, viewer: Viewer) -> Value {
        let response = execute(&self.schema, query, variables, viewer).await;
        assert!(response["errors"].is_null(), "{query}: {response}");
        response["data"].clone()
    }

    async fn system(&self, query: &str, variables: Value) -> Value {
        self.run(query, variables, Viewer::system()).await
    }
}

pub(crate) async fn organization(
    test: &TestDb,
    name: &str,
    kind: OrganizationKind,
    region: &str,
) -> i64 {
    let now = Utc::now();
    entity::organization::ActiveModel {
        kind: Set(kind),
        name: Set(name.into()),
        name_pinyin: Set("ceshi".into()),
        name_initials: Set("cs".into()),
        region_code: Set(region.into()),
        is_key_enterprise: Set(false),
        is_synthetic: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap()
    .id
}

async fn world() -> World {
    let test = TestDb::seeded().await;
    let village = entity::region::Entity::find()
        .filter(entity::region::Column::Level.eq("VILLAGE"))
        .filter(entity::region::Column::Code.starts_with("620421"))
        .order_by_asc(entity::region::Column::Code)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .code;
    let now = Utc::now();
    let person = entity::person::ActiveModel {
        name: Set("时日测".into()),
        name_pinyin: Set("shiri ce".into()),
        name_initials: Set("src".into()),
        gender: Set(Gender::Female),
        region_code: Set(village.clone()),
        is_representative: Set(false),
        figure_kinds: Set(",,".into()),
        is_synthetic: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap()
    .id;
    let party_org = organization(
        &test,
        "时日测支部",
        OrganizationKind::DpOrganization,
        &village,
    )
    .await;
    let association = organization(
        &test,
        "时日测新联会",
        OrganizationKind::NssAssociation,
        &village,
    )
    .await;
    let enterprise =
        organization(&test, "时日测企业", OrganizationKind::Enterprise, &village).await;
    let membership = |org: i64, since: &str, until: Option<&str>| entity::membership::ActiveModel {
        person_id: Set(person),
        organization_id: Set(org),
        role: Set(MembershipRole::Member),
        since: Set(day(since)),
        until: Set(until.map(day)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    // A democratic-party membership (sensitive) with both ends; an open-ended one.
    membership(party_org, "2031-01-01", Some("2031-06-30"))
        .insert(&test.db)
        .await
        .unwrap();
    membership(association, "2031-03-01", None)
        .insert(&test.db)
        .await
        .unwrap();
    entity::liaison_assignment::ActiveModel {
        person_id: Set(person),
        region_code: Set(village.clone()),
        role: Set(NetworkRole::LiaisonOfficer),
        start_on: Set(day("2031-01-01")),
        end_on: Set(Some(day("2031-06-30"))),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
    entity::pairing::ActiveModel {
        enterprise_id: Set(enterprise),
        village_code: Set(village.clone()),
        campaign: Set(Campaign::WanqiXingcun),
        focus: Set(",INDUSTRY,".into()),
        status: Set(PairingStatus::Completed),
        started_on: Set(day("2031-02-01")),
        ended_on: Set(Some(day("2031-08-31"))),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
    entity::place::ActiveModel {
        kind: Set(PlaceKind::DpMembersHome),
        name: Set("时日测社员之家".into()),
        name_pinyin: Set("shiri ce".into()),
        name_initials: Set("src".into()),
        region_code: Set(village.clone()),
        party: Set(Some(DemocraticParty::Jiusan)),
        opened_on: Set(Some(day("2031-01-10"))),
        closed_on: Set(Some(day("2031-09-01"))),
        is_uf_venue: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
    for (held, term, status) in [
        ("2026-05-10", 1, TermElectionStatus::Completed),
        ("2031-05-10", 2, TermElectionStatus::Completed),
        ("2036-05-10", 3, TermElectionStatus::Planned),
    ] {
        entity::term_election::ActiveModel {
            organization_id: Set(party_org),
            held_on: Set(day(held)),
            term_number: Set(term),
            status: Set(status),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(&test.db)
        .await
        .unwrap();
    }
    let schema = test.schema();
    World {
        test,
        schema,
        village,
        person,
        party_org,
        association,
        enterprise,
    }
}

fn names(list: &Value, path: &str) -> Vec<String> {
    let mut out: Vec<String> = list["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            path.split('.')
                .fold(&e["node"], |v, key| &v[key])
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn relation_lists_keep_what_was_in_force_on_the_day() {
    let w = world().await;
    const PERSON: &str = r#"query($id: ID!, $day: Date) { node(id: $id) { ... on Person {
        memberships(activeOn: $day) { totalCount edges { node { organization { name } } } }
        liaisonAssignments(activeOn: $day) { totalCount } } } }"#;
    let on = |d: &str| json!({ "id": w.person_id(), "day": d });
    let cases = [
        ("2030-12-31", vec![], 0),
        ("2031-01-01", vec!["时日测支部"], 1),
        ("2031-03-01", vec!["时日测支部", "时日测新联会"], 1),
        ("2031-06-30", vec!["时日测支部", "时日测新联会"], 1),
        ("2031-07-01", vec!["时日测新联会"], 0),
        ("2040-01-01", vec!["时日测新联会"], 0),
    ];
    for (d, orgs, assignments) in cases {
        let data = w.system(PERSON, on(d)).await;
        let node = &data["node"];
        assert_eq!(
            names(&node["memberships"], "organization.name"),
            orgs,
            "{d}"
        );
        assert_eq!(node["liaisonAssignments"]["totalCount"], assignments, "{d}");
    }
    let all = w
        .system(PERSON, json!({ "id": w.person_id(), "day": null }))
        .await;
    assert_eq!(
        all["node"]["memberships"]["totalCount"], 2,
        "no day: every row"
    );

    const REGION: &str = r#"query($code: String!, $day: Date) { region(code: $code) {
        liaisonOfficers(activeOn: $day) { edges { node { person { name } } } }
        places(activeOn: $day) { edges { node { name } } }
        pairings(activeOn: $day) { edges { node { enterprise { name } } } } } }"#;
    for (d, officer, home, pairing) in [
        ("2030-12-31", false, false, false),
        ("2031-01-01", true, false, false),
        ("2031-01-10", true, true, false),
        ("2031-02-01", true, true, true),
        ("2031-06-30", true, true, true),
        ("2031-07-01", false, true, true),
        ("2031-08-31", false, true, true),
        ("2031-09-01", false, false, false),
    ] {
        let data = w
            .system(REGION, json!({ "code": w.village, "day": d }))
            .await;
        let region = &data["region"];
        let has = |list: &str, path: &str, name: &str| {
            names(&region[list], path).iter().any(|n| n == name)
        };
        assert_eq!(
            has("liaisonOfficers", "person.name", "时日测"),
            officer,
            "{d}"
        );
        assert_eq!(has("places", "name", "时日测社员之家"), home, "{d}");
        assert_eq!(
            has("pairings", "enterprise.name", "时日测企业"),
            pairing,
            "{d}"
        );
    }
    const ENTERPRISE: &str = r#"query($id: ID!, $day: Date) { node(id: $id) {
        ... on Organization { pairings(activeOn: $day) { totalCount } } } }"#;
    for (d, n) in [
        ("2031-01-31", 0),
        ("2031-02-01", 1),
        ("2031-08-31", 1),
        ("2031-09-01", 0),
    ] {
        let data = w
            .system(
                ENTERPRISE,
                json!({ "id": w.org_id(w.enterprise), "day": d }),
            )
            .await;
        assert_eq!(data["node"]["pairings"]["totalCount"], n, "{d}");
    }
}

#[tokio::test]
async fn the_current_term_runs_from_its_election_to_the_next_completed_one() {
    let w = world().await;
    const TERM: &str = r#"query($id: ID!, $day: Date) { node(id: $id) { ... on Organization {
        currentTerm(activeOn: $day) { termNumber heldOn }
        termElections(activeOn: $day) { totalCount edges { node { termNumber } } } } } }"#;
    for (d, term) in [
        ("2026-05-09", None),
        ("2026-05-10", Some(1)),
        ("2031-05-09", Some(1)),
        ("2031-05-10", Some(2)),
        // A planned election starts nothing.
        ("2040-01-01", Some(2)),
    ] {
        let data = w
            .system(TERM, json!({ "id": w.org_id(w.party_org), "day": d }))
            .await;
        let node = &data["node"];
        assert_eq!(node["currentTerm"]["termNumber"], json!(term), "{d}");
        let listed = node["termElections"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["termNumber"].as_i64().unwrap())
            .collect::<Vec<_>>();
        assert_eq!(
            listed,
            term.map(i64::from).into_iter().collect::<Vec<_>>(),
            "{d}"
        );
    }
    let all = w
        .system(TERM, json!({ "id": w.org_id(w.party_org), "day": null }))
        .await;
    assert_eq!(all["node"]["termElections"]["totalCount"], 3);
    let today = tongxin::service::check::today();
    let expected = if today < day("2031-05-10") { 1 } else { 2 };
    assert_eq!(
        all["node"]["currentTerm"]["termNumber"], expected,
        "default: today"
    );
}

#[tokio::test]
async fn filters_take_active_on() {
    let w = world().await;
    const Q: &str = r#"query($p: PairingFilter, $h: PlaceFilter, $people: PersonFilter) {
        pairings(filter: $p) { totalCount }
        homes(filter: $h) { totalCount }
        people(filter: $people) { totalCount } }"#;
    let run = |d: &str, people: Value| {
        json!({
            "p": { "enterprise": w.org_id(w.enterprise), "activeOn": d },
            "h": { "name": { "eq": "时日测社员之家" }, "activeOn": d },
            "people": people,
        })
    };
    let member_of_association = |d: &str| {
        json!({ "ids": [w.person_id()], "memberOf": { "ids": [w.org_id(w.association)] },
                "activeOn": d })
    };
    for (d, pairings, homes, member) in [
        ("2031-01-09", 0, 0, 0),
        ("2031-01-10", 0, 1, 0),
        ("2031-02-01", 1, 1, 0),
        ("2031-03-01", 1, 1, 1),
        ("2031-08-31", 1, 1, 1),
        ("2031-09-01", 0, 0, 1),
    ] {
        let data = w.system(Q, run(d, member_of_association(d))).await;
        assert_eq!(data["pairings"]["totalCount"], pairings, "pairings {d}");
        assert_eq!(data["homes"]["totalCount"], homes, "homes {d}");
        assert_eq!(data["people"]["totalCount"], member, "memberOf {d}");
    }
    // liaisonIn: the village, or any region above it.
    for (region, d, n) in [
        (w.village.clone(), "2030-12-31", 0),
        (w.village.clone(), "2031-01-01", 1),
        ("620421".to_owned(), "2031-06-30", 1),
        (w.village.clone(), "2031-07-01", 0),
    ] {
        let filter = json!({ "ids": [w.person_id()], "liaisonIn": region, "activeOn": d });
        let data = w.system(Q, run(d, filter)).await;
        assert_eq!(data["people"]["totalCount"], n, "liaisonIn {region} {d}");
    }
    // Without a day: current relations only (the party membership and the post have ended).
    let current = json!({ "ids": [w.person_id()], "liaisonIn": w.village });
    let data = w.system(Q, run("2031-03-01", current)).await;
    assert_eq!(data["people"]["totalCount"], 0);
    // Nested filters carry their own day.
    let nested = json!({ "ids": [w.person_id()], "and": [
        { "memberOf": { "ids": [w.org_id(w.party_org)] }, "activeOn": "2031-06-30" },
        { "memberOf": { "ids": [w.org_id(w.association)] }, "activeOn": "2031-07-01" } ] });
    let data = w.system(Q, run("2031-03-01", nested)).await;
    assert_eq!(data["people"]["totalCount"], 1);
}

#[tokio::test]
async fn a_hidden_membership_stays_hidden_on_any_day() {
    let w = &world().await;
    const Q: &str = r#"query($f: PersonFilter) { people(filter: $f) { totalCount } }"#;
    let party = |d: &str| {
        json!({ "f": { "ids": [w.person_id()], "memberOf": { "ids": [w.org_id(w.party_org)] },
                       "activeOn": d } })
    };
    let editor = |county: &str| Viewer {
        role: Role::Editor,
        region_scope: Some(RegionCode::parse(county).unwrap()),
        subject: format!("editor-{county}"),
    };
    let viewer = Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "viewer".into(),
    };
    for d in ["2031-01-01", "2031-06-30"] {
        let seen = |v: Viewer| {
            let vars = party(d);
            async move { w.run(Q, vars, v).await["people"]["totalCount"].clone() }
        };
        assert_eq!(seen(Viewer::system()).await, 1, "{d}");
        assert_eq!(
            seen(editor("620421")).await,
            1,
            "inside the editor's county {d}"
        );
        assert_eq!(
            seen(editor("620422")).await,
            0,
            "outside the editor's county {d}"
        );
        assert_eq!(
            seen(viewer.clone()).await,
            0,
            "a viewer never matches it {d}"
        );
    }
    // The association (not sensitive) matches for the viewer, on its days only.
    for (d, n) in [("2031-02-28", 0), ("2031-03-01", 1)] {
        let vars = json!({ "f": { "ids": [w.person_id()],
            "memberOf": { "ids": [w.org_id(w.association)] }, "activeOn": d } });
        let data = w.run(Q, vars, viewer.clone()).await;
        assert_eq!(data["people"]["totalCount"], n, "{d}");
    }
}

#[tokio::test]
async fn summary_and_aggregates_count_standing_things_on_the_day() {
    let w = &world().await;
    const Q: &str = r#"query($day: Date, $e: ID!) {
        summary(region: "620421", year: 2031, asOf: $day) { asOf membersHomes }
        homesAggregate(filter: { withinRegion: "620421" }, asOf: $day) { count }
        pairingsAggregate(filter: { enterprise: $e }, asOf: $day) { count } }"#;
    let at = |d: Option<&str>| json!({ "day": d, "e": w.org_id(w.enterprise) });
    let base = w.system(Q, at(Some("2031-01-09"))).await;
    let homes = base["summary"]["membersHomes"].as_i64().unwrap();
    let all_homes = base["homesAggregate"]["count"].as_i64().unwrap();
    for (d, home, pairing) in [
        ("2031-01-09", 0, 0),
        ("2031-01-10", 1, 0),
        ("2031-02-01", 1, 1),
        ("2031-08-31", 1, 1),
        ("2031-09-01", 0, 0),
    ] {
        let data = w.system(Q, at(Some(d))).await;
        assert_eq!(data["summary"]["asOf"], d);
        assert_eq!(data["summary"]["membersHomes"], homes + home, "{d}");
        assert_eq!(data["homesAggregate"]["count"], all_homes + home, "{d}");
        assert_eq!(data["pairingsAggregate"]["count"], pairing, "{d}");
    }
    let year_end = w.system(Q, at(None)).await;
    assert_eq!(
        year_end["summary"]["asOf"], "2031-12-31",
        "default: the year's end"
    );
    assert_eq!(year_end["summary"]["membersHomes"], homes);
    assert_eq!(
        year_end["pairingsAggregate"]["count"], 1,
        "no day: every pairing"
    );
    // Coverage, counted by the same rule: the pairing covers its village on its last day.
    const COVERAGE: &str = r#"query($day: Date) { coverage(region: "620421", asOf: $day) {
        total { withActivePairing } } }"#;
    let covered = |d: &'static str| async move {
        w.system(COVERAGE, json!({ "day": d })).await["coverage"]["total"]["withActivePairing"]
            .as_i64()
            .unwrap()
    };
    let village_paired_otherwise = entity::pairing::Entity::find()
        .filter(entity::pairing::Column::VillageCode.eq(w.village.clone()))
        .filter(entity::pairing::Column::EnterpriseId.ne(w.enterprise))
        .filter(entity::pairing::Column::EndedOn.is_null())
        .one(&w.test.db)
        .await
        .unwrap()
        .is_some();
    let expected = if village_paired_otherwise { 0 } else { 1 };
    assert_eq!(
        covered("2031-08-31").await - covered("2031-09-01").await,
        expected
    );
}

#[tokio::test]
async fn the_graph_follows_only_edges_in_force_on_the_day() {
    let w = world().await;
    const N: &str = r#"query($id: ID!, $day: Date, $kinds: [GraphEdgeKind!]) {
        neighborhood(id: $id, depth: 1, kinds: $kinds, activeOn: $day) {
            nodes { label } edges { kind } } }"#;
    let labels = |data: &Value| {
        let mut out: Vec<String> = data["neighborhood"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["label"].as_str().unwrap().to_owned())
            .collect();
        out.sort();
        out
    };
    let kinds = json!(["MEMBERSHIP", "LIAISON"]);
    let village_name = entity::region::Entity::find_by_id(w.village.clone())
        .one(&w.test.db)
        .await
        .unwrap()
        .unwrap()
        .name;
    let mut on_last_day = vec![
        "时日测".to_owned(),
        "时日测支部".to_owned(),
        "时日测新联会".to_owned(),
        village_name.clone(),
    ];
    on_last_day.sort();
    for (d, expected) in [
        (Some("2030-12-31"), vec!["时日测".to_owned()]),
        (Some("2031-06-30"), on_last_day.clone()),
        (
            Some("2031-07-01"),
            vec!["时日测".to_owned(), "时日测新联会".to_owned()],
        ),
        (None, on_last_day.clone()),
    ] {
        let vars = json!({ "id": w.person_id(), "day": d, "kinds": kinds });
        assert_eq!(labels(&w.system(N, vars).await), expected, "{d:?}");
    }
    // A pairing is an edge only while active.
    let pairing = |d: &str| json!({ "id": w.org_id(w.enterprise), "day": d, "kinds": ["PAIRING"] });
    assert_eq!(labels(&w.system(N, pairing("2031-01-31")).await).len(), 1);
    assert_eq!(labels(&w.system(N, pairing("2031-02-01")).await).len(), 2);
    assert_eq!(labels(&w.system(N, pairing("2031-09-01")).await).len(), 1);

    const PATH: &str = r#"query($from: ID!, $to: ID!, $day: Date) {
        path(from: $from, to: $to, maxDepth: 1, activeOn: $day) { length } }"#;
    let path = |d: &str| json!({ "from": w.person_id(), "to": w.org_id(w.party_org), "day": d });
    assert_eq!(
        w.system(PATH, path("2031-06-30")).await["path"]["length"],
        1
    );
    assert!(w.system(PATH, path("2031-07-01")).await["path"].is_null());
}
