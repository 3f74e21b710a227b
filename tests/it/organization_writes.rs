//! Creating, correcting, deleting and restoring organizations: validation as user errors,
//! optimistic concurrency, soft delete, and the audit trail written with every change.

use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use serde_json::{Value, json};
use tongxin::auth::Viewer;
use tongxin::domain::enums::MembershipRole;

use crate::helpers::{TestDb, TestSchema, data_keys, execute};

const CREATE: &str = r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  organization { id name kind creditCode version region { code } history { totalCount edges { node { operation actor } } } }
  userErrors { field code message } } }"#;
const UPDATE: &str = r#"mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {
  organization { id name address version history { edges { node { operation changedFields } } } }
  userErrors { field code message } } }"#;
const DELETE: &str = r#"mutation($input: DeleteInput!) { deleteOrganization(input: $input) {
  organization { id version } userErrors { field code message } } }"#;

async fn create(schema: &TestSchema, input: Value) -> Value {
    execute(schema, CREATE, json!({ "input": input }), Viewer::system()).await
}

async fn organization_count(test: &TestDb) -> u64 {
    entity::organization::Entity::find()
        .count(&test.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn create_validates_every_field_and_writes_nothing_on_error() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let before = organization_count(&test).await;

    let bad = create(&schema, json!({ "name": " ", "kind": "ENTERPRISE", "region": "620499", "creditCode": "91620402MA74BC2D5K" })).await;
    let errors = &bad["data"]["createOrganization"]["userErrors"];
    let codes: Vec<&str> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"TEXT_LENGTH"), "{bad}");
    assert!(codes.contains(&"REGION_CODE_FORMAT"), "{bad}");
    assert!(codes.contains(&"CREDIT_CODE_CHECKSUM"), "{bad}");
    assert_eq!(errors[0]["field"][0], "input");
    assert!(bad["data"]["createOrganization"]["organization"].is_null());
    let dp = create(
        &schema,
        json!({ "name": "某党派支部", "kind": "DP_ORGANIZATION", "region": "620402" }),
    )
    .await;
    assert_eq!(
        dp["data"]["createOrganization"]["userErrors"][0]["code"],
        "REQUIRED"
    );
    assert_eq!(organization_count(&test).await, before, "nothing written");

    let good = create(&schema, json!({ "name": "白银测试农业有限公司", "kind": "ENTERPRISE", "region": "620402", "creditCode": "91620402ma74bc2d5j" })).await;
    let org = &good["data"]["createOrganization"]["organization"];
    assert_eq!(
        good["data"]["createOrganization"]["userErrors"],
        json!([]),
        "{good}"
    );
    assert_eq!(
        org["creditCode"], "91620402MA74BC2D5J",
        "normalised to upper case"
    );
    assert_eq!(org["version"], 1);
    assert_eq!(org["region"]["code"], "620402000000");
    assert_eq!(
        org["history"]["edges"][0]["node"],
        json!({ "operation": "CREATE", "actor": "system" })
    );

    let twin = create(&schema, json!({ "name": "另一家公司", "kind": "ENTERPRISE", "region": "620402", "creditCode": "91620402MA74BC2D5J" })).await;
    assert_eq!(
        twin["data"]["createOrganization"]["userErrors"][0]["code"],
        "DUPLICATE"
    );
    assert_eq!(
        twin["data"]["createOrganization"]["userErrors"][0]["field"],
        json!(["input", "creditCode"])
    );
}

#[tokio::test]
async fn update_changes_only_given_fields_and_refuses_stale_versions() {
    let test = TestDb::fresh().await;
    tongxin::seed::seed_demo(&test.db, &data_keys())
        .await
        .unwrap();
    let schema = test.schema();
    let created = create(&schema, json!({ "name": "景泰测试商会", "kind": "CHAMBER_OF_COMMERCE", "region": "620423", "address": "一条山镇1号" })).await;
    let id = created["data"]["createOrganization"]["organization"]["id"].clone();

    let renamed = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": id, "expectedVersion": 1, "name": "景泰县测试商会" } }),
        Viewer::system(),
    )
    .await;
    let org = &renamed["data"]["updateOrganization"]["organization"];
    assert_eq!(org["name"], "景泰县测试商会");
    assert_eq!(
        org["address"], "一条山镇1号",
        "fields not given stay as they were"
    );
    assert_eq!(org["version"], 2);
    assert_eq!(
        org["history"]["edges"][1]["node"],
        json!({ "operation": "UPDATE", "changedFields": ["name", "name_initials", "name_key", "name_pinyin"] })
    );

    let cleared = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": id, "expectedVersion": 2, "address": null } }),
        Viewer::system(),
    )
    .await;
    assert!(
        cleared["data"]["updateOrganization"]["organization"]["address"].is_null(),
        "null clears"
    );

    let stale = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": id, "expectedVersion": 1, "name": "过期写入" } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(stale["errors"][0]["extensions"]["code"], "VERSION_CONFLICT");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 3);
}

#[tokio::test]
async fn concurrent_writers_of_one_version_land_exactly_once() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let created = create(
        &schema,
        json!({ "name": "并发测试企业", "kind": "ENTERPRISE", "region": "620421" }),
    )
    .await;
    let id = created["data"]["createOrganization"]["organization"]["id"].clone();
    let writers = (0..8).map(|i| {
        let (schema, id) = (&schema, id.clone());
        async move {
            let input = json!({ "input": { "id": id, "expectedVersion": 1, "name": format!("写入者{i}") } });
            execute(schema, UPDATE, input, Viewer::system()).await
        }
    });
    let results = futures_util::future::join_all(writers).await;
    let landed = results.iter().filter(|r| r["errors"].is_null()).count();
    let conflicts = results
        .iter()
        .filter(|r| r["errors"][0]["extensions"]["code"] == "VERSION_CONFLICT")
        .count();
    assert_eq!(landed, 1, "{results:?}");
    assert_eq!(conflicts, 7, "{results:?}");
}

/// A donation the organization made and a livelihood project it is responsible for keep it
/// from being deleted, even when the caller asks to end links: neither is a link to end.
#[tokio::test]
async fn donations_and_livelihood_projects_block_the_deletion_of_their_organization() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let now = chrono::Utc::now();
    let activity = entity::activity::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .expect("a seeded activity");
    for (name, donates) in [("捐赠测试企业", true), ("项目负责测试单位", false)] {
        let created = create(
            &schema,
            json!({ "name": name, "kind": "SOCIAL_ORGANIZATION", "region": "620403" }),
        )
        .await;
        let id = created["data"]["createOrganization"]["organization"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let key = tongxin::ids::decode_int(&id, "Organization").unwrap();
        if donates {
            entity::donation::ActiveModel {
                activity_id: Set(activity.id),
                donor_org_id: Set(Some(key)),
                cash_fen: Set(10_000),
                in_kind_fen: Set(0),
                donated_on: Set(activity.held_on),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&test.db)
            .await
            .unwrap();
        } else {
            entity::livelihood_project::ActiveModel {
                year: Set(2025),
                title: Set("项目负责测试".into()),
                responsible_org_id: Set(Some(key)),
                region_code: Set("620403000000".into()),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&test.db)
            .await
            .unwrap();
        }
        let refused = execute(
            &schema,
            DELETE,
            json!({ "input": { "id": id, "expectedVersion": 1, "endLinks": true } }),
            Viewer::system(),
        )
        .await;
        let error = &refused["data"]["deleteOrganization"]["userErrors"][0];
        assert_eq!(error["code"], "HAS_REFERENCES", "{name}: {refused}");
        let still = entity::organization::Entity::find_by_id(key)
            .one(&test.db)
            .await
            .unwrap()
            .unwrap();
        assert!(still.deleted_at.is_none(), "{name} is not deleted");
    }
}

#[tokio::test]
async fn delete_is_soft_refused_while_referenced_and_restorable() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let created = create(
        &schema,
        json!({ "name": "删除测试协会", "kind": "SOCIAL_ORGANIZATION", "region": "620403" }),
    )
    .await;
    let id = created["data"]["createOrganization"]["organization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = tongxin::ids::decode_int(&id, "Organization").unwrap();
    let person = entity::person::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    entity::membership::ActiveModel {
        person_id: Set(person.id),
        organization_id: Set(key),
        role: Set(MembershipRole::Member),
        since: Set(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
        until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();

    let refused = execute(
        &schema,
        DELETE,
        json!({ "input": { "id": id, "expectedVersion": 1 } }),
        Viewer::system(),
    )
    .await;
    let error = &refused["data"]["deleteOrganization"]["userErrors"][0];
    assert_eq!(error["code"], "HAS_REFERENCES", "{refused}");
    assert!(
        error["message"].as_str().unwrap().contains("1"),
        "names what points at it"
    );

    let deleted = execute(
        &schema,
        DELETE,
        json!({ "input": { "id": id, "expectedVersion": 1, "endLinks": true } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        deleted["data"]["deleteOrganization"]["organization"]["version"], 2,
        "{deleted}"
    );
    let gone = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { id } }",
        json!({ "id": id }),
        Viewer::system(),
    )
    .await;
    assert_eq!(gone["errors"][0]["extensions"]["code"], "NOT_FOUND");
    let membership = entity::membership::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.organization_id == key)
        .unwrap();
    assert!(
        membership.deleted_at.is_some(),
        "the membership was ended with the organization"
    );
    assert!(
        entity::organization::Entity::find_by_id(key)
            .one(&test.db)
            .await
            .unwrap()
            .is_some(),
        "soft: the row is kept"
    );

    let restored = execute(&schema, r#"mutation($id: ID!) { restoreOrganization(input: { id: $id }) { organization { name version } userErrors { code } } }"#, json!({ "id": id }), Viewer::system()).await;
    assert_eq!(
        restored["data"]["restoreOrganization"]["organization"],
        json!({ "name": "删除测试协会", "version": 3 })
    );
    let log = execute(&schema, r#"{ auditLog(filter: { recordType: "Organization" }, first: 3) { edges { node { operation recordKey } } } }"#, json!({}), Viewer::system()).await;
    let operations: Vec<&str> = log["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations, ["RESTORE", "DELETE", "CREATE"], "newest first");
}

#[tokio::test]
async fn audit_log_is_for_admins_and_messages_follow_the_locale() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let viewer = Viewer {
        role: tongxin::auth::Role::Viewer,
        region_scope: None,
        subject: "viewer".into(),
    };
    let denied = execute(
        &schema,
        "{ auditLog(first: 1) { totalCount } }",
        json!({}),
        viewer,
    )
    .await;
    assert_eq!(denied["errors"][0]["extensions"]["code"], "FORBIDDEN");

    let zh = create(
        &schema,
        json!({ "name": "", "kind": "ENTERPRISE", "region": "620402" }),
    )
    .await;
    assert!(
        zh["data"]["createOrganization"]["userErrors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("长度")
    );
}

#[tokio::test]
async fn editors_write_only_inside_their_region_and_viewers_not_at_all() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let editor = Viewer {
        role: tongxin::auth::Role::Editor,
        region_scope: Some(tongxin::domain::region_code::RegionCode::parse("620421").unwrap()),
        subject: "jingyuan-editor".into(),
    };
    let input = |region: &str| json!({ "input": { "name": "靖远测试企业", "kind": "ENTERPRISE", "region": region } });
    let inside = execute(&schema, CREATE, input("620421101"), editor.clone()).await;
    assert_eq!(
        inside["data"]["createOrganization"]["userErrors"],
        json!([]),
        "{inside}"
    );
    assert_eq!(
        inside["data"]["createOrganization"]["organization"]["history"]["edges"][0]["node"]["actor"],
        "jingyuan-editor"
    );
    let outside = execute(&schema, CREATE, input("620422"), editor).await;
    assert_eq!(outside["errors"][0]["extensions"]["code"], "FORBIDDEN");
    let viewer = Viewer {
        role: tongxin::auth::Role::Viewer,
        region_scope: None,
        subject: "v".into(),
    };
    let read_only = execute(&schema, CREATE, input("620421"), viewer).await;
    assert_eq!(read_only["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

#[tokio::test]
async fn an_organization_written_again_is_refused_naming_the_one_on_record() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let existing = execute(
        &schema,
        r#"{ organizations(first: 1, filter: { withinRegion: "620421", kind: [ENTERPRISE] }) {
             edges { node { id name region { code } } } } }"#,
        json!({}),
        Viewer::system(),
    )
    .await;
    let org = existing["data"]["organizations"]["edges"][0]["node"].clone();
    let name = org["name"].as_str().unwrap();
    let region = org["region"]["code"].as_str().unwrap();
    // The same name with full-width brackets and spaces, and 有限责任公司 for 有限公司.
    let respelled = format!(" {} ", name.replace('(', "（").replace(')', "）"))
        .replace("有限公司", "有限责任公司");
    let before = organization_count(&test).await;
    let refused = create(
        &schema,
        json!({ "name": respelled, "kind": "ENTERPRISE", "region": region }),
    )
    .await;
    let errors = refused["data"]["createOrganization"]["userErrors"].to_string();
    assert!(errors.contains("DUPLICATE_ORGANIZATION"), "{refused}");
    assert!(
        errors.contains(org["id"].as_str().unwrap()),
        "the refusal names the record on file: {refused}"
    );
    assert_eq!(
        organization_count(&test).await,
        before,
        "nothing was written"
    );
    // The same name in another county is another organization.
    let elsewhere = create(
        &schema,
        json!({ "name": name, "kind": "ENTERPRISE", "region": "620422" }),
    )
    .await;
    assert_eq!(
        elsewhere["data"]["createOrganization"]["userErrors"],
        json!([]),
        "{elsewhere}"
    );
}
