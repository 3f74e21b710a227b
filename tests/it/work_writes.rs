//! Writes of the work records: bases and homes, pairings, activities with participants and
//! donations, suggestions and their state machine, livelihood projects, mediation cases,
//! publicity, term elections. Each rule is refused as a user error with its `field` path and
//! nothing written; stale versions conflict; deletes are soft; every change is audited.

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::region_code::RegionCode;

use crate::helpers::{TestDb, TestSchema, execute};

/// `mutation($input: T!) { name(input: $input) { <selection> userErrors { … } } }`
fn mutation(name: &str, input_type: &str, selection: &str) -> String {
    format!(
        "mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} userErrors {{ field code message }} }} }}"
    )
}

async fn run(
    schema: &TestSchema,
    name: &str,
    input_type: &str,
    selection: &str,
    input: Value,
) -> Value {
    let query = mutation(name, input_type, selection);
    execute(schema, &query, json!({ "input": input }), Viewer::system()).await
}

fn editor(scope: &str) -> Viewer {
    Viewer {
        role: Role::Editor,
        region_scope: Some(RegionCode::parse(scope).unwrap()),
        subject: format!("editor-{scope}"),
    }
}

fn gid(type_name: &str, key: i64) -> String {
    tongxin::ids::encode(type_name, key).0
}

/// The payload of mutation `name`, after checking it has no user errors.
fn ok<'a>(response: &'a Value, name: &str) -> &'a Value {
    let payload = &response["data"][name];
    assert_eq!(payload["userErrors"], json!([]), "{response}");
    payload
}

/// Asserts mutation `name` was refused with a user error `code` at `field` and wrote no record.
fn refused(response: &Value, name: &str, code: &str, field: &[&str]) {
    let payload = &response["data"][name];
    let errors = payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"));
    let found = errors
        .iter()
        .any(|e| e["code"] == code && e["field"] == json!(field));
    assert!(found, "expected {code} at {field:?}: {response}");
    let record = payload
        .as_object()
        .unwrap_or_else(|| panic!("{response}"))
        .iter()
        .find(|(k, _)| *k != "userErrors")
        .map(|(_, v)| v.clone());
    assert_eq!(record, Some(Value::Null), "nothing returned: {response}");
}

fn error_code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected a GraphQL error: {response}"))
}

async fn count<E>(db: &DatabaseConnection) -> u64
where
    E: EntityTrait,
    E::Model: Sync,
{
    E::find().count(db).await.unwrap()
}

async fn organization(db: &DatabaseConnection, kind: &str, prefix: &str) -> i64 {
    use entity::organization::{Column, Entity};
    Entity::find()
        .filter(Column::Kind.eq(kind))
        .filter(Column::RegionCode.starts_with(prefix))
        .filter(Column::DeletedAt.is_null())
        .order_by_asc(Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a seeded {kind} in {prefix}"))
        .id
}

async fn region(db: &DatabaseConnection, level: &str, prefix: &str) -> String {
    use entity::region::{Column, Entity};
    Entity::find()
        .filter(Column::Level.eq(level))
        .filter(Column::Code.starts_with(prefix))
        .order_by_asc(Column::Code)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .code
}

async fn people(db: &DatabaseConnection, prefix: &str, n: u64) -> Vec<String> {
    use entity::person::{Column, Entity};
    Entity::find()
        .filter(Column::RegionCode.starts_with(prefix))
        .filter(Column::DeletedAt.is_null())
        .order_by_asc(Column::Id)
        .paginate(db, n)
        .fetch_page(0)
        .await
        .unwrap()
        .into_iter()
        .map(|p| gid("Person", p.id))
        .collect()
}

/// The operations of a record's history, oldest first.
fn operations(record: &Value) -> Vec<&str> {
    record["history"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{record}"))
        .iter()
        .map(|e| e["node"]["operation"].as_str().unwrap())
        .collect()
}

const BASE: &str = "base { id name namePinyin kind isUfVenue latitude longitude closedOn version hostOrganization { id } history { edges { node { operation actor changedFields } } } }";
const HOME: &str = "home { id kind party version }";

#[tokio::test]
async fn bases_and_homes_follow_their_kind_rules() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let cpc = gid(
        "Organization",
        organization(db, "CPC_GRASSROOTS_ORG", "620421").await,
    );
    let firm = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let places = count::<entity::place::Entity>(db).await;
    let create = |input: Value| run(&schema, "createBase", "CreateBaseInput", BASE, input);

    let home_kind =
        create(json!({ "name": "测试家园", "kind": "RED_POMEGRANATE_HOME", "region": "620421" }))
            .await;
    refused(&home_kind, "createBase", "WRONG_KIND", &["input", "kind"]);
    let no_host = create(
        json!({ "name": "测试工作站", "kind": "UF_WORK_STATION", "region": "620421101001" }),
    )
    .await;
    refused(
        &no_host,
        "createBase",
        "REQUIRED",
        &["input", "hostOrganization"],
    );
    let firm_host = create(json!({ "name": "测试联络点", "kind": "UF_LIAISON_POINT", "region": "620421101001", "hostOrganization": firm })).await;
    refused(
        &firm_host,
        "createBase",
        "WRONG_KIND",
        &["input", "hostOrganization"],
    );
    let off_globe = create(json!({ "name": "测试基地", "kind": "NSS_PRACTICE_INNOVATION_BASE", "region": "620421", "latitude": 91.0, "longitude": 200.5 })).await;
    refused(
        &off_globe,
        "createBase",
        "OUT_OF_RANGE",
        &["input", "latitude"],
    );
    refused(
        &off_globe,
        "createBase",
        "OUT_OF_RANGE",
        &["input", "longitude"],
    );
    let half_point = create(json!({ "name": "测试基地", "kind": "NSS_PRACTICE_INNOVATION_BASE", "region": "620421", "latitude": 36.5 })).await;
    refused(
        &half_point,
        "createBase",
        "REQUIRED",
        &["input", "longitude"],
    );
    let backwards = create(json!({ "name": "测试基地", "kind": "NSS_PRACTICE_INNOVATION_BASE", "region": "620421", "openedOn": "2025-05-01", "closedOn": "2025-04-30" })).await;
    refused(
        &backwards,
        "createBase",
        "DATE_ORDER",
        &["input", "closedOn"],
    );
    let party_base = create(json!({ "name": "测试基地", "kind": "NSS_PRACTICE_INNOVATION_BASE", "region": "620421", "party": "RCCK" })).await;
    refused(
        &party_base,
        "createBase",
        "NOT_APPLICABLE",
        &["input", "party"],
    );
    assert_eq!(
        count::<entity::place::Entity>(db).await,
        places,
        "nothing written"
    );

    let good = create(json!({ "name": "南苑社区统战工作站", "kind": "UF_WORK_STATION", "region": "620421101001", "hostOrganization": cpc, "latitude": 36.57, "longitude": 104.68, "openedOn": "2025-03-01" })).await;
    let base = &ok(&good, "createBase")["base"];
    assert_eq!(base["isUfVenue"], true);
    assert_eq!(base["hostOrganization"]["id"], json!(cpc));
    assert_eq!(base["namePinyin"], "nanyuanshequtongzhangongzuozhan");
    assert_eq!(operations(base), ["CREATE"]);
    let id = base["id"].clone();

    let update = |input: Value| run(&schema, "updateBase", "UpdateBaseInput", BASE, input);
    let to_home =
        update(json!({ "id": id, "expectedVersion": 1, "kind": "OVERSEAS_CHINESE_HOME" })).await;
    refused(&to_home, "updateBase", "WRONG_KIND", &["input", "kind"]);
    let drop_host =
        update(json!({ "id": id, "expectedVersion": 1, "hostOrganization": null })).await;
    refused(
        &drop_host,
        "updateBase",
        "REQUIRED",
        &["input", "hostOrganization"],
    );
    let platform = update(json!({ "id": id, "expectedVersion": 1, "kind": "PARTY_MASSES_SERVICE_CENTER", "closedOn": "2025-12-31" })).await;
    let changed = &ok(&platform, "updateBase")["base"];
    assert_eq!(
        changed["isUfVenue"], false,
        "host platforms are not UF venues"
    );
    assert_eq!(changed["latitude"], 36.57, "fields not given stay");
    assert_eq!(changed["version"], 2);
    assert_eq!(
        changed["history"]["edges"][1]["node"]["changedFields"],
        json!(["closed_on", "is_uf_venue", "kind"])
    );
    let stale = update(json!({ "id": id, "expectedVersion": 1, "name": "过期写入" })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 2);
    let as_home = run(
        &schema,
        "updateHome",
        "UpdateHomeInput",
        HOME,
        json!({ "id": id, "expectedVersion": 2, "name": "x" }),
    )
    .await;
    assert_eq!(
        error_code(&as_home),
        "BAD_USER_INPUT",
        "a base's id is not a home's"
    );

    let create_home = |input: Value| run(&schema, "createHome", "CreateHomeInput", HOME, input);
    let no_party =
        create_home(json!({ "name": "民革之家", "kind": "DP_MEMBERS_HOME", "region": "620421" }))
            .await;
    refused(&no_party, "createHome", "REQUIRED", &["input", "party"]);
    let base_kind = create_home(json!({ "name": "测试站", "kind": "UF_LIAISON_POINT", "region": "620421", "hostOrganization": cpc })).await;
    refused(&base_kind, "createHome", "WRONG_KIND", &["input", "kind"]);
    let home = create_home(json!({ "name": "民革党员之家", "kind": "DP_MEMBERS_HOME", "region": "620421", "party": "RCCK" })).await;
    assert_eq!(ok(&home, "createHome")["home"]["party"], "RCCK");
}

#[tokio::test]
async fn places_in_use_are_not_deleted_and_deleted_ones_come_back() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let used = entity::activity::Entity::find()
        .filter(entity::activity::Column::PlaceId.is_not_null())
        .filter(entity::activity::Column::DeletedAt.is_null())
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .place_id
        .unwrap();
    let place = entity::place::Entity::find_by_id(used)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let type_name = if [
        "RED_POMEGRANATE_HOME",
        "POMEGRANATE_SEED_COUNCIL_ROOM",
        "OVERSEAS_CHINESE_HOME",
        "DP_MEMBERS_HOME",
    ]
    .contains(&place.kind.as_str())
    {
        "Home"
    } else {
        "Base"
    };
    let name = format!("delete{type_name}");
    let field = type_name.to_lowercase();
    let refusal = run(
        &schema,
        &name,
        "DeleteInput",
        &format!("{field} {{ id }}"),
        json!({ "id": gid(type_name, used), "expectedVersion": place.version }),
    )
    .await;
    refused(&refusal, &name, "HAS_REFERENCES", &["input", "id"]);
    assert!(
        refusal["data"][&name]["userErrors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("activities held there")
    );

    let created = run(&schema, "createHome", "CreateHomeInput", HOME, json!({ "name": "石榴籽议事室（测试）", "kind": "POMEGRANATE_SEED_COUNCIL_ROOM", "region": "620422" })).await;
    let id = ok(&created, "createHome")["home"]["id"].clone();
    let deleted = run(
        &schema,
        "deleteHome",
        "DeleteInput",
        "home { version }",
        json!({ "id": id, "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(ok(&deleted, "deleteHome")["home"]["version"], 2);
    let listed = execute(&schema, "{ homes(filter: { kind: [POMEGRANATE_SEED_COUNCIL_ROOM] }, first: 100) { edges { node { id } } } }", json!({}), Viewer::system()).await;
    assert!(
        !listed.to_string().contains(id.as_str().unwrap()),
        "{listed}"
    );
    let restored = run(
        &schema,
        "restoreHome",
        "RestoreInput",
        "home { version history { edges { node { operation } } } }",
        json!({ "id": id }),
    )
    .await;
    let home = &ok(&restored, "restoreHome")["home"];
    assert_eq!(home["version"], 3);
    assert_eq!(operations(home), ["CREATE", "DELETE", "RESTORE"]);
}

const PAIRING: &str = "pairing { id focus status startedOn endedOn investment jobsCreated version village { code } enterprise { id } history { edges { node { operation } } } }";

#[tokio::test]
async fn pairings_pair_private_firms_with_villages_once_and_end() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let firm = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let cpc = gid(
        "Organization",
        organization(db, "CPC_GRASSROOTS_ORG", "620421").await,
    );
    let village = region(db, "VILLAGE", "620421").await;
    let township = region(db, "TOWNSHIP", "620421").await;
    let pairings = count::<entity::pairing::Entity>(db).await;
    let create = |input: Value| {
        run(
            &schema,
            "createPairing",
            "CreatePairingInput",
            PAIRING,
            input,
        )
    };
    let input = |extra: Value| {
        let mut base = json!({ "enterprise": firm, "village": village, "focus": ["INDUSTRY", "EMPLOYMENT"], "startedOn": "2025-04-01" });
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        base
    };

    let bad_village = create(input(json!({ "village": township }))).await;
    refused(
        &bad_village,
        "createPairing",
        "REGION_LEVEL",
        &["input", "village"],
    );
    let bad_partner = create(input(json!({ "enterprise": cpc }))).await;
    refused(
        &bad_partner,
        "createPairing",
        "WRONG_KIND",
        &["input", "enterprise"],
    );
    let no_focus = create(input(json!({ "focus": [] }))).await;
    refused(&no_focus, "createPairing", "REQUIRED", &["input", "focus"]);
    let negative = create(input(json!({ "investment": "-1.00", "jobsCreated": -3 }))).await;
    refused(
        &negative,
        "createPairing",
        "NEGATIVE",
        &["input", "investment"],
    );
    refused(
        &negative,
        "createPairing",
        "NEGATIVE",
        &["input", "jobsCreated"],
    );
    let backwards = create(input(
        json!({ "status": "COMPLETED", "endedOn": "2025-03-31" }),
    ))
    .await;
    refused(
        &backwards,
        "createPairing",
        "DATE_ORDER",
        &["input", "endedOn"],
    );
    let undated = create(input(json!({ "status": "TERMINATED" }))).await;
    refused(&undated, "createPairing", "REQUIRED", &["input", "endedOn"]);
    assert_eq!(
        count::<entity::pairing::Entity>(db).await,
        pairings,
        "nothing written"
    );

    let good = create(input(
        json!({ "investment": "1200000.50", "jobsCreated": 12 }),
    ))
    .await;
    let pairing = &ok(&good, "createPairing")["pairing"];
    assert_eq!(pairing["focus"], json!(["INDUSTRY", "EMPLOYMENT"]));
    assert_eq!(pairing["status"], "ACTIVE");
    assert_eq!(pairing["investment"], "1200000.50");
    assert_eq!(pairing["village"]["code"], json!(village));
    let id = pairing["id"].clone();
    let twin = create(input(json!({ "focus": ["CONSUMPTION"] }))).await;
    refused(&twin, "createPairing", "DUPLICATE", &["input", "village"]);

    let update = run(
        &schema,
        "updatePairing",
        "UpdatePairingInput",
        PAIRING,
        json!({ "id": id, "expectedVersion": 1, "focus": ["PUBLIC_WELFARE"], "investment": null }),
    )
    .await;
    let updated = &ok(&update, "updatePairing")["pairing"];
    assert_eq!(updated["focus"], json!(["PUBLIC_WELFARE"]));
    assert!(updated["investment"].is_null());
    assert_eq!(updated["jobsCreated"], 12);

    let end = |input: Value| run(&schema, "endPairing", "EndPairingInput", PAIRING, input);
    let stale = end(json!({ "id": id, "expectedVersion": 1, "endedOn": "2025-12-31" })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let early = end(json!({ "id": id, "expectedVersion": 2, "endedOn": "2025-01-01" })).await;
    refused(&early, "endPairing", "DATE_ORDER", &["input", "endedOn"]);
    let ended = end(
        json!({ "id": id, "expectedVersion": 2, "endedOn": "2025-12-31", "status": "TERMINATED" }),
    )
    .await;
    let ended = &ok(&ended, "endPairing")["pairing"];
    assert_eq!(
        (ended["status"].clone(), ended["endedOn"].clone()),
        (json!("TERMINATED"), json!("2025-12-31"))
    );
    assert_eq!(operations(ended), ["CREATE", "UPDATE", "UPDATE"]);
    let again = end(json!({ "id": id, "expectedVersion": 3, "endedOn": "2026-01-01" })).await;
    refused(&again, "endPairing", "INVALID_TRANSITION", &["input", "id"]);

    let renewed = create(input(json!({ "startedOn": "2026-01-01" }))).await;
    ok(&renewed, "createPairing");
    let deleted = run(
        &schema,
        "deletePairing",
        "DeleteInput",
        "pairing { id }",
        json!({ "id": id, "expectedVersion": 3 }),
    )
    .await;
    ok(&deleted, "deletePairing");
    let restored = run(
        &schema,
        "restorePairing",
        "RestoreInput",
        "pairing { version }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(ok(&restored, "restorePairing")["pairing"]["version"], 5);
}

const ACTIVITY: &str = "activity { id title participantCount version participants { totalCount } donations { totalCount edges { node { cash inKindValue total donatedOn donorPerson { id } } } } history { edges { node { operation } } } }";

#[tokio::test]
async fn record_activity_writes_participants_and_donations_together_or_not_at_all() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let who = people(db, "620421", 3).await;
    let org = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let counts = async || {
        (
            count::<entity::activity::Entity>(db).await,
            count::<entity::activity_participant::Entity>(db).await,
            count::<entity::donation::Entity>(db).await,
        )
    };
    let before = counts().await;
    let record = |input: Value| {
        run(
            &schema,
            "recordActivity",
            "RecordActivityInput",
            ACTIVITY,
            input,
        )
    };
    let input = |extra: Value| {
        let mut base = json!({ "kind": "CHARITABLE_AID", "title": "捐资助学", "heldOn": "2025-09-01", "region": "620421101001",
            "participants": [who[0], who[1]],
            "donations": [{ "donorPerson": who[2], "cash": "5000.00" }, { "donorOrganization": org, "inKind": "1200.50", "donatedOn": "2025-09-02" }] });
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        base
    };

    let bad = record(input(json!({
        "endedOn": "2025-08-31",
        "audiencePersonTimes": -1,
        "place": gid("Base", 999_999),
        "participants": [who[0], who[0]],
        "donations": [{ "donorPerson": who[2], "donorOrganization": org, "cash": "10.00" }, { "cash": "0", "inKind": "0.00" }, { "cash": "-5.00", "inKind": "6.00" }],
    }))).await;
    refused(&bad, "recordActivity", "DATE_ORDER", &["input", "endedOn"]);
    refused(
        &bad,
        "recordActivity",
        "NEGATIVE",
        &["input", "audiencePersonTimes"],
    );
    refused(&bad, "recordActivity", "NOT_FOUND", &["input", "place"]);
    refused(
        &bad,
        "recordActivity",
        "DUPLICATE",
        &["input", "participants", "1"],
    );
    refused(
        &bad,
        "recordActivity",
        "MUTUALLY_EXCLUSIVE",
        &["input", "donations", "0", "donorOrganization"],
    );
    refused(
        &bad,
        "recordActivity",
        "NOT_POSITIVE",
        &["input", "donations", "1", "cash"],
    );
    refused(
        &bad,
        "recordActivity",
        "NEGATIVE",
        &["input", "donations", "2", "cash"],
    );
    assert_eq!(
        bad["data"]["recordActivity"]["userErrors"]
            .as_array()
            .unwrap()
            .len(),
        7,
        "{bad}"
    );
    assert_eq!(counts().await, before, "nothing written");

    let good = record(input(json!({}))).await;
    let activity = &ok(&good, "recordActivity")["activity"];
    assert_eq!(
        activity["participantCount"], 2,
        "defaults to the participants named"
    );
    assert_eq!(activity["participants"]["totalCount"], 2);
    assert_eq!(activity["donations"]["totalCount"], 2);
    let first = &activity["donations"]["edges"][0]["node"];
    assert_eq!(first["cash"], "5000.00");
    assert_eq!(
        first["donatedOn"], "2025-09-01",
        "the activity's date unless given"
    );
    assert_eq!(first["donorPerson"]["id"], json!(who[2]));
    assert_eq!(
        activity["donations"]["edges"][1]["node"]["total"],
        "1200.50"
    );
    assert_eq!(counts().await, (before.0 + 1, before.1 + 2, before.2 + 2));
    let log = execute(
        &schema,
        r#"{ auditLog(filter: { recordType: "ActivityParticipant" }, first: 5) { totalCount } }"#,
        json!({}),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        log["data"]["auditLog"]["totalCount"], 2,
        "each link audited: {log}"
    );
    let id = activity["id"].clone();

    const PARTICIPANTS: &str = "activity { participants { totalCount } }";
    let add = |input: Value| {
        run(
            &schema,
            "addParticipant",
            "AddParticipantInput",
            PARTICIPANTS,
            input,
        )
    };
    let remove = |input: Value| {
        run(
            &schema,
            "removeParticipant",
            "RemoveParticipantInput",
            PARTICIPANTS,
            input,
        )
    };
    let twice = add(json!({ "activity": id, "person": who[1] })).await;
    refused(&twice, "addParticipant", "DUPLICATE", &["input", "person"]);
    let added = add(json!({ "activity": id, "person": who[2], "role": "志愿者" })).await;
    assert_eq!(
        ok(&added, "addParticipant")["activity"]["participants"]["totalCount"],
        3
    );
    let removed = remove(json!({ "activity": id, "person": who[0] })).await;
    assert_eq!(
        ok(&removed, "removeParticipant")["activity"]["participants"]["totalCount"],
        2
    );
    let absent = remove(json!({ "activity": id, "person": who[0] })).await;
    refused(
        &absent,
        "removeParticipant",
        "NOT_FOUND",
        &["input", "person"],
    );

    let delete = |end_links: bool| {
        run(
            &schema,
            "deleteActivity",
            "DeleteInput",
            "activity { version }",
            json!({ "id": id, "expectedVersion": 1, "endLinks": end_links }),
        )
    };
    let refusal = delete(false).await;
    refused(
        &refusal,
        "deleteActivity",
        "HAS_REFERENCES",
        &["input", "id"],
    );
    assert_eq!(
        ok(&delete(true).await, "deleteActivity")["activity"]["version"],
        2
    );
    let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Activity").unwrap();
    let live_donations = entity::donation::Entity::find()
        .filter(entity::donation::Column::ActivityId.eq(key))
        .filter(entity::donation::Column::DeletedAt.is_null())
        .count(db)
        .await
        .unwrap();
    assert_eq!(live_donations, 0, "the donations ended with the activity");
    let restored = run(
        &schema,
        "restoreActivity",
        "RestoreInput",
        "activity { version history { edges { node { operation } } } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        operations(&ok(&restored, "restoreActivity")["activity"]),
        ["CREATE", "DELETE", "RESTORE"]
    );
}

const DONATION: &str = "donation { id cash inKindValue total version activity { id } history { edges { node { operation } } } }";

#[tokio::test]
async fn donations_are_positive_from_one_donor_and_follow_their_activity() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let who = people(db, "620421", 1).await;
    let org = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let created = run(&schema, "createActivity", "CreateActivityInput", "activity { id }", json!({ "kind": "HARDSHIP_RELIEF", "title": "冬季送温暖", "heldOn": "2025-12-20", "region": "620421" })).await;
    let activity = ok(&created, "createActivity")["activity"]["id"].clone();
    let create = |input: Value| {
        run(
            &schema,
            "createDonation",
            "CreateDonationInput",
            DONATION,
            input,
        )
    };

    let empty = create(json!({ "activity": activity })).await;
    refused(&empty, "createDonation", "NOT_POSITIVE", &["input", "cash"]);
    let two_donors = create(json!({ "activity": activity, "donorPerson": who[0], "donorOrganization": org, "cash": "1.00" })).await;
    refused(
        &two_donors,
        "createDonation",
        "MUTUALLY_EXCLUSIVE",
        &["input", "donorOrganization"],
    );
    let negative = create(json!({ "activity": activity, "inKind": "-0.01", "cash": "3" })).await;
    refused(
        &negative,
        "createDonation",
        "NEGATIVE",
        &["input", "inKind"],
    );

    let good = create(json!({ "activity": activity, "donorOrganization": org, "cash": "800", "inKind": "200.25" })).await;
    let donation = &ok(&good, "createDonation")["donation"];
    assert_eq!(donation["total"], "1000.25");
    assert_eq!(donation["activity"]["id"], activity);
    let id = donation["id"].clone();
    let update = |input: Value| {
        run(
            &schema,
            "updateDonation",
            "UpdateDonationInput",
            DONATION,
            input,
        )
    };
    let zeroed =
        update(json!({ "id": id, "expectedVersion": 1, "cash": "0", "inKind": "0" })).await;
    refused(
        &zeroed,
        "updateDonation",
        "NOT_POSITIVE",
        &["input", "cash"],
    );
    let anonymous = update(
        json!({ "id": id, "expectedVersion": 1, "donorOrganization": null, "cash": "900.00" }),
    )
    .await;
    assert_eq!(
        ok(&anonymous, "updateDonation")["donation"]["total"],
        "1100.25"
    );
    let stale = update(json!({ "id": id, "expectedVersion": 1, "cash": "1" })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");

    let outsider = editor("620422");
    let query = mutation("createDonation", "CreateDonationInput", DONATION);
    let forbidden = execute(
        &schema,
        &query,
        json!({ "input": { "activity": activity, "cash": "5" } }),
        outsider,
    )
    .await;
    assert_eq!(
        error_code(&forbidden),
        "FORBIDDEN",
        "a donation is in its activity's region"
    );
    let insider = execute(
        &schema,
        &query,
        json!({ "input": { "activity": activity, "cash": "5" } }),
        editor("620421"),
    )
    .await;
    ok(&insider, "createDonation");

    let deleted = run(
        &schema,
        "deleteDonation",
        "DeleteInput",
        "donation { version }",
        json!({ "id": id, "expectedVersion": 2 }),
    )
    .await;
    assert_eq!(ok(&deleted, "deleteDonation")["donation"]["version"], 3);
    let restored = run(
        &schema,
        "restoreDonation",
        "RestoreInput",
        DONATION,
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        operations(&ok(&restored, "restoreDonation")["donation"]),
        ["CREATE", "UPDATE", "DELETE", "RESTORE"]
    );
}

const SUGGESTION: &str = "suggestion { id status nextStatuses adoptedOn repliedOn submittedOn version livelihoodProject { id } history { edges { node { operation changedFields } } } }";

/// Runs `moveSuggestion` with English messages.
async fn move_suggestion(schema: &TestSchema, input: Value) -> Value {
    let query = mutation("moveSuggestion", "MoveSuggestionInput", SUGGESTION);
    let request = async_graphql::Request::new(query).variables(
        async_graphql::Variables::from_json(json!({ "input": input })),
    );
    let request = tongxin::graphql::prepare(request, &schema.db, Viewer::system())
        .data(tongxin::graphql::mutation::Locale::En);
    serde_json::to_value(schema.schema.execute(request).await).unwrap()
}

#[tokio::test]
async fn suggestions_move_only_along_the_state_machine() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let dp = gid(
        "Organization",
        organization(db, "DP_ORGANIZATION", "6204").await,
    );
    let create = |input: Value| {
        run(
            &schema,
            "createSuggestion",
            "CreateSuggestionInput",
            SUGGESTION,
            input,
        )
    };
    let input = |status: &str| json!({ "title": "关于改善农村人居环境的建议", "field": "LIVING_ENVIRONMENT", "channel": "WRITTEN_SUGGESTION", "status": status, "submittedOn": "2025-03-01", "submittingOrganization": dp, "region": "620402" });

    let skipping = create(input("ADOPTED")).await;
    refused(
        &skipping,
        "createSuggestion",
        "INVALID_TRANSITION",
        &["input", "status"],
    );
    let created = create(input("SUBMITTED")).await;
    let suggestion = &ok(&created, "createSuggestion")["suggestion"];
    assert_eq!(suggestion["nextStatuses"], json!(["ACCEPTED", "WITHDRAWN"]));
    let id = suggestion["id"].clone();

    let early = move_suggestion(
        &schema,
        json!({ "id": id, "expectedVersion": 1, "status": "ADOPTED" }),
    )
    .await;
    refused(
        &early,
        "moveSuggestion",
        "INVALID_TRANSITION",
        &["input", "status"],
    );
    let message = early["data"]["moveSuggestion"]["userErrors"][0]["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("allowed: ACCEPTED, WITHDRAWN"),
        "{message}"
    );

    let accepted = move_suggestion(
        &schema,
        json!({ "id": id, "expectedVersion": 1, "status": "ACCEPTED" }),
    )
    .await;
    assert_eq!(
        ok(&accepted, "moveSuggestion")["suggestion"]["status"],
        "ACCEPTED"
    );
    let stale = move_suggestion(
        &schema,
        json!({ "id": id, "expectedVersion": 1, "status": "ADOPTED" }),
    )
    .await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let adopted = move_suggestion(
        &schema,
        json!({ "id": id, "expectedVersion": 2, "status": "ADOPTED", "adoptedOn": "2025-05-20" }),
    )
    .await;
    let suggestion = &ok(&adopted, "moveSuggestion")["suggestion"];
    assert_eq!(suggestion["adoptedOn"], "2025-05-20");
    assert_eq!(
        suggestion["nextStatuses"],
        json!([
            "ADOPTED_INTO_LIVELIHOOD_PROJECT",
            "CONVERTED_TO_MEASURE",
            "WITHDRAWN"
        ])
    );

    let no_project = move_suggestion(
        &schema,
        json!({ "id": id, "expectedVersion": 3, "status": "ADOPTED_INTO_LIVELIHOOD_PROJECT" }),
    )
    .await;
    refused(
        &no_project,
        "moveSuggestion",
        "REQUIRED",
        &["input", "livelihoodProject"],
    );
    let project = run(
        &schema,
        "createLivelihoodProject",
        "CreateLivelihoodProjectInput",
        "livelihoodProject { id budget }",
        json!({ "year": 2025, "title": "农村改厕工程", "region": "620402", "budget": "3500000" }),
    )
    .await;
    let project = ok(&project, "createLivelihoodProject")["livelihoodProject"]["id"].clone();
    let into = move_suggestion(&schema, json!({ "id": id, "expectedVersion": 3, "status": "ADOPTED_INTO_LIVELIHOOD_PROJECT", "livelihoodProject": project })).await;
    let suggestion = &ok(&into, "moveSuggestion")["suggestion"];
    assert_eq!(suggestion["livelihoodProject"]["id"], project);
    assert_eq!(
        suggestion["adoptedOn"], "2025-05-20",
        "the adoption date is kept"
    );
    assert_eq!(suggestion["nextStatuses"], json!([]));
    assert_eq!(
        suggestion["history"]["edges"][3]["node"]["changedFields"],
        json!(["livelihood_project_id", "status"])
    );
    let after_final = move_suggestion(
        &schema,
        json!({ "id": id, "expectedVersion": 4, "status": "WITHDRAWN" }),
    )
    .await;
    refused(
        &after_final,
        "moveSuggestion",
        "INVALID_TRANSITION",
        &["input", "status"],
    );
    assert!(
        after_final["data"]["moveSuggestion"]["userErrors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("final")
    );
    let unlink = run(
        &schema,
        "updateSuggestion",
        "UpdateSuggestionInput",
        SUGGESTION,
        json!({ "id": id, "expectedVersion": 4, "livelihoodProject": null }),
    )
    .await;
    refused(
        &unlink,
        "updateSuggestion",
        "REQUIRED",
        &["input", "livelihoodProject"],
    );
    let in_use = run(
        &schema,
        "deleteLivelihoodProject",
        "DeleteInput",
        "livelihoodProject { id }",
        json!({ "id": project, "expectedVersion": 1 }),
    )
    .await;
    refused(
        &in_use,
        "deleteLivelihoodProject",
        "HAS_REFERENCES",
        &["input", "id"],
    );

    let other = create(input("DRAFT")).await;
    let other = ok(&other, "createSuggestion")["suggestion"]["id"].clone();
    let submitted = move_suggestion(&schema, json!({ "id": other, "expectedVersion": 1, "status": "SUBMITTED", "submittedOn": "2025-04-02" })).await;
    assert_eq!(
        ok(&submitted, "moveSuggestion")["suggestion"]["submittedOn"],
        "2025-04-02"
    );
    move_suggestion(
        &schema,
        json!({ "id": other, "expectedVersion": 2, "status": "ACCEPTED" }),
    )
    .await;
    let misplaced = move_suggestion(&schema, json!({ "id": other, "expectedVersion": 3, "status": "REPLIED_NOT_ADOPTED", "livelihoodProject": project, "adoptedOn": "2025-06-01" })).await;
    refused(
        &misplaced,
        "moveSuggestion",
        "NOT_APPLICABLE",
        &["input", "livelihoodProject"],
    );
    refused(
        &misplaced,
        "moveSuggestion",
        "NOT_APPLICABLE",
        &["input", "adoptedOn"],
    );
    let replied = move_suggestion(&schema, json!({ "id": other, "expectedVersion": 3, "status": "REPLIED_NOT_ADOPTED", "repliedOn": "2025-06-01" })).await;
    let suggestion = &ok(&replied, "moveSuggestion")["suggestion"];
    assert_eq!(
        (
            suggestion["status"].clone(),
            suggestion["repliedOn"].clone()
        ),
        (json!("REPLIED_NOT_ADOPTED"), json!("2025-06-01"))
    );
    assert!(suggestion["adoptedOn"].is_null());

    let third = ok(&create(input("DRAFT")).await, "createSuggestion")["suggestion"]["id"].clone();
    let withdrawn = move_suggestion(
        &schema,
        json!({ "id": third, "expectedVersion": 1, "status": "WITHDRAWN" }),
    )
    .await;
    assert_eq!(
        ok(&withdrawn, "moveSuggestion")["suggestion"]["status"],
        "WITHDRAWN"
    );
    let deleted = run(
        &schema,
        "deleteSuggestion",
        "DeleteInput",
        "suggestion { version }",
        json!({ "id": third, "expectedVersion": 2 }),
    )
    .await;
    ok(&deleted, "deleteSuggestion");
    let restored = run(
        &schema,
        "restoreSuggestion",
        "RestoreInput",
        SUGGESTION,
        json!({ "id": third }),
    )
    .await;
    assert_eq!(
        operations(&ok(&restored, "restoreSuggestion")["suggestion"]),
        ["CREATE", "UPDATE", "DELETE", "RESTORE"]
    );
}

#[tokio::test]
async fn two_concurrent_moves_of_one_version_land_once() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let created = run(&schema, "createSuggestion", "CreateSuggestionInput", "suggestion { id }", json!({ "title": "并发测试", "field": "OTHER", "channel": "SYMPOSIUM_INPUT", "region": "620403" })).await;
    let id = ok(&created, "createSuggestion")["suggestion"]["id"].clone();
    let moves = ["ACCEPTED", "WITHDRAWN"].map(|status| {
        move_suggestion(
            &schema,
            json!({ "id": id, "expectedVersion": 1, "status": status }),
        )
    });
    let results = futures_util::future::join_all(moves).await;
    let landed = results.iter().filter(|r| r["errors"].is_null()).count();
    let conflicts = results
        .iter()
        .filter(|r| r["errors"][0]["extensions"]["code"] == "VERSION_CONFLICT")
        .count();
    assert_eq!((landed, conflicts), (1, 1), "{results:?}");
}

const CASE: &str = "mediationCase { id caseNo status closedOn amountInDispute version partners { totalCount edges { node { id } } } history { edges { node { operation } } } }";

#[tokio::test]
async fn mediation_cases_close_in_order_with_unique_numbers_and_a_partner_set() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let court = gid("Organization", organization(db, "COURT", "6204").await);
    let bureau = gid(
        "Organization",
        organization(db, "JUSTICE_BUREAU", "6204").await,
    );
    let chamber = gid(
        "Organization",
        organization(db, "CHAMBER_OF_COMMERCE", "6204").await,
    );
    let seeded_no = entity::mediation_case::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .case_no;
    let cases = count::<entity::mediation_case::Entity>(db).await;
    let create = |input: Value| {
        run(
            &schema,
            "createMediationCase",
            "CreateMediationCaseInput",
            CASE,
            input,
        )
    };
    let input = |extra: Value| {
        let mut base = json!({ "caseNo": "白统调〔2025〕测试1号", "category": "COMMERCIAL", "subtype": "CONTRACT", "acceptedOn": "2025-06-01", "region": "620421", "partners": [court, chamber] });
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        base
    };

    let backwards = create(input(
        json!({ "status": "FAILED", "closedOn": "2025-05-31" }),
    ))
    .await;
    refused(
        &backwards,
        "createMediationCase",
        "DATE_ORDER",
        &["input", "closedOn"],
    );
    let unclosed = create(input(json!({ "status": "SETTLED" }))).await;
    refused(
        &unclosed,
        "createMediationCase",
        "REQUIRED",
        &["input", "closedOn"],
    );
    let duplicate = create(input(json!({ "caseNo": seeded_no }))).await;
    refused(
        &duplicate,
        "createMediationCase",
        "DUPLICATE",
        &["input", "caseNo"],
    );
    let negative = create(input(json!({ "amountInDispute": "-100.00" }))).await;
    refused(
        &negative,
        "createMediationCase",
        "NEGATIVE",
        &["input", "amountInDispute"],
    );
    let labour = create(input(json!({ "category": "LABOR" }))).await;
    refused(
        &labour,
        "createMediationCase",
        "NOT_APPLICABLE",
        &["input", "subtype"],
    );
    let twice = create(input(json!({ "partners": [court, court] }))).await;
    refused(
        &twice,
        "createMediationCase",
        "DUPLICATE",
        &["input", "partners", "1"],
    );
    assert_eq!(
        count::<entity::mediation_case::Entity>(db).await,
        cases,
        "nothing written"
    );

    let good = create(input(json!({ "amountInDispute": "250000.00" }))).await;
    let case = &ok(&good, "createMediationCase")["mediationCase"];
    assert_eq!(case["partners"]["totalCount"], 2);
    assert_eq!(case["amountInDispute"], "250000.00");
    let id = case["id"].clone();
    let update = |input: Value| {
        run(
            &schema,
            "updateMediationCase",
            "UpdateMediationCaseInput",
            CASE,
            input,
        )
    };
    let settled = update(json!({ "id": id, "expectedVersion": 1, "status": "SETTLED", "closedOn": "2025-07-15", "partners": [court, bureau] })).await;
    let case = &ok(&settled, "updateMediationCase")["mediationCase"];
    let partners: Vec<&Value> = case["partners"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["id"])
        .collect();
    assert_eq!(partners.len(), 2);
    assert!(
        partners.contains(&&json!(court)) && partners.contains(&&json!(bureau)),
        "{case}"
    );
    let log = execute(&schema, r#"{ auditLog(filter: { recordType: "MediationPartner" }, first: 10) { edges { node { operation } } } }"#, json!({}), Viewer::system()).await;
    let ops: Vec<&str> = log["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        ops,
        ["CREATE", "DELETE", "CREATE", "CREATE"],
        "newest first: the bureau added, the chamber ended"
    );
    let stale = update(json!({ "id": id, "expectedVersion": 1, "summary": "x" })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let reopened = update(json!({ "id": id, "expectedVersion": 2, "status": "IN_PROGRESS" })).await;
    refused(
        &reopened,
        "updateMediationCase",
        "NOT_APPLICABLE",
        &["input", "closedOn"],
    );

    let delete = |end_links: bool| {
        run(
            &schema,
            "deleteMediationCase",
            "DeleteInput",
            "mediationCase { version }",
            json!({ "id": id, "expectedVersion": 2, "endLinks": end_links }),
        )
    };
    refused(
        &delete(false).await,
        "deleteMediationCase",
        "HAS_REFERENCES",
        &["input", "id"],
    );
    ok(&delete(true).await, "deleteMediationCase");
    let restored = run(
        &schema,
        "restoreMediationCase",
        "RestoreInput",
        CASE,
        json!({ "id": id }),
    )
    .await;
    let case = &ok(&restored, "restoreMediationCase")["mediationCase"];
    assert_eq!(operations(case), ["CREATE", "UPDATE", "DELETE", "RESTORE"]);
    assert_eq!(
        case["partners"]["totalCount"], 0,
        "partner links ended with the case stay ended"
    );
}

#[tokio::test]
async fn publications_go_to_media_outlets_and_follow_their_work() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let outlet = gid(
        "Organization",
        organization(db, "MEDIA_OUTLET", "6204").await,
    );
    let firm = gid("Organization", organization(db, "ENTERPRISE", "6204").await);
    let work = run(&schema, "createPublicityWork", "CreatePublicityWorkInput", "publicityWork { id title }", json!({ "kind": "VIDEO", "title": "红溪村的新变化", "series": "铸牢大家谈", "producedOn": "2025-06-01", "region": "620423", "featuredRegion": "620423" })).await;
    let work = ok(&work, "createPublicityWork")["publicityWork"]["id"].clone();
    let bad_title = run(
        &schema,
        "createPublicityWork",
        "CreatePublicityWorkInput",
        "publicityWork { id }",
        json!({ "kind": "ARTICLE", "title": "", "producedOn": "2025-06-01", "region": "620423" }),
    )
    .await;
    refused(
        &bad_title,
        "createPublicityWork",
        "TEXT_LENGTH",
        &["input", "title"],
    );

    const PUBLICATION: &str = "publication { id views url version outlet { id } work { id } }";
    let create = |input: Value| {
        run(
            &schema,
            "createPublication",
            "CreatePublicationInput",
            PUBLICATION,
            input,
        )
    };
    let publications = count::<entity::publication::Entity>(db).await;
    let not_media =
        create(json!({ "work": work, "outlet": firm, "publishedOn": "2025-06-02" })).await;
    refused(
        &not_media,
        "createPublication",
        "WRONG_KIND",
        &["input", "outlet"],
    );
    let bad = create(json!({ "work": work, "outlet": outlet, "publishedOn": "2025-05-31", "views": "-1", "url": "ftp://x" })).await;
    refused(
        &bad,
        "createPublication",
        "DATE_ORDER",
        &["input", "publishedOn"],
    );
    refused(&bad, "createPublication", "NEGATIVE", &["input", "views"]);
    refused(&bad, "createPublication", "URL_FORMAT", &["input", "url"]);
    assert_eq!(
        count::<entity::publication::Entity>(db).await,
        publications,
        "nothing written"
    );
    let good = create(json!({ "work": work, "outlet": outlet, "publishedOn": "2025-06-02", "views": "3000000000", "url": "https://example.cn/v/1" })).await;
    let publication = &ok(&good, "createPublication")["publication"];
    assert_eq!(
        publication["views"], "3000000000",
        "views are a 64-bit BigInt"
    );
    let id = publication["id"].clone();

    let outsider = execute(
        &schema,
        &mutation("updatePublication", "UpdatePublicationInput", PUBLICATION),
        json!({ "input": { "id": id, "expectedVersion": 1, "views": "1" } }),
        editor("620421"),
    )
    .await;
    assert_eq!(
        error_code(&outsider),
        "FORBIDDEN",
        "a publication is in its work's region"
    );
    let update = run(
        &schema,
        "updatePublication",
        "UpdatePublicationInput",
        PUBLICATION,
        json!({ "id": id, "expectedVersion": 1, "url": null, "views": 12 }),
    )
    .await;
    let updated = &ok(&update, "updatePublication")["publication"];
    assert_eq!(
        (updated["url"].clone(), updated["views"].clone()),
        (Value::Null, json!("12"))
    );

    let delete_work = |end_links: bool| {
        run(
            &schema,
            "deletePublicityWork",
            "DeleteInput",
            "publicityWork { version }",
            json!({ "id": work, "expectedVersion": 1, "endLinks": end_links }),
        )
    };
    refused(
        &delete_work(false).await,
        "deletePublicityWork",
        "HAS_REFERENCES",
        &["input", "id"],
    );
    ok(&delete_work(true).await, "deletePublicityWork");
    let orphan = run(
        &schema,
        "restorePublication",
        "RestoreInput",
        PUBLICATION,
        json!({ "id": id }),
    )
    .await;
    refused(
        &orphan,
        "restorePublication",
        "PARENT_DELETED",
        &["input", "id"],
    );
    ok(
        &run(
            &schema,
            "restorePublicityWork",
            "RestoreInput",
            "publicityWork { id }",
            json!({ "id": work }),
        )
        .await,
        "restorePublicityWork",
    );
    let back = run(
        &schema,
        "restorePublication",
        "RestoreInput",
        PUBLICATION,
        json!({ "id": id }),
    )
    .await;
    assert_eq!(ok(&back, "restorePublication")["publication"]["version"], 4);
}

const ELECTION: &str = "termElection { id status termNumber heldOn version chair { id } organization { id termNumber termStart termEnd version history { edges { node { operation changedFields } } } } }";

#[tokio::test]
async fn reelection_completes_the_election_and_moves_the_organization_to_its_new_term() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let planned = entity::term_election::Entity::find()
        .filter(entity::term_election::Column::Status.eq("PLANNED"))
        .filter(entity::term_election::Column::DeletedAt.is_null())
        .order_by_asc(entity::term_election::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let org = entity::organization::Entity::find_by_id(planned.organization_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let current = org.term_number.unwrap();
    assert_eq!(
        planned.term_number,
        current + 1,
        "the seed plans the next term"
    );
    let chair = people(db, "6204", 1).await;
    let elections = count::<entity::term_election::Entity>(db).await;
    let reelect = |input: Value| {
        run(
            &schema,
            "reelectOrganization",
            "ReelectOrganizationInput",
            ELECTION,
            input,
        )
    };
    let org_id = gid("Organization", org.id);

    let same_term =
        reelect(json!({ "organization": org_id, "heldOn": "2025-11-15", "termNumber": current }))
            .await;
    refused(
        &same_term,
        "reelectOrganization",
        "TERM_NOT_NEWER",
        &["input", "termNumber"],
    );
    let backwards = reelect(json!({ "organization": org_id, "heldOn": "2025-11-15", "termNumber": current + 1, "termEnd": "2025-01-01" })).await;
    refused(
        &backwards,
        "reelectOrganization",
        "DATE_ORDER",
        &["input", "termEnd"],
    );
    let stale = reelect(json!({ "organization": org_id, "expectedVersion": org.version - 1, "heldOn": "2025-11-15", "termNumber": current + 1 })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let unchanged = entity::organization::Entity::find_by_id(org.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        unchanged.term_number,
        Some(current),
        "the conflict rolled the election back too"
    );
    assert_eq!(count::<entity::term_election::Entity>(db).await, elections);

    let done = reelect(json!({ "organization": org_id, "expectedVersion": org.version, "heldOn": "2025-11-15", "termNumber": current + 1, "termEnd": "2030-11-14", "chair": chair[0] })).await;
    let election = &ok(&done, "reelectOrganization")["termElection"];
    assert_eq!(
        election["id"],
        json!(gid("TermElection", planned.id)),
        "the planned election was completed, not duplicated"
    );
    assert_eq!(
        (election["status"].clone(), election["heldOn"].clone()),
        (json!("COMPLETED"), json!("2025-11-15"))
    );
    assert_eq!(election["chair"]["id"], json!(chair[0]));
    let organization = &election["organization"];
    assert_eq!(organization["termNumber"], current + 1);
    assert_eq!(
        (
            organization["termStart"].clone(),
            organization["termEnd"].clone()
        ),
        (json!("2025-11-15"), json!("2030-11-14"))
    );
    let history = organization["history"]["edges"].as_array().unwrap();
    assert_eq!(
        history.last().unwrap()["node"]["changedFields"],
        json!(["term_end", "term_number", "term_start"])
    );
    assert_eq!(count::<entity::term_election::Entity>(db).await, elections);

    let again = reelect(
        json!({ "organization": org_id, "heldOn": "2025-11-16", "termNumber": current + 1 }),
    )
    .await;
    refused(
        &again,
        "reelectOrganization",
        "TERM_NOT_NEWER",
        &["input", "termNumber"],
    );
    let create = |input: Value| {
        run(
            &schema,
            "createTermElection",
            "CreateTermElectionInput",
            ELECTION,
            input,
        )
    };
    let duplicate = create(
        json!({ "organization": org_id, "heldOn": "2030-11-01", "termNumber": current + 1 }),
    )
    .await;
    refused(
        &duplicate,
        "createTermElection",
        "DUPLICATE",
        &["input", "termNumber"],
    );
    let zero =
        create(json!({ "organization": org_id, "heldOn": "2030-11-01", "termNumber": 0 })).await;
    refused(
        &zero,
        "createTermElection",
        "OUT_OF_RANGE",
        &["input", "termNumber"],
    );
    let next = create(
        json!({ "organization": org_id, "heldOn": "2030-11-01", "termNumber": current + 2 }),
    )
    .await;
    let next = &ok(&next, "createTermElection")["termElection"];
    assert_eq!(next["status"], "PLANNED");
    let id = next["id"].clone();
    let moved = run(
        &schema,
        "updateTermElection",
        "UpdateTermElectionInput",
        ELECTION,
        json!({ "id": id, "expectedVersion": 1, "heldOn": "2030-12-01" }),
    )
    .await;
    assert_eq!(
        ok(&moved, "updateTermElection")["termElection"]["version"],
        2
    );
    ok(
        &run(
            &schema,
            "deleteTermElection",
            "DeleteInput",
            "termElection { id }",
            json!({ "id": id, "expectedVersion": 2 }),
        )
        .await,
        "deleteTermElection",
    );
    ok(
        &run(
            &schema,
            "restoreTermElection",
            "RestoreInput",
            "termElection { id }",
            json!({ "id": id }),
        )
        .await,
        "restoreTermElection",
    );
}

#[tokio::test]
async fn editors_change_work_records_only_inside_their_region() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let jingyuan = editor("620421");
    let firm = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let huining_village = region(db, "VILLAGE", "620422").await;
    let jingyuan_village = region(db, "VILLAGE", "620421").await;
    let huining_org = gid(
        "Organization",
        organization(db, "CPC_GRASSROOTS_ORG", "620422").await,
    );
    let as_editor = |name: &str, input_type: &str, selection: &str, input: Value| {
        let query = mutation(name, input_type, selection);
        let viewer = jingyuan.clone();
        let schema = &schema;
        async move { execute(schema, &query, json!({ "input": input }), viewer).await }
    };
    let before = (
        count::<entity::place::Entity>(db).await,
        count::<entity::pairing::Entity>(db).await,
        count::<entity::activity::Entity>(db).await,
        count::<entity::suggestion::Entity>(db).await,
        count::<entity::mediation_case::Entity>(db).await,
        count::<entity::publicity_work::Entity>(db).await,
        count::<entity::term_election::Entity>(db).await,
    );
    let attempts = [
        as_editor("createBase", "CreateBaseInput", "base { id }", json!({ "name": "会宁基地", "kind": "NSS_PRACTICE_INNOVATION_BASE", "region": "620422" })).await,
        as_editor("createPairing", "CreatePairingInput", "pairing { id }", json!({ "enterprise": firm, "village": huining_village, "focus": ["INDUSTRY"], "startedOn": "2025-01-01" })).await,
        as_editor("recordActivity", "RecordActivityInput", "activity { id }", json!({ "kind": "FELLOWSHIP", "title": "联谊", "heldOn": "2025-01-01", "region": "620422" })).await,
        as_editor("createSuggestion", "CreateSuggestionInput", "suggestion { id }", json!({ "title": "建议", "field": "OTHER", "channel": "WRITTEN_SUGGESTION", "region": "620422" })).await,
        as_editor("createMediationCase", "CreateMediationCaseInput", "mediationCase { id }", json!({ "caseNo": "会宁测试1号", "category": "OTHER", "acceptedOn": "2025-01-01", "region": "620422" })).await,
        as_editor("createPublicityWork", "CreatePublicityWorkInput", "publicityWork { id }", json!({ "kind": "ARTICLE", "title": "文章", "producedOn": "2025-01-01", "region": "620422" })).await,
        as_editor("reelectOrganization", "ReelectOrganizationInput", "termElection { id }", json!({ "organization": huining_org, "heldOn": "2025-01-01", "termNumber": 99 })).await,
    ];
    for attempt in &attempts {
        assert_eq!(error_code(attempt), "FORBIDDEN", "{attempt}");
    }
    let after = (
        count::<entity::place::Entity>(db).await,
        count::<entity::pairing::Entity>(db).await,
        count::<entity::activity::Entity>(db).await,
        count::<entity::suggestion::Entity>(db).await,
        count::<entity::mediation_case::Entity>(db).await,
        count::<entity::publicity_work::Entity>(db).await,
        count::<entity::term_election::Entity>(db).await,
    );
    assert_eq!(after, before, "nothing written");

    let inside = as_editor("createPairing", "CreatePairingInput", "pairing { id village { code } }", json!({ "enterprise": firm, "village": jingyuan_village, "focus": ["INDUSTRY"], "startedOn": "2025-01-01" })).await;
    let pairing = ok(&inside, "createPairing")["pairing"]["id"].clone();
    let city = editor("620400");
    let query = mutation("endPairing", "EndPairingInput", "pairing { status }");
    let ended = execute(
        &schema,
        &query,
        json!({ "input": { "id": pairing, "expectedVersion": 1, "endedOn": "2025-06-30" } }),
        city,
    )
    .await;
    assert_eq!(
        ok(&ended, "endPairing")["pairing"]["status"],
        "COMPLETED",
        "the city editor's subtree holds the village"
    );
    let viewer = Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "v".into(),
    };
    let read_only = execute(
        &schema,
        &mutation("deletePairing", "DeleteInput", "pairing { id }"),
        json!({ "input": { "id": pairing, "expectedVersion": 2 } }),
        viewer,
    )
    .await;
    assert_eq!(error_code(&read_only), "FORBIDDEN");
}
