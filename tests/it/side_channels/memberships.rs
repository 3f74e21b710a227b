//! Membership of a democratic-party organization is as sensitive as a person's `party`: only
//! callers who may see the member's personal data learn it exists, on every path; and a
//! membership or participation is written only by who may write both of its ends.

use serde_json::{Value, json};

use super::{admin_read, outcome};
use crate::access_control::{Server, callers};
use crate::helpers::TestDb;

/// A democratic-party membership of a person of 靖远县 (620421): (membership, person,
/// organization, since).
async fn party_membership(server: &Server, admin: &str) -> (String, String, String, String) {
    let data = admin_read(
        server,
        admin,
        r#"{ organizations(first: 50, filter: { kind: [DP_ORGANIZATION] }) { edges { node {
             memberships(first: 50) { edges { node { id since person { id region { code } } organization { id } } } } } } } }"#,
    )
    .await;
    for org in data["organizations"]["edges"].as_array().unwrap() {
        for m in org["node"]["memberships"]["edges"].as_array().unwrap() {
            let m = &m["node"];
            if m["person"]["region"]["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("620421"))
            {
                let text = |v: &Value| v.as_str().unwrap().to_owned();
                return (
                    text(&m["id"]),
                    text(&m["person"]["id"]),
                    text(&m["organization"]["id"]),
                    text(&m["since"]),
                );
            }
        }
    }
    panic!("the demo data has a democratic-party member in 靖远县");
}

/// The id of the first live record `query` lists at `list`.
async fn first_id(server: &Server, admin: &str, query: &str, list: &str) -> String {
    let data = admin_read(server, admin, query).await;
    data[list]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{query} lists something: {data}"))
        .to_owned()
}

const CREATE_MEMBERSHIP: &str = r#"mutation($person: ID!, $org: ID!, $since: Date!) {
  createMembership(input: { person: $person, organization: $org, role: MEMBER, since: $since }) {
    membership { id } userErrors { code } } }"#;

#[tokio::test]
async fn create_membership_is_forbidden_before_an_existing_membership_is_revealed() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let (_, person, org, since) = party_membership(&server, &c.admin).await;
    let variables = json!({ "person": person, "org": org, "since": since });
    for (caller, token) in [
        ("no token", None),
        ("public", Some(c.public.as_str())),
        ("viewer", Some(c.viewer.as_str())),
        ("analyst", Some(c.analyst.as_str())),
        ("editor of 会宁县", Some(c.editor_huining.as_str())),
    ] {
        let (_, body, _) = server
            .ask(token, CREATE_MEMBERSHIP, variables.clone())
            .await;
        assert_eq!(
            outcome(&body, "createMembership"),
            "FORBIDDEN",
            "{caller}: {body}"
        );
    }
    let (_, body, _) = server
        .ask(Some(&c.editor_jingyuan), CREATE_MEMBERSHIP, variables)
        .await;
    assert_eq!(
        outcome(&body, "createMembership"),
        "DUPLICATE_MEMBERSHIP",
        "{body}"
    );
}

#[tokio::test]
async fn an_editor_may_not_link_people_of_another_county() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let huining_person = first_id(
        &server,
        &c.admin,
        r#"{ people(first: 1, filter: { withinRegion: "620422" }) { edges { node { id } } } }"#,
        "people",
    )
    .await;
    let jingyuan_person = first_id(
        &server,
        &c.admin,
        r#"{ people(first: 1, orderBy: [{ field: NAME, direction: DESC }], filter: { withinRegion: "620421" }) { edges { node { id } } } }"#,
        "people",
    )
    .await;
    let jingyuan_org = first_id(
        &server,
        &c.admin,
        r#"{ organizations(first: 1, filter: { withinRegion: "620421", kind: [ENTERPRISE] }) { edges { node { id } } } }"#,
        "organizations",
    )
    .await;
    let jingyuan_activity = first_id(
        &server,
        &c.admin,
        r#"{ activities(first: 1, filter: { withinRegion: "620421" }) { edges { node { id } } } }"#,
        "activities",
    )
    .await;
    let membership =
        |person: &str| json!({ "person": person, "org": jingyuan_org, "since": "2025-03-01" });
    let (_, body, _) = server
        .ask(
            Some(&c.editor_jingyuan),
            CREATE_MEMBERSHIP,
            membership(&huining_person),
        )
        .await;
    assert_eq!(outcome(&body, "createMembership"), "FORBIDDEN", "{body}");
    let (_, body, _) = server
        .ask(
            Some(&c.editor_jingyuan),
            CREATE_MEMBERSHIP,
            membership(&jingyuan_person),
        )
        .await;
    assert_eq!(outcome(&body, "createMembership"), "OK", "{body}");

    let participate = r#"mutation($activity: ID!, $person: ID!) {
      addParticipant(input: { activity: $activity, person: $person }) { activity { id } userErrors { code } } }"#;
    let (_, body, _) = server
        .ask(
            Some(&c.editor_jingyuan),
            participate,
            json!({ "activity": jingyuan_activity, "person": huining_person }),
        )
        .await;
    assert_eq!(outcome(&body, "addParticipant"), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn democratic_party_membership_is_hidden_from_viewers_on_every_path() {
    let test = TestDb::seeded().await;
    let server = Server::start(&test).await;
    let c = callers(&test).await;
    let (membership, person, org, _) = party_membership(&server, &c.admin).await;
    let vars = json!({ "person": person, "org": org, "membership": membership });
    let paths = r#"query($person: ID!, $org: ID!) {
      byParty: people(filter: { memberOf: { party: [JIUSAN, CDL, CNDCA, CAPD, CPWDP, CZGP, RCCK, TDSL] } }) { totalCount }
      byOrg: people(filter: { memberOf: { ids: [$org] } }) { totalCount }
      person: node(id: $person) { ... on Person { memberships { edges { node { organization { kind } } } } } }
      org: node(id: $org) { ... on Organization { memberships { totalCount } } }
      graph: neighborhood(id: $person, depth: 1, kinds: [MEMBERSHIP]) { edges { target } }
    }"#;
    let (_, admin, _) = server.ask(Some(&c.admin), paths, vars.clone()).await;
    assert!(admin["errors"].is_null(), "{admin}");
    let d = &admin["data"];
    assert!(d["byOrg"]["totalCount"].as_i64().unwrap() > 0);
    assert!(d["org"]["memberships"]["totalCount"].as_i64().unwrap() > 0);
    let node = "query($id: ID!) { node(id: $id) { id } }";
    let (_, body, _) = server
        .ask(Some(&c.admin), node, json!({ "id": membership }))
        .await;
    assert_eq!(body["data"]["node"]["id"], membership.as_str(), "{body}");
    // What a caller is told about a membership that does not exist at all.
    let missing = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("Membership:987654321")
    };
    let (_, nowhere, _) = server
        .ask(Some(&c.viewer), node, json!({ "id": missing }))
        .await;
    let nowhere_code = nowhere["errors"][0]["extensions"]["code"].clone();
    assert_eq!(nowhere_code, "NOT_FOUND", "{nowhere}");
    assert!(
        d["graph"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["target"] == org)
    );
    assert!(d["person"].to_string().contains("DP_ORGANIZATION"));

    for (caller, token) in [
        ("viewer", c.viewer.as_str()),
        ("analyst", c.analyst.as_str()),
        ("editor of 会宁县", c.editor_huining.as_str()),
    ] {
        // Filtering people by party is refused like filtering by category.
        let (_, body, _) = server
            .ask(
                Some(token),
                "{ people(filter: { memberOf: { party: [JIUSAN] } }) { totalCount } }",
                json!({}),
            )
            .await;
        // Nobody is found by a party outside the caller's personal-data reach: none for
        // viewers and analysts, an editor's own county's members only.
        let reach = if caller.starts_with("editor") {
            let (_, own, _) = server
                .ask(
                    Some(&c.admin),
                    r#"{ people(filter: { withinRegion: "620422", memberOf: { party: [JIUSAN] } }) { totalCount } }"#,
                    json!({}),
                )
                .await;
            own["data"]["people"]["totalCount"].clone()
        } else {
            json!(0)
        };
        assert_eq!(
            body["data"]["people"]["totalCount"], reach,
            "{caller}: {body}"
        );

        let ask = paths.replace(
            "byParty: people(filter: { memberOf: { party: [JIUSAN, CDL, CNDCA, CAPD, CPWDP, CZGP, RCCK, TDSL] } }) { totalCount }",
            "",
        );
        let (_, body, _) = server.ask(Some(token), &ask, vars.clone()).await;
        assert!(body["errors"].is_null(), "{caller}: {body}");
        let d = &body["data"];
        assert_eq!(d["byOrg"]["totalCount"], 0, "{caller}: {body}");
        assert_eq!(d["org"]["memberships"]["totalCount"], 0, "{caller}: {body}");
        let (_, hidden, _) = server
            .ask(Some(token), node, json!({ "id": membership }))
            .await;
        assert!(hidden["data"]["node"].is_null(), "{caller}: {hidden}");
        assert_eq!(
            hidden["errors"][0]["extensions"]["code"], nowhere_code,
            "{caller}: a hidden membership answers as one that does not exist: {hidden}"
        );
        assert!(
            !d["graph"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["target"] == org),
            "{caller}: {body}"
        );
        assert!(
            !d["person"].to_string().contains("DP_ORGANIZATION"),
            "{caller}: {body}"
        );
    }

    // The editor of the member's county sees it.
    let ask = paths.replace(
        "byParty: people(filter: { memberOf: { party: [JIUSAN, CDL, CNDCA, CAPD, CPWDP, CZGP, RCCK, TDSL] } }) { totalCount }",
        "",
    );
    let (_, body, _) = server.ask(Some(&c.editor_jingyuan), &ask, vars).await;
    assert!(body["errors"].is_null(), "{body}");
    let (_, seen, _) = server
        .ask(Some(&c.editor_jingyuan), node, json!({ "id": membership }))
        .await;
    assert_eq!(seen["data"]["node"]["id"], membership.as_str(), "{seen}");
    assert!(
        body["data"]["person"]
            .to_string()
            .contains("DP_ORGANIZATION"),
        "{body}"
    );
}
