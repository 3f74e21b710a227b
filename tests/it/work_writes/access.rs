//! Region-scoped writes of every work record.

use super::*;

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
    let query = mutation(
        "endPairing",
        "EndPairingInput",
        "pairing { status endedOn }",
    );
    let shanghai_today = || (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let day_before = shanghai_today();
    let ended = execute(
        &schema,
        &query,
        json!({ "input": { "id": pairing, "expectedVersion": 1 } }),
        city,
    )
    .await;
    let ended = &ok(&ended, "endPairing")["pairing"];
    assert_eq!(
        ended["status"], "COMPLETED",
        "the city editor's subtree holds the village"
    );
    let days = [day_before.to_string(), shanghai_today().to_string()];
    assert!(
        days.iter().any(|d| ended["endedOn"] == json!(d)),
        "today by default: {ended}"
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
