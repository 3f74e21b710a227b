//! Every update: stale versions conflict; field rules hold on update as on create.

use super::*;

/// One entity's create and update, for the stale-version sweep.
struct Versioned {
    create: (&'static str, &'static str, &'static str, Value),
    update: (&'static str, &'static str, &'static str, Value),
}

#[tokio::test]
async fn every_update_refuses_a_stale_version_and_changes_nothing() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let firm = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620402").await,
    );
    let outlet = gid(
        "Organization",
        organization(db, "MEDIA_OUTLET", "6204").await,
    );
    let village = region(db, "VILLAGE", "620402").await;
    let activity = run(&schema, "createActivity", "CreateActivityInput", "activity { id }", json!({ "kind": "FREE_CLINIC", "title": "健康义诊", "heldOn": "2025-10-10", "region": "620402" })).await;
    let activity = ok(&activity, "createActivity")["activity"]["id"].clone();
    let work = run(&schema, "createPublicityWork", "CreatePublicityWorkInput", "publicityWork { id }", json!({ "kind": "ARTICLE", "title": "同心故事", "producedOn": "2025-01-05", "region": "620402" })).await;
    let work = ok(&work, "createPublicityWork")["publicityWork"]["id"].clone();
    let organization_id = gid(
        "Organization",
        organization(db, "DP_ORGANIZATION", "620402").await,
    );
    let sweep = [
        Versioned {
            create: (
                "createBase",
                "CreateBaseInput",
                "base",
                json!({ "name": "实践创新基地", "kind": "NSS_PRACTICE_INNOVATION_BASE", "region": "620402" }),
            ),
            update: (
                "updateBase",
                "UpdateBaseInput",
                "base",
                json!({ "address": "一号" }),
            ),
        },
        Versioned {
            create: (
                "createHome",
                "CreateHomeInput",
                "home",
                json!({ "name": "侨胞之家", "kind": "OVERSEAS_CHINESE_HOME", "region": "620402" }),
            ),
            update: (
                "updateHome",
                "UpdateHomeInput",
                "home",
                json!({ "name": "白银区侨胞之家" }),
            ),
        },
        Versioned {
            create: (
                "createPairing",
                "CreatePairingInput",
                "pairing",
                json!({ "enterprise": firm, "village": village, "focus": ["OTHER"], "startedOn": "2025-02-02" }),
            ),
            update: (
                "updatePairing",
                "UpdatePairingInput",
                "pairing",
                json!({ "jobsCreated": 4 }),
            ),
        },
        Versioned {
            create: (
                "createActivity",
                "CreateActivityInput",
                "activity",
                json!({ "kind": "FIELD_TRIP", "title": "采风", "heldOn": "2025-05-05", "region": "620402" }),
            ),
            update: (
                "updateActivity",
                "UpdateActivityInput",
                "activity",
                json!({ "participantCount": 30 }),
            ),
        },
        Versioned {
            create: (
                "createDonation",
                "CreateDonationInput",
                "donation",
                json!({ "activity": activity, "cash": "10" }),
            ),
            update: (
                "updateDonation",
                "UpdateDonationInput",
                "donation",
                json!({ "note": "补记" }),
            ),
        },
        Versioned {
            create: (
                "createSuggestion",
                "CreateSuggestionInput",
                "suggestion",
                json!({ "title": "建议", "field": "EDUCATION", "channel": "RESEARCH_REPORT", "region": "620402" }),
            ),
            update: (
                "updateSuggestion",
                "UpdateSuggestionInput",
                "suggestion",
                json!({ "pressingConcern": true }),
            ),
        },
        Versioned {
            create: (
                "createLivelihoodProject",
                "CreateLivelihoodProjectInput",
                "livelihoodProject",
                json!({ "year": 2025, "title": "老旧小区改造", "region": "620402" }),
            ),
            update: (
                "updateLivelihoodProject",
                "UpdateLivelihoodProjectInput",
                "livelihoodProject",
                json!({ "budget": "10.00" }),
            ),
        },
        Versioned {
            create: (
                "createMediationCase",
                "CreateMediationCaseInput",
                "mediationCase",
                json!({ "caseNo": "白银区测试1号", "category": "NEIGHBORHOOD", "acceptedOn": "2025-03-03", "region": "620402" }),
            ),
            update: (
                "updateMediationCase",
                "UpdateMediationCaseInput",
                "mediationCase",
                json!({ "status": "IN_PROGRESS" }),
            ),
        },
        Versioned {
            create: (
                "createPublicityWork",
                "CreatePublicityWorkInput",
                "publicityWork",
                json!({ "kind": "AUDIO", "title": "广播稿", "producedOn": "2025-03-03", "region": "620402" }),
            ),
            update: (
                "updatePublicityWork",
                "UpdatePublicityWorkInput",
                "publicityWork",
                json!({ "theme": "民族团结" }),
            ),
        },
        Versioned {
            create: (
                "createPublication",
                "CreatePublicationInput",
                "publication",
                json!({ "work": work, "outlet": outlet, "publishedOn": "2025-01-06" }),
            ),
            update: (
                "updatePublication",
                "UpdatePublicationInput",
                "publication",
                json!({ "views": "5" }),
            ),
        },
        Versioned {
            create: (
                "createTermElection",
                "CreateTermElectionInput",
                "termElection",
                json!({ "organization": organization_id, "heldOn": "2031-01-01", "termNumber": 50 }),
            ),
            update: (
                "updateTermElection",
                "UpdateTermElectionInput",
                "termElection",
                json!({ "heldOn": "2031-02-01" }),
            ),
        },
    ];
    for Versioned { create, update } in sweep {
        let (name, input_type, field, input) = create;
        let selection = format!("{field} {{ id version }}");
        let created = run(&schema, name, input_type, &selection, input).await;
        let id = ok(&created, name)[field]["id"].clone();
        let (name, input_type, field, changes) = update;
        let selection = format!("{field} {{ id version history {{ totalCount }} }}");
        let mut input = changes;
        input["id"] = id.clone();
        input["expectedVersion"] = json!(1);
        let first = run(&schema, name, input_type, &selection, input.clone()).await;
        let record = &ok(&first, name)[field];
        assert_eq!(record["version"], 2, "{name}: {first}");
        assert_eq!(record["history"]["totalCount"], 2, "{name}: audited");
        let stale = run(&schema, name, input_type, &selection, input).await;
        assert_eq!(error_code(&stale), "VERSION_CONFLICT", "{name}: {stale}");
        assert_eq!(
            stale["errors"][0]["extensions"]["currentVersion"], 2,
            "{name}"
        );
        let node = execute(
            &schema,
            "query($id: ID!) { node(id: $id) { ... on Node { id } } }",
            json!({ "id": id }),
            Viewer::system(),
        )
        .await;
        assert!(node["errors"].is_null(), "{name}: still there: {node}");
    }
}

#[tokio::test]
async fn field_rules_hold_on_update_too() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let firm = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620403").await,
    );
    let village = region(db, "VILLAGE", "620403").await;

    let created = run(&schema, "createActivity", "CreateActivityInput", "activity { id }", json!({ "kind": "THEORY_LECTURE", "title": "理论宣讲", "heldOn": "2025-04-01", "region": "620403", "audiencePersonTimes": 120 })).await;
    let activity = ok(&created, "createActivity")["activity"]["id"].clone();
    let update = |input: Value| {
        run(
            &schema,
            "updateActivity",
            "UpdateActivityInput",
            "activity { title endedOn participantCount version }",
            input,
        )
    };
    let bad = update(json!({ "id": activity, "expectedVersion": 1, "endedOn": "2025-03-31", "participantCount": -2, "title": "", "place": gid("Home", 1), "region": "999999" })).await;
    refused(&bad, "updateActivity", "DATE_ORDER", &["input", "endedOn"]);
    refused(
        &bad,
        "updateActivity",
        "NEGATIVE",
        &["input", "participantCount"],
    );
    refused(&bad, "updateActivity", "TEXT_LENGTH", &["input", "title"]);
    refused(
        &bad,
        "updateActivity",
        "REGION_CODE_FORMAT",
        &["input", "region"],
    );
    refused(&bad, "updateActivity", "NOT_FOUND", &["input", "place"]);
    let good = update(json!({ "id": activity, "expectedVersion": 1, "endedOn": "2025-04-02", "title": "理论宣讲（两天）" })).await;
    assert_eq!(
        ok(&good, "updateActivity")["activity"]["endedOn"],
        "2025-04-02"
    );

    let project = run(
        &schema,
        "createLivelihoodProject",
        "CreateLivelihoodProjectInput",
        "livelihoodProject { id }",
        json!({ "year": 1999, "title": "x", "region": "620403", "budget": "-1" }),
    )
    .await;
    refused(
        &project,
        "createLivelihoodProject",
        "OUT_OF_RANGE",
        &["input", "year"],
    );
    refused(
        &project,
        "createLivelihoodProject",
        "NEGATIVE",
        &["input", "budget"],
    );
    let project = run(
        &schema,
        "createLivelihoodProject",
        "CreateLivelihoodProjectInput",
        "livelihoodProject { id }",
        json!({ "year": 2025, "title": "饮水安全", "region": "620403" }),
    )
    .await;
    let project = ok(&project, "createLivelihoodProject")["livelihoodProject"]["id"].clone();
    let deleted = run(
        &schema,
        "deleteLivelihoodProject",
        "DeleteInput",
        "livelihoodProject { version }",
        json!({ "id": project, "expectedVersion": 1 }),
    )
    .await;
    ok(&deleted, "deleteLivelihoodProject");
    let restored = run(
        &schema,
        "restoreLivelihoodProject",
        "RestoreInput",
        "livelihoodProject { version }",
        json!({ "id": project }),
    )
    .await;
    assert_eq!(
        ok(&restored, "restoreLivelihoodProject")["livelihoodProject"]["version"],
        3
    );

    let pairing = |started: &str| json!({ "enterprise": firm, "village": village, "focus": ["EMPLOYMENT"], "startedOn": started });
    let first = run(
        &schema,
        "createPairing",
        "CreatePairingInput",
        "pairing { id }",
        pairing("2024-01-01"),
    )
    .await;
    let first = ok(&first, "createPairing")["pairing"]["id"].clone();
    let reopened = run(
        &schema,
        "updatePairing",
        "UpdatePairingInput",
        "pairing { id }",
        json!({ "id": first, "expectedVersion": 1, "endedOn": "2024-12-31" }),
    )
    .await;
    refused(
        &reopened,
        "updatePairing",
        "NOT_APPLICABLE",
        &["input", "endedOn"],
    );
    ok(
        &run(
            &schema,
            "deletePairing",
            "DeleteInput",
            "pairing { id }",
            json!({ "id": first, "expectedVersion": 1 }),
        )
        .await,
        "deletePairing",
    );
    ok(
        &run(
            &schema,
            "createPairing",
            "CreatePairingInput",
            "pairing { id }",
            pairing("2025-01-01"),
        )
        .await,
        "createPairing",
    );
    let twin = run(
        &schema,
        "restorePairing",
        "RestoreInput",
        "pairing { id }",
        json!({ "id": first }),
    )
    .await;
    refused(&twin, "restorePairing", "DUPLICATE", &["input", "id"]);

    let work = run(&schema, "createPublicityWork", "CreatePublicityWorkInput", "publicityWork { id }", json!({ "kind": "PHOTO_SET", "title": "图说同心", "producedOn": "2025-02-01", "region": "620403" })).await;
    let work = ok(&work, "createPublicityWork")["publicityWork"]["id"].clone();
    let renamed = run(&schema, "updatePublicityWork", "UpdatePublicityWorkInput", "publicityWork { title series featuredStory }", json!({ "id": work, "expectedVersion": 1, "title": "图说同心（二）", "series": "铜城故事", "featuredRegion": "12" })).await;
    refused(
        &renamed,
        "updatePublicityWork",
        "REGION_CODE_FORMAT",
        &["input", "featuredRegion"],
    );
    let renamed = run(&schema, "updatePublicityWork", "UpdatePublicityWorkInput", "publicityWork { title series }", json!({ "id": work, "expectedVersion": 1, "title": "图说同心（二）", "series": "铜城故事" })).await;
    assert_eq!(
        ok(&renamed, "updatePublicityWork")["publicityWork"]["series"],
        "铜城故事"
    );

    let suggestion = run(&schema, "createSuggestion", "CreateSuggestionInput", "suggestion { id }", json!({ "title": "关于就业的建议", "field": "PUBLIC_SERVICES", "channel": "CPPCC_PROPOSAL", "region": "620403", "submittedOn": "2025-02-02" })).await;
    let suggestion = ok(&suggestion, "createSuggestion")["suggestion"]["id"].clone();
    let early = run(&schema, "updateSuggestion", "UpdateSuggestionInput", "suggestion { id }", json!({ "id": suggestion, "expectedVersion": 1, "repliedOn": "2025-02-01", "adoptedOn": "2025-03-01" })).await;
    refused(
        &early,
        "updateSuggestion",
        "DATE_ORDER",
        &["input", "repliedOn"],
    );
    refused(
        &early,
        "updateSuggestion",
        "NOT_APPLICABLE",
        &["input", "adoptedOn"],
    );
    let retitled = run(
        &schema,
        "updateSuggestion",
        "UpdateSuggestionInput",
        "suggestion { title status }",
        json!({ "id": suggestion, "expectedVersion": 1, "title": "关于稳就业的建议" }),
    )
    .await;
    assert_eq!(
        ok(&retitled, "updateSuggestion")["suggestion"],
        json!({ "title": "关于稳就业的建议", "status": "SUBMITTED" })
    );
}
