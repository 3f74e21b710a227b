//! Mediation cases: closing rules, unique case numbers, partner sets.

use super::*;

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
