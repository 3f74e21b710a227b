//! Suggestions and their state machine; livelihood projects.

use super::*;

const SUGGESTION: &str = "suggestion { id status nextStatuses adoptedOn repliedOn submittedOn version livelihoodProject { id } history { edges { node { operation changedFields } } } }";

/// Runs `moveSuggestion` with English messages.
async fn move_suggestion(schema: &TestSchema, input: Value) -> Value {
    let query = mutation("moveSuggestion", "MoveSuggestionInput", SUGGESTION);
    let request = async_graphql::Request::new(query).variables(
        async_graphql::Variables::from_json(json!({ "input": input })),
    );
    let request = tongxin::graphql::prepare(request, &schema.db, Viewer::system())
        .data(tongxin::graphql::mutation::Locale::En);
    serde_json::to_value(tongxin::graphql::execute(&schema.schema, request).await).unwrap()
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
