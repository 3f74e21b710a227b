//! The organization filter's relation filters on a day: `hasMember` (memberships in force on
//! `activeOn`, or current ones) and `pairedWithin` (pairings in force on `activeOn`, or current
//! ones), with the first and last day of each period, open-ended periods, `not`, the viewer's
//! rewrite (hidden democratic-party memberships, the category rule, nested `memberOf`), the
//! roles that may not read pairings or memberships, and one statement for the whole filter.
//! Records are dated in 2031 so that the demo data does not move.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::enums::{Campaign, Gender, MembershipRole, OrganizationKind, PairingStatus};
use tongxin::domain::region_code::RegionCode;
use tongxin::ids;

use crate::as_of::{day, organization};
use crate::helpers::{StatementCounter, TestDb, TestSchema, count_statements, execute};

/// One village of 靖远县: a member of a democratic-party branch (both ends) and of an
/// association (open-ended), a second member of the association, and two enterprises paired
/// with the village (one with both ends, one open-ended).
struct World {
    test: TestDb,
    schema: TestSchema,
    counter: StatementCounter,
    village: String,
    member: i64,
    fellow: i64,
    party_org: i64,
    association: i64,
    party_membership: i64,
    enterprise: i64,
    open_enterprise: i64,
}

fn viewer() -> Viewer {
    Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "viewer".into(),
    }
}

fn editor(county: &str) -> Viewer {
    Viewer {
        role: Role::Editor,
        region_scope: Some(RegionCode::parse(county).unwrap()),
        subject: format!("editor-{county}"),
    }
}

const ORGS: &str = r#"query($f: OrganizationFilter) {
    organizations(filter: $f, first: 50) { totalCount edges { node { name } } } }"#;

impl World {
    fn person_id(id: i64) -> String {
        ids::encode("Person", id).0
    }
    fn org_id(id: i64) -> String {
        ids::encode("Organization", id).0
    }

    async fn answer(&self, query: &str, variables: Value, viewer: Viewer) -> Value {
        execute(&self.schema, query, variables, viewer).await
    }

    async fn run(&self, query: &str, variables: Value, viewer: Viewer) -> Value {
        let response = self.answer(query, variables, viewer).await;
        assert!(response["errors"].is_null(), "{query}: {response}");
        response["data"].clone()
    }

    /// Names of the organizations `filter` selects, sorted.
    async fn names(&self, filter: Value, viewer: Viewer) -> Vec<String> {
        let data = self.run(ORGS, json!({ "f": filter }), viewer).await;
        let mut out: Vec<String> = data["organizations"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
            .collect();
        out.sort();
        out
    }

    /// The error code the organizations list answers `filter` with.
    async fn refusal(&self, filter: Value, viewer: Viewer) -> String {
        let response = self.answer(ORGS, json!({ "f": filter }), viewer).await;
        assert!(response["data"].is_null(), "{response}");
        response["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// `filter` restricted to the world's two organizations with members.
    fn among_members(&self, filter: Value) -> Value {
        json!({ "ids": [Self::org_id(self.party_org), Self::org_id(self.association)],
                "and": [filter] })
    }

    /// `filter` restricted to the world's two enterprises.
    fn among_enterprises(&self, filter: Value) -> Value {
        json!({ "ids": [Self::org_id(self.enterprise), Self::org_id(self.open_enterprise)],
                "and": [filter] })
    }
}

async fn person(test: &TestDb, name: &str, region: &str) -> i64 {
    let now = Utc::now();
    entity::person::ActiveModel {
        name: Set(name.into()),
        name_pinyin: Set("zuzhi ce".into()),
        name_initials: Set("zzc".into()),
        gender: Set(Gender::Female),
        region_code: Set(region.into()),
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
    .id
}

async fn membership(test: &TestDb, person: i64, org: i64, since: &str, until: Option<&str>) -> i64 {
    let now = Utc::now();
    entity::membership::ActiveModel {
        person_id: Set(person),
        organization_id: Set(org),
        role: Set(MembershipRole::Member),
        since: Set(day(since)),
        until: Set(until.map(day)),
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

async fn pairing(test: &TestDb, enterprise: i64, village: &str, from: &str, to: Option<&str>) {
    let now = Utc::now();
    entity::pairing::ActiveModel {
        enterprise_id: Set(enterprise),
        village_code: Set(village.into()),
        campaign: Set(Campaign::WanqiXingcun),
        focus: Set(",INDUSTRY,".into()),
        status: Set(if to.is_some() {
            PairingStatus::Completed
        } else {
            PairingStatus::Active
        }),
        started_on: Set(day(from)),
        ended_on: Set(to.map(day)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
}

async fn world() -> World {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let village = entity::region::Entity::find()
        .filter(entity::region::Column::Level.eq("VILLAGE"))
        .filter(entity::region::Column::Code.starts_with("620421"))
        .order_by_asc(entity::region::Column::Code)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .code;
    let member = person(&test, "组时测甲", &village).await;
    let fellow = person(&test, "组时测乙", &village).await;
    let party_org = organization(
        &test,
        "组时测支部",
        OrganizationKind::DpOrganization,
        &village,
    )
    .await;
    let association = organization(
        &test,
        "组时测新联会",
        OrganizationKind::NssAssociation,
        &village,
    )
    .await;
    let enterprise =
        organization(&test, "组时测企业", OrganizationKind::Enterprise, &village).await;
    let open_enterprise = organization(
        &test,
        "组时测商会企业",
        OrganizationKind::Enterprise,
        &village,
    )
    .await;
    let party_membership =
        membership(&test, member, party_org, "2031-01-01", Some("2031-06-30")).await;
    membership(&test, member, association, "2031-03-01", None).await;
    membership(&test, fellow, association, "2031-01-01", None).await;
    pairing(
        &test,
        enterprise,
        &village,
        "2031-02-01",
        Some("2031-08-31"),
    )
    .await;
    pairing(&test, open_enterprise, &village, "2031-05-01", None).await;
    let schema = test.schema();
    World {
        test,
        schema,
        counter,
        village,
        member,
        fellow,
        party_org,
        association,
        party_membership,
        enterprise,
        open_enterprise,
    }
}

fn list(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

#[tokio::test]
async fn has_member_asks_about_memberships_in_force_on_the_day() {
    let w = world().await;
    let admin = Viewer::system;
    let member = json!({ "ids": [World::person_id(w.member)] });
    for (d, expected) in [
        ("2030-12-31", list(&[])),
        ("2031-01-01", list(&["组时测支部"])),
        ("2031-02-28", list(&["组时测支部"])),
        ("2031-03-01", list(&["组时测支部", "组时测新联会"])),
        ("2031-06-30", list(&["组时测支部", "组时测新联会"])),
        ("2031-07-01", list(&["组时测新联会"])),
        ("2040-01-01", list(&["组时测新联会"])),
    ] {
        let on_day = json!({ "hasMember": member, "activeOn": d });
        assert_eq!(
            w.names(w.among_members(on_day.clone()), admin()).await,
            expected,
            "{d}"
        );
        // `not` leaves out exactly those.
        let others: Vec<String> = list(&["组时测支部", "组时测新联会"])
            .into_iter()
            .filter(|n| !expected.contains(n))
            .collect();
        let negated = w.among_members(json!({ "not": on_day }));
        assert_eq!(w.names(negated, admin()).await, others, "not {d}");
    }
    // Without a day: current memberships (the branch membership has ended).
    let current = w.among_members(json!({ "hasMember": member }));
    assert_eq!(w.names(current, admin()).await, list(&["组时测新联会"]));
    // The day belongs to the filter that gives it: a nested filter gives its own.
    let nested = w.among_members(json!({ "activeOn": "2031-07-01", "and": [
        { "hasMember": member, "activeOn": "2031-06-30" } ] }));
    assert_eq!(
        w.names(nested, admin()).await,
        list(&["组时测支部", "组时测新联会"])
    );
}

#[tokio::test]
async fn paired_within_asks_about_pairings_in_force_on_the_day() {
    let w = world().await;
    let admin = Viewer::system;
    for (d, expected) in [
        ("2031-01-31", list(&[])),
        ("2031-02-01", list(&["组时测企业"])),
        ("2031-04-30", list(&["组时测企业"])),
        ("2031-05-01", list(&["组时测企业", "组时测商会企业"])),
        ("2031-08-31", list(&["组时测企业", "组时测商会企业"])),
        ("2031-09-01", list(&["组时测商会企业"])),
        ("2040-01-01", list(&["组时测商会企业"])),
    ] {
        for region in [w.village.as_str(), "620421", "620400"] {
            let on_day = json!({ "pairedWithin": region, "activeOn": d });
            assert_eq!(
                w.names(w.among_enterprises(on_day.clone()), viewer()).await,
                expected,
                "{region} {d}"
            );
            let negated = w.among_enterprises(json!({ "not": on_day }));
            let others: Vec<String> = list(&["组时测企业", "组时测商会企业"])
                .into_iter()
                .filter(|n| !expected.contains(n))
                .collect();
            assert_eq!(w.names(negated, admin()).await, others, "not {region} {d}");
        }
    }
    // Another county's villages: none; without a day: the current (open-ended) pairing.
    let elsewhere = json!({ "pairedWithin": "620422", "activeOn": "2031-06-01" });
    assert!(
        w.names(w.among_enterprises(elsewhere), admin())
            .await
            .is_empty()
    );
    let current = w.among_enterprises(json!({ "pairedWithin": w.village }));
    assert_eq!(w.names(current, admin()).await, list(&["组时测商会企业"]));
    // A malformed region is the caller's mistake, named as such.
    assert_eq!(
        w.refusal(json!({ "pairedWithin": "62x" }), admin()).await,
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn a_hidden_membership_counts_as_absent_through_has_member() {
    let w = world().await;
    let d = "2031-06-30";
    let member = json!({ "ids": [World::person_id(w.member)] });
    let positive = w.among_members(json!({ "hasMember": member, "activeOn": d }));
    let negative = w.among_members(json!({ "not": { "hasMember": member, "activeOn": d } }));
    let both = list(&["组时测支部", "组时测新联会"]);
    assert_eq!(w.names(positive.clone(), Viewer::system()).await, both);
    assert!(w.names(negative.clone(), Viewer::system()).await.is_empty());
    assert_eq!(w.names(positive.clone(), editor("620421")).await, both);

    // Who may not see the branch membership gets what everyone would get without it.
    let mut hidden = Vec::new();
    for caller in [viewer(), editor("620422")] {
        hidden.push((
            w.names(positive.clone(), caller.clone()).await,
            w.names(negative.clone(), caller).await,
        ));
    }
    let now = Utc::now();
    let mut gone: entity::membership::ActiveModel =
        entity::membership::Entity::find_by_id(w.party_membership)
            .one(&w.test.db)
            .await
            .unwrap()
            .unwrap()
            .into();
    gone.deleted_at = Set(Some(now));
    gone.update(&w.test.db).await.unwrap();
    let without = (
        w.names(positive.clone(), Viewer::system()).await,
        w.names(negative.clone(), Viewer::system()).await,
    );
    assert_eq!(without, (list(&["组时测新联会"]), list(&["组时测支部"])));
    for seen in hidden {
        assert_eq!(seen, without);
    }

    // PUBLIC may read organizations but not memberships or pairings: refused whatever the data.
    for filter in [
        json!({ "hasMember": {} }),
        json!({ "not": { "hasMember": { "ids": [World::person_id(w.member)] } } }),
        json!({ "or": [{ "pairedWithin": "620421" }] }),
    ] {
        assert_eq!(
            w.refusal(filter, Viewer::public()).await,
            "FORBIDDEN",
            "PUBLIC"
        );
    }
    // The members' filter is rewritten as the people list rewrites it: categories need the
    // right to see them.
    let by_category = json!({ "hasMember": { "category": ["DEMOCRATIC_PARTY_MEMBER"] } });
    assert_eq!(w.refusal(by_category.clone(), viewer()).await, "FORBIDDEN");
    w.names(by_category, Viewer::system()).await;
}

#[tokio::test]
async fn people_and_organizations_nest_with_the_same_rewrite() {
    let w = world().await;
    let d = "2031-06-30";
    // Organizations with a member who belongs to the branch that day: the member is in both.
    let via_branch = w.among_members(json!({ "activeOn": d, "hasMember": {
        "activeOn": d, "memberOf": { "ids": [World::org_id(w.party_org)] } } }));
    assert_eq!(
        w.names(via_branch.clone(), Viewer::system()).await,
        list(&["组时测支部", "组时测新联会"])
    );
    // The nested `memberOf` hides the branch membership from a viewer: nobody matches.
    assert!(w.names(via_branch, viewer()).await.is_empty());

    // People in an organization that has the other member: the association, both ways.
    const PEOPLE: &str = r#"query($f: PersonFilter) { people(filter: $f) { totalCount } }"#;
    let fellows = json!({ "f": { "ids": [World::person_id(w.member)], "activeOn": d,
        "memberOf": { "hasMember": { "ids": [World::person_id(w.fellow)] }, "activeOn": d } } });
    for caller in [Viewer::system(), viewer()] {
        let data = w.run(PEOPLE, fellows.clone(), caller).await;
        assert_eq!(data["people"]["totalCount"], 1);
    }
    // Through the branch, which the other member never joined: nobody, also as admin.
    let through_branch = json!({ "f": { "ids": [World::person_id(w.member)], "activeOn": d,
        "memberOf": { "ids": [World::org_id(w.party_org)],
            "hasMember": { "ids": [World::person_id(w.fellow)] }, "activeOn": d } } });
    let data = w.run(PEOPLE, through_branch, Viewer::system()).await;
    assert_eq!(data["people"]["totalCount"], 0);
    // People in an organization paired in the county on the day: none of the world's.
    let paired = json!({ "f": { "ids": [World::person_id(w.member)],
        "memberOf": { "pairedWithin": "620421", "activeOn": d } } });
    let data = w.run(PEOPLE, paired, viewer()).await;
    assert_eq!(data["people"]["totalCount"], 0);
}

#[tokio::test]
async fn aggregates_apply_the_same_rules_under_disclosure_control() {
    let w = world().await;
    const AGG: &str = r#"query($f: OrganizationFilter) { organizationsAggregate(filter: $f) {
        count } }"#;
    let code = |response: &Value| response["errors"][0]["extensions"]["code"].clone();
    let members = json!({ "f": w.among_members(json!({ "hasMember": {
        "ids": [World::person_id(w.member)] }, "activeOn": "2031-06-30" })) });
    let data = w.run(AGG, members.clone(), Viewer::system()).await;
    assert_eq!(data["organizationsAggregate"]["count"], 2);
    // Memberships include democratic-party ones: a sensitive filter, as `memberOf` is.
    let refused = w.answer(AGG, members, viewer()).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
    let paired = json!({ "f": { "pairedWithin": "620421", "activeOn": "2031-05-01",
        "ids": [World::org_id(w.enterprise), World::org_id(w.open_enterprise)] } });
    let data = w.run(AGG, paired.clone(), viewer()).await;
    assert_eq!(data["organizationsAggregate"]["count"], 2);
    let refused = w.answer(AGG, paired, Viewer::public()).await;
    assert_eq!(code(&refused), "FORBIDDEN", "{refused}");
}

#[tokio::test]
async fn the_relation_filters_are_one_statement() {
    let w = world().await;
    let plain = w.among_members(json!({ "kind": ["DP_ORGANIZATION", "NSS_ASSOCIATION"] }));
    let nested = w.among_members(json!({ "activeOn": "2031-06-30", "or": [
        { "hasMember": { "memberOf": { "hasMember": {} }, "liaisonIn": "620421" } },
        { "not": { "pairedWithin": "620421", "hasMember": { "ids": [
            World::person_id(w.member), World::person_id(w.fellow)] } } } ] }));
    let mut counts = Vec::new();
    for (filter, caller) in [
        (plain, Viewer::system()),
        (nested.clone(), Viewer::system()),
        (nested.clone(), viewer()),
        (nested, editor("620421")),
    ] {
        w.counter.reset();
        w.names(filter, caller).await;
        counts.push(w.counter.get());
    }
    assert!(
        counts.iter().all(|&n| n == counts[0]) && counts[0] <= 2,
        "a page and its total, whatever the relation filters: {counts:?}"
    );
}
