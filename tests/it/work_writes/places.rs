//! Bases and homes: kinds, hosts, parties, coordinates, soft delete.

use super::*;

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
        PlaceKind::RedPomegranateHome,
        PlaceKind::PomegranateSeedCouncilRoom,
        PlaceKind::OverseasChineseHome,
        PlaceKind::DpMembersHome,
    ]
    .contains(&place.kind)
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
            .contains("在此举办的活动")
    );
    let message = refusal["data"][&name]["userErrors"][0]["message"].to_string();
    assert!(
        !message.contains("结束关联"),
        "endLinks would not help: {message}"
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
